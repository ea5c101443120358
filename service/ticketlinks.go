package service

import (
	"context"
)

// pair loads, in the caller's transaction, the ticket being changed (read
// access; step checks the rest) and a distinct other one (want access).
func (s *TicketService) pair(ctx context.Context, actor Actor, id, otherID int64, want Access) (*principal, *Ticket, *Ticket, error) {
	if id == otherID {
		return nil, nil, nil, Invalid(map[string]string{"ticket_id": "a ticket cannot refer to itself"})
	}
	p, t, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, nil, nil, err
	}
	o, err := s.load(ctx, p, otherID, want)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, t, o, nil
}

// touch records an event on the other ticket of a pair, after checking
// that its lifecycle allows it (a locked ticket refuses).
func (s *TicketService) touch(ctx context.Context, actor Actor, o *Ticket, a Action, after map[string]any) error {
	if _, err := Transition(StateOf(o), o.Locked, a); err != nil {
		return err
	}
	return s.record(ctx, actor, o, a, "", map[string]any{}, after)
}

// Link relates two tickets: write access to the first, read to the other.
func (s *TicketService) Link(ctx context.Context, actor Actor, id, otherID int64) error {
	return s.relate(ctx, actor, id, otherID, ActionLink)
}

// Unlink removes a relation.
func (s *TicketService) Unlink(ctx context.Context, actor Actor, id, otherID int64) error {
	return s.relate(ctx, actor, id, otherID, ActionUnlink)
}

func (s *TicketService) relate(ctx context.Context, actor Actor, id, otherID int64, a Action) error {
	return s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		p, t, o, err := s.pair(ctx, actor, id, otherID, AccessRead)
		if err != nil {
			return err
		}
		_, err = s.step(ctx, actor, p, t, change{action: a, note: o.Number,
			apply: func(ctx context.Context, _ *principal, _, _ *Ticket) error {
				if a == ActionLink {
					return s.d.Tickets.AddLink(ctx, id, otherID, p.me())
				}
				if ok, err := s.d.Tickets.RemoveLink(ctx, id, otherID); err != nil || !ok {
					return firstErr(err, E(KindNotFound, "ticket.not_linked", "tickets %d and %d are not linked", id, otherID))
				}
				return nil
			}})
		if err != nil {
			return err
		}
		return s.touch(ctx, actor, o, a, map[string]any{"linked_id": id})
	})
}

// Merge closes a duplicate into another ticket: the duplicate stays as a
// pointer (MergedIntoID) and the target's timeline shows the duplicate's
// history. Both need write access; Unmerge undoes it.
func (s *TicketService) Merge(ctx context.Context, actor Actor, dupID, intoID int64) (*Ticket, error) {
	var out *Ticket
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		p, dup, into, err := s.pair(ctx, actor, dupID, intoID, AccessWrite)
		if err != nil {
			return err
		}
		out, err = s.step(ctx, actor, p, dup, change{action: ActionMerge, note: into.Number,
			apply: func(ctx context.Context, _ *principal, t, n *Ticket) error {
				merged, err := s.d.Tickets.MergedInto(ctx, t.ID)
				switch {
				case err != nil:
					return err
				case into.MergedIntoID != 0 || len(merged) > 0:
					return E(KindConflict, "ticket.merge_chain", "merges cannot be chained")
				}
				n.MergedIntoID, n.StateBeforeMerge = into.ID, StateOf(t)
				return nil
			}})
		if err != nil {
			return err
		}
		return s.touch(ctx, actor, into, ActionAbsorb, map[string]any{"merged_id": dupID})
	})
	return out, err
}

// Unmerge restores a merged duplicate to the state it had.
func (s *TicketService) Unmerge(ctx context.Context, actor Actor, dupID int64) (*Ticket, error) {
	var out *Ticket
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		p, dup, err := s.read(ctx, actor, dupID)
		if err != nil {
			return err
		}
		// Only a closed ticket can be merged, so the lifecycle refuses any
		// other first; a closed one that was never merged is refused here.
		out, err = s.step(ctx, actor, p, dup, change{action: ActionUnmerge,
			apply: func(_ context.Context, _ *principal, t, n *Ticket) error {
				if t.MergedIntoID == 0 {
					return E(KindConflict, "ticket.not_merged", "ticket %d is not merged", dupID)
				}
				n.MergedIntoID = 0
				return nil
			}})
		if err != nil {
			return err
		}
		into, err := s.d.Tickets.GetTicket(ctx, dup.MergedIntoID)
		if err != nil {
			return err
		}
		return s.touch(ctx, actor, into, ActionUnabsorb, map[string]any{"merged_id": dupID})
	})
	return out, err
}

// Timeline returns the ticket's history, oldest first, including the
// history of the duplicates merged into it.
func (s *TicketService) Timeline(ctx context.Context, actor Actor, id int64) ([]TimelineEvent, error) {
	if _, _, err := s.read(ctx, actor, id); err != nil {
		return nil, err
	}
	merged, err := s.d.Tickets.MergedInto(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.d.Tickets.Events(ctx, append([]int64{id}, merged...))
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
