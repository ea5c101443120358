package service

import "context"

// Decline is the owner turning down a ticket handed to them, with a
// reason. It asks for a transfer back to where the ticket came from: the
// receiving department's queue when it came through one, else the person
// who handed it over. The transfer's approver decides, as for any other.
func (s *TicketService) Decline(ctx context.Context, actor Actor, id int64, reason string) (*Transfer, error) {
	_, t, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if t.OwnerID != actor.UserID {
		return nil, E(KindForbidden, "ticket.not_owner", "only the owner declines ticket %d", t.ID)
	}
	in := TransferRequest{ToDeptID: t.ReceivingDeptID, Reason: reason}
	if in.ToDeptID == 0 {
		if in.ToUserID, err = s.handedBy(ctx, t); err != nil {
			return nil, err
		}
	}
	return s.RequestTransfer(ctx, actor, id, in)
}

// handedBy returns who last made the current owner the owner.
func (s *TicketService) handedBy(ctx context.Context, t *Ticket) (int64, error) {
	evs, err := s.d.Tickets.Events(ctx, []int64{t.ID})
	if err != nil {
		return 0, err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		if v, ok := number(ev.After["owner_id"]); ok && int64(v) == t.OwnerID && ev.ActorID != t.OwnerID && ev.ActorID != 0 {
			return ev.ActorID, nil
		}
	}
	return 0, E(KindConflict, "ticket.decline_nowhere", "ticket %d was not handed over by anyone; transfer it instead", t.ID)
}
