// Package channel holds the outbox deliverers that are not WeCom's: each
// sends the notices of one service.Channel.
package channel

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// WebhookSource finds a webhook with its secret.
type WebhookSource interface {
	Webhook(ctx context.Context, id int64) (*service.Webhook, error)
}

// Webhooks delivers ticket events to admins' URLs: one signed POST per
// notice. The outbox retries failures with backoff and keeps each
// webhook's deliveries in order.
type Webhooks struct {
	hooks  WebhookSource
	client *http.Client
	now    func() time.Time
}

var _ service.Deliverer = (*Webhooks)(nil)

// webhookTimeout bounds one delivery: a slow receiver must not hold an
// outbox worker.
const webhookTimeout = 10 * time.Second

// NewWebhooks builds the deliverer; client nil means a client with a 10 s
// timeout that does not follow redirects (a redirect is a failure, so a
// signed body is never replayed to a host nobody registered).
func NewWebhooks(hooks WebhookSource, client *http.Client) *Webhooks {
	if client == nil {
		client = &http.Client{Timeout: webhookTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	return &Webhooks{hooks: hooks, client: client, now: time.Now}
}

// Deliver posts each notice to its webhook. A deleted webhook, or an
// answer 4xx other than 408 and 429, fails for good; the rest is retried.
func (w *Webhooks) Deliver(ctx context.Context, notices []service.Notice) error {
	for _, n := range notices {
		if err := w.post(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

func (w *Webhooks) post(ctx context.Context, n service.Notice) error {
	id, ok := service.WebhookID(n.Recipient)
	if !ok {
		return &service.PermanentError{Err: fmt.Errorf("not a webhook recipient: %q", n.Recipient)}
	}
	hook, err := w.hooks.Webhook(ctx, id)
	if service.IsKind(err, service.KindNotFound) {
		return &service.PermanentError{Err: fmt.Errorf("webhook %d was deleted", id)}
	}
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(n.Payload))
	if err != nil {
		return &service.PermanentError{Err: err}
	}
	ts := w.now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wecom-ticket-webhook/1")
	req.Header.Set(service.WebhookHeaderEvent, n.Kind)
	req.Header.Set(service.WebhookHeaderDelivery, n.DedupeKey)
	req.Header.Set(service.WebhookHeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(service.WebhookHeaderSignature, service.SignWebhook(hook.Secret, ts, n.Payload))
	resp, err := w.client.Do(req) // #nosec G107 -- an admin registered this URL for exactly this
	if err != nil {
		return fmt.Errorf("webhook %d: %w", id, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		return fmt.Errorf("webhook %d answered %d", id, code)
	default:
		return &service.PermanentError{Err: errors.New("webhook " + strconv.FormatInt(id, 10) + " answered " + resp.Status)}
	}
}
