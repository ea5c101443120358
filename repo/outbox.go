package repo

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

// Outbox stores notices until they are delivered.
type Outbox struct{ db *DB }

// NewOutbox returns the outbox repository.
func NewOutbox(db *DB) *Outbox { return &Outbox{db: db} }

var _ service.OutboxStore = (*Outbox)(nil)

type outboxRow struct {
	ID            int64 `gorm:"primaryKey"`
	DedupeKey     string
	Channel       string
	Recipient     string
	TicketID      int64
	Kind          string
	Payload       string
	Status        string
	Attempts      int
	LastError     string
	ClaimedBy     string
	ClaimedUntil  *time.Time
	DigestID      int64
	CreatedAt     time.Time
	NextAttemptAt time.Time
	SentAt        *time.Time
}

func (outboxRow) TableName() string { return "outbox" }

func (r outboxRow) notice() service.Notice {
	return service.Notice{
		ID: r.ID, DedupeKey: r.DedupeKey, Channel: service.Channel(r.Channel), Recipient: r.Recipient,
		TicketID: r.TicketID, Kind: r.Kind, Payload: []byte(r.Payload), Status: service.NoticeStatus(r.Status),
		NotBefore: r.NextAttemptAt,
		Attempts:  r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt, SentAt: r.SentAt,
	}
}

// Enqueue inserts notices, skipping dedupe keys already stored. It joins
// the caller's transaction through ctx.
func (o *Outbox) Enqueue(ctx context.Context, notices []*service.Notice) error {
	if len(notices) == 0 {
		return nil
	}
	now := time.Now().UTC()
	rows := make([]outboxRow, 0, len(notices))
	for _, n := range notices {
		created, due := n.CreatedAt, n.NotBefore
		if created.IsZero() {
			created = now
		}
		if due.IsZero() {
			due = created
		}
		rows = append(rows, outboxRow{
			DedupeKey: n.DedupeKey, Channel: string(n.Channel), Recipient: n.Recipient, TicketID: n.TicketID,
			Kind: n.Kind, Payload: string(n.Payload), Status: string(service.NoticePending),
			CreatedAt: created, NextAttemptAt: due,
		})
	}
	return dbErr(o.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error)
}

// headsSQL finds due notices that are the oldest unsent one of their
// recipient. It is a plain (non-locking) read on purpose: under a locking
// read with SKIP LOCKED the NOT EXISTS would skip another instance's
// locked head and wrongly pick the notice behind it.
//
// Across the app-message channels, a member's notices about one ticket
// also wait for an earlier one that is due or being sent (a card, then
// the markdown that follows it). One not yet due (quiet hours, a retry's
// backoff) holds back only its own channel, so a reply is never parked
// behind tomorrow morning's digest.
var headsSQL = `SELECT o.id FROM outbox o
WHERE o.status = 'pending' AND o.next_attempt_at <= ?
  AND NOT EXISTS (SELECT 1 FROM outbox p
                  WHERE p.channel = o.channel AND p.recipient = o.recipient
                    AND p.status IN ('pending', 'sending') AND p.id < o.id)
  AND NOT (o.ticket_id <> 0 AND o.channel IN ` + appChannels + ` AND EXISTS (
           SELECT 1 FROM outbox s
           WHERE s.recipient = o.recipient AND s.ticket_id = o.ticket_id AND s.id < o.id
             AND s.channel IN ` + appChannels + `
             AND (s.status = 'sending' OR (s.status = 'pending' AND s.next_attempt_at <= ?))))
ORDER BY o.id LIMIT ?`

// appChannels is service.AppMessageChannels as an SQL list.
var appChannels = func() string {
	q := make([]string, len(service.AppMessageChannels))
	for i, c := range service.AppMessageChannels {
		q[i] = "'" + string(c) + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}()

// Claim leases due recipient heads. On MySQL the candidates are then
// locked with SKIP LOCKED, so instances claiming at once split the work
// instead of queueing on each other's locks; re-checking status under the
// lock drops any that another instance claimed meanwhile. SQLite runs
// write transactions one at a time, so the same steps are safe there.
func (o *Outbox) Claim(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]service.Notice, error) {
	var claimed []service.Notice
	err := o.db.InTx(ctx, func(ctx context.Context) error {
		q := o.db.conn(ctx)
		var ids []int64
		if err := q.Raw(headsSQL, now, now, limit).Scan(&ids).Error; err != nil {
			return dbErr(err)
		}
		var err error
		claimed, err = o.lease(q, ids, owner, leaseUntil)
		return err
	})
	return claimed, err
}

