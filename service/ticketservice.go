package service

import (
	"context"
	"slices"
	"time"
)

// Actor is who asks for a change and through which channel; the timeline
// records both.
type Actor struct {
	UserID int64
	Origin Origin
}

// TicketDeps are what TicketService needs.
type TicketDeps struct {
	Tx        TxRunner
	Tickets   TicketStore
	Templates TemplateStore
	Rules     DispatchRuleStore
	Sharing   SharingStore
	Calendar  *CalendarService
	Org       *OrgService
	Events    TicketEvents     // nil: NoTicketEvents
	Customers CustomerFacts    // nil: region and tag conditions never match
	Types     []TicketType     // nil: DefaultTicketTypes
	Now       func() time.Time // nil: time.Now
}

// TicketService owns tickets: creation, changes, the lifecycle, dispatch,
// transfers, views and the permission rules behind all of them.
type TicketService struct{ d TicketDeps }

// NewTicketService wires the ticket service.
func NewTicketService(d TicketDeps) *TicketService {
	if d.Events == nil {
		d.Events = NoTicketEvents{}
	}
	if d.Types == nil {
		d.Types = DefaultTicketTypes
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &TicketService{d: d}
}

// Types returns the configured ticket types.
func (s *TicketService) Types() []TicketType { return slices.Clone(s.d.Types) }

func (s *TicketService) now() time.Time { return s.d.Now().UTC().Truncate(time.Millisecond) }

// TicketDetail is a ticket as its reader sees it.
type TicketDetail struct {
	*Ticket
	Access Access   // read or write, for this reader
	SLA    SLAClock // the clock state now
	Links  []int64  // related tickets
}

// Get returns a ticket the actor may read; any other id is not found.
func (s *TicketService) Get(ctx context.Context, actor Actor, id int64) (*TicketDetail, error) {
	p, t, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	links, err := s.d.Tickets.Links(ctx, id)
	if err != nil {
		return nil, err
	}
	return &TicketDetail{Ticket: t, Access: p.access(t), SLA: t.SLA(s.d.Now()), Links: links}, nil
}

// read works out the actor and loads a ticket they may read.
func (s *TicketService) read(ctx context.Context, actor Actor, id int64) (*principal, *Ticket, error) {
	p, err := s.principal(ctx, actor)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.load(ctx, p, id, AccessRead)
	return p, t, err
}

// load reads a ticket and checks the actor's access to it.
func (s *TicketService) load(ctx context.Context, p *principal, id int64, want Access) (*Ticket, error) {
	t, err := s.d.Tickets.GetTicket(ctx, id)
	if IsKind(err, KindNotFound) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, err
	}
	if err := p.need(t, want); err != nil {
		return nil, err
	}
	return t, nil
}

// change is one lifecycle step applied through mutate.
type change struct {
	action  Action
	note    string
	version int64 // the version the caller saw; 0 skips the check
	// allow checks permission; nil requires write access.
	allow func(p *principal, t *Ticket) error
	// apply changes n, a copy of t already moved to the action's target state.
	apply func(ctx context.Context, p *principal, t, n *Ticket) error
}

// mutate runs one change in its own transaction.
func (s *TicketService) mutate(ctx context.Context, actor Actor, id int64, c change) (*Ticket, error) {
	var out *Ticket
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		p, t, err := s.read(ctx, actor, id)
		if err != nil {
			return err
		}
		out, err = s.step(ctx, actor, p, t, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// step is the one path every ticket change takes, inside a transaction:
// permission, the lifecycle table, the change, bookkeeping (SLA, stamps),
// the write guarded by the version, and the timeline entry.
func (s *TicketService) step(ctx context.Context, actor Actor, p *principal, t *Ticket, c change) (*Ticket, error) {
	// The lifecycle speaks first: whoever gets here may read the ticket,
	// so its state is no secret, and "cannot accept a voided ticket" says
	// what is wrong where "only the owner accepts" (or "the transfer is no
	// longer open", after a void cancelled it) would mislead.
	next, err := Transition(StateOf(t), t.Locked, c.action)
	if err != nil {
		return nil, err
	}
	allow := c.allow
	if allow == nil {
		allow = func(p *principal, t *Ticket) error { return p.need(t, AccessWrite) }
	}
	if err := allow(p, t); err != nil {
		return nil, err
	}
	if c.version != 0 && c.version != t.Version {
		return nil, versionConflict(t)
	}
	n := t.clone()
	n.apply(next)
	now := s.now()
	if c.apply != nil {
		if err := c.apply(ctx, p, t, n); err != nil {
			return nil, err
		}
	}
	if err := s.stamp(ctx, actor, t, n, now); err != nil {
		return nil, err
	}
	n.UpdatedAt = now
	if err := s.d.Tickets.UpdateTicket(ctx, n, t.Version); err != nil {
		return nil, err
	}
	if !slices.Equal(t.Members, n.Members) {
		if err := s.d.Tickets.SetMembers(ctx, n.ID, n.Members); err != nil {
			return nil, err
		}
	}
	before, after := diffTickets(t, n)
	return n, s.record(ctx, actor, n, c.action, c.note, before, after)
}

func versionConflict(t *Ticket) error {
	return E(KindConflict, CodeVersionConflict, "ticket %d was changed by someone else (now version %d)", t.ID, t.Version)
}

// record appends a timeline entry and tells the events hook, in the
// caller's transaction.
func (s *TicketService) record(ctx context.Context, actor Actor, t *Ticket, a Action, note string, before, after map[string]any) error {
	ev := &TimelineEvent{TicketID: t.ID, ActorID: actor.UserID, Action: a, Origin: actor.Origin, Note: note,
		Before: before, After: after, CreatedAt: s.now()}
	if ev.Origin == "" {
		ev.Origin = OriginAPI
	}
	if err := s.d.Tickets.AppendEvent(ctx, ev); err != nil {
		return err
	}
	return s.d.Events.TicketChanged(ctx, t, ev)
}
