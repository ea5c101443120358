package service

import (
	"context"
)

// TicketPatch changes some of a ticket's own fields; nil leaves a field as
// it is. CustomFields are merged in; a nil value clears that field.
type TicketPatch struct {
	Subject         *string
	Description     *string
	InternalComment *string
	Reason          *string
	Product         *string
	Priority        *Priority
	Type            *TicketType
	CustomerID      *int64
	ContactID       *int64
	OpportunityID   *int64
	CustomFields    map[string]any
}

func (pt TicketPatch) applyTo(n *Ticket) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&n.Subject, pt.Subject)
	set(&n.Description, pt.Description)
	set(&n.InternalComment, pt.InternalComment)
	set(&n.Reason, pt.Reason)
	set(&n.Product, pt.Product)
	setID := func(dst *int64, src *int64) {
		if src != nil {
			*dst = *src
		}
	}
	setID(&n.CustomerID, pt.CustomerID)
	setID(&n.ContactID, pt.ContactID)
	setID(&n.OpportunityID, pt.OpportunityID)
	if pt.Priority != nil {
		n.Priority = *pt.Priority
	}
	if pt.Type != nil {
		n.Type = *pt.Type
	}
	if n.CustomFields == nil {
		n.CustomFields = map[string]any{}
	}
	for k, v := range pt.CustomFields {
		if v == nil {
			delete(n.CustomFields, k)
		} else {
			n.CustomFields[k] = v
		}
	}
}

// Update changes a ticket's fields if it is still at version (optimistic
// locking: of two concurrent updates from the same version exactly one
// wins, the other gets a KindConflict). The result is validated against
// the ticket's template version, every bad field at once.
func (s *TicketService) Update(ctx context.Context, actor Actor, id, version int64, patch TicketPatch) (*Ticket, error) {
	if version <= 0 {
		return nil, Invalid(map[string]string{"version": "required: the version you last read"})
	}
	return s.mutate(ctx, actor, id, change{action: ActionEdit, version: version,
		apply: func(ctx context.Context, p *principal, t, n *Ticket) error {
			patch.applyTo(n)
			tpl, err := s.templateOf(ctx, n)
			if err != nil {
				return err
			}
			bad := map[string]string{}
			checkStandard(tpl, t, n, bad)
			s.checkValues(n, tpl, p.x, bad)
			if err := s.checkLinks(ctx, t, n, bad); err != nil {
				return err
			}
			if len(bad) > 0 {
				return Invalid(bad)
			}
			return nil
		}})
}

// templateOf returns the template version the ticket was created with.
func (s *TicketService) templateOf(ctx context.Context, t *Ticket) (*Template, error) {
	if t.TemplateID == 0 {
		return nil, nil
	}
	return s.d.Templates.Template(ctx, t.TemplateID, t.TemplateVersion)
}

// Clone creates a new ticket from an existing one the actor may read, with
// the patch applied. The copy uses the template's current version and is
// placed anew; the receiver and department are copied where the template
// lets a creator choose them.
func (s *TicketService) Clone(ctx context.Context, actor Actor, id int64, patch TicketPatch) (*Created, error) {
	_, src, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	c := src.clone()
	patch.applyTo(c)
	in := NewTicket{TemplateID: c.TemplateID, Subject: c.Subject, Description: c.Description,
		InternalComment: c.InternalComment, Priority: c.Priority, Type: c.Type, Origin: c.Origin, Reason: c.Reason,
		Product: c.Product, CustomerID: c.CustomerID, ContactID: c.ContactID, OpportunityID: c.OpportunityID,
		CustomFields: c.CustomFields}
	if c.TemplateID != 0 {
		tpl, err := s.d.Templates.Template(ctx, c.TemplateID, 0)
		if err != nil {
			return nil, err
		}
		if !tpl.rule(StdOwner).Hidden {
			in.OwnerID = src.OwnerID
		}
		if !tpl.rule(StdReceivingDept).Hidden {
			in.ReceivingDeptID = src.ReceivingDeptID
		}
	}
	return s.Create(ctx, actor, in)
}
