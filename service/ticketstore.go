package service

import (
	"context"
	"time"
)

// TicketStore persists tickets, their members, timeline, links and
// transfers. repo implements it; every method joins the transaction in ctx.
type TicketStore interface {
	// NextTicketNumber returns the next sequence number of day (yyyymmdd),
	// safe across server instances.
	NextTicketNumber(ctx context.Context, day string) (int64, error)
	// InsertTicket stores a new ticket with its members and sets ID.
	InsertTicket(ctx context.Context, t *Ticket) error
	// GetTicket returns a ticket with members and its open transfer, or
	// KindNotFound.
	GetTicket(ctx context.Context, id int64) (*Ticket, error)
	// GetTickets returns the tickets that exist among ids, in ids' order.
	GetTickets(ctx context.Context, ids []int64) ([]*Ticket, error)
	// UpdateTicket writes t if its stored version is still version, and
	// sets t.Version to the new one; otherwise a KindConflict with code
	// CodeVersionConflict. Members are written by SetMembers.
	UpdateTicket(ctx context.Context, t *Ticket, version int64) error
	// SetMembers replaces the ticket's members.
	SetMembers(ctx context.Context, ticketID int64, members []Member) error
	// AppendEvent adds a timeline entry; entries are never changed.
	AppendEvent(ctx context.Context, e *TimelineEvent) error
	// Events returns the timelines of the tickets, oldest first.
	Events(ctx context.Context, ticketIDs []int64) ([]TimelineEvent, error)
	// ListTicketIDs answers a view: ids newest first, at most q.Limit.
	ListTicketIDs(ctx context.Context, q TicketQuery) ([]int64, error)
	// OpenLoad counts the tickets each user is handling (in progress).
	OpenLoad(ctx context.Context, owners []int64) (map[int64]int, error)
	// OpenByCustomer returns a customer's open tickets, newest first.
	OpenByCustomer(ctx context.Context, customerID int64, limit int) ([]*Ticket, error)
	// MergedInto returns the ids of tickets merged into id.
	MergedInto(ctx context.Context, id int64) ([]int64, error)
	// AddLink relates two tickets; relating them again is not an error.
	AddLink(ctx context.Context, a, b, by int64) error
	// RemoveLink unrelates them and reports whether they were related.
	RemoveLink(ctx context.Context, a, b int64) (bool, error)
	// Links returns the ids of the tickets related to id.
	Links(ctx context.Context, id int64) ([]int64, error)
	// InsertTransfer stores an open transfer and sets its ID; a KindConflict
	// when the ticket already has one open.
	InsertTransfer(ctx context.Context, tr *Transfer) error
	// GetTransfer returns a transfer, or KindNotFound.
	GetTransfer(ctx context.Context, id int64) (*Transfer, error)
	// CloseTransfer records the decision on an open transfer.
	CloseTransfer(ctx context.Context, tr *Transfer) error
}

// CodeVersionConflict is the code of a lost optimistic-locking race.
const CodeVersionConflict = "ticket.version_conflict"

// TimelineEvent is one immutable entry of a ticket's history.
type TimelineEvent struct {
	ID       int64
	TicketID int64
	ActorID  int64
	Action   Action
	Origin   Origin
	Note     string
	// Before and After hold the fields that changed, by name.
	Before    map[string]any
	After     map[string]any
	CreatedAt time.Time
}

// TicketEvents hears about every ticket change inside the transaction
// that made it, so a notice outbox can write its rows atomically with the
// change. An error rolls the change back.
type TicketEvents interface {
	TicketChanged(ctx context.Context, t *Ticket, ev *TimelineEvent) error
}

// NoTicketEvents ignores ticket changes.
type NoTicketEvents struct{}

// TicketChanged does nothing.
func (NoTicketEvents) TicketChanged(context.Context, *Ticket, *TimelineEvent) error { return nil }

// CustomerFacts tells automatic dispatch rules where a customer is and how
// it is tagged. The CRM provides it; without one, rules that need a region
// or tag never match.
type CustomerFacts interface {
	CustomerFacts(ctx context.Context, customerID int64) (region string, tags []string, err error)
	// CheckLinks reports, by field key, a ticket's CRM references that do
	// not exist or do not belong together (a contact of another customer).
	CheckLinks(ctx context.Context, customerID, contactID, opportunityID int64) (map[string]string, error)
	// SoleContact returns the id of the customer's only contact, or 0
	// when it has none or several.
	SoleContact(ctx context.Context, customerID int64) (int64, error)
}

