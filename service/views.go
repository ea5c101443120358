package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
)

// View is a preset list of tickets.
type View string

// The preset views (seed wording), the dispatch queues and the per-person
// work views.
const (
	ViewAll                     View = "all"                      // 全部
	ViewMine                    View = "mine"                     // 我负责的
	ViewParticipating           View = "participating"            // 我参与的
	ViewMyDepartment            View = "my_department"            // 我负责部门的
	ViewSubordinatesOwn         View = "subordinates_own"         // 我下属负责的
	ViewSubordinatesParticipate View = "subordinates_participate" // 我下属参与的
	ViewShared                  View = "shared"                   // 共享给我的
	ViewUnresolved              View = "unresolved"               // 未解决的
	ViewUrgent                  View = "urgent"                   // 紧急的
	ViewClosed                  View = "closed"                   // 已关闭的
	ViewPendingAllocation       View = "pending_allocation"       // 待分配 queue
	ViewPendingDispatch         View = "pending_dispatch"         // 待派工 queues
	ViewTodo                    View = "todo"                     // 待办
	ViewDone                    View = "done"                     // 已办
	ViewTransferred             View = "transferred"              // 已转
	ViewTransferPending         View = "transfer_pending"         // 待转
)

// Views lists every view.
var Views = []View{ViewAll, ViewMine, ViewParticipating, ViewMyDepartment, ViewSubordinatesOwn,
	ViewSubordinatesParticipate, ViewShared, ViewUnresolved, ViewUrgent, ViewClosed, ViewPendingAllocation,
	ViewPendingDispatch, ViewTodo, ViewDone, ViewTransferred, ViewTransferPending}

// Page sizes.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// ListQuery asks for one page of a view. Cursor is the Next of the
// previous page; empty starts at the newest ticket (the oldest with
// Oldest). Filter narrows the view; it never widens it.
type ListQuery struct {
	View   View
	Cursor string
	Limit  int
	Filter ListFilter
	Oldest bool // oldest first instead of newest first
}

// Page is one page of a view, newest first. Next is empty on the last
// page. There is no total: counting a large view on every page is what
// makes ticket systems slow.
type Page struct {
	Tickets []*Ticket
	Next    string
}

// List returns one page of a view, keyset-paged by id.
func (s *TicketService) List(ctx context.Context, actor Actor, q ListQuery) (*Page, error) {
	p, err := s.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	if q.Limit == 0 {
		q.Limit = DefaultPageSize
	}
	tq, err := s.listQuery(p, q, MaxPageSize)
	if err != nil {
		return nil, err
	}
	ts, next, err := s.page(ctx, p, tq)
	if err != nil {
		return nil, err
	}
	return &Page{Tickets: ts, Next: next}, nil
}

// listQuery checks a list request (every bad field at once) and turns it
// into the store's query for the principal, asking one row more than the
// page so the page knows whether another follows.
func (s *TicketService) listQuery(p *principal, q ListQuery, maxLimit int) (TicketQuery, error) {
	bad := map[string]string{}
	if !slices.Contains(Views, q.View) {
		bad["view"] = "unknown view"
	}
	if q.Limit < 1 || q.Limit > maxLimit {
		bad["limit"] = fmt.Sprintf("must be 1 to %d", maxLimit)
	}
	var cursor int64
	if q.Cursor != "" {
		var err error
		if cursor, err = strconv.ParseInt(q.Cursor, 10, 64); err != nil || cursor <= 0 {
			bad["cursor"] = "not a cursor from a previous page"
		}
	}
	f := s.ticketFilter(p.x, q.Filter, bad)
	if len(bad) > 0 {
		return TicketQuery{}, Invalid(bad)
	}
	tq := p.query(q.View)
	tq.Filter, tq.Ascending, tq.Limit = f, q.Oldest, q.Limit+1
	if q.Oldest {
		tq.After = cursor
	} else {
		tq.Before = cursor
	}
	return tq, nil
}

