package repo

import (
	"context"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Notices keeps what notices need beside the outbox: preferences and
// group chats (preferences.go), SLA escalation stages, 微信客服 windows,
// customer notice deliveries and satisfaction answers.
type Notices struct{ db *DB }

// NewNotices returns the notices repository.
func NewNotices(db *DB) *Notices { return &Notices{db: db} }

var _ service.NoticeStore = (*Notices)(nil)

// LastTransfer returns the ticket's newest transfer.
func (n *Notices) LastTransfer(ctx context.Context, ticketID int64) (*service.Transfer, error) {
	var row transferRow
	err := n.db.conn(ctx).Where("ticket_id = ?", ticketID).Order("id DESC").Take(&row).Error
	if err != nil {
		return nil, dbErr(err)
	}
	return row.transfer(), nil
}

// scopeWhere is a view as a condition on tickets t: the shared filters
// and, unless the view is everything, the union of its parts. Lists,
// statistics and summaries scope by it, so none counts a ticket its reader
// could not list.
func scopeWhere(q service.TicketQuery) (string, []any) {
	where, args := filters(q)
	if q.All {
		return where, args
	}
	preds := make([]string, 0, len(q.Parts))
	for _, sp := range q.Parts {
		p := partOf(sp)
		preds = append(preds, p.scanPredicate())
		args = append(args, p.args...)
	}
	return where + " AND (" + strings.Join(preds, " OR ") + ")", args
}

// ScopeSummary counts a view's open tickets, the overdue among them, and
// those resolved in [from, to).
func (n *Notices) ScopeSummary(ctx context.Context, q service.TicketQuery, now, from, to time.Time) (service.ScopeCounts, error) {
	q.Statuses = nil
	where, args := scopeWhere(q)
	open := make([]string, len(service.OpenStatuses))
	for i, s := range service.OpenStatuses {
		open[i] = string(s)
	}
	now, from, to = now.UTC(), from.UTC(), to.UTC()
	sql := "SELECT " +
		"COALESCE(SUM(CASE WHEN t.status IN ? THEN 1 ELSE 0 END), 0) AS open, " +
		"COALESCE(SUM(CASE WHEN t.status IN ? AND t.waiting_customer = ? AND ((t.resolve_due_at IS NOT NULL AND t.resolve_due_at < ?) " +
		"OR (t.first_response_at IS NULL AND t.response_due_at IS NOT NULL AND t.response_due_at < ?)) THEN 1 ELSE 0 END), 0) AS overdue, " +
		"COALESCE(SUM(CASE WHEN t.resolved_at >= ? AND t.resolved_at < ? THEN 1 ELSE 0 END), 0) AS resolved " +
		"FROM tickets t WHERE " + where + " AND (t.status IN ? OR (t.resolved_at >= ? AND t.resolved_at < ?))"
	var out struct{ Open, Overdue, Resolved int }
	all := append([]any{open, open, false, now, now, from, to}, args...)
	all = append(all, open, from, to)
	if err := n.db.conn(ctx).Raw(sql, all...).Scan(&out).Error; err != nil {
		return service.ScopeCounts{}, dbErr(err)
	}
	return service.ScopeCounts{Open: out.Open, Overdue: out.Overdue, ResolvedYesterday: out.Resolved}, nil
}
