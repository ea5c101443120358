package service

import (
	"context"
	"strings"
)

// Lookup bounds.
const (
	defaultLookupLimit = 20
	maxLookupLimit     = 50
)

// LookupMode returns how customer lookups match now.
func (s *CRMService) LookupMode(ctx context.Context) (LookupMode, error) {
	x, err := s.org.Index(ctx)
	if err != nil {
		return "", err
	}
	return lookupMode(x), nil
}

func lookupMode(x *OrgIndex) LookupMode {
	if LookupMode(x.Setting(SettingCRMLookupMode)) == LookupExact {
		return LookupExact
	}
	return LookupFuzzy
}

// SetLookupMode changes the lookup mode (admin only).
func (s *CRMService) SetLookupMode(ctx context.Context, actor Actor, mode LookupMode) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	_, err := s.org.Apply(ctx, OrgSnapshot{Settings: map[string]string{SettingCRMLookupMode: string(mode)}}, ApplyOptions{})
	return err
}

// LookupCustomers finds customers by name, number or phone (a contact's
// phone finds its customer too). In exact mode the whole value must match,
// except for the actor's own and their subordinates' customers; admins
// always match fuzzily.
func (s *CRMService) LookupCustomers(ctx context.Context, actor Actor, term string, limit int) ([]Customer, error) {
	return lookup(ctx, s, actor, term, limit, s.store.FindCustomers)
}

// LookupContacts finds contacts by name, phone or email, fuzzily or
// exactly as LookupCustomers does; the own customers exact mode still
// matches fuzzily are those of the contact's customer.
func (s *CRMService) LookupContacts(ctx context.Context, actor Actor, term string, limit int) ([]Contact, error) {
	return lookup(ctx, s, actor, term, limit, s.store.FindContacts)
}

// LookupOpportunities finds deals by name, fuzzily or exactly as
// LookupCustomers does; exact mode still matches fuzzily the deals the
// actor or a subordinate owns, and those of their customers.
func (s *CRMService) LookupOpportunities(ctx context.Context, actor Actor, term string, limit int) ([]Opportunity, error) {
	return lookup(ctx, s, actor, term, limit, s.store.FindOpportunities)
}

// lookup checks the term and asks find with the match the lookup mode
// allows the actor.
func lookup[T any](ctx context.Context, s *CRMService, actor Actor, term string, limit int,
	find func(context.Context, CRMMatch) ([]T, error),
) ([]T, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	term = strings.TrimSpace(term)
	bad := map[string]string{}
	if checkLen(bad, "term", term, 1, maxCustomerName); len(bad) > 0 {
		return nil, Invalid(bad)
	}
	m := CRMMatch{Term: term, Phone: phoneTerm(term), Limit: clampLimit(limit, defaultLookupLimit, maxLookupLimit)}
	switch {
	case lookupMode(x) == LookupFuzzy || u.HasRole(RoleAdmin):
		m.Fuzzy = true
	default:
		m.FuzzyOwners = append([]int64{u.ID}, x.Subordinates(u.ID)...)
	}
	return find(ctx, m)
}

// ContactByExternalUserID returns the contact WeCom knows by this
// external_userid, with its customer: how a message from a customer's
// WeCom account finds who they are.
func (s *CRMService) ContactByExternalUserID(ctx context.Context, actor Actor, externalUserID string) (*Contact, *Customer, error) {
	if _, _, err := staffMember(ctx, s.org, actor); err != nil {
		return nil, nil, err
	}
	c, err := s.store.ContactByExternalUserID(ctx, externalUserID)
	if IsKind(err, KindNotFound) {
		return nil, nil, E(KindNotFound, "contact.not_found", "no contact has WeCom id %q", externalUserID)
	}
	if err != nil {
		return nil, nil, err
	}
	cu, err := s.customer(ctx, c.CustomerID)
	if err != nil {
		return nil, nil, err
	}
	return c, cu, nil
}

// phoneTerm returns term as a phone number when it reads as one (digits
// with phone punctuation, at least three digits), else "".
func phoneTerm(term string) string {
	if strings.Trim(term, "0123456789+-() ") != "" {
		return ""
	}
	if p := normalizePhone(term); len(strings.TrimPrefix(p, "+")) >= 3 {
		return p
	}
	return ""
}

// clampLimit returns def for a non-positive n and at most hi.
func clampLimit(n, def, hi int) int {
	switch {
	case n <= 0:
		return def
	case n > hi:
		return hi
	}
	return n
}
