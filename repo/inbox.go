package repo

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

// Inbox stores verified WeCom callbacks.
type Inbox struct{ db *DB }

// NewInbox returns the inbox repository.
func NewInbox(db *DB) *Inbox { return &Inbox{db: db} }

var _ service.InboxStore = (*Inbox)(nil)

type inboxRow struct {
	ID            int64 `gorm:"primaryKey"`
	DedupeKey     string
	FromUser      string
	Payload       string
	Status        string
	Attempts      int
	LastError     string
	ReceivedAt    time.Time
	NextAttemptAt time.Time
	DoneAt        *time.Time
}

func (inboxRow) TableName() string { return "wecom_inbox" }

// InsertBatch writes the batch in one multi-row statement; duplicates of
// stored dedupe keys (WeCom retries) are skipped by the unique key.
func (r *Inbox) InsertBatch(ctx context.Context, items []*service.InboxItem) error {
	if len(items) == 0 {
		return nil
	}
	rows := make([]inboxRow, 0, len(items))
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if seen[it.DedupeKey] { // a retry that raced its original into one batch
			continue
		}
		seen[it.DedupeKey] = true
		rows = append(rows, inboxRow{
			DedupeKey: it.DedupeKey, FromUser: it.FromUser, Payload: string(it.Payload),
			Status: string(service.InboxPending), ReceivedAt: it.ReceivedAt, NextAttemptAt: it.ReceivedAt,
		})
	}
	err := r.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
	return dbErr(err)
}

// DueFor returns the user's pending items in id order up to the first one
// that is not yet due.
func (r *Inbox) DueFor(ctx context.Context, user string, now time.Time, limit int) ([]service.InboxItem, error) {
	var rows []inboxRow
	err := r.db.conn(ctx).Where("from_user = ? AND status = ?", user, string(service.InboxPending)).
		Order("id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.InboxItem, 0, len(rows))
	for _, row := range rows {
		if row.NextAttemptAt.After(now) {
			break
		}
		out = append(out, service.InboxItem{
			ID: row.ID, DedupeKey: row.DedupeKey, FromUser: row.FromUser, Payload: []byte(row.Payload),
			ReceivedAt: row.ReceivedAt, Attempts: row.Attempts,
		})
	}
	return out, nil
}

// DueUsers lists users with due pending items.
func (r *Inbox) DueUsers(ctx context.Context, now, receivedBefore time.Time, limit int) ([]string, error) {
	var users []string
	err := r.db.conn(ctx).Model(&inboxRow{}).Distinct("from_user").
		Where("status = ? AND next_attempt_at <= ? AND received_at <= ?", string(service.InboxPending), now, receivedBefore).
		Limit(limit).Pluck("from_user", &users).Error
	return users, dbErr(err)
}

// MarkDone records a processed item.
func (r *Inbox) MarkDone(ctx context.Context, id int64, at time.Time) error {
	err := r.db.conn(ctx).Model(&inboxRow{ID: id}).
		Updates(map[string]any{"status": string(service.InboxDone), "done_at": at}).Error
	return dbErr(err)
}

// MarkRetry records a failed attempt.
func (r *Inbox) MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, dead bool) error {
	status := service.InboxPending
	if dead {
		status = service.InboxDead
	}
	err := r.db.conn(ctx).Model(&inboxRow{ID: id}).Updates(map[string]any{
		"status": string(status), "attempts": attempts, "next_attempt_at": next, "last_error": lastErr,
	}).Error
	return dbErr(err)
}

// CountByStatus counts items per status, for tests and operators.
func (r *Inbox) CountByStatus(ctx context.Context) (map[service.InboxStatus]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := r.db.conn(ctx).Model(&inboxRow{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := map[service.InboxStatus]int64{}
	for _, row := range rows {
		out[service.InboxStatus(row.Status)] = row.N
	}
	return out, nil
}
