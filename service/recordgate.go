package service

import (
	"context"
	"time"
)

// Timeline actions for what hangs on a ticket without moving its
// lifecycle. They are not in the transitions table: they are allowed in
// every state of a ticket that is neither locked nor voided (see
// ticketGate.openForChange).
const (
	ActionRecord Action = "record" // a service record was added
	ActionCost   Action = "cost"   // a cost item was added
	ActionAttach Action = "attach" // a file was attached
)

// ticketGate lets the services of things on a ticket (records, costs,
// attachments, solutions) ask the ticket service's one permission rule
// (scope.go) instead of keeping their own: whoever may not read the
// ticket gets "not found" for everything on it.
type ticketGate struct{ tickets *TicketService }

// open returns the ticket when the actor has want access to it.
func (g ticketGate) open(ctx context.Context, actor Actor, id int64, want Access) (*Ticket, error) {
	p, err := g.tickets.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	return g.tickets.load(ctx, p, id, want)
}

// openForChange returns the ticket when the actor may change it and it
// takes changes: a locked or voided ticket refuses, naming its state.
func (g ticketGate) openForChange(ctx context.Context, actor Actor, id int64, a Action) (*Ticket, error) {
	t, err := g.open(ctx, actor, id, AccessWrite)
	if err != nil {
		return nil, err
	}
	if t.Locked || t.Voided() {
		te := &TransitionError{State: StateOf(t), Action: a, Locked: t.Locked}
		return nil, &Error{Kind: KindConflict, Code: CodeIllegalTransition, Message: te.Error(), Err: te}
	}
	return t, nil
}

// family returns the ticket, when the actor may read it, and the
// duplicates merged into it: what is on a duplicate shows on the ticket it
// was merged into, as its timeline does, and undoing the merge needs no
// moving back.
func (g ticketGate) family(ctx context.Context, actor Actor, id int64) ([]int64, error) {
	if _, err := g.open(ctx, actor, id, AccessRead); err != nil {
		return nil, err
	}
	merged, err := g.tickets.d.Tickets.MergedInto(ctx, id)
	if err != nil {
		return nil, err
	}
	return append([]int64{id}, merged...), nil
}

// note writes the timeline entry of a change on the ticket, in the
// caller's transaction.
func (g ticketGate) note(ctx context.Context, actor Actor, t *Ticket, a Action, after map[string]any) error {
	return g.tickets.record(ctx, actor, t, a, "", map[string]any{}, after)
}

// now is the ticket service's clock, so what hangs on a ticket is stamped
// on the same time line as the ticket.
func (g ticketGate) now() time.Time { return g.tickets.now() }

// org returns the org index the ticket service judges by.
func (g ticketGate) org(ctx context.Context) (*OrgIndex, error) { return g.tickets.d.Org.Index(ctx) }

// member returns the org index and the acting user, an enabled member.
func (g ticketGate) member(ctx context.Context, actor Actor) (*OrgIndex, *User, error) {
	return staffMember(ctx, g.tickets.d.Org, actor)
}

// readable returns the tickets among ids the actor may read, in ids' order.
func (g ticketGate) readable(ctx context.Context, actor Actor, ids []int64) ([]*Ticket, error) {
	if len(ids) == 0 {
		return []*Ticket{}, nil
	}
	p, err := g.tickets.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	ts, err := g.tickets.d.Tickets.GetTickets(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*Ticket, 0, len(ts))
	for _, t := range ts {
		if p.access(t) != AccessNone {
			out = append(out, t)
		}
	}
	return out, nil
}
