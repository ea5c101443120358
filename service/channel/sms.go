package channel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// SMSWebhook sends text messages through a provider reached by one HTTP
// POST: the body is JSON {"phone", "text", "ticket", "notice_id"}; any 2xx
// means accepted, a 4xx a refusal no retry can fix, anything else a
// failure worth retrying. Adapting a particular SMS vendor is a small
// relay in front of it.
type SMSWebhook struct {
	url    string
	client *http.Client
}

// NewSMSWebhook returns the channel for an http(s) URL.
func NewSMSWebhook(rawURL string, client *http.Client) (*SMSWebhook, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("sms webhook: want an http(s) URL")
	}
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &SMSWebhook{url: rawURL, client: client}, nil
}

// Channel is SMS.
func (s *SMSWebhook) Channel() service.Channel { return service.ChannelSMS }

type smsRequest struct {
	Phone    string `json:"phone"`
	Text     string `json:"text"`
	Ticket   string `json:"ticket"`
	NoticeID int64  `json:"notice_id"` // the provider may deduplicate on it
}

// SendCustomer posts the short text to the provider.
func (s *SMSWebhook) SendCustomer(ctx context.Context, n service.Notice, m *service.CustomerMessage) error {
	if m.Phone == "" {
		return service.ChannelClosed("the contact has no phone number")
	}
	body, err := json.Marshal(smsRequest{Phone: m.Phone, Text: m.SMS, Ticket: m.Number, NoticeID: n.ID})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("sms webhook: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		return &service.PermanentError{Err: fmt.Errorf("sms webhook refused (%d): %s", resp.StatusCode, snippet)}
	}
	return fmt.Errorf("sms webhook failed (%d): %s", resp.StatusCode, snippet)
}
