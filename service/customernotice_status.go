package service

import (
	"context"
	"time"
)

// PublicStatus is what the customer status page shows: the ticket's
// current state and the records written for the customer, nothing else.
type PublicStatus struct {
	TicketID  int64
	Number    string
	Subject   string
	State     State
	CreatedAt time.Time
	UpdatedAt time.Time
	Records   []PublicRecord
	// Rated is the customer's satisfaction answer, if they gave one.
	Rated *CSAT
	// CanRate reports whether the survey is open: the ticket is resolved
	// or closed. CSATURL is then the survey's signed link.
	CanRate bool
	CSATURL string
}

// PublicRecord is a customer-visible service record.
type PublicRecord struct {
	At   time.Time
	Body string
}

// CustomerPages answers the signed customer pages: the status page and
// the satisfaction form. The link is the only credential: it names one
// ticket and one contact, expires, and cannot be forged.
type CustomerPages struct {
	tickets *TicketService
	records RecordStore
	csat    CSATStore
	links   *LinkSigner
	now     func() time.Time
}

// NewCustomerPages wires the pages.
func NewCustomerPages(tickets *TicketService, records RecordStore, csat CSATStore, links *LinkSigner) *CustomerPages {
	return &CustomerPages{tickets: tickets, records: records, csat: csat, links: links, now: tickets.d.Now}
}

// Status returns the page behind a status link.
func (p *CustomerPages) Status(ctx context.Context, token string) (*PublicStatus, error) {
	return p.open(ctx, token, LinkStatus)
}

// open verifies a link and loads what the page shows. A link whose
// contact is no longer the ticket's, or whose ticket was voided, is as
// dead as a forged one.
func (p *CustomerPages) open(ctx context.Context, token string, purpose LinkPurpose) (*PublicStatus, error) {
	l, err := p.links.Verify(token, purpose, p.now())
	if err != nil {
		return nil, err
	}
	t, err := p.tickets.d.Tickets.GetTicket(ctx, l.TicketID)
	if IsKind(err, KindNotFound) {
		return nil, errBadLink()
	}
	if err != nil {
		return nil, err
	}
	if t.ContactID != l.ContactID || t.Voided() {
		return nil, errBadLink()
	}
	ids, err := p.tickets.d.Tickets.MergedInto(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	recs, err := p.records.Records(ctx, append([]int64{t.ID}, ids...))
	if err != nil {
		return nil, err
	}
	out := &PublicStatus{TicketID: t.ID, Number: t.Number, Subject: t.Subject, State: StateOf(t),
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt, Records: []PublicRecord{},
		CanRate: t.Status == StatusResolved || t.Status == StatusClosed}
	for _, r := range recs {
		if r.Visibility == RecordCustomer {
			out.Records = append(out.Records, PublicRecord{At: r.CreatedAt, Body: r.Body})
		}
	}
	if out.CanRate {
		out.CSATURL = p.links.URL(LinkCSAT, t.ID, t.ContactID, p.now())
	}
	c, err := p.csat.CSATOf(ctx, t.ID)
	switch {
	case err == nil:
		out.Rated = c
	case !IsKind(err, KindNotFound):
		return nil, err
	}
	return out, nil
}
