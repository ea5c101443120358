package service

import (
	"context"
	"fmt"
	"slices"
)

// principal is what the org and the sharing rules say about one actor,
// worked out once per request. Authorize (one ticket) and the views (lists)
// are both answered from it, so they cannot disagree.
type principal struct {
	user  *User
	x     *OrgIndex
	admin bool
	// serviceManager works the pending-allocation and the service
	// managers' pending-dispatch queues (modes 2 and 4).
	serviceManager bool
	subs           []int64          // sorted
	shared         map[int64]Access // owner -> access granted by sharing rules
	// deptUsers are the users whose main department is the actor's main
	// department, when the actor leads it (我负责部门的).
	deptUsers []int64
	// queueDepts are the departments whose pending-dispatch queue the
	// actor works (modes 3 and 4).
	queueDepts []int64
}

func (s *TicketService) principal(ctx context.Context, a Actor) (*principal, error) {
	x, err := s.d.Org.Index(ctx)
	if err != nil {
		return nil, err
	}
	u, ok := x.User(a.UserID)
	if !ok || !u.Enabled {
		return nil, E(KindUnauthenticated, "auth.unknown_user", "user %d is not an enabled member", a.UserID)
	}
	p := &principal{user: u, x: x, admin: u.HasRole(RoleAdmin), serviceManager: u.HasRole(RoleServiceManager),
		subs: x.Subordinates(u.ID), shared: map[int64]Access{}}
	if d, ok := x.Dept(u.MainDeptID); ok && slices.Contains(d.LeaderIDs, u.ID) {
		for _, m := range x.DeptMembers(d.ID) {
			if mu, _ := x.User(m); mu != nil && mu.MainDeptID == d.ID {
				p.deptUsers = append(p.deptUsers, m)
			}
		}
	}
	for _, d := range x.Departments() {
		if d.Kind != DeptPlain && slices.Contains(queueManagers(x, d.ID), u.ID) {
			p.queueDepts = append(p.queueDepts, d.ID)
		}
	}
	rules, err := s.d.Sharing.SharingRulesTo(ctx, u.ID, ancestorsOf(x, u.DeptIDs), x.GroupsOf(u.ID))
	if err != nil {
		return nil, fmt.Errorf("sharing rules: %w", err)
	}
	for _, r := range rules {
		for _, owner := range r.owners(x) {
			p.shared[owner] = p.shared[owner].max(r.Access)
		}
	}
	return p, nil
}

// queueManagers returns who dispatches a department's queue: its leaders,
// or, for a department without one (an outsourced provider), the leaders
// of the nearest department above it that has some.
func queueManagers(x *OrgIndex, dept int64) []int64 {
	seen := map[int64]bool{}
	for id := dept; id != 0 && !seen[id]; {
		seen[id] = true
		d, ok := x.Dept(id)
		if !ok {
			return nil
		}
		if len(d.LeaderIDs) > 0 {
			return d.LeaderIDs
		}
		id = d.ParentID
	}
	return nil
}

// ancestorsOf returns the departments and every department above them: a
// rule shared to a department reaches the departments below it.
func ancestorsOf(x *OrgIndex, depts []int64) []int64 {
	seen := map[int64]bool{}
	out := []int64{}
	for _, id := range depts {
		for id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
			d, ok := x.Dept(id)
			if !ok {
				break
			}
			id = d.ParentID
		}
	}
	slices.Sort(out)
	return out
}

func (p *principal) me() int64 { return p.user.ID }

// below reports whether id is the actor or someone below them.
func (p *principal) below(id int64) bool {
	if id == 0 {
		return false
	}
	if id == p.user.ID {
		return true
	}
	_, found := slices.BinarySearch(p.subs, id)
	return found
}

// managesQueue reports whether the ticket waits in a queue the actor works.
func (p *principal) managesQueue(t *Ticket) bool {
	switch {
	case t.Status == StatusPendingAllocation:
		return p.serviceManager
	case t.Status != StatusPendingDispatch:
		return false
	case t.ReceivingDeptID == 0:
		return p.serviceManager
	}
	return slices.Contains(p.queueDepts, t.ReceivingDeptID)
}

// Authorize decides what the actor may do with a ticket: the one place the
// permission rules live. Lists are built from the same principal (views.go).
//
// Read: the owner and everyone above them; team members and assistants and
// everyone above them; the leader of a team member's main department;
// sharing-rule recipients; whoever works the queue it waits in; the
// approver of its open transfer. Write: the owner and their leaders,
// read-write members and their leaders, read-write share recipients, queue
// managers. Admins may do anything; only admins see a voided ticket.
func (p *principal) access(t *Ticket) Access {
	if p.admin {
		return AccessWrite
	}
	if t.Voided() {
		return AccessNone
	}
	if p.below(t.OwnerID) || p.managesQueue(t) {
		return AccessWrite
	}
	a := p.shared[t.OwnerID]
	if slices.Contains(p.deptUsers, t.OwnerID) {
		a = a.max(AccessRead)
	}
	for _, m := range t.Members {
		if p.below(m.UserID) {
			a = a.max(m.Access)
		}
		if slices.Contains(p.deptUsers, m.UserID) {
			a = a.max(AccessRead)
		}
	}
	if tr := t.PendingTransfer; tr != nil && tr.ApproverID == p.me() {
		a = a.max(AccessRead)
	}
	return a
}

// need refuses an actor whose access is below want: not found when they
// may not even read the ticket (its existence is not revealed), forbidden
// otherwise.
func (p *principal) need(t *Ticket, want Access) error {
	switch got := p.access(t); {
	case got == AccessNone:
		return notFound(t.ID)
	case want == AccessWrite && got != AccessWrite:
		return E(KindForbidden, "ticket.forbidden", "user %d may not change ticket %d", p.me(), t.ID)
	}
	return nil
}

func notFound(id int64) error {
	return E(KindNotFound, "ticket.not_found", "ticket %d not found", id)
}
