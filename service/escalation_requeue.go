package service

import "context"

// requeue is the system handing an overdue ticket back to the queue it
// came from (its receiving department's, else the service managers'), as
// a template's escalation policy asks. It takes the one path every change
// takes (step): the lifecycle table, the timeline, the events hook. The
// old owner keeps reading it.
func (s *TicketService) requeue(ctx context.Context, id int64, note string) (*Ticket, error) {
	var out *Ticket
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		x, err := s.d.Org.Index(ctx)
		if err != nil {
			return err
		}
		t, err := s.d.Tickets.GetTicket(ctx, id)
		if err != nil {
			return err
		}
		system := &principal{user: &User{ID: 0, Enabled: true}, x: x, admin: true}
		out, err = s.step(ctx, Actor{Origin: OriginSystem}, system, t, change{action: ActionRequeue, note: note,
			apply: func(_ context.Context, _ *principal, t, n *Ticket) error {
				n.OwnerID, n.ReceiverID = 0, 0
				n.follow(t.OwnerID)
				return nil
			}})
		return err
	})
	return out, err
}
