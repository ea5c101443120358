package service

import (
	"context"
)

// CustomerView is the customer 360: everything the caller may see about a
// customer on one page.
type CustomerView struct {
	Customer      *Customer
	CanEdit       bool // the caller may change the customer and its deals
	Contacts      []Contact
	Opportunities []Opportunity
	// Tickets are the customer's tickets the caller may read, newest
	// first, at most customerHistoryLimit.
	Tickets          []*Ticket
	OpenActivities   []Activity // newest first
	ClosedActivities []Activity // newest first
}

// The ticket history is a bounded page: at most customerHistoryLimit
// tickets, looked for among the customer's newest customerHistoryScan.
const (
	customerHistoryLimit = 50
	customerHistoryBatch = 200
	customerHistoryScan  = 1000
)

// Customer360 returns the customer with its contacts, deals, activities
// and the ticket history within the caller's scope.
func (s *CRMService) Customer360(ctx context.Context, actor Actor, id int64) (*CustomerView, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	c, err := s.visibleCustomer(ctx, actor, x, u, id)
	if err != nil {
		return nil, err
	}
	v := &CustomerView{Customer: c, CanEdit: canEditCustomer(x, u, c),
		OpenActivities: []Activity{}, ClosedActivities: []Activity{}}
	if v.Contacts, err = s.store.Contacts(ctx, id); err != nil {
		return nil, err
	}
	if v.Opportunities, err = s.store.Opportunities(ctx, id); err != nil {
		return nil, err
	}
	acts, err := s.store.Activities(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		if a.Open() {
			v.OpenActivities = append(v.OpenActivities, a)
		} else {
			v.ClosedActivities = append(v.ClosedActivities, a)
		}
	}
	if v.Tickets, err = s.history(ctx, actor, id); err != nil {
		return nil, err
	}
	return v, nil
}

// history walks the customer's tickets newest first and keeps the ones
// the caller may read, through the ticket service's permission rule.
func (s *CRMService) history(ctx context.Context, actor Actor, customerID int64) ([]*Ticket, error) {
	out := []*Ticket{}
	if s.tickets == nil {
		return out, nil
	}
	gate := ticketGate{s.tickets}
	var before int64
	for scanned := 0; scanned < customerHistoryScan && len(out) < customerHistoryLimit; scanned += customerHistoryBatch {
		ids, err := s.store.CustomerTicketIDs(ctx, customerID, before, customerHistoryBatch)
		if err != nil || len(ids) == 0 {
			return out, err
		}
		ts, err := gate.readable(ctx, actor, ids)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
		before = ids[len(ids)-1]
		if len(ids) < customerHistoryBatch {
			break
		}
	}
	if len(out) > customerHistoryLimit {
		out = out[:customerHistoryLimit]
	}
	return out, nil
}
