package service

import (
	"context"
	"fmt"
	"time"
)

// 微信客服 lets us write to a customer only after they wrote to us: at most
// KFWindowMessages messages within KFWindow of their last message.
const (
	KFWindow         = 48 * time.Hour
	KFWindowMessages = 5
)

// KFWindowState is one customer's 微信客服 window as we track it.
type KFWindowState struct {
	ExternalUserID string
	OpenKfID       string // the 客服账号 the customer wrote to
	LastCustomerAt time.Time
	Sent           int // our messages since then
}

// Open reports whether we may still write at now.
func (w *KFWindowState) Open(now time.Time) bool {
	return w != nil && now.Before(w.LastCustomerAt.Add(KFWindow)) && w.Sent < KFWindowMessages
}

// KFWindowStore tracks the windows. repo implements it.
type KFWindowStore interface {
	// KFCustomerWrote opens a new window when at is after the stored one.
	KFCustomerWrote(ctx context.Context, externalUserID, openKfID string, at time.Time) error
	// KFWindow returns the customer's window, or nil when they never wrote.
	KFWindow(ctx context.Context, externalUserID string) (*KFWindowState, error)
	// KFCountSent counts one message sent in the window that opened at start.
	KFCountSent(ctx context.Context, externalUserID string, start time.Time) error
	// KFClose marks that window used up (WeCom said so).
	KFClose(ctx context.Context, externalUserID string, start time.Time) error
}

// KFMessage is one message pulled with kf/sync_msg.
type KFMessage struct {
	MsgID          string
	OpenKfID       string
	ExternalUserID string
	SendTime       time.Time
	FromCustomer   bool // origin 3; the rest are our servicers and system events
}

// KFPage is one page of kf/sync_msg.
type KFPage struct {
	Messages   []KFMessage
	NextCursor string
	HasMore    bool
}

// KFClient is the part of WeCom's 微信客服 API notices use.
type KFClient interface {
	// SendKFText sends text to a customer; a window WeCom considers shut
	// (95001/95002) is a ChannelClosed error.
	SendKFText(ctx context.Context, openKfID, externalUserID, text string) error
	// SyncKF pulls messages after cursor; token is the one the
	// kf_msg_or_event callback carried.
	SyncKF(ctx context.Context, cursor, token, openKfID string) (KFPage, error)
}

// kfChannel sends customer notices through 微信客服 while the window is open.
type kfChannel struct {
	client KFClient
	store  KFWindowStore
	now    func() time.Time
}

// NewKFChannel is the 微信客服 customer channel.
func NewKFChannel(client KFClient, store KFWindowStore) CustomerChannel {
	return &kfChannel{client: client, store: store, now: time.Now}
}

func (c *kfChannel) Channel() Channel { return ChannelKF }

func (c *kfChannel) SendCustomer(ctx context.Context, _ Notice, m *CustomerMessage) error {
	if m.ExternalUserID == "" {
		return ChannelClosed("the contact is not on WeChat")
	}
	w, err := c.store.KFWindow(ctx, m.ExternalUserID)
	if err != nil {
		return err
	}
	if !w.Open(c.now()) {
		return ChannelClosed("no open 微信客服 window")
	}
	err = c.client.SendKFText(ctx, w.OpenKfID, m.ExternalUserID, m.Text)
	if IsChannelClosed(err) {
		if cerr := c.store.KFClose(ctx, m.ExternalUserID, w.LastCustomerAt); cerr != nil {
			return cerr
		}
		return err
	}
	if err != nil {
		return err
	}
	return c.store.KFCountSent(ctx, m.ExternalUserID, w.LastCustomerAt)
}

// KFService follows 微信客服 conversations: on each kf_msg_or_event
// callback it pulls the new messages and opens the window of every
// customer who wrote.
type KFService struct {
	client KFClient
	store  KFWindowStore
	kv     SessionStore
}

// NewKFService wires it; the cursor of each 客服账号 lives in kv.
func NewKFService(client KFClient, store KFWindowStore, kv SessionStore) *KFService {
	return &KFService{client: client, store: store, kv: kv}
}

// Sync pulls what arrived for a 客服账号 since the last pull. One instance
// pulls an account at a time; a second caller gets a retryable error, so
// its callback is tried again and nothing that arrived meanwhile is missed.
func (s *KFService) Sync(ctx context.Context, token, openKfID string) error {
	release, ok, err := s.kv.TryLock(ctx, "notice:kf:sync:"+openKfID, time.Minute)
	if err != nil {
		return err
	}
	if !ok {
		return E(KindUnavailable, "kf.sync_busy", "another instance is pulling 客服账号 %s", openKfID)
	}
	defer func() { _ = release(context.WithoutCancel(ctx)) }()
	key := "notice:kf:cursor:" + openKfID
	cursor, _, err := s.kv.Get(ctx, key)
	if err != nil {
		return err
	}
	for range 100 { // bounds one pull; the next callback continues
		page, err := s.client.SyncKF(ctx, cursor, token, openKfID)
		if err != nil {
			return fmt.Errorf("kf sync_msg: %w", err)
		}
		for _, m := range page.Messages {
			if !m.FromCustomer || m.ExternalUserID == "" {
				continue
			}
			if err := s.store.KFCustomerWrote(ctx, m.ExternalUserID, m.OpenKfID, m.SendTime); err != nil {
				return err
			}
		}
		if page.NextCursor != "" {
			cursor = page.NextCursor
			if err := s.kv.Set(ctx, key, cursor, 0); err != nil {
				return err
			}
		}
		if !page.HasMore {
			return nil
		}
	}
	return nil
}