// page reads one page of tq (whose Limit is one more than the page) and
// returns the tickets the principal may open and the next cursor.
func (s *TicketService) page(ctx context.Context, p *principal, tq TicketQuery) ([]*Ticket, string, error) {
	out := []*Ticket{}
	if !tq.All && len(tq.Parts) == 0 {
		return out, "", nil
	}
	ids, err := s.d.Tickets.ListTicketIDs(ctx, tq)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(ids) >= tq.Limit {
		ids = ids[:tq.Limit-1]
		next = strconv.FormatInt(ids[len(ids)-1], 10)
	}
	ts, err := s.d.Tickets.GetTickets(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	for _, t := range ts {
		// The query and Authorize come from the same principal; this guard
		// keeps a page from ever showing what the reader may not open.
		if p.access(t) != AccessNone {
			out = append(out, t)
		}
	}
	return out, next, nil
}

// query builds a view from the principal: the ids here are the same facts
// access() checks one ticket against.
func (p *principal) query(v View) TicketQuery {
	me := []int64{p.me()}
	team := append(slices.Clone(me), p.subs...)
	q := TicketQuery{IncludeVoided: p.admin}
	owner := func(ids ...[]int64) ScopePart { return ScopePart{Kind: PartOwner, IDs: union(ids...)} }
	member := func(ids ...[]int64) ScopePart { return ScopePart{Kind: PartMember, IDs: union(ids...)} }
	switch v {
	case ViewAll:
		if p.admin {
			q.All = true
			break
		}
		q.Parts = []ScopePart{owner(team, p.sharedOwners(), p.deptUsers), member(team, p.deptUsers)}
	case ViewMine:
		q.Parts = []ScopePart{owner(me)}
	case ViewParticipating:
		q.Parts = []ScopePart{member(me)}
	case ViewMyDepartment:
		q.Parts = []ScopePart{owner(p.deptUsers), member(p.deptUsers)}
	case ViewSubordinatesOwn:
		q.Parts = []ScopePart{owner(p.subs)}
	case ViewSubordinatesParticipate:
		q.Parts = []ScopePart{member(p.subs)}
	case ViewShared:
		q.Parts = []ScopePart{owner(p.sharedOwners())}
	case ViewUnresolved, ViewTodo:
		q.Parts, q.Statuses = []ScopePart{owner(me)}, OpenStatuses
	case ViewUrgent:
		q.Parts, q.Priority = []ScopePart{owner(me)}, PriorityUrgent
	case ViewClosed:
		q.Parts, q.Statuses = []ScopePart{owner(me)}, []Status{StatusClosed}
	case ViewPendingAllocation, ViewPendingDispatch:
		q = p.queueQuery(v)
	case ViewDone:
		q.Parts = []ScopePart{{Kind: PartResolvedBy, IDs: me}, {Kind: PartClosedBy, IDs: me}}
	case ViewTransferred:
		q.Parts = []ScopePart{{Kind: PartTransferredFrom, IDs: me}}
	case ViewTransferPending:
		q.Parts = []ScopePart{{Kind: PartTransferApprover, IDs: me}, {Kind: PartTransferRequester, IDs: me}}
	}
	q.Parts = slices.DeleteFunc(q.Parts, func(sp ScopePart) bool { return len(sp.IDs) == 0 })
	return q
}

// queueQuery is the dispatch queues the actor works; admins see them all.
func (p *principal) queueQuery(v View) TicketQuery {
	st := StatusPendingDispatch
	if v == ViewPendingAllocation {
		st = StatusPendingAllocation
	}
	q := TicketQuery{IncludeVoided: p.admin}
	if p.admin {
		q.All, q.Statuses = true, []Status{st}
		return q
	}
	depts := []int64{}
	if p.serviceManager {
		depts = append(depts, 0)
	}
	if st == StatusPendingDispatch {
		depts = append(depts, p.queueDepts...)
	}
	q.Parts = []ScopePart{{Kind: PartQueue, Status: st, IDs: depts}}
	return q
}

func (p *principal) sharedOwners() []int64 {
	out := make([]int64, 0, len(p.shared))
	for id := range p.shared {
		out = append(out, id)
	}
	return out
}

// union merges id lists into one sorted list without duplicates.
func union(lists ...[]int64) []int64 {
	out := []int64{}
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
