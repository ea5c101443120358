package repo

import (
	"context"
	"slices"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Records stores service records and their @mentions.
type Records struct{ db *DB }

// NewRecords returns the service-record repository.
func NewRecords(db *DB) *Records { return &Records{db: db} }

var _ service.RecordStore = (*Records)(nil)

type recordRow struct {
	ID         int64 `gorm:"primaryKey"`
	TicketID   int64
	AuthorID   int64
	Body       string
	Minutes    int
	Visibility string
	CreatedAt  time.Time
}

func (recordRow) TableName() string { return "service_records" }

func (r recordRow) record() service.ServiceRecord {
	return service.ServiceRecord{ID: r.ID, TicketID: r.TicketID, AuthorID: r.AuthorID, Body: r.Body, Minutes: r.Minutes,
		Visibility: service.RecordVisibility(r.Visibility), Mentions: []int64{}, CreatedAt: r.CreatedAt}
}

// InsertRecord stores the record and its mentions in one transaction.
func (s *Records) InsertRecord(ctx context.Context, r *service.ServiceRecord) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		q := s.db.conn(ctx)
		row := recordRow{TicketID: r.TicketID, AuthorID: r.AuthorID, Body: r.Body, Minutes: r.Minutes,
			Visibility: string(r.Visibility), CreatedAt: r.CreatedAt}
		if err := q.Create(&row).Error; err != nil {
			return dbErr(err)
		}
		r.ID = row.ID
		return replaceLinks(q, "record_mentions", "record_id", "user_id", r.ID, r.Mentions)
	})
}

// Record returns one record with its mentions.
func (s *Records) Record(ctx context.Context, id int64) (*service.ServiceRecord, error) {
	r, err := takeOne(ctx, s.db, recordRow.record, "id = ?", id)
	if err != nil {
		return nil, err
	}
	if err := s.mentions(ctx, []service.ServiceRecord{*r}, func(i int, m []int64) { r.Mentions = m }); err != nil {
		return nil, err
	}
	return r, nil
}

// Records returns the tickets' records, oldest first, with mentions.
func (s *Records) Records(ctx context.Context, ticketIDs []int64) ([]service.ServiceRecord, error) {
	rs, err := findAll(ctx, s.db, recordRow.record, "id", "ticket_id IN ?", ticketIDs)
	if err != nil {
		return nil, err
	}
	return rs, s.mentions(ctx, rs, func(i int, m []int64) { rs[i].Mentions = m })
}

// mentions reads the mentions of rs in one query and hands each record's
// sorted list to set.
func (s *Records) mentions(ctx context.Context, rs []service.ServiceRecord, set func(i int, m []int64)) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	var ps []pair
	err := s.db.conn(ctx).Table("record_mentions").Select("record_id AS a, user_id AS b").
		Where("record_id IN ?", ids).Order("record_id, user_id").Find(&ps).Error
	if err != nil {
		return dbErr(err)
	}
	byRecord := group(ps)
	for i, r := range rs {
		if m := byRecord[r.ID]; len(m) > 0 {
			set(i, slices.Clip(m))
		}
	}
	return nil
}
