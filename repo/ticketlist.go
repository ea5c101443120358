package repo

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// broadScope is how many people a view's owner and member parts may name
// before one walk down the primary key beats the per-part index ranges.
// A range reads every index entry of every named person below the cursor
// (then keeps the newest); the walk reads about limit/share rows, where
// share is the fraction of all tickets the view holds. With 5,000 users,
// 100 people are ~2% of them: the walk then reads ~1,000 rows for a
// 20-row page, while the ranges may read tens of thousands of entries.
const broadScope = 100

// part is how one ScopePart is asked: a condition on tickets (alias t),
// or on a side table joined by ticket_id.
type part struct {
	table string // "" for a condition on tickets itself
	alias string
	cond  string
	args  []any
}

func partOf(p service.ScopePart) part {
	ids := p.IDs
	switch p.Kind {
	case service.PartOwner:
		return part{cond: "t.owner_id IN ?", args: []any{ids}}
	case service.PartQueue:
		return part{cond: "t.status = ? AND t.receiving_dept_id IN ?", args: []any{string(p.Status), ids}}
	case service.PartResolvedBy:
		return part{cond: "t.resolved_by_id IN ?", args: []any{ids}}
	case service.PartClosedBy:
		return part{cond: "t.closed_by_id IN ?", args: []any{ids}}
	case service.PartMember:
		return part{table: "ticket_members", alias: "m", cond: "m.user_id IN ?", args: []any{ids}}
	case service.PartTransferredFrom:
		return part{table: "ticket_transfers", alias: "x", cond: "x.from_user_id IN ? AND x.status = ?",
			args: []any{ids, string(service.TransferApproved)}}
	case service.PartTransferApprover:
		return part{table: "ticket_transfers", alias: "x", cond: "x.approver_id IN ? AND x.status = ?",
			args: []any{ids, string(service.TransferOpen)}}
	case service.PartTransferRequester:
		return part{table: "ticket_transfers", alias: "x", cond: "x.requested_by IN ? AND x.status = ?",
			args: []any{ids, string(service.TransferOpen)}}
	}
	return part{cond: "1 = 0"}
}

// scanPredicate is the part as a condition on a row of tickets, checked
// row by row as the walk down the primary key meets it. It is a counted
// scalar subquery rather than EXISTS on purpose: MariaDB turns an EXISTS
// into a semi-join and materializes it, reading every member row of
// every named person before the walk starts (2.6 s for a top manager over
// 1,000,000 tickets, issue 9); a scalar subquery stays a per-row primary
// key lookup, and the walk stops at the page's last row (67 ms).
func (p part) scanPredicate() string {
	if p.table == "" {
		return "(" + p.cond + ")"
	}
	return "(SELECT COUNT(*) FROM " + p.table + " " + p.alias + " WHERE " + p.alias + ".ticket_id = t.id AND " + p.cond + ") > 0"
}

// filters are the conditions every part shares: the view's own and the
// caller's (ticketfilter.go).
func filters(q service.TicketQuery) (string, []any) {
	conds, args := []string{"1 = 1"}, []any{}
	if !q.IncludeVoided {
		conds = append(conds, "t.voided = ?")
		args = append(args, false)
	}
	if len(q.Statuses) > 0 {
		conds = append(conds, "t.status IN ?")
		args = append(args, strs(q.Statuses))
	}
	if q.Priority != "" {
		conds = append(conds, "t.priority = ?")
		args = append(args, string(q.Priority))
	}
	fc, fa := filterConds(q.Filter)
	return strings.Join(append(conds, fc...), " AND "), append(args, fa...)
}

