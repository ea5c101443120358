package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// NoticePayload is what the outbox carries for the WeCom app channels:
// the text (or markdown) of one notice, or one template card.
type NoticePayload struct {
	Text string        `json:"text,omitempty"`
	Card *TemplateCard `json:"card,omitempty"`
	Lang string        `json:"lang,omitempty"` // "en" or Chinese by default: the digest heading's language
}

// EncodeNotice serialises a payload for service.Notice.Payload.
func EncodeNotice(p NoticePayload) []byte {
	b, err := json.Marshal(p)
	if err != nil { // a TemplateCard always marshals; this is a programming error
		panic(fmt.Sprintf("wecom: encode notice: %v", err))
	}
	return b
}

// Deliverer sends outbox notices as app messages to WeCom members
// (Recipient is the userid). It implements service.Deliverer.
type Deliverer struct {
	client  *Client
	channel service.Channel
}

// NewDeliverer returns the deliverer for one WeCom channel
// (ChannelWeComText, ChannelWeComMarkdown or ChannelWeComCard).
func NewDeliverer(c *Client, ch service.Channel) *Deliverer {
	return &Deliverer{client: c, channel: ch}
}

// Deliver sends the notices as one message: a batch of several is a digest
// (text and markdown only; the outbox never merges cards).
func (d *Deliverer) Deliver(ctx context.Context, batch []service.Notice) error {
	payloads := make([]NoticePayload, len(batch))
	for i, n := range batch {
		if err := json.Unmarshal(n.Payload, &payloads[i]); err != nil {
			return &service.PermanentError{Err: fmt.Errorf("notice %d: bad payload: %w", n.ID, err)}
		}
	}
	to := ToUsers(batch[0].Recipient)
	var err error
	switch d.channel {
	case service.ChannelWeComText:
		_, err = d.client.SendText(ctx, to, digest(payloads, "\n\n"))
	case service.ChannelWeComMarkdown:
		_, err = d.client.SendMarkdown(ctx, to, digest(payloads, "\n\n---\n"))
	case service.ChannelWeComCard:
		if payloads[0].Card == nil {
			return &service.PermanentError{Err: fmt.Errorf("notice %d: card payload without a card", batch[0].ID)}
		}
		_, err = d.client.SendTemplateCard(ctx, to, *payloads[0].Card)
	default:
		return &service.PermanentError{Err: fmt.Errorf("wecom deliverer: channel %q", d.channel)}
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Permanent() && service.KindOf(err) != service.KindRateLimited {
		return &service.PermanentError{Err: err}
	}
	return err
}

// digest joins several notices under a heading that says how many.
func digest(ps []NoticePayload, sep string) string {
	if len(ps) == 1 {
		return ps[0].Text
	}
	head := fmt.Sprintf("您有 %d 条新通知：", len(ps))
	if ps[0].Lang == "en" {
		head = fmt.Sprintf("You have %d new notices:", len(ps))
	}
	parts := make([]string, 0, len(ps)+1)
	parts = append(parts, head)
	for i, p := range ps {
		parts = append(parts, fmt.Sprintf("%d. %s", i+1, p.Text))
	}
	return strings.Join(parts, sep)
}
