package bot

import (
	"context"
	"fmt"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// AssignmentCards hears every ticket change (it is a service.TicketEvents
// listener) and, when a ticket gets a new owner other than whoever made
// the change, sends that owner a card to accept or decline it. The card is
// written to the outbox in the change's own transaction, whatever channel
// the change came through (chat, API, automatic dispatch).
type AssignmentCards struct {
	org    *service.OrgService
	outbox *service.Outbox
	links  Links
}

// NewAssignmentCards wires the listener.
func NewAssignmentCards(org *service.OrgService, outbox *service.Outbox, links Links) *AssignmentCards {
	return &AssignmentCards{org: org, outbox: outbox, links: links}
}

// TicketChanged implements service.TicketEvents.
func (a *AssignmentCards) TicketChanged(ctx context.Context, t *service.Ticket, ev *service.TimelineEvent) error {
	if _, moved := ev.After["owner_id"]; !moved || t.OwnerID == 0 || t.OwnerID == ev.ActorID || t.Status != service.StatusInProgress {
		return nil
	}
	x, err := a.org.Index(ctx)
	if err != nil {
		return err
	}
	owner, ok := x.User(t.OwnerID)
	if !ok || !owner.Enabled {
		return nil
	}
	by := userName(x, ev.ActorID)
	if ev.ActorID == 0 {
		by = langOf(owner).text(msg{"自动派工", "automatic dispatch"})
	}
	taskID := fmt.Sprintf("asg-%d-%d", t.ID, ev.ID)
	card := assignCard(langOf(owner), taskID, t, by, a.links)
	return a.outbox.Enqueue(ctx, &service.Notice{DedupeKey: "card:" + taskID, Channel: service.ChannelWeComCard,
		Recipient: owner.UserID, TicketID: t.ID, Kind: "assigned", Payload: wecom.EncodeNotice(wecom.NoticePayload{Card: card})})
}
