package service

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"
)

// CustomerChannel is one way to reach a customer. WeCom offers no
// unattended push to a WeChat customer at an arbitrary time, so several
// sit behind this interface and each notice takes the first that works.
// A channel that cannot reach this customer now (no address, the 微信客服
// window shut) returns a ChannelClosed error.
type CustomerChannel interface {
	Channel() Channel
	SendCustomer(ctx context.Context, n Notice, m *CustomerMessage) error
}

// Delivery statuses of one channel's try at a customer notice.
const (
	DeliverySent    = "sent"    // this channel carried the notice
	DeliverySkipped = "skipped" // closed to this customer
	DeliveryFailed  = "failed"
)

// CustomerDelivery is one channel's try at a customer notice; the ticket's
// record of which channel carried each notice.
type CustomerDelivery struct {
	ID        int64
	NoticeID  int64
	TicketID  int64
	Node      NoticeNode
	Channel   Channel
	Status    string
	Detail    string
	CreatedAt time.Time
}

// CustomerDeliveryStore records the tries.
type CustomerDeliveryStore interface {
	AddCustomerDelivery(ctx context.Context, d *CustomerDelivery) error
	// CustomerNoticeSent reports whether some channel already carried the
	// notice (a retry after a crash must not send it twice).
	CustomerNoticeSent(ctx context.Context, noticeID int64) (bool, error)
	CustomerDeliveries(ctx context.Context, ticketID int64) ([]CustomerDelivery, error)
}

// CustomerDeliverer is the outbox's deliverer for ChannelCustomer: it
// tries its channels in order (微信客服, group-send task, email, SMS) and
// records each try. A closed or failed channel falls back to the next.
// When none carried the notice and some failure may pass, the outbox
// retries the whole chain later; when all were closed or failed for good,
// the notice is dead-lettered.
type CustomerDeliverer struct {
	chain []CustomerChannel
	store CustomerDeliveryStore
	log   *slog.Logger
	now   func() time.Time
}

// NewCustomerDeliverer builds the chain; nil channels (not configured)
// are left out.
func NewCustomerDeliverer(store CustomerDeliveryStore, log *slog.Logger, chain ...CustomerChannel) *CustomerDeliverer {
	d := &CustomerDeliverer{store: store, log: log, now: time.Now}
	for _, c := range chain {
		if c != nil {
			d.chain = append(d.chain, c)
		}
	}
	return d
}

// Deliver sends one customer notice (the outbox never merges them).
func (d *CustomerDeliverer) Deliver(ctx context.Context, batch []Notice) error {
	n := batch[0]
	var m CustomerMessage
	if err := json.Unmarshal(n.Payload, &m); err != nil {
		return &PermanentError{Err: fmt.Errorf("customer notice %d: bad payload: %w", n.ID, err)}
	}
	done, err := d.store.CustomerNoticeSent(ctx, n.ID)
	if err != nil || done {
		return err
	}
	var retry error
	for _, ch := range d.chain {
		err := ch.SendCustomer(ctx, n, &m)
		rec := &CustomerDelivery{NoticeID: n.ID, TicketID: m.TicketID, Node: m.Node, Channel: ch.Channel(),
			Status: DeliverySent, CreatedAt: d.now().UTC()}
		switch {
		case err == nil:
		case IsChannelClosed(err):
			rec.Status, rec.Detail = DeliverySkipped, truncate(err.Error(), 500)
		default:
			rec.Status, rec.Detail = DeliveryFailed, truncate(err.Error(), 500)
			if !permanent(err) {
				retry = err
			}
		}
		if rerr := d.store.AddCustomerDelivery(ctx, rec); rerr != nil {
			if err == nil {
				// Sent, but not recorded: retrying would send it twice.
				d.log.WarnContext(ctx, "customer notice sent but not recorded", "notice", n.ID, "channel", ch.Channel(), "err", rerr)
				return nil
			}
			return rerr
		}
		if err == nil {
			return nil
		}
	}
	if retry != nil {
		return fmt.Errorf("no channel carried customer notice %d yet: %w", n.ID, retry)
	}
	return &PermanentError{Err: fmt.Errorf("no channel can reach contact %d", m.ContactID)}
}

// CustomerNoticeLog shows staff which channel carried each customer
// notice of a ticket, under the ticket's own read permission.
type CustomerNoticeLog struct {
	store CustomerDeliveryStore
	gate  ticketGate
}

// NewCustomerNoticeLog wires it.
func NewCustomerNoticeLog(store CustomerDeliveryStore, tickets *TicketService) *CustomerNoticeLog {
	return &CustomerNoticeLog{store: store, gate: ticketGate{tickets}}
}

// Deliveries returns every channel's try at the ticket's customer
// notices, oldest first; a ticket the actor may not read is not found.
func (l *CustomerNoticeLog) Deliveries(ctx context.Context, actor Actor, ticketID int64) ([]CustomerDelivery, error) {
	if _, err := l.gate.open(ctx, actor, ticketID, AccessRead); err != nil {
		return nil, err
	}
	return l.store.CustomerDeliveries(ctx, ticketID)
}
