package service

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// maxCostRules bounds one template's rule list.
const maxCostRules = 50

// SetCostRules replaces a template's cost attribution rules (admin only);
// every bad rule is reported at once.
func (s *CostService) SetCostRules(ctx context.Context, actor Actor, templateID int64, rules []CostRule) error {
	x, err := requireAdmin(ctx, s.gate.tickets.d.Org, actor)
	if err != nil {
		return err
	}
	if _, err := s.gate.tickets.d.Templates.Template(ctx, templateID, 0); err != nil {
		if IsKind(err, KindNotFound) {
			return Invalid(map[string]string{"template_id": "no such template"})
		}
		return err
	}
	bad := map[string]string{}
	if len(rules) > maxCostRules {
		bad["rules"] = fmt.Sprintf("at most %d rules", maxCostRules)
	}
	for i, r := range rules {
		at := fmt.Sprintf("rules[%d]", i)
		if r.Kind != "" && !r.Kind.Valid() {
			bad[at+".kind"] = "unknown cost kind"
		}
		switch r.Target {
		case CostToOwner, CostToCreator, CostToOwnerDept, CostToReceivingDept:
		case CostToDept:
			if _, ok := x.Dept(r.TargetID); !ok {
				bad[at+".target_id"] = "no such department"
			}
		case CostToUser:
			if _, ok := x.User(r.TargetID); !ok {
				bad[at+".target_id"] = "no such user"
			}
		case CostToProject:
			checkLen(bad, at+".project", r.Project, 1, 64)
		default:
			bad[at+".target"] = "unknown target"
		}
	}
	if len(bad) > 0 {
		return Invalid(bad)
	}
	return s.store.ReplaceCostRules(ctx, templateID, rules)
}

// CostRules returns a template's cost rules in order (admin only).
func (s *CostService) CostRules(ctx context.Context, actor Actor, templateID int64) ([]CostRule, error) {
	if _, err := requireAdmin(ctx, s.gate.tickets.d.Org, actor); err != nil {
		return nil, err
	}
	return s.store.CostRules(ctx, templateID)
}

// maxCostDays bounds a totals query to about a year.
const maxCostDays = 366

// CostTotals sums the costs incurred from one day to another (inclusive,
// yyyy-mm-dd) by group. Admins and service managers see every item;
// others the items attributed to themselves, their subordinates, or the
// departments they lead and those below them.
func (s *CostService) CostTotals(ctx context.Context, actor Actor, from, to string, by CostGroup) ([]CostTotal, error) {
	x, u, err := s.gate.member(ctx, actor)
	if err != nil {
		return nil, err
	}
	bad := map[string]string{}
	start, err1 := time.Parse(DayLayout, from)
	end, err2 := time.Parse(DayLayout, to)
	switch {
	case err1 != nil || err2 != nil:
		bad["from"] = "from and to must be days as yyyy-mm-dd"
	case end.Before(start) || end.Sub(start) > maxCostDays*24*time.Hour:
		bad["to"] = fmt.Sprintf("must be from 0 to %d days after from", maxCostDays)
	}
	if !slices.Contains([]CostGroup{CostByDept, CostByPerson, CostByProject, CostByKind, CostByDay, CostByMonth}, by) {
		bad["by"] = "must be dept, person, project, kind, day or month"
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	scope := CostScope{All: u.HasRole(RoleAdmin) || u.HasRole(RoleServiceManager)}
	if !scope.All {
		scope.UserIDs = append([]int64{u.ID}, x.Subordinates(u.ID)...)
		for _, d := range x.LedDepts(u.ID) {
			scope.DeptIDs = append(scope.DeptIDs, x.Subtree(d)...)
		}
		slices.Sort(scope.DeptIDs)
		scope.DeptIDs = slices.Compact(scope.DeptIDs)
	}
	return s.store.CostTotals(ctx, from, to, by, scope)
}
