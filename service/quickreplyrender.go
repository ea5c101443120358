package service

import (
	"context"
	"strings"
)

// replyContext is what a quick reply's variables are filled from.
type replyContext struct {
	t        *Ticket
	x        *OrgIndex
	me       *User
	lang     string
	customer string
}

// replyFillers are the variables a quick reply may use. A variable is
// written {{name}}; spaces inside the braces are allowed.
var replyFillers = map[string]func(c replyContext) string{
	"ticket.number":   func(c replyContext) string { return c.t.Number },
	"ticket.subject":  func(c replyContext) string { return c.t.Subject },
	"ticket.status":   func(c replyContext) string { return StateLabel(StateOf(c.t), c.lang) },
	"ticket.priority": func(c replyContext) string { return priorityLabel(c.t.Priority, c.lang) },
	"ticket.product":  func(c replyContext) string { return c.t.Product },
	"owner.name":      func(c replyContext) string { return userName(c.x, c.t.OwnerID) },
	"me.name":         func(c replyContext) string { return c.me.Name },
	"customer.name":   func(c replyContext) string { return c.customer },
}

// CustomerNames finds a customer's name for quick replies; the CRM
// implements it.
type CustomerNames interface {
	Customer(ctx context.Context, id int64) (*Customer, error)
}

// Render fills a quick reply's variables from a ticket the actor may
// read, in lang ("en" or Chinese). A reply or ticket out of the actor's
// reach is not found.
func (s *QuickReplyService) Render(ctx context.Context, actor Actor, id, ticketID int64, lang string) (string, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return "", err
	}
	r, err := s.visible(ctx, x, u, id)
	if err != nil {
		return "", err
	}
	d, err := s.tickets.Get(ctx, actor, ticketID)
	if err != nil {
		return "", err
	}
	c := replyContext{t: d.Ticket, x: x, me: u, lang: NoticeLang(lang)}
	if s.customers != nil && d.CustomerID != 0 {
		if cu, err := s.customers.Customer(ctx, d.CustomerID); err == nil {
			c.customer = cu.Name
		} else if !IsKind(err, KindNotFound) {
			return "", err
		}
	}
	return replyVariable.ReplaceAllStringFunc(r.Body, func(m string) string {
		name := strings.TrimSpace(strings.Trim(m, "{}"))
		if fill, ok := replyFillers[name]; ok {
			return fill(c)
		}
		return m
	}), nil
}

func userName(x *OrgIndex, id int64) string {
	if u, ok := x.User(id); ok {
		return u.Name
	}
	return ""
}
