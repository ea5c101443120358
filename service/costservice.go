package service

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// CostService records ticket costs for internal settlement and sums them.
type CostService struct {
	tx    TxRunner
	store CostStore
	gate  ticketGate
	loc   *time.Location // whose calendar days items fall on
}

// NewCostService wires costs on the ticket service's permission rule and
// timeline; days are China time, as the business calendar's.
func NewCostService(tx TxRunner, store CostStore, tickets *TicketService) *CostService {
	return &CostService{tx: tx, store: store, gate: ticketGate{tickets}, loc: DefaultBusinessHours().Location}
}

// NewCost is a cost to add. With no DeptID, Project or UserID the ticket's
// template rules attribute it, else the fallback (see CostSource).
type NewCost struct {
	TicketID    int64
	Kind        CostKind
	AmountCents int64
	Note        string
	IncurredOn  string // yyyy-mm-dd; empty: today
	DeptID      int64
	Project     string
	UserID      int64
}

// Add records a cost on a ticket the actor may change, with a timeline
// entry. Closed tickets take costs (settlement comes after the work).
func (s *CostService) Add(ctx context.Context, actor Actor, in NewCost) (*CostItem, error) {
	var out *CostItem
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		t, err := s.gate.openForChange(ctx, actor, in.TicketID, ActionCost)
		if err != nil {
			return err
		}
		x, err := s.gate.org(ctx)
		if err != nil {
			return err
		}
		now := s.gate.now()
		c := &CostItem{TicketID: t.ID, Kind: in.Kind, AmountCents: in.AmountCents, Note: strings.TrimSpace(in.Note),
			DeptID: in.DeptID, Project: strings.TrimSpace(in.Project), UserID: in.UserID, AttributedBy: CostManual,
			IncurredOn: in.IncurredOn, CreatedBy: actor.UserID, CreatedAt: now}
		if c.IncurredOn == "" {
			c.IncurredOn = now.In(s.loc).Format(DayLayout)
		}
		bad := checkCost(x, c)
		if c.DeptID == 0 && c.Project == "" && c.UserID == 0 && len(bad) == 0 {
			if err := s.attribute(ctx, x, t, c); err != nil {
				return err
			}
		}
		if c.UserID != 0 && c.DeptID == 0 {
			if u, ok := x.User(c.UserID); ok {
				c.DeptID = u.MainDeptID
			}
		}
		if len(bad) > 0 {
			return Invalid(bad)
		}
		if err := s.store.InsertCost(ctx, c); err != nil {
			return err
		}
		out = c
		return s.gate.note(ctx, actor, t, ActionCost, map[string]any{"cost_id": c.ID, "kind": c.Kind,
			"amount_cents": c.AmountCents, "dept_id": c.DeptID, "user_id": c.UserID, "project": c.Project})
	})
	return out, err
}

func checkCost(x *OrgIndex, c *CostItem) map[string]string {
	bad := map[string]string{}
	if !c.Kind.Valid() {
		bad["kind"] = "must be parts, labour, travel, commission or other"
	}
	if c.AmountCents == 0 || c.AmountCents > maxAmountCents || c.AmountCents < -maxAmountCents {
		bad["amount_cents"] = "must be a non-zero number of cents"
	}
	checkLen(bad, "note", c.Note, 0, 255)
	checkLen(bad, "project", c.Project, 0, 64)
	if _, err := time.Parse(DayLayout, c.IncurredOn); err != nil {
		bad["incurred_on"] = "must be a day as yyyy-mm-dd"
	}
	if _, ok := x.Dept(c.DeptID); c.DeptID != 0 && !ok {
		bad["dept_id"] = "no such department"
	}
	if _, ok := x.User(c.UserID); c.UserID != 0 && !ok {
		bad["user_id"] = "no such user"
	}
	return bad
}

// attribute applies the first of the template's rules that matches the
// item and names somebody, else the fallback.
func (s *CostService) attribute(ctx context.Context, x *OrgIndex, t *Ticket, c *CostItem) error {
	var rules []CostRule
	if t.TemplateID != 0 {
		var err error
		if rules, err = s.store.CostRules(ctx, t.TemplateID); err != nil {
			return fmt.Errorf("cost rules of template %d: %w", t.TemplateID, err)
		}
	}
	c.AttributedBy = CostByRule
	for _, r := range rules {
		if (r.Kind == "" || r.Kind == c.Kind) && r.apply(x, t, c) {
			return nil
		}
	}
	c.AttributedBy = CostFallback
	if !(CostRule{Target: CostToOwner}).apply(x, t, c) && !(CostRule{Target: CostToReceivingDept}).apply(x, t, c) {
		return Invalid(map[string]string{"dept_id": "the ticket has no owner or department to charge: name one"})
	}
	return nil
}

// apply attributes c by the rule and reports whether it named somebody.
func (r CostRule) apply(x *OrgIndex, t *Ticket, c *CostItem) bool {
	person := func(id int64) bool {
		if u, ok := x.User(id); ok {
			c.UserID, c.DeptID = u.ID, u.MainDeptID
			return true
		}
		return false
	}
	dept := func(id int64) bool {
		_, ok := x.Dept(id)
		if ok {
			c.DeptID = id
		}
		return ok
	}
	switch r.Target {
	case CostToOwner:
		return person(t.Handler())
	case CostToCreator:
		return person(t.CreatorID)
	case CostToUser:
		return person(r.TargetID)
	case CostToOwnerDept:
		u, ok := x.User(t.Handler())
		return ok && dept(u.MainDeptID)
	case CostToReceivingDept:
		return dept(t.ReceivingDeptID)
	case CostToDept:
		return dept(r.TargetID)
	case CostToProject:
		c.Project = r.Project
		return r.Project != ""
	}
	return false
}

// List returns the costs of a ticket and of the duplicates merged into
// it, oldest first.
func (s *CostService) List(ctx context.Context, actor Actor, ticketID int64) ([]CostItem, error) {
	ids, err := s.gate.family(ctx, actor, ticketID)
	if err != nil {
		return nil, err
	}
	return s.store.Costs(ctx, ids)
}
