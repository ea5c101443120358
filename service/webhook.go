package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Webhook is an admin's subscription of a URL to ticket events.
type Webhook struct {
	ID        int64
	URL       string
	Secret    string   // signs every delivery; shown once, when registered
	Events    []Action // the ticket actions it hears; empty: all
	Enabled   bool
	CreatedBy int64
	CreatedAt time.Time
}

// Hears reports whether the webhook wants deliveries for action a.
func (w *Webhook) Hears(a Action) bool {
	return w.Enabled && (len(w.Events) == 0 || slices.Contains(w.Events, a))
}

// WebhookStore persists webhooks. repo implements it.
type WebhookStore interface {
	InsertWebhook(ctx context.Context, w *Webhook) error
	// Webhook returns one webhook, or KindNotFound.
	Webhook(ctx context.Context, id int64) (*Webhook, error)
	Webhooks(ctx context.Context) ([]*Webhook, error)
	SetWebhookEnabled(ctx context.Context, id int64, enabled bool) error
	DeleteWebhook(ctx context.Context, id int64) error
	// WebhookDeliveries returns the webhook's deliveries (its outbox
	// notices), newest first.
	WebhookDeliveries(ctx context.Context, recipient string, limit int) ([]Notice, error)
}

// Webhook delivery headers. The signature is HMAC-SHA256 with the
// webhook's secret over the timestamp, a dot and the raw body, in hex
// after "v1=": a receiver recomputes it and rejects old timestamps.
const (
	WebhookHeaderEvent     = "X-Ticket-Event"
	WebhookHeaderDelivery  = "X-Ticket-Delivery"
	WebhookHeaderTimestamp = "X-Ticket-Timestamp"
	WebhookHeaderSignature = "X-Ticket-Signature"
)

// SignWebhook is the X-Ticket-Signature of body sent at ts.
func SignWebhook(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

// WebhookRecipient is the outbox recipient of a webhook's deliveries.
func WebhookRecipient(id int64) string { return "webhook:" + strconv.FormatInt(id, 10) }

// WebhookID reads the webhook id back from an outbox recipient.
func WebhookID(recipient string) (int64, bool) {
	s, ok := strings.CutPrefix(recipient, "webhook:")
	id, err := strconv.ParseInt(s, 10, 64)
	return id, ok && err == nil && id > 0
}

// WebhookService lets admins register webhooks, and hears ticket changes
// to queue their deliveries in the outbox, in the change's transaction.
type WebhookService struct {
	org    *OrgService
	store  WebhookStore
	outbox *Outbox
	now    func() time.Time
}

// NewWebhookService wires webhooks on the outbox that delivers them.
func NewWebhookService(org *OrgService, store WebhookStore, outbox *Outbox) *WebhookService {
	return &WebhookService{org: org, store: store, outbox: outbox, now: time.Now}
}

// Webhook limits.
const (
	maxWebhooks   = 50
	maxWebhookURL = 1000
)

// Register adds a webhook (admin only) with a fresh secret.
func (s *WebhookService) Register(ctx context.Context, actor Actor, rawURL string, events []Action) (*Webhook, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	bad := map[string]string{}
	if u, err := url.Parse(rawURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		len(rawURL) > maxWebhookURL || u.User != nil {
		bad["url"] = "must be an http or https URL without credentials, at most 1000 characters"
	}
	known := knownActions()
	for i, e := range events {
		if !slices.Contains(known, e) {
			bad[fmt.Sprintf("events[%d]", i)] = "not a ticket event"
		}
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	hooks, err := s.store.Webhooks(ctx)
	if err != nil {
		return nil, err
	}
	if len(hooks) >= maxWebhooks {
		return nil, E(KindConflict, "webhook.too_many", "at most %d webhooks", maxWebhooks)
	}
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	slices.Sort(events)
	w := &Webhook{URL: rawURL, Secret: "whsec_" + hex.EncodeToString(secret), Events: slices.Compact(events),
		Enabled: true, CreatedBy: actor.UserID, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	if err := s.store.InsertWebhook(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

// List returns every webhook (admin only).
func (s *WebhookService) List(ctx context.Context, actor Actor) ([]*Webhook, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	return s.store.Webhooks(ctx)
}

// SetEnabled pauses or resumes a webhook (admin only).
func (s *WebhookService) SetEnabled(ctx context.Context, actor Actor, id int64, enabled bool) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	return s.store.SetWebhookEnabled(ctx, id, enabled)
}

// Delete removes a webhook (admin only); deliveries not yet sent fail
// permanently when their turn comes.
func (s *WebhookService) Delete(ctx context.Context, actor Actor, id int64) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	return s.store.DeleteWebhook(ctx, id)
}

// Deliveries lists a webhook's deliveries with their results (admin only).
func (s *WebhookService) Deliveries(ctx context.Context, actor Actor, id int64, limit int) ([]Notice, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	if _, err := s.store.Webhook(ctx, id); err != nil {
		return nil, err
	}
	return s.store.WebhookDeliveries(ctx, WebhookRecipient(id), clampLimit(limit, 50, 500))
}

// Webhook returns one webhook, secret included, for the deliverer.
func (s *WebhookService) Webhook(ctx context.Context, id int64) (*Webhook, error) {
	return s.store.Webhook(ctx, id)
}

// knownActions are the events a webhook may subscribe to: every action
// of the lifecycle table, creation, and what hangs on a ticket.
func knownActions() []Action {
	out := []Action{ActionCreate, ActionRecord, ActionCost, ActionAttach}
	for _, row := range transitions {
		for a := range row {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
