package service

import (
	"context"
	"slices"
	"unicode/utf8"
)

// Accept is the owner acknowledging the ticket: its first response, which
// meets the response SLA.
func (s *TicketService) Accept(ctx context.Context, actor Actor, id int64) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionAccept,
		allow: func(p *principal, t *Ticket) error {
			if p.me() == t.OwnerID {
				return nil
			}
			return E(KindForbidden, "ticket.not_owner", "only the owner accepts ticket %d", t.ID)
		},
		apply: func(_ context.Context, _ *principal, t, n *Ticket) error {
			if t.FirstResponseAt != nil {
				return E(KindConflict, "ticket.already_accepted", "ticket %d was already accepted", t.ID)
			}
			respond(n, s.now())
			return nil
		}})
}

// WaitForCustomer pauses the SLA clock until the customer answers.
func (s *TicketService) WaitForCustomer(ctx context.Context, actor Actor, id int64, note string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionWaitCustomer, note: note})
}

// Resume restarts the SLA clock; the due times move by the time waited.
func (s *TicketService) Resume(ctx context.Context, actor Actor, id int64, note string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionResume, note: note})
}

// Resolve records the solution and resolves the ticket.
func (s *TicketService) Resolve(ctx context.Context, actor Actor, id int64, solution string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionResolve,
		apply: func(_ context.Context, _ *principal, _, n *Ticket) error {
			if n := utf8.RuneCountInString(solution); n == 0 || n > maxSolution {
				return Invalid(map[string]string{"solution": "must be 1 to 32000 characters"})
			}
			n.Solution = solution
			return nil
		}})
}

// Close closes a resolved ticket.
func (s *TicketService) Close(ctx context.Context, actor Actor, id int64, note string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionClose, note: note})
}

// Reopen takes a resolved or closed ticket back to in progress.
func (s *TicketService) Reopen(ctx context.Context, actor Actor, id int64, reason string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionReopen, note: reason})
}

// Lock makes the ticket refuse every change but Unlock.
func (s *TicketService) Lock(ctx context.Context, actor Actor, id int64, reason string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionLock, note: reason,
		apply: func(_ context.Context, _ *principal, _, n *Ticket) error { n.Locked = true; return nil }})
}

// Unlock lifts a lock.
func (s *TicketService) Unlock(ctx context.Context, actor Actor, id int64, reason string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionUnlock, note: reason,
		apply: func(_ context.Context, _ *principal, _, n *Ticket) error { n.Locked = false; return nil }})
}

// Void voids a ticket (admin only); afterwards only admins see it. An open
// transfer is cancelled.
func (s *TicketService) Void(ctx context.Context, actor Actor, id int64, reason string) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionVoid, note: reason,
		allow: func(p *principal, t *Ticket) error {
			if p.admin {
				return nil
			}
			if err := p.need(t, AccessRead); err != nil {
				return err
			}
			return E(KindForbidden, "ticket.void_admin_only", "only an admin voids a ticket")
		},
		apply: func(ctx context.Context, p *principal, t, n *Ticket) error {
			tr := t.PendingTransfer
			if tr == nil {
				return nil
			}
			now := s.now()
			tr.Status, tr.DecidedBy, tr.DecidedAt, tr.Note = TransferCancelled, p.me(), &now, "ticket voided"
			n.PendingTransfer = nil
			return s.d.Tickets.CloseTransfer(ctx, tr)
		}})
}

// SetMember adds someone to the team (or changes their role or access).
func (s *TicketService) SetMember(ctx context.Context, actor Actor, id int64, m Member) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionMembers,
		apply: func(_ context.Context, p *principal, _, n *Ticket) error {
			if m.Role == MemberAssistant {
				m.Access = AccessWrite
			}
			n.setMember(m)
			bad := map[string]string{}
			checkMembers(p.x, n, bad)
			if len(bad) > 0 {
				return Invalid(bad)
			}
			return nil
		}})
}

// RemoveMember takes someone off the team.
func (s *TicketService) RemoveMember(ctx context.Context, actor Actor, id, userID int64) (*Ticket, error) {
	return s.mutate(ctx, actor, id, change{action: ActionMembers,
		apply: func(_ context.Context, _ *principal, t, n *Ticket) error {
			if _, ok := t.Member(userID); !ok {
				return E(KindNotFound, "ticket.no_member", "user %d is not on ticket %d", userID, t.ID)
			}
			n.Members = slices.DeleteFunc(n.Members, func(m Member) bool { return m.UserID == userID })
			return nil
		}})
}
