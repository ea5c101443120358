package service

import (
	"context"
	"fmt"
	"maps"
)

// NewTicket is what a creator fills in. OwnerID is the receiver (mode 1,
// or no template); ReceivingDeptID the department (mode 3, or no
// template); with neither, the dispatch mode decides.
type NewTicket struct {
	TemplateID      int64
	Subject         string
	Description     string
	InternalComment string
	Priority        Priority   // empty: the template's default, else normal
	Type            TicketType // empty: the template's default, else question
	Origin          Origin     // empty: the actor's channel
	Reason          string
	Product         string
	CustomerID      int64
	ContactID       int64
	OpportunityID   int64
	OwnerID         int64
	ReceivingDeptID int64
	Assistants      []int64
	Team            []Member
	CustomFields    map[string]any
}

// Created is a new ticket and the open tickets it probably duplicates.
type Created struct {
	Ticket           *Ticket
	LikelyDuplicates []*Ticket
}

// Create validates the ticket against its template (every bad field at
// once), numbers it, places it by its dispatch mode and automatic rules,
// sets its SLA due times and writes the first timeline entry, in one
// transaction.
func (s *TicketService) Create(ctx context.Context, actor Actor, in NewTicket) (*Created, error) {
	p, err := s.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	t, err := s.prepare(ctx, p, actor, in)
	if err != nil {
		return nil, err
	}
	if err := s.d.Tx.InTx(ctx, func(ctx context.Context) error { return s.store(ctx, p, actor, t) }); err != nil {
		return nil, err
	}
	dups, err := s.likelyDuplicates(ctx, p, t.CustomerID, t.Subject, t.ID)
	if err != nil {
		return nil, err
	}
	return &Created{Ticket: t, LikelyDuplicates: dups}, nil
}

// prepare validates a new ticket against its template, every bad field at
// once, and returns it ready to store. Nothing is written.
func (s *TicketService) prepare(ctx context.Context, p *principal, actor Actor, in NewTicket) (*Ticket, error) {
	var tpl *Template
	if in.TemplateID != 0 {
		var err error
		if tpl, err = s.d.Templates.Template(ctx, in.TemplateID, 0); IsKind(err, KindNotFound) || (err == nil && !tpl.Enabled) {
			return nil, Invalid(map[string]string{"template_id": "no such template"})
		}
		if err != nil {
			return nil, err
		}
	}
	t := s.draft(p, actor, in, tpl)
	bad := map[string]string{}
	checkStandard(tpl, nil, t, bad)
	s.defaults(t, tpl)
	s.checkValues(t, tpl, p.x, bad)
	checkPlacement(p.x, t, bad)
	addAssistants(p.x, t, in.Assistants, bad)
	if err := s.chatContact(ctx, t); err != nil {
		return nil, err
	}
	if err := s.checkLinks(ctx, nil, t, bad); err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	return t, nil
}

// store numbers, places and writes a prepared ticket with its first
// timeline entry, in the caller's transaction.
func (s *TicketService) store(ctx context.Context, p *principal, actor Actor, t *Ticket) error {
	if err := s.insert(ctx, p.x, t); err != nil {
		return err
	}
	return s.record(ctx, actor, t, ActionCreate, "", map[string]any{}, ticketFields(t))
}

func (s *TicketService) draft(p *principal, actor Actor, in NewTicket, tpl *Template) *Ticket {
	t := &Ticket{
		Subject: in.Subject, Description: in.Description, InternalComment: in.InternalComment,
		Priority: in.Priority, Type: in.Type, Origin: in.Origin, Reason: in.Reason, Product: in.Product,
		CustomerID: in.CustomerID, ContactID: in.ContactID, OpportunityID: in.OpportunityID,
		OwnerID: in.OwnerID, ReceivingDeptID: in.ReceivingDeptID, CreatorID: p.me(),
		CustomFields: maps.Clone(in.CustomFields), Members: []Member{},
	}
	if t.CustomFields == nil {
		t.CustomFields = map[string]any{}
	}
	if t.Origin == "" {
		t.Origin = actor.Origin
	}
	if tpl != nil {
		t.TemplateID, t.TemplateVersion, t.DispatchMode = tpl.ID, tpl.Version, tpl.DispatchMode
	}
	for _, m := range in.Team {
		t.setMember(m)
	}
	return t
}

func (s *TicketService) defaults(t *Ticket, tpl *Template) {
	if t.Priority == "" {
		t.Priority = PriorityNormal
		if tpl != nil && tpl.DefaultPriority != "" {
			t.Priority = tpl.DefaultPriority
		}
	}
	if t.Type == "" {
		t.Type = TypeQuestion
		if tpl != nil && tpl.DefaultType != "" {
			t.Type = tpl.DefaultType
		}
	}
	if tpl == nil {
		return
	}
	for _, f := range tpl.Fields {
		if _, given := t.CustomFields[f.Key]; !given && f.Default != nil {
			t.CustomFields[f.Key] = f.Default
		}
	}
}

// checkPlacement checks the receiver and department a creator chose.
func checkPlacement(x *OrgIndex, t *Ticket, bad map[string]string) {
	if t.OwnerID != 0 {
		if u, ok := x.User(t.OwnerID); !ok || !u.Enabled {
			bad["owner_id"] = "must be an enabled member"
		}
	}
	if t.ReceivingDeptID != 0 {
		if d, ok := x.Dept(t.ReceivingDeptID); !ok || d.Kind == DeptPlain {
			bad["receiving_dept_id"] = "must be a region, branch or outsourced provider"
		}
	}
}

// insert numbers, places, schedules and stores a validated ticket.
func (s *TicketService) insert(ctx context.Context, x *OrgIndex, t *Ticket) error {
	now := s.now()
	t.CreatedAt, t.UpdatedAt = now, now
	day := now.In(s.d.Calendar.Location()).Format("20060102")
	seq, err := s.d.Tickets.NextTicketNumber(ctx, day)
	if err != nil {
		return fmt.Errorf("ticket number: %w", err)
	}
	t.Number = fmt.Sprintf("GD%s-%04d", day, seq)
	if err := s.place(ctx, x, t); err != nil {
		return err
	}
	if err := s.schedule(ctx, t); err != nil {
		return err
	}
	return s.d.Tickets.InsertTicket(ctx, t)
}

// checkLinks adds problems with the ticket's customer, contact and
// opportunity when they are new or changed (old is nil on create). Without
// a CRM wired in, references are not checked.
func (s *TicketService) checkLinks(ctx context.Context, old, t *Ticket, bad map[string]string) error {
	if s.d.Customers == nil {
		return nil
	}
	if old != nil && old.CustomerID == t.CustomerID && old.ContactID == t.ContactID && old.OpportunityID == t.OpportunityID {
		return nil
	}
	found, err := s.d.Customers.CheckLinks(ctx, t.CustomerID, t.ContactID, t.OpportunityID)
	for k, v := range found {
		bad[k] = v
	}
	return err
}

// chatContact makes a customer's only contact the contact of a ticket
// filed in chat with that customer and no contact. Chat has no contact
// picker, and a ticket without a contact never tells the customer
// anything; with several contacts there is no safe guess. Elsewhere a form
// offers the contacts, so an empty one there is the creator's choice.
func (s *TicketService) chatContact(ctx context.Context, t *Ticket) error {
	if s.d.Customers == nil || t.Origin != OriginWeComChat || t.CustomerID == 0 || t.ContactID != 0 {
		return nil
	}
	id, err := s.d.Customers.SoleContact(ctx, t.CustomerID)
	t.ContactID = id
	return err
}