// ClaimBacklog leases the recipient's due notices queued behind n.
func (o *Outbox) ClaimBacklog(ctx context.Context, owner string, n service.Notice, now, leaseUntil time.Time, limit int) ([]service.Notice, error) {
	// Candidates first, without a transaction: most deliveries have no
	// backlog to merge, and BEGIN/COMMIT around an empty answer were a
	// quarter of the drain's time (issue 9, profiles/drain.txt). lease
	// locks and re-checks them, so a stale candidate is only skipped.
	var ids []int64
	err := o.db.conn(ctx).Model(&outboxRow{}).
		Where("channel = ? AND recipient = ? AND status = ? AND next_attempt_at <= ? AND id > ?",
			string(n.Channel), n.Recipient, string(service.NoticePending), now, n.ID).
		Order("id").Limit(limit).Pluck("id", &ids).Error
	if err != nil || len(ids) == 0 {
		return nil, dbErr(err)
	}
	var claimed []service.Notice
	err = o.db.InTx(ctx, func(ctx context.Context) error {
		var err error
		claimed, err = o.lease(o.db.conn(ctx), ids, owner, leaseUntil)
		return err
	})
	return claimed, err
}

// lease locks the still-pending rows among ids and marks them sending.
func (o *Outbox) lease(q *gorm.DB, ids []int64, owner string, until time.Time) ([]service.Notice, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	lock := q.Where("id IN ? AND status = ?", ids, string(service.NoticePending)).Order("id")
	if o.db.driver == MySQL {
		lock = lock.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
	}
	var rows []outboxRow
	if err := lock.Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	got := make([]int64, len(rows))
	out := make([]service.Notice, len(rows))
	for i, r := range rows {
		got[i] = r.ID
		out[i] = r.notice()
		out[i].Status = service.NoticeSending
	}
	err := q.Model(&outboxRow{}).Where("id IN ?", got).
		Updates(map[string]any{"status": string(service.NoticeSending), "claimed_by": owner, "claimed_until": until}).Error
	return out, dbErr(err)
}

// Reclaim returns notices whose lease ran out (their worker died) to
// pending, so another worker sends them.
func (o *Outbox) Reclaim(ctx context.Context, now time.Time) (int64, error) {
	res := o.db.conn(ctx).Model(&outboxRow{}).
		Where("status = ? AND claimed_until < ?", string(service.NoticeSending), now).
		Updates(map[string]any{"status": string(service.NoticePending), "claimed_by": ""})
	return res.RowsAffected, dbErr(res.Error)
}

// MarkSent records delivery; digestID names the notice whose message
// carried a merged digest (0 when sent alone).
func (o *Outbox) MarkSent(ctx context.Context, ids []int64, digestID int64, at time.Time) error {
	err := o.db.conn(ctx).Model(&outboxRow{}).Where("id IN ?", ids).Updates(map[string]any{
		"status": string(service.NoticeSent), "sent_at": at, "digest_id": digestID, "claimed_until": nil,
	}).Error
	return dbErr(err)
}

// MarkRetry returns notices to pending, or gives them up.
func (o *Outbox) MarkRetry(ctx context.Context, ids []int64, attempts int, next time.Time, lastErr string, dead bool) error {
	status := service.NoticePending
	if dead {
		status = service.NoticeDead
	}
	err := o.db.conn(ctx).Model(&outboxRow{}).Where("id IN ?", ids).Updates(map[string]any{
		"status": string(status), "attempts": attempts, "next_attempt_at": next,
		"last_error": lastErr, "claimed_until": nil, "claimed_by": "",
	}).Error
	return dbErr(err)
}

// ListDead returns given-up notices, newest first.
func (o *Outbox) ListDead(ctx context.Context, limit int) ([]service.Notice, error) {
	var rows []outboxRow
	if err := o.db.conn(ctx).Where("status = ?", string(service.NoticeDead)).Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.Notice, len(rows))
	for i, r := range rows {
		out[i] = r.notice()
	}
	return out, nil
}

// Revive makes a dead notice pending again.
func (o *Outbox) Revive(ctx context.Context, id int64, now time.Time) error {
	res := o.db.conn(ctx).Model(&outboxRow{}).Where("id = ? AND status = ?", id, string(service.NoticeDead)).
		Updates(map[string]any{"status": string(service.NoticePending), "attempts": 0, "next_attempt_at": now, "last_error": ""})
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return service.E(service.KindNotFound, "outbox.not_dead", "no dead notice %d", id)
	}
	return nil
}

// CountByStatus counts notices per status.
func (o *Outbox) CountByStatus(ctx context.Context) (map[service.NoticeStatus]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	if err := o.db.conn(ctx).Model(&outboxRow{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := map[service.NoticeStatus]int64{}
	for _, r := range rows {
		out[service.NoticeStatus(r.Status)] = r.N
	}
	return out, nil
}

// CountDead counts the dead-lettered notices (idx_outbox_due leads with
// status, so this reads the index, not the table).
func (o *Outbox) CountDead(ctx context.Context) (int64, error) {
	var n int64
	if err := o.db.conn(ctx).Model(&outboxRow{}).Where("status = ?", string(service.NoticeDead)).Count(&n).Error; err != nil {
		return 0, dbErr(err)
	}
	return n, nil
}
