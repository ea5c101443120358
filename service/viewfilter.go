package service

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ListFilter narrows a view: every condition given must hold. Days are
// yyyy-mm-dd in China time, both ends inclusive.
type ListFilter struct {
	ValueFilter
	DeptID       int64 // handled there: owned by someone whose main department is in its subtree, or received by it
	CreatedFrom  string
	CreatedTo    string
	ResolvedFrom string
	ResolvedTo   string
	Text         string // in the number, subject or description; a whole ticket number matches only that ticket
}

// ValueFilter is the part of a filter that is a list of values per
// column; an empty list matches every value.
type ValueFilter struct {
	Statuses    []Status
	Priorities  []Priority
	Types       []TicketType
	TemplateIDs []int64
	CustomerID  int64
	OwnerIDs    []int64
}

// TicketFilter is a ListFilter as the store applies it.
type TicketFilter struct {
	ValueFilter
	Dept     *DeptScope // nil: any department
	Created  TimeRange
	Resolved TimeRange
	Number   string // equal to
	Text     string // contained in the number, subject or description
}

// DeptScope is the department filter: the owner is one of Owners or the
// receiving department one of Depts.
type DeptScope struct{ Owners, Depts []int64 }

// TimeRange is [From, To); a zero end is open.
type TimeRange struct{ From, To time.Time }

// Limits of a filter.
const (
	maxFilterValues = 50
	maxFilterText   = 100
)

var ticketNumberPattern = regexp.MustCompile(`^GD\d{8}-\d{4,}$`)

// ticketFilter checks f, adding every problem to bad, and resolves it for
// the store.
func (s *TicketService) ticketFilter(x *OrgIndex, f ListFilter, bad map[string]string) TicketFilter {
	out := TicketFilter{ValueFilter: f.ValueFilter}
	for _, st := range f.Statuses {
		if !slices.Contains([]Status{StatusPendingAllocation, StatusPendingDispatch, StatusInProgress, StatusResolved,
			StatusClosed, StatusVoid}, st) {
			bad["status"] = "unknown status"
		}
	}
	for _, p := range f.Priorities {
		if !p.Valid() {
			bad["priority"] = "unknown priority"
		}
	}
	for _, t := range f.Types {
		if !slices.Contains(s.d.Types, t) {
			bad["type"] = "unknown ticket type"
		}
	}
	for key, n := range map[string]int{"status": len(f.Statuses), "priority": len(f.Priorities), "type": len(f.Types),
		"template_id": len(f.TemplateIDs), "owner_id": len(f.OwnerIDs)} {
		if n > maxFilterValues {
			bad[key] = "too many values"
		}
	}
	if f.DeptID != 0 {
		if _, ok := x.Dept(f.DeptID); !ok {
			bad["dept_id"] = "no such department"
		}
		out.Dept = &DeptScope{Owners: []int64{}, Depts: x.Subtree(f.DeptID)}
		for _, u := range x.Users() {
			if slices.Contains(out.Dept.Depts, u.MainDeptID) {
				out.Dept.Owners = append(out.Dept.Owners, u.ID)
			}
		}
	}
	out.Created = dayRange(bad, "created", f.CreatedFrom, f.CreatedTo, s.d.Calendar.Location())
	out.Resolved = dayRange(bad, "resolved", f.ResolvedFrom, f.ResolvedTo, s.d.Calendar.Location())
	text := strings.TrimSpace(f.Text)
	switch {
	case utf8.RuneCountInString(text) > maxFilterText:
		bad["q"] = "must be at most 100 characters"
	case ticketNumberPattern.MatchString(strings.ToUpper(text)):
		out.Number = strings.ToUpper(text)
	default:
		out.Text = text
	}
	return out
}

// dayRange parses an inclusive range of days into [from, to+1 day).
func dayRange(bad map[string]string, key, from, to string, loc *time.Location) TimeRange {
	var r TimeRange
	parse := func(end, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(DayLayout, v, loc)
		if err != nil {
			bad[key+"_"+end] = "must be a day as yyyy-mm-dd"
		}
		return t
	}
	r.From = parse("from", from)
	if r.To = parse("to", to); !r.To.IsZero() {
		r.To = r.To.AddDate(0, 0, 1)
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To) {
		bad[key+"_to"] = "must not be before " + key + "_from"
	}
	return r
}
