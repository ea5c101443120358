package repo

import (
	"context"
	"time"
)

type linkRow struct {
	TicketID  int64
	LinkedID  int64
	CreatedBy int64
	CreatedAt time.Time
}

func (linkRow) TableName() string { return "ticket_links" }

// ordered stores a link once: lower id first.
func ordered(a, b int64) (int64, int64) {
	if a > b {
		return b, a
	}
	return a, b
}

// AddLink relates two tickets; an existing link is kept.
func (s *Tickets) AddLink(ctx context.Context, a, b, by int64) error {
	lo, hi := ordered(a, b)
	err := s.db.conn(ctx).Create(&linkRow{TicketID: lo, LinkedID: hi, CreatedBy: by, CreatedAt: time.Now().UTC()}).Error
	if err != nil && isDuplicate(err) {
		return nil
	}
	return dbErr(err)
}

// RemoveLink unrelates two tickets.
func (s *Tickets) RemoveLink(ctx context.Context, a, b int64) (bool, error) {
	lo, hi := ordered(a, b)
	res := s.db.conn(ctx).Where("ticket_id = ? AND linked_id = ?", lo, hi).Delete(&linkRow{})
	return res.RowsAffected > 0, dbErr(res.Error)
}

// Links returns the tickets related to id, in id order.
func (s *Tickets) Links(ctx context.Context, id int64) ([]int64, error) {
	ids := []int64{}
	err := s.db.conn(ctx).Raw("SELECT linked_id FROM ticket_links WHERE ticket_id = ? UNION SELECT ticket_id FROM ticket_links WHERE linked_id = ? ORDER BY 1",
		id, id).Scan(&ids).Error
	return ids, dbErr(err)
}
