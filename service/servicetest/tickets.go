package servicetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/tickets"
)

// Clock is a settable time source, so SLA tests can say when things happen.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// Ticketing is the ticket side of a stack, wired on its database and org,
// with the shipped template library loaded.
type Ticketing struct {
	st        *Stack
	Tickets   *service.TicketService
	Templates *service.TemplateService
	Rules     *service.RuleService
	Sharing   *service.SharingService
	Calendar  *service.CalendarService
	Clock     *Clock
}

// Ticketing wires the ticket services on the stack, seeds the demo org and
// loads the template library. The clock starts at Monday 2026-03-02 10:00
// China time, inside business hours.
func (s *Stack) Ticketing(t *testing.T) *Ticketing {
	t.Helper()
	return s.TicketingWith(t, nil)
}

// TicketingWith is Ticketing with a hook that may change the ticket
// service's dependencies before it is built (a notice listener on Events,
// a transaction wrapper); k.Clock is set when it runs.
func (s *Stack) TicketingWith(t *testing.T, wire func(k *Ticketing, d *service.TicketDeps)) *Ticketing {
	t.Helper()
	s.SeedDemo(t)
	clock := &Clock{now: time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)}
	share := repo.NewSharing(s.DB)
	tplStore := repo.NewTemplates(s.DB)
	cal := service.NewCalendarService(s.Org, share, service.DefaultBusinessHours())
	k := &Ticketing{
		st:        s,
		Templates: service.NewTemplateService(s.DB, tplStore, s.Org, nil),
		Rules:     service.NewRuleService(s.Org, repo.NewDispatchRules(s.DB)),
		Sharing:   service.NewSharingService(s.Org, share),
		Calendar:  cal,
		Clock:     clock,
	}
	deps := service.TicketDeps{
		Tx: s.DB, Tickets: repo.NewTickets(s.DB), Templates: tplStore, Rules: repo.NewDispatchRules(s.DB),
		Sharing: share, Calendar: cal, Org: s.Org, Now: clock.Now,
	}
	if wire != nil {
		wire(k, &deps)
	}
	k.Tickets = service.NewTicketService(deps)
	if _, err := k.Templates.LoadLibrary(context.Background(), tickets.Library); err != nil {
		t.Fatalf("load template library: %v", err)
	}
	return k
}

// As is the actor for a demo userid, acting through the web form.
func (k *Ticketing) As(t *testing.T, userid string) service.Actor {
	t.Helper()
	return service.Actor{UserID: k.st.UserID(t, userid), Origin: service.OriginWebForm}
}

// ID is our id of a demo userid.
func (k *Ticketing) ID(t *testing.T, userid string) int64 { t.Helper(); return k.st.UserID(t, userid) }

// Template returns the id of a library template by code.
func (k *Ticketing) Template(t *testing.T, code string) int64 {
	t.Helper()
	tpl, err := k.Templates.ByCode(context.Background(), code)
	if err != nil {
		t.Fatalf("template %s: %v", code, err)
	}
	return tpl.ID
}

// Create creates a ticket as userid, failing the test on error.
func (k *Ticketing) Create(t *testing.T, userid string, in service.NewTicket) *service.Ticket {
	t.Helper()
	c, err := k.Tickets.Create(context.Background(), k.As(t, userid), in)
	if err != nil {
		t.Fatalf("create %q as %s: %v", in.Subject, userid, err)
	}
	return c.Ticket
}

// Must returns a call's result, failing the test when it erred:
// Must(k.Tickets.Resolve(ctx, a, id, s))(t).
func Must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// Eventually waits, up to 10 s, for cond to hold: the one way tests wait
// for asynchronous work (outbox, inbox, workers) without asserting time.
func Eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
