package servicetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/notices"
)

// Noticing is the ticket side of a stack with notices wired in as the
// server wires them: every ticket change writes its notices to a real
// outbox, which delivers them to Sink (or to the deliverers a test puts
// in Deliverers before Start).
type Noticing struct {
	*Ticketing
	Notifier    *service.Notifier
	Store       *repo.Notices
	Outbox      *service.Outbox
	Links       *service.LinkSigner
	Texts       *service.NoticeTemplates // the notice templates
	Escalator   *service.Escalator
	Pages       *service.CustomerPages
	CRM         *repo.CRM
	Sink        *Sink
	Deliverers  map[service.Channel]service.Deliverer
	OutboxStore *repo.Outbox
}

// NoticeLinkSecret signs the customer links of test stacks.
var NoticeLinkSecret = []byte("servicetest-link-secret-0123456789")

// Noticing wires notices on the stack (demo org, template library, the
// clock of Ticketing). Every channel delivers to Sink until a test
// replaces it in Deliverers; call Start to run the outbox.
func (s *Stack) Noticing(t *testing.T) *Noticing {
	t.Helper()
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	n := &Noticing{Store: repo.NewNotices(s.DB), CRM: repo.NewCRM(s.DB), Sink: &Sink{}, OutboxStore: repo.NewOutbox(s.DB),
		Deliverers: map[service.Channel]service.Deliverer{}}
	for _, ch := range []service.Channel{service.ChannelWeComText, service.ChannelWeComMarkdown, service.ChannelWeComCard,
		service.ChannelRobot, service.ChannelCustomer, service.ChannelGroupMsg, service.ChannelReminder} {
		n.Deliverers[ch] = n.Sink
	}
	n.Outbox = service.NewOutbox(service.OutboxConfig{Poll: 10 * time.Millisecond, RetryBase: 10 * time.Millisecond,
		RetryMax: 50 * time.Millisecond, LimitedWait: 30 * time.Millisecond}, n.OutboxStore, n.Deliverers, log, nil)
	var err error
	if n.Texts, err = service.NewNoticeTemplates(notices.Files, "", log); err != nil {
		t.Fatal(err)
	}
	n.Links = service.NewLinkSigner(NoticeLinkSecret, "https://tickets.example.com", 0)
	n.Ticketing = s.TicketingWith(t, func(k *Ticketing, d *service.TicketDeps) {
		n.Notifier = service.NewNotifier(service.NotifierDeps{
			Outbox: n.Outbox, Org: s.Org, Store: n.Store, Templates: n.Texts, Links: n.Links,
			TicketTemplates: repo.NewTemplates(s.DB), Contacts: n.CRM, Records: repo.NewRecords(s.DB),
			BaseURL: "https://tickets.example.com", Now: k.Clock.Now,
		})
		d.Events = n.Notifier
		d.Tx = service.WakeAfterCommit(s.DB, n.Outbox.Wake)
	})
	n.Escalator = service.NewEscalator(service.EscalatorConfig{}, n.Tickets, n.Notifier, n.Store, s.KV, log)
	n.Pages = service.NewCustomerPages(n.Tickets, repo.NewRecords(s.DB), n.Store, n.Links)
	return n
}

// Start runs the outbox until the test ends.
func (n *Noticing) Start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { n.Outbox.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// Contact adds a customer with one contact and returns both ids.
func (n *Noticing) Contact(t *testing.T, c service.Contact) (customerID, contactID int64) {
	t.Helper()
	ctx := context.Background()
	now := n.Clock.Now()
	cu := &service.Customer{Name: "客户" + c.Name, CreatedBy: 1, CreatedAt: now, UpdatedAt: now}
	if err := n.CRM.InsertCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	c.CustomerID, c.CreatedBy, c.CreatedAt, c.UpdatedAt = cu.ID, 1, now, now
	if err := n.CRM.SaveContact(ctx, &c); err != nil {
		t.Fatal(err)
	}
	return cu.ID, c.ID
}

// Sink is a deliverer that keeps every notice it is given.
type Sink struct {
	mu      sync.Mutex
	got     []service.Notice
	batches []string // each message delivered as "recipient×notices": more than 1 is a digest
	fail    func(service.Notice) error
}

// Deliver records the batch, or fails as FailWith says.
func (s *Sink) Deliver(_ context.Context, batch []service.Notice) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(batch[0]); err != nil {
			return err
		}
	}
	s.got = append(s.got, batch...)
	s.batches = append(s.batches, fmt.Sprintf("%s×%d", batch[0].Recipient, len(batch)))
	return nil
}

// Batches returns each message delivered as "recipient×notices", in order.
func (s *Sink) Batches() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.batches)
}

// FailWith makes deliveries fail while f returns an error.
func (s *Sink) FailWith(f func(service.Notice) error) {
	s.mu.Lock()
	s.fail = f
	s.mu.Unlock()
}

// Got returns the notices delivered so far that match keep (nil: all).
func (s *Sink) Got(keep func(service.Notice) bool) []service.Notice {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.DeleteFunc(slices.Clone(s.got), func(n service.Notice) bool { return keep != nil && !keep(n) })
}

// Wait returns once n matching notices were delivered.
func (s *Sink) Wait(t *testing.T, n int, keep func(service.Notice) bool) []service.Notice {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := s.Got(keep)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d notices, got %d: %v", n, len(got), Describe(s.Got(nil)))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// To matches notices of a kind to a recipient.
func To(kind service.NoticeKind, recipient string) func(service.Notice) bool {
	return func(n service.Notice) bool { return n.Kind == string(kind) && n.Recipient == recipient }
}

// Text is a staff notice's rendered text.
func Text(n service.Notice) string {
	var p service.StaffPayload
	_ = json.Unmarshal(n.Payload, &p)
	if len(p.Card) > 0 {
		return string(p.Card)
	}
	return p.Text
}

// Describe lists notices as kind>recipient, for failure messages.
func Describe(ns []service.Notice) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Kind + ">" + n.Recipient
	}
	return out
}
