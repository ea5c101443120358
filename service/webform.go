package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// WebForm is a public web-to-case form: anyone with its URL (the token is
// the secret part) may raise a ticket from its template. Tickets are
// created as the admin who made the form, with origin web_form.
type WebForm struct {
	ID              int64
	Token           string
	Name            string
	TemplateID      int64
	OwnerID         int64 // the receiver, for a template where the creator picks one (mode 1)
	ReceivingDeptID int64 // the department, for a template where the creator picks one (mode 3)
	CustomerID      int64 // the customer submissions are filed under, when the template needs one
	Enabled         bool
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// WebFormStore persists web forms. repo implements it.
type WebFormStore interface {
	InsertWebForm(ctx context.Context, f *WebForm) error
	UpdateWebForm(ctx context.Context, f *WebForm) error
	// WebForm and WebFormByToken return one form, or KindNotFound.
	WebForm(ctx context.Context, id int64) (*WebForm, error)
	WebFormByToken(ctx context.Context, token string) (*WebForm, error)
	WebForms(ctx context.Context) ([]*WebForm, error)
}

// WebFormLimits bound public submissions per client address.
type WebFormLimits struct {
	PerIP  int           // submissions per window; zero: 10
	Window time.Duration // zero: 10 minutes
}

// WebFormService runs web-to-case: admins manage forms, the public
// submits them.
type WebFormService struct {
	store   WebFormStore
	org     *OrgService
	tickets *TicketService
	kv      SessionStore
	limits  WebFormLimits
	now     func() time.Time
}

// NewWebFormService wires web-to-case on the ticket service.
func NewWebFormService(store WebFormStore, org *OrgService, tickets *TicketService, kv SessionStore, limits WebFormLimits) *WebFormService {
	if limits.PerIP <= 0 {
		limits.PerIP = 10
	}
	if limits.Window <= 0 {
		limits.Window = 10 * time.Minute
	}
	return &WebFormService{store: store, org: org, tickets: tickets, kv: kv, limits: limits, now: time.Now}
}

// Create adds a form (admin only) with a fresh token.
func (s *WebFormService) Create(ctx context.Context, actor Actor, f WebForm) (*WebForm, error) {
	x, err := requireAdmin(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	if err := s.check(ctx, x, &f); err != nil {
		return nil, err
	}
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	f.ID, f.Token, f.Enabled, f.CreatedBy, f.CreatedAt, f.UpdatedAt = 0, hex.EncodeToString(tok), true, actor.UserID, now, now
	if err := s.store.InsertWebForm(ctx, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Update changes a form's settings (admin only); its token stays.
func (s *WebFormService) Update(ctx context.Context, actor Actor, f WebForm) (*WebForm, error) {
	x, err := requireAdmin(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	cur, err := formFound(s.store.WebForm(ctx, f.ID))
	if err != nil {
		return nil, err
	}
	if err := s.check(ctx, x, &f); err != nil {
		return nil, err
	}
	f.Token, f.CreatedBy, f.CreatedAt, f.UpdatedAt = cur.Token, cur.CreatedBy, cur.CreatedAt, s.now().UTC().Truncate(time.Millisecond)
	if err := s.store.UpdateWebForm(ctx, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// List returns every form (admin only).
func (s *WebFormService) List(ctx context.Context, actor Actor) ([]*WebForm, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	return s.store.WebForms(ctx)
}

// check validates what an admin set: the template must exist, and the
// form must fill what the template requires and a visitor cannot.
func (s *WebFormService) check(ctx context.Context, x *OrgIndex, f *WebForm) error {
	bad := map[string]string{}
	f.Name = strings.TrimSpace(f.Name)
	checkLen(bad, "name", f.Name, 1, 128)
	tpl, err := s.tickets.d.Templates.Template(ctx, f.TemplateID, 0)
	switch {
	case IsKind(err, KindNotFound) || (err == nil && !tpl.Enabled):
		bad["template_id"] = "no such template"
	case err != nil:
		return err
	default:
		if tpl.rule(StdOwner).Required && f.OwnerID == 0 {
			bad["owner_id"] = "this template needs a receiver"
		}
		if tpl.rule(StdReceivingDept).Required && f.ReceivingDeptID == 0 {
			bad["receiving_dept_id"] = "this template needs a department"
		}
		if tpl.rule(StdCustomer).Required && f.CustomerID == 0 {
			bad["customer_id"] = "this template needs a customer, which a visitor cannot choose"
		}
		for _, std := range []StdField{StdContact, StdOpportunity} {
			if tpl.rule(std).Required {
				bad["template_id"] = "the template requires " + string(std) + ", which a visitor cannot give"
			}
		}
	}
	if u, ok := x.User(f.OwnerID); f.OwnerID != 0 && (!ok || !u.Enabled) {
		bad["owner_id"] = "must be an enabled member"
	}
	if d, ok := x.Dept(f.ReceivingDeptID); f.ReceivingDeptID != 0 && (!ok || d.Kind == DeptPlain) {
		bad["receiving_dept_id"] = "must be a region, branch or outsourced provider"
	}
	return invalidIf(bad)
}

// formFound turns a store miss into the form's own not-found.
func formFound(f *WebForm, err error) (*WebForm, error) {
	if IsKind(err, KindNotFound) {
		return nil, E(KindNotFound, "webform.not_found", "no such form")
	}
	return f, err
}

// PublicForm is what a visitor's page shows: the form's name and the
// template fields to fill.
type PublicForm struct {
	Name     string
	Template *Template
}

// Public returns an enabled form by its token, for the public page.
func (s *WebFormService) Public(ctx context.Context, token string) (*PublicForm, error) {
	f, err := s.enabled(ctx, token)
	if err != nil {
		return nil, err
	}
	tpl, err := s.tickets.d.Templates.Template(ctx, f.TemplateID, 0)
	if err != nil {
		return nil, fmt.Errorf("template of form %d: %w", f.ID, err)
	}
	return &PublicForm{Name: f.Name, Template: tpl}, nil
}

func (s *WebFormService) enabled(ctx context.Context, token string) (*WebForm, error) {
	if token == "" || len(token) > 64 {
		return nil, E(KindNotFound, "webform.not_found", "no such form")
	}
	f, err := formFound(s.store.WebFormByToken(ctx, token))
	if err != nil {
		return nil, err
	}
	if !f.Enabled {
		return nil, E(KindNotFound, "webform.not_found", "form %d is disabled", f.ID)
	}
	return f, nil
}
