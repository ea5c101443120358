package service

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// TicketExportColumns are the columns of an export, in order. Those an
// import also reads (TicketImportColumns) mean the same there.
var TicketExportColumns = []string{"number", "subject", "status", "priority", "type", "template", "customer_id",
	"contact_id", "opportunity_id", "owner", "receiving_dept_id", "product", "reason", "origin", "created_at",
	"first_response_at", "resolved_at", "closed_at", "response_due_at", "resolve_due_at", "locked", "description",
	"custom_fields"}

// Export bounds: rows are read in batches of exportBatch, by the same
// keyset paging as the list, up to MaxExportRows.
const (
	exportBatch   = 500
	MaxExportRows = 1_000_000
)

// ExportTickets writes the view the list would show for q (its filters
// and order; Cursor and Limit are ignored) to w, header first, one batch
// at a time, and returns how many tickets it wrote. Times are China time.
func (s *TicketService) ExportTickets(ctx context.Context, actor Actor, q ListQuery, w TableWriter) (int, error) {
	p, err := s.principal(ctx, actor)
	if err != nil {
		return 0, err
	}
	q.Cursor, q.Limit = "", exportBatch
	tq, err := s.listQuery(p, q, exportBatch)
	if err != nil {
		return 0, err
	}
	if err := w.WriteRow(TicketExportColumns); err != nil {
		return 0, err
	}
	codes := map[int64]string{}
	n := 0
	for n < MaxExportRows {
		ts, next, err := s.page(ctx, p, tq)
		if err != nil {
			return n, err
		}
		for _, t := range ts {
			row, err := s.exportRow(ctx, p.x, codes, t)
			if err != nil {
				return n, err
			}
			if err := w.WriteRow(row); err != nil {
				return n, err
			}
			n++
		}
		if next == "" {
			break
		}
		id, _ := strconv.ParseInt(next, 10, 64)
		tq.Before, tq.After = id, id
	}
	return n, nil
}

func (s *TicketService) exportRow(ctx context.Context, x *OrgIndex, codes map[int64]string, t *Ticket) ([]string, error) {
	code, ok := codes[t.TemplateID]
	if !ok && t.TemplateID != 0 {
		tpl, err := s.d.Templates.Template(ctx, t.TemplateID, 0)
		if err != nil && !IsKind(err, KindNotFound) {
			return nil, err
		}
		if tpl != nil {
			code = tpl.Code
		}
		codes[t.TemplateID] = code
	}
	owner := ""
	if u, ok := x.User(t.OwnerID); ok {
		owner = u.UserID
	}
	custom, err := json.Marshal(t.CustomFields)
	if err != nil {
		return nil, err
	}
	loc := s.d.Calendar.Location()
	at := func(tm *time.Time) string {
		if tm == nil {
			return ""
		}
		return tm.In(loc).Format(time.DateTime)
	}
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	return []string{t.Number, t.Subject, string(t.Status), string(t.Priority), string(t.Type), code, id(t.CustomerID),
		id(t.ContactID), id(t.OpportunityID), owner, id(t.ReceivingDeptID), t.Product, t.Reason, string(t.Origin),
		at(&t.CreatedAt), at(t.FirstResponseAt), at(t.ResolvedAt), at(t.ClosedAt), at(t.ResponseDueAt),
		at(t.ResolveDueAt), strconv.FormatBool(t.Locked), t.Description, string(custom)}, nil
}
