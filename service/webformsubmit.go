package service

import (
	"context"
	"net/mail"
	"strings"
)

// Submission is what a visitor fills in on a public form. Website is the
// honeypot: a field people never see, so only a bot fills it.
type Submission struct {
	Subject      string
	Description  string
	Product      string
	Name         string
	Phone        string
	Email        string
	CustomFields map[string]any
	Website      string
}

// Submit raises a ticket from a public form. Each client address gets
// WebFormLimits.PerIP submissions per window, counted before anything
// else so that guessing tokens costs the same as submitting.
func (s *WebFormService) Submit(ctx context.Context, token, clientIP string, in Submission) (*Ticket, error) {
	n, err := s.kv.Incr(ctx, "webform:ip:"+clientIP, s.limits.Window)
	if err != nil {
		return nil, err
	}
	if n > int64(s.limits.PerIP) {
		return nil, E(KindRateLimited, "webform.rate_limited", "%s sent %d forms in the window", clientIP, n)
	}
	f, err := s.enabled(ctx, token)
	if err != nil {
		return nil, err
	}
	bad := map[string]string{}
	if in.Website != "" {
		bad["website"] = "must be left empty"
	}
	in.Name, in.Phone, in.Email = strings.TrimSpace(in.Name), normalizePhone(in.Phone), strings.TrimSpace(in.Email)
	checkLen(bad, "name", in.Name, 1, maxPersonName)
	if in.Phone == "" && in.Email == "" {
		bad["phone"] = "give a phone number or an email address"
	}
	if in.Phone != "" && !phonePattern.MatchString(in.Phone) {
		bad["phone"] = "not a phone number"
	}
	if a, err := mail.ParseAddress(in.Email); in.Email != "" && (err != nil || a.Address != in.Email) {
		bad["email"] = "not an email address"
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	desc := strings.TrimSpace(in.Description) + "\n\n——\n提交人 / From: " + in.Name
	for _, v := range []string{in.Phone, in.Email} {
		if v != "" {
			desc += " · " + v
		}
	}
	c, err := s.tickets.Create(ctx, Actor{UserID: f.CreatedBy, Origin: OriginWebForm}, NewTicket{
		TemplateID: f.TemplateID, Subject: in.Subject, Description: strings.TrimSpace(desc), Product: in.Product,
		Origin: OriginWebForm, OwnerID: f.OwnerID, ReceivingDeptID: f.ReceivingDeptID, CustomerID: f.CustomerID,
		CustomFields: in.CustomFields,
	})
	if err != nil {
		return nil, err
	}
	return c.Ticket, nil
}
