package service

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// RuleStrategy picks an engineer when a rule targets a department.
type RuleStrategy string

// The strategies. RuleAllocate only puts the ticket in the department's
// queue; the others dispatch it to one of the department's engineers.
const (
	RuleAllocate   RuleStrategy = "allocate"
	RuleRoundRobin RuleStrategy = "round_robin"
	RuleLeastLoad  RuleStrategy = "least_load" // fewest open tickets owned
)

// RuleStrategies are the strategies a department target may use, in the
// order forms offer them.
var RuleStrategies = []RuleStrategy{RuleAllocate, RuleRoundRobin, RuleLeastLoad}

// RuleConditions must all hold for a rule to match; an empty list holds
// for every ticket.
type RuleConditions struct {
	TemplateIDs []int64      `json:"template_ids,omitempty"`
	Types       []TicketType `json:"types,omitempty"`
	Priorities  []Priority   `json:"priorities,omitempty"`
	Products    []string     `json:"products,omitempty"`
	Regions     []string     `json:"customer_regions,omitempty"` // needs CustomerFacts
	Tags        []string     `json:"customer_tags,omitempty"`    // any one tag matches
}

// DispatchRule allocates or dispatches new tickets automatically. Rules
// are tried in Position order; the first that matches and can place the
// ticket wins.
type DispatchRule struct {
	ID         int64
	Name       string
	Position   int
	Enabled    bool
	When       RuleConditions
	TargetKind PartyKind // user or dept
	TargetID   int64
	Strategy   RuleStrategy // for a dept target
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// customer is what rules know of a ticket's customer, fetched once.
type customer struct {
	region string
	tags   []string
}

func (r *DispatchRule) matches(t *Ticket, c *customer) bool {
	w := r.When
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	return (len(w.TemplateIDs) == 0 || slices.Contains(w.TemplateIDs, t.TemplateID)) &&
		(len(w.Types) == 0 || slices.Contains(w.Types, t.Type)) &&
		(len(w.Priorities) == 0 || slices.Contains(w.Priorities, t.Priority)) &&
		in(w.Products, t.Product) && in(w.Regions, c.region) &&
		(len(w.Tags) == 0 || slices.ContainsFunc(c.tags, func(tag string) bool { return slices.Contains(w.Tags, tag) }))
}

// RuleService lets admins manage automatic dispatch rules.
type RuleService struct {
	org   *OrgService
	store DispatchRuleStore
	now   func() time.Time
}

// NewRuleService wires the rule administration.
func NewRuleService(org *OrgService, store DispatchRuleStore) *RuleService {
	return &RuleService{org: org, store: store, now: time.Now}
}

// Save creates (ID 0) or replaces a rule (admin only).
func (s *RuleService) Save(ctx context.Context, actor Actor, r DispatchRule) (*DispatchRule, error) {
	x, err := requireAdmin(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	bad := map[string]string{}
	if r.Name == "" {
		bad["name"] = "required"
	}
	checkParty(x, bad, "target", r.TargetKind, r.TargetID, false)
	switch {
	case r.TargetKind == PartyUser && r.Strategy != "":
		bad["strategy"] = "only a department target has a strategy"
	case r.TargetKind == PartyDept && !slices.Contains(RuleStrategies, r.Strategy):
		bad["strategy"] = "must be allocate, round_robin or least_load"
	}
	for _, p := range r.When.Priorities {
		if !p.Valid() {
			bad["when.priorities"] = "unknown priority"
		}
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	if r.ID == 0 {
		r.CreatedAt = now
	}
	r.UpdatedAt = now
	if err := s.store.SaveDispatchRule(ctx, &r); err != nil {
		return nil, fmt.Errorf("save dispatch rule: %w", err)
	}
	return &r, nil
}

// Delete removes a rule (admin only).
func (s *RuleService) Delete(ctx context.Context, actor Actor, id int64) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	return s.store.DeleteDispatchRule(ctx, id)
}

// List returns every rule in order (admin only).
func (s *RuleService) List(ctx context.Context, actor Actor) ([]*DispatchRule, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	return s.store.DispatchRules(ctx, false)
}
