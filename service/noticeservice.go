package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// NotifierDeps are what the Notifier needs.
type NotifierDeps struct {
	Outbox    *Outbox
	Org       *OrgService
	Store     NoticeStore
	Templates *NoticeTemplates
	Links     *LinkSigner
	// TicketTemplates say at which lifecycle nodes the customer is told.
	TicketTemplates TemplateStore
	Contacts        ContactReader
	Records         RecordStore // nil: mention notices carry no excerpt
	BaseURL         string      // staff links point here; "" leaves them out
	// OwnerCards says the chat bot sends a ticket's new handler a card to
	// accept or decline it; that card is their notice, not a second one.
	OwnerCards bool
	Location   *time.Location
	Now        func() time.Time
}

// ContactReader reads a customer contact (the CRM store).
type ContactReader interface {
	Contact(ctx context.Context, id int64) (*Contact, error)
}

// Notifier turns ticket changes into notices: staff notices rendered in
// each recipient's language and filtered by their preferences, and
// customer notices at the template's lifecycle nodes. It writes them to
// the outbox inside the change's transaction (it is a TicketEvents
// listener), so a committed change always gets its notices and a rolled
// back one never does.
type Notifier struct{ d NotifierDeps }

// NewNotifier wires the notifier.
func NewNotifier(d NotifierDeps) *Notifier {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = DefaultBusinessHours().Location
	}
	return &Notifier{d: d}
}

var _ TicketEvents = (*Notifier)(nil)

// TicketChanged writes the notices a change calls for, in its transaction.
func (n *Notifier) TicketChanged(ctx context.Context, t *Ticket, ev *TimelineEvent) error {
	x, err := n.d.Org.Index(ctx)
	if err != nil {
		return err
	}
	staff, err := n.staffNotices(ctx, x, t, ev)
	if err != nil {
		return fmt.Errorf("staff notices: %w", err)
	}
	if err := n.Notify(ctx, staff...); err != nil {
		return err
	}
	if err := n.customerNotice(ctx, x, t, ev); err != nil {
		return fmt.Errorf("customer notice: %w", err)
	}
	return nil
}

// Notify renders staff notices in each recipient's language and writes
// them to the outbox in the transaction carried by ctx. Recipients who
// muted the kind, left, or are disabled are skipped; quiet hours defer a
// notice to their end. The chat bot's reminders and 催办 come in here.
func (n *Notifier) Notify(ctx context.Context, notices ...StaffNotice) error {
	out, err := n.build(ctx, notices...)
	if err != nil || len(out) == 0 {
		return err
	}
	return n.d.Outbox.Enqueue(ctx, out...)
}

// build renders the notices the recipients want, ready to enqueue.
func (n *Notifier) build(ctx context.Context, notices ...StaffNotice) ([]*Notice, error) {
	if len(notices) == 0 {
		return nil, nil
	}
	x, err := n.d.Org.Index(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(notices))
	for i, sn := range notices {
		ids[i] = sn.UserID
	}
	prefs, err := n.d.Store.Preferences(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := n.d.Now().UTC()
	out := make([]*Notice, 0, len(notices))
	for _, sn := range notices {
		u, ok := x.User(sn.UserID)
		if !ok || !u.Enabled || u.UserID == "" {
			continue
		}
		p, ok := prefs[u.ID]
		if !ok {
			p = DefaultNoticePrefs(u.ID)
		}
		if !p.Wants(sn.Kind) {
			continue
		}
		nt, err := n.staffNotice(sn, u, p, now)
		if err != nil {
			return nil, err
		}
		out = append(out, nt)
	}
	return out, nil
}

func (n *Notifier) staffNotice(sn StaffNotice, u *User, p NoticePrefs, now time.Time) (*Notice, error) {
	lang := NoticeLang(u.Lang)
	d := sn.Data
	d.Lang, d.Recipient = lang, u.Name
	if sn.Ticket != nil {
		d.Ticket = noticeTicket(sn.Ticket, lang)
		d.Link = n.staffLink(sn.Ticket.ID)
	}
	if sn.Fill != nil {
		sn.Fill(&d, lang)
	}
	payload, err := n.d.Templates.Staff(sn.Kind, sn.Card, d)
	if err != nil {
		return nil, fmt.Errorf("%s notice: %w", sn.Kind, err)
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	ch := ChannelWeComMarkdown
	switch {
	case sn.Card:
		ch = ChannelWeComCard
	case sn.Kind == NoticeReminder:
		ch = ChannelReminder // see ChannelReminder: due later, it must not hold others back
	}
	at := sn.At
	if at.Before(now) {
		at = now
	}
	nt := &Notice{DedupeKey: sn.DedupeKey, Channel: ch, Recipient: u.UserID, Kind: string(sn.Kind), Payload: raw}
	if sn.Ticket != nil {
		nt.TicketID = sn.Ticket.ID
	}
	if release := p.Release(at, n.d.Location); release.After(now) {
		nt.NotBefore = release
	}
	return nt, nil
}

func (n *Notifier) staffLink(ticketID int64) string {
	if n.d.BaseURL == "" {
		return ""
	}
	return n.d.BaseURL + "/tickets/" + strconv.FormatInt(ticketID, 10)
}

// StaffNotice is one notice to one member of staff, before rendering.
// Ticket changes and SLA escalation build these; the chat bot's reminders
// and 催办 pass them to Notify.
type StaffNotice struct {
	Kind      NoticeKind
	UserID    int64
	Ticket    *Ticket // nil when the notice is about no single ticket
	DedupeKey string  // required; e.g. "<kind>:<ticket>:<event>:<user>"
	Data      NoticeData
	// Fill sets the fields that depend on the reader's language.
	Fill func(d *NoticeData, lang string)
	// At is the earliest time to send (zero: now); quiet hours may defer it.
	At time.Time
	// Card sends the card template (cards/) instead of markdown (staff/).
	Card bool
}

// nameOf is a user's name, or the system's when id is 0 or unknown.
func nameOf(x *OrgIndex, id int64, lang string) string {
	if u, ok := x.User(id); ok {
		return u.Name
	}
	return labelSystem.in(lang)
}

// deptName is a department's name in lang.
func deptName(x *OrgIndex, id int64, lang string) string {
	d, ok := x.Dept(id)
	if !ok {
		return ""
	}
	if lang == LangEn && d.NameEn != "" {
		return d.NameEn
	}
	return d.Name
}