// PartKind is one way a ticket can fall into a view.
type PartKind int

// The parts views are made of; a view is the union of its parts.
const (
	PartOwner             PartKind = iota + 1 // owner_id in IDs
	PartMember                                // a member's user id in IDs
	PartQueue                                 // status Status and receiving department in IDs
	PartResolvedBy                            // resolved by one of IDs
	PartClosedBy                              // closed by one of IDs
	PartTransferredFrom                       // an approved transfer away from one of IDs
	PartTransferApprover                      // an open transfer awaiting approval by one of IDs
	PartTransferRequester                     // an open transfer asked for by one of IDs
)

// ScopePart is one predicate of a view.
type ScopePart struct {
	Kind   PartKind
	IDs    []int64
	Status Status // PartQueue only
}

// TicketQuery is a view as the store answers it: the union of Parts (or
// every ticket when All), narrowed by the filters, keyset-paged by id.
type TicketQuery struct {
	All           bool
	Parts         []ScopePart
	Statuses      []Status
	Priority      Priority
	IncludeVoided bool
	Filter        TicketFilter // the caller's filters, on top of the view's own
	Before        int64        // only ids below this; 0 starts at the newest
	Ascending     bool         // oldest first, from After up
	After         int64        // with Ascending: only ids above this
	Limit         int
}

// TemplateStore persists templates and their versions.
type TemplateStore interface {
	// TemplateByCode returns the current version, or KindNotFound.
	TemplateByCode(ctx context.Context, code string) (*Template, error)
	// Template returns a version (0: the current one), or KindNotFound.
	Template(ctx context.Context, id int64, version int) (*Template, error)
	// Templates returns the current version of every template.
	Templates(ctx context.Context) ([]*Template, error)
	// SaveTemplateVersion stores t as a new template when ID is 0, else as
	// its next version; it sets ID and Version.
	SaveTemplateVersion(ctx context.Context, t *Template) error
	SetTemplateEnabled(ctx context.Context, id int64, enabled bool) error
}

// DispatchRuleStore persists automatic dispatch rules.
type DispatchRuleStore interface {
	// DispatchRules returns the rules in order; enabledOnly drops the rest.
	DispatchRules(ctx context.Context, enabledOnly bool) ([]*DispatchRule, error)
	SaveDispatchRule(ctx context.Context, r *DispatchRule) error
	DeleteDispatchRule(ctx context.Context, id int64) error
	// LockRuleCursor locks the rule's round-robin cursor for the rest of
	// the transaction and returns it.
	LockRuleCursor(ctx context.Context, id int64) (int64, error)
	SetRuleCursor(ctx context.Context, id, userID int64) error
}

// SharingStore persists sharing rules.
type SharingStore interface {
	// SharingRulesTo returns the rules whose target is the user, one of
	// the departments or one of the groups.
	SharingRulesTo(ctx context.Context, userID int64, depts, groups []int64) ([]SharingRule, error)
	SharingRules(ctx context.Context) ([]SharingRule, error)
	SaveSharingRule(ctx context.Context, r *SharingRule) error
	DeleteSharingRule(ctx context.Context, id int64) error
}

// CalendarStore persists the days that break the weekly working pattern.
type CalendarStore interface {
	// CalendarDays returns the overrides in [from, to] (yyyy-mm-dd):
	// day -> whether it is a working day.
	CalendarDays(ctx context.Context, from, to string) (map[string]bool, error)
	SetCalendarDay(ctx context.Context, day string, workday bool, note string) error
	DeleteCalendarDay(ctx context.Context, day string) error
}

// TicketEventsFanout passes each change to several listeners in order
// (notices, webhooks); the first error rolls the change back.
type TicketEventsFanout []TicketEvents

// TicketChanged calls every listener.
func (f TicketEventsFanout) TicketChanged(ctx context.Context, t *Ticket, ev *TimelineEvent) error {
	for _, l := range f {
		if err := l.TicketChanged(ctx, t, ev); err != nil {
			return err
		}
	}
	return nil
}