// ListTicketIDs answers a view newest first (oldest first when
// Ascending). Narrow views run one index range per part (each ordered by
// id from the cursor, at most Limit) and merge them; broad ones walk the
// primary key once. Neither uses OFFSET.
func (s *Tickets) ListTicketIDs(ctx context.Context, q service.TicketQuery) ([]int64, error) {
	page := keyset(q)
	where, args := filters(q)
	people := 0
	for _, p := range q.Parts {
		if p.Kind == service.PartOwner || p.Kind == service.PartMember {
			people += len(p.IDs)
		}
	}
	db := s.db.conn(ctx)
	if q.All || people > broadScope {
		preds := make([]string, 0, len(q.Parts))
		for _, sp := range q.Parts {
			p := partOf(sp)
			preds = append(preds, p.scanPredicate())
			args = append(args, p.args...)
		}
		if !q.All {
			where += " AND (" + strings.Join(preds, " OR ") + ")"
		}
		var ids []int64
		sql := "SELECT t.id FROM tickets t WHERE " + where + " AND t.id " + page.cmp + " ? ORDER BY t.id " + page.dir + " LIMIT ?"
		err := db.Raw(sql, append(args, page.from, q.Limit)...).Scan(&ids).Error
		return ids, dbErr(err)
	}
	var all []int64
	for _, sp := range q.Parts {
		p := partOf(sp)
		sql := "SELECT t.id AS id FROM tickets t WHERE " + p.cond + " AND " + where + " AND t.id " + page.cmp +
			" ? ORDER BY t.id " + page.dir + " LIMIT ?"
		if p.table != "" {
			a := p.alias
			sql = "SELECT DISTINCT " + a + ".ticket_id AS id FROM " + p.table + " " + a + " JOIN tickets t ON t.id = " + a +
				".ticket_id WHERE " + p.cond + " AND " + where + " AND " + a + ".ticket_id " + page.cmp + " ? ORDER BY id " +
				page.dir + " LIMIT ?"
		}
		var ids []int64
		full := append(append(append([]any{}, p.args...), args...), page.from, q.Limit)
		if err := db.Raw(sql, full...).Scan(&ids).Error; err != nil {
			return nil, dbErr(err)
		}
		all = append(all, ids...)
	}
	slices.SortFunc(all, func(a, b int64) int { return page.sign * cmp.Compare(a, b) })
	all = slices.Compact(all)
	if len(all) > q.Limit {
		all = all[:q.Limit]
	}
	return all, nil
}

// keysetPage is the direction of a page and where it starts.
type keysetPage struct {
	cmp, dir string // "<", "DESC" or ">", "ASC"
	from     int64
	sign     int // -1: newest first
}

func keyset(q service.TicketQuery) keysetPage {
	if q.Ascending {
		return keysetPage{cmp: ">", dir: "ASC", from: max(q.After, 0), sign: 1}
	}
	before := q.Before
	if before <= 0 {
		before = math.MaxInt64
	}
	return keysetPage{cmp: "<", dir: "DESC", from: before, sign: -1}
}

// OpenLoad counts the tickets each user is handling: in progress with
// them. A creator's queued tickets are theirs only until dispatch.
func (s *Tickets) OpenLoad(ctx context.Context, owners []int64) (map[int64]int, error) {
	var rows []struct {
		OwnerID int64
		N       int
	}
	err := s.db.conn(ctx).Raw("SELECT owner_id, COUNT(*) AS n FROM tickets WHERE owner_id IN ? AND status = ? GROUP BY owner_id",
		owners, string(service.StatusInProgress)).Scan(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := map[int64]int{}
	for _, r := range rows {
		out[r.OwnerID] = r.N
	}
	return out, nil
}

// OpenByCustomer returns a customer's open tickets, newest first.
func (s *Tickets) OpenByCustomer(ctx context.Context, customerID int64, limit int) ([]*service.Ticket, error) {
	var ids []int64
	err := s.db.conn(ctx).Raw("SELECT id FROM tickets WHERE customer_id = ? AND status IN ? ORDER BY id DESC LIMIT ?",
		customerID, openStatuses(), limit).Scan(&ids).Error
	if err != nil {
		return nil, dbErr(err)
	}
	return s.GetTickets(ctx, ids)
}

// MergedInto returns the ids of the tickets merged into id.
func (s *Tickets) MergedInto(ctx context.Context, id int64) ([]int64, error) {
	ids := []int64{}
	err := s.db.conn(ctx).Raw("SELECT id FROM tickets WHERE merged_into_id = ? ORDER BY id", id).Scan(&ids).Error
	return ids, dbErr(err)
}

func openStatuses() []string {
	out := make([]string, 0, len(service.OpenStatuses))
	for _, s := range service.OpenStatuses {
		out = append(out, string(s))
	}
	return out
}
