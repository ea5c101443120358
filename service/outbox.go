package service

import (
	"context"
	"slices"
	"time"
)

// Channel is how a notice travels.
type Channel string

// The channels. Staff get WeCom app messages; customers get whichever
// customer channel is open (see the notices issue).
const (
	ChannelWeComText     Channel = "wecom_text"     // app message, text
	ChannelWeComMarkdown Channel = "wecom_markdown" // app message, markdown
	ChannelWeComCard     Channel = "wecom_card"     // app message, template card
	ChannelKF            Channel = "wecom_kf"       // 微信客服 kf/send_msg
	ChannelGroupMsg      Channel = "wecom_groupmsg" // customer-contact group-send task
	ChannelEmail         Channel = "email"
	ChannelSMS           Channel = "sms"
	ChannelWebhook       Channel = "webhook"
)

// AppMessageChannels reach one member in their WeCom app conversation.
// A member's notices about one ticket go out in order across all of
// them (an assignment card before the status change that follows it),
// not only within each channel.
var AppMessageChannels = []Channel{ChannelWeComText, ChannelWeComMarkdown, ChannelWeComCard, ChannelChat, ChannelReminder}

// sameConversation reports whether two notices share a member's order
// across channels: app messages to one recipient about one ticket.
func sameConversation(a, b Notice) bool {
	return a.Recipient == b.Recipient && a.TicketID != 0 && a.TicketID == b.TicketID &&
		slices.Contains(AppMessageChannels, a.Channel) && slices.Contains(AppMessageChannels, b.Channel)
}

// NoticeStatus is where a notice stands.
type NoticeStatus string

// Notice statuses.
const (
	NoticePending NoticeStatus = "pending"
	NoticeSending NoticeStatus = "sending" // claimed by a worker until its lease ends
	NoticeSent    NoticeStatus = "sent"
	NoticeDead    NoticeStatus = "dead" // gave up; an admin may retry it
)

// Notice is one message to one recipient on one channel.
type Notice struct {
	ID        int64
	DedupeKey string // the same key twice is stored once
	Channel   Channel
	Recipient string // WeCom userid, email address, phone, URL ...
	TicketID  int64
	Kind      string    // what happened (assigned, status_changed, reply ...)
	Payload   []byte    // what to send, as the channel's Deliverer reads it
	NotBefore time.Time // zero: now; later: a scheduled notice (reminders, digests)
	Status    NoticeStatus
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    *time.Time
}

// OutboxStore persists notices. repo implements it.
type OutboxStore interface {
	// Enqueue stores notices in the transaction carried by ctx; a notice
	// whose dedupe key is stored already is skipped.
	Enqueue(ctx context.Context, notices []*Notice) error
	// Claim leases up to limit due notices to owner until leaseUntil: only
	// the oldest unsent notice of each recipient, and never one another
	// instance holds (SKIP LOCKED on MySQL).
	Claim(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]Notice, error)
	// ClaimBacklog leases the recipient's further due notices after
	// afterID, for merging into a digest. Safe because the head is held.
	ClaimBacklog(ctx context.Context, owner string, n Notice, now, leaseUntil time.Time, limit int) ([]Notice, error)
	MarkSent(ctx context.Context, ids []int64, digestID int64, at time.Time) error
	// MarkRetry returns notices to pending (or dead) with the next attempt time.
	MarkRetry(ctx context.Context, ids []int64, attempts int, next time.Time, lastErr string, dead bool) error
	// Reclaim returns notices whose lease ran out (a dead worker) to pending.
	Reclaim(ctx context.Context, now time.Time) (int64, error)
	ListDead(ctx context.Context, limit int) ([]Notice, error)
	// Revive makes a dead notice pending again with a fresh attempt count.
	Revive(ctx context.Context, id int64, now time.Time) error
	CountByStatus(ctx context.Context) (map[NoticeStatus]int64, error)
	// CountDead counts the dead-lettered notices now.
	CountDead(ctx context.Context) (int64, error)
}

// Deliverer sends notices of one channel. Given several notices (a
// digest), it sends them as one message. An error that is not permanent
// is retried with backoff; a *PermanentError (or KindInvalid/KindForbidden
// error) dead-letters at once; KindRateLimited waits without spending an
// attempt, and the backlog is merged when the wait ends.
type Deliverer interface {
	Deliver(ctx context.Context, notices []Notice) error
}
