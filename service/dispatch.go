package service

import (
	"context"
	"fmt"
	"slices"
)

// place puts a new ticket where its dispatch mode says, in its own
// transaction: with a receiver chosen it is in progress with them; with a
// department chosen it waits in that department's queue; otherwise the
// automatic rules get a try, and failing them the ticket waits in its
// mode's queue (mode 2: the service managers', mode 4: pending allocation)
// or, with no template, the creator handles it.
//
// A ticket waiting in a queue is its creator's until dispatch hands it to
// an engineer ("with none of that applying, the creator owns it"): it is in
// their 我负责的 and 未解决的, and they may still correct it. It has no
// handler yet (Handler), so workload counts leave it out.
func (s *TicketService) place(ctx context.Context, x *OrgIndex, t *Ticket) error {
	defer func() {
		if t.Status.Queued() {
			t.OwnerID = t.CreatorID
		}
		t.follow(t.CreatorID) // whoever recorded it keeps reading it
	}()
	switch {
	case t.OwnerID != 0:
		assign(t, t.OwnerID)
		return nil
	case t.ReceivingDeptID != 0:
		t.Status = StatusPendingDispatch
		return nil
	}
	placed, err := s.autoDispatch(ctx, x, t)
	if err != nil || placed {
		return err
	}
	switch t.DispatchMode {
	case DispatchByServiceManager:
		t.Status = StatusPendingDispatch
	case DispatchAllocateThenRegion:
		t.Status = StatusPendingAllocation
	default:
		assign(t, t.CreatorID)
	}
	return nil
}

// assign makes user the ticket's handler.
func assign(t *Ticket, user int64) {
	t.OwnerID, t.ReceiverID, t.Status = user, user, StatusInProgress
	t.follow(t.CreatorID)
	// Someone who follows as a reader becomes the owner: drop the follow.
	t.Members = slices.DeleteFunc(t.Members, func(m Member) bool { return m.UserID == user && m.Role == MemberTeam && m.Access == AccessRead })
}

func (s *TicketService) autoDispatch(ctx context.Context, x *OrgIndex, t *Ticket) (bool, error) {
	rules, err := s.d.Rules.DispatchRules(ctx, true)
	if err != nil || len(rules) == 0 {
		return false, err
	}
	c := &customer{}
	if s.d.Customers != nil && t.CustomerID != 0 {
		if c.region, c.tags, err = s.d.Customers.CustomerFacts(ctx, t.CustomerID); err != nil {
			return false, fmt.Errorf("customer facts: %w", err)
		}
	}
	for _, r := range rules {
		if !r.matches(t, c) {
			continue
		}
		if r.TargetKind == PartyUser {
			if u, ok := x.User(r.TargetID); ok && u.Enabled {
				assign(t, u.ID)
				return true, nil
			}
			continue
		}
		if _, ok := x.Dept(r.TargetID); !ok {
			continue
		}
		t.ReceivingDeptID, t.Status = r.TargetID, StatusPendingDispatch
		if r.Strategy == RuleAllocate {
			return true, nil
		}
		pick, err := s.pickEngineer(ctx, x, r)
		if err != nil {
			return false, err
		}
		if pick != 0 {
			assign(t, pick)
		}
		return true, nil
	}
	return false, nil
}

// pickEngineer chooses among the enabled engineers of the rule's
// department and the departments below it; 0 when there are none (the
// ticket then waits in the department's queue).
func (s *TicketService) pickEngineer(ctx context.Context, x *OrgIndex, r *DispatchRule) (int64, error) {
	var pool []int64
	for _, d := range x.Subtree(r.TargetID) {
		for _, m := range x.DeptMembers(d) {
			if u, _ := x.User(m); u != nil && u.Enabled && u.HasRole(RoleEngineer) {
				pool = append(pool, m)
			}
		}
	}
	slices.Sort(pool)
	pool = slices.Compact(pool)
	if len(pool) == 0 {
		return 0, nil
	}
	if r.Strategy == RuleLeastLoad {
		load, err := s.d.Tickets.OpenLoad(ctx, pool)
		if err != nil {
			return 0, err
		}
		best := pool[0]
		for _, id := range pool[1:] {
			if load[id] < load[best] {
				best = id
			}
		}
		return best, nil
	}
	last, err := s.d.Rules.LockRuleCursor(ctx, r.ID)
	if err != nil {
		return 0, err
	}
	next := pool[0]
	if i, _ := slices.BinarySearch(pool, last+1); i < len(pool) {
		next = pool[i]
	}
	return next, s.d.Rules.SetRuleCursor(ctx, r.ID, next)
}

// allowQueue lets the people who work the queue the ticket waits in act
// on it (and admins).
func allowQueue(p *principal, t *Ticket) error {
	if p.admin || p.managesQueue(t) {
		return nil
	}
	if err := p.need(t, AccessRead); err != nil {
		return err
	}
	return E(KindForbidden, "ticket.not_your_queue", "ticket %d is not in a queue user %d works", t.ID, p.me())
}

// Allocate moves a pending-allocation ticket to a department's queue
// (mode 4); service managers and admins.
func (s *TicketService) Allocate(ctx context.Context, actor Actor, id, deptID int64) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionAllocate, allow: allowQueue,
		apply: func(_ context.Context, p *principal, _, n *Ticket) error {
			if d, ok := p.x.Dept(deptID); !ok || d.Kind == DeptPlain {
				return Invalid(map[string]string{"receiving_dept_id": "must be a region, branch or outsourced provider"})
			}
			n.ReceivingDeptID = deptID
			return nil
		}})
}

// DispatchInput names the handler and any assistants.
type DispatchInput struct {
	OwnerID    int64
	Assistants []int64
	Note       string
}

// Dispatch gives a pending-dispatch ticket to a person: the service
// managers for their queue (mode 2), a department's manager for its queue
// (modes 3 and 4), only to someone in that department. Admins too.
func (s *TicketService) Dispatch(ctx context.Context, actor Actor, id int64, in DispatchInput) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionDispatch, note: in.Note, allow: allowQueue,
		apply: func(_ context.Context, p *principal, _, n *Ticket) error {
			bad := map[string]string{}
			if u, ok := p.x.User(in.OwnerID); !ok || !u.Enabled {
				bad["owner_id"] = "must be an enabled member"
			} else if n.ReceivingDeptID != 0 && !p.admin && !inSubtree(p.x, n.ReceivingDeptID, u) {
				bad["owner_id"] = "must belong to the receiving department"
			}
			addAssistants(p.x, n, in.Assistants, bad)
			if len(bad) > 0 {
				return Invalid(bad)
			}
			assign(n, in.OwnerID)
			return nil
		}})
}

func inSubtree(x *OrgIndex, dept int64, u *User) bool {
	tree := x.Subtree(dept)
	return slices.ContainsFunc(u.DeptIDs, func(d int64) bool { return slices.Contains(tree, d) })
}

// addAssistants adds read-write assistants, reporting unknown people.
func addAssistants(x *OrgIndex, n *Ticket, ids []int64, bad map[string]string) {
	for _, id := range ids {
		if u, ok := x.User(id); !ok || !u.Enabled {
			bad["assistants"] = fmt.Sprintf("user %d is not an enabled member", id)
			continue
		}
		n.setMember(Member{UserID: id, Role: MemberAssistant, Access: AccessWrite})
	}
}
