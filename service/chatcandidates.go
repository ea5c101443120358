package service

import (
	"cmp"
	"context"
	"slices"
)

// DispatchCandidates returns the engineers a ticket in a dispatch queue
// can go to: the enabled engineers of its receiving department and the
// departments below it, or every enabled engineer for the service
// managers' queue. The chat offers them as one-tap choices; Dispatch
// still decides.
func (s *TicketService) DispatchCandidates(ctx context.Context, actor Actor, id int64) ([]*User, error) {
	p, t, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	var pool []int64
	if t.ReceivingDeptID == 0 {
		pool = p.x.UsersWithRole(RoleEngineer)
	} else {
		for _, d := range p.x.Subtree(t.ReceivingDeptID) {
			pool = append(pool, p.x.DeptMembers(d)...)
		}
	}
	out := []*User{}
	for _, uid := range union(pool) {
		if u, ok := p.x.User(uid); ok && u.Enabled && u.HasRole(RoleEngineer) {
			out = append(out, u)
		}
	}
	return out, nil
}

// ReceivingDepartments returns the departments tickets can be allocated
// or transferred to (regions, branches, outsourced providers), in org
// order.
func (s *TicketService) ReceivingDepartments(ctx context.Context) ([]*Department, error) {
	x, err := s.d.Org.Index(ctx)
	if err != nil {
		return nil, err
	}
	out := []*Department{}
	for _, d := range x.Departments() {
		if d.Kind != DeptPlain {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b *Department) int {
		return cmp.Or(cmp.Compare(a.ParentID, b.ParentID), cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
