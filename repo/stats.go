package repo

import (
	"context"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Stats reads ticket facts for statistics.
type Stats struct{ db *DB }

// NewStats returns the statistics repository.
func NewStats(db *DB) *Stats { return &Stats{db: db} }

var _ service.StatsStore = (*Stats)(nil)

type factRow struct {
	ID              int64
	Status          string
	Type            string
	TemplateID      int64
	OwnerID         int64
	ReceivingDeptID int64
	ResponseDueAt   *time.Time
	ResolveDueAt    *time.Time
	WaitingSince    *time.Time
	FirstResponseAt *time.Time
	ResolvedAt      *time.Time
	CreatedAt       time.Time
}

// TicketFacts streams the narrow rows statistics need (the tickets open
// now, and those created, answered or resolved in the range), scoped by the same
// view predicates as the ticket lists (ticketlist.go), so a statistic
// never counts a ticket its reader could not list. Each time range can
// use its own index (migration 00004); the rows are read one at a time,
// never held as a whole.
func (s *Stats) TicketFacts(ctx context.Context, q service.TicketQuery, from, to time.Time, fn func(*service.Ticket) error) error {
	q.Statuses = nil
	where, args := scopeWhere(q)
	from, to = from.UTC(), to.UTC()
	sql := "SELECT t.id, t.status, t.type, t.template_id, t.owner_id, t.receiving_dept_id, t.response_due_at, " +
		"t.resolve_due_at, t.waiting_since, t.first_response_at, t.resolved_at, t.created_at FROM tickets t WHERE " + where +
		" AND ((t.created_at >= ? AND t.created_at < ?) OR (t.first_response_at >= ? AND t.first_response_at < ?)" +
		" OR (t.resolved_at >= ? AND t.resolved_at < ?) OR t.status IN ?)"
	db := s.db.conn(ctx)
	rows, err := db.Raw(sql, append(args, from, to, from, to, from, to, strs(service.OpenStatuses))...).Rows()
	if err != nil {
		return dbErr(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var r factRow
		if err := db.ScanRows(rows, &r); err != nil {
			return dbErr(err)
		}
		t := &service.Ticket{ID: r.ID, Status: service.Status(r.Status), Type: service.TicketType(r.Type),
			TemplateID: r.TemplateID, OwnerID: r.OwnerID, ReceivingDeptID: r.ReceivingDeptID,
			ResponseDueAt: utc(r.ResponseDueAt), ResolveDueAt: utc(r.ResolveDueAt), WaitingSince: utc(r.WaitingSince),
			FirstResponseAt: utc(r.FirstResponseAt), ResolvedAt: utc(r.ResolvedAt), CreatedAt: r.CreatedAt.UTC()}
		if err := fn(t); err != nil {
			return err
		}
	}
	return dbErr(rows.Err())
}
