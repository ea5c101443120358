package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

var _ TicketEvents = (*WebhookService)(nil)

// WebhookPayload is the JSON body of a delivery.
type WebhookPayload struct {
	ID         string         `json:"id"`    // the delivery's id, also in X-Ticket-Delivery
	Event      Action         `json:"event"` // also in X-Ticket-Event
	OccurredAt time.Time      `json:"occurred_at"`
	ActorID    int64          `json:"actor_id"`
	Origin     Origin         `json:"origin"`
	Note       string         `json:"note,omitempty"`
	Ticket     WebhookTicket  `json:"ticket"`
	Before     map[string]any `json:"before"`
	After      map[string]any `json:"after"`
}

// WebhookTicket is the ticket as it is after the change.
type WebhookTicket struct {
	ID         int64      `json:"id"`
	Number     string     `json:"number"`
	Subject    string     `json:"subject"`
	Status     Status     `json:"status"`
	Priority   Priority   `json:"priority"`
	Type       TicketType `json:"type"`
	TemplateID int64      `json:"template_id"`
	CustomerID int64      `json:"customer_id"`
	OwnerID    int64      `json:"owner_id"`
	Locked     bool       `json:"locked"`
	Version    int64      `json:"version"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// TicketChanged queues one delivery per webhook that hears the change, in
// the change's transaction: a committed change always gets its
// deliveries, a rolled-back one never does.
func (s *WebhookService) TicketChanged(ctx context.Context, t *Ticket, ev *TimelineEvent) error {
	hooks, err := s.store.Webhooks(ctx)
	if err != nil {
		return fmt.Errorf("webhooks: %w", err)
	}
	var notices []*Notice
	for _, w := range hooks {
		if !w.Hears(ev.Action) {
			continue
		}
		key := fmt.Sprintf("webhook:%d:%d", w.ID, ev.ID)
		body, err := json.Marshal(WebhookPayload{ID: key, Event: ev.Action, OccurredAt: ev.CreatedAt, ActorID: ev.ActorID,
			Origin: ev.Origin, Note: ev.Note, Before: ev.Before, After: ev.After,
			Ticket: WebhookTicket{ID: t.ID, Number: t.Number, Subject: t.Subject, Status: t.Status, Priority: t.Priority,
				Type: t.Type, TemplateID: t.TemplateID, CustomerID: t.CustomerID, OwnerID: t.OwnerID, Locked: t.Locked,
				Version: t.Version, UpdatedAt: t.UpdatedAt}})
		if err != nil {
			return fmt.Errorf("webhook payload: %w", err)
		}
		notices = append(notices, &Notice{DedupeKey: key, Channel: ChannelWebhook, Recipient: WebhookRecipient(w.ID),
			TicketID: t.ID, Kind: string(ev.Action), Payload: body})
	}
	if len(notices) == 0 {
		return nil
	}
	// The outbox is woken after the commit (service.WakeAfterCommit on
	// the ticket service's transactions), else it finds them on its poll.
	return s.outbox.Enqueue(ctx, notices...)
}
