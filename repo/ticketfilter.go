package repo

import (
	"github.com/wecom-ticket/ticket/service"
)

// filterConds turns the caller's filters into conditions on tickets (alias
// t). They only narrow a view: each index range or primary-key walk of
// ListTicketIDs reads rows in id order and drops the ones that fail them,
// so paging stays keyset whatever is filtered.
func filterConds(f service.TicketFilter) ([]string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if len(f.Statuses) > 0 {
		add("t.status IN ?", strs(f.Statuses))
	}
	if len(f.Priorities) > 0 {
		add("t.priority IN ?", strs(f.Priorities))
	}
	if len(f.Types) > 0 {
		add("t.type IN ?", strs(f.Types))
	}
	if len(f.TemplateIDs) > 0 {
		add("t.template_id IN ?", f.TemplateIDs)
	}
	if f.CustomerID != 0 {
		add("t.customer_id = ?", f.CustomerID)
	}
	if len(f.OwnerIDs) > 0 {
		add("t.owner_id IN ?", f.OwnerIDs)
	}
	if d := f.Dept; d != nil {
		// An empty IN list is "IN (NULL)" in gorm, which matches nothing.
		add("(t.owner_id IN ? OR t.receiving_dept_id IN ?)", d.Owners, d.Depts)
	}
	for _, r := range []struct {
		col string
		service.TimeRange
	}{{"t.created_at", f.Created}, {"t.resolved_at", f.Resolved}} {
		if !r.From.IsZero() {
			add(r.col+" >= ?", r.From.UTC())
		}
		if !r.To.IsZero() {
			add(r.col+" < ?", r.To.UTC())
		}
	}
	if f.Number != "" {
		add("t.number = ?", f.Number)
	}
	if f.Text != "" {
		like := likePattern(f.Text)
		add("(t.number LIKE ? ESCAPE '!' OR t.subject LIKE ? ESCAPE '!' OR t.description LIKE ? ESCAPE '!')", like, like, like)
	}
	return conds, args
}

// strs converts typed strings for an IN list.
func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
