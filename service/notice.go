package service

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// NoticeKind is what a staff notice is about. Each kind has a template
// per language under templates/notices/staff, and users may mute it.
type NoticeKind string

// The staff notice kinds.
const (
	NoticeAssigned          NoticeKind = "assigned"           // I own or assist a ticket now
	NoticeQueued            NoticeKind = "queued"             // a ticket waits in a queue I work
	NoticeStatusChanged     NoticeKind = "status_changed"     // a ticket I own, assist or follow moved
	NoticeTransferRequested NoticeKind = "transfer_requested" // I am asked to approve a transfer
	NoticeTransferDecided   NoticeKind = "transfer_decided"   // my transfer request was decided
	NoticeMentioned         NoticeKind = "mentioned"          // a service record @mentions me
	NoticeSLAWarning        NoticeKind = "sla_warning"        // my ticket nears its SLA due time
	NoticeSLABreached       NoticeKind = "sla_breached"       // a ticket of someone I lead is overdue
	NoticeSLAGroup          NoticeKind = "sla_group"          // the department's group chat hears of a breach
	NoticeRequeued          NoticeKind = "requeued"           // an overdue ticket went back to its queue
	NoticeReminder          NoticeKind = "reminder"           // a reminder a user set (the chat bot)
	NoticeChase             NoticeKind = "chase"              // 催办: someone chases me about a ticket (the chat bot)
	NoticeGroupMsgConfirm   NoticeKind = "groupmsg_confirm"   // confirm a customer group-send task in WeCom
	NoticeCSATReceived      NoticeKind = "csat_received"      // a customer rated my ticket
	NoticeDailySummary      NoticeKind = "daily_summary"      // managers, every morning
)

// NoticeKinds lists every staff notice kind.
var NoticeKinds = []NoticeKind{NoticeAssigned, NoticeQueued, NoticeStatusChanged, NoticeTransferRequested,
	NoticeTransferDecided, NoticeMentioned, NoticeSLAWarning, NoticeSLABreached, NoticeSLAGroup, NoticeRequeued,
	NoticeReminder, NoticeChase, NoticeGroupMsgConfirm, NoticeCSATReceived, NoticeDailySummary}

// Valid reports whether k is a known kind.
func (k NoticeKind) Valid() bool { return slices.Contains(NoticeKinds, k) }

// Mutable reports whether a user may turn the kind off: a breach their
// team is accountable for, and a transfer waiting on their decision, are
// not optional. Quiet hours still defer them.
func (k NoticeKind) Mutable() bool {
	return k != NoticeSLABreached && k != NoticeTransferRequested && k != NoticeSLAGroup
}

// More channels, beside the outbox's own: a department group chat is a
// WeCom group robot; customer notices travel on one composite channel
// that picks 微信客服, a group-send task, email or SMS per notice.
const (
	ChannelRobot    Channel = "wecom_robot"
	ChannelCustomer Channel = "customer"
)

// StaffPayload is what staff notices carry in the outbox: the rendered
// text (markdown for app messages and robots) or a template card, and the
// language a digest heading is written in. The WeCom deliverers read the
// same JSON (wecom.NoticePayload).
type StaffPayload struct {
	Text string          `json:"text,omitempty"`
	Card json.RawMessage `json:"card,omitempty"`
	Lang string          `json:"lang,omitempty"`
}

// CodeChannelClosed marks a customer channel that cannot reach this
// customer now (no address, the 微信客服 window shut): the next channel
// is tried instead.
const CodeChannelClosed = "notice.channel_closed"

// ChannelClosed builds the error a customer channel returns when it
// cannot reach the customer.
func ChannelClosed(format string, args ...any) error {
	return E(KindConflict, CodeChannelClosed, format, args...)
}

// IsChannelClosed reports whether err says the channel is closed.
func IsChannelClosed(err error) bool {
	var de *Error
	return errors.As(err, &de) && de.Code == CodeChannelClosed
}

// NoticeStore keeps what notices need beside the outbox. repo implements
// it; every method joins the transaction in ctx.
type NoticeStore interface {
	PreferenceStore
	SLAMarkStore
	KFWindowStore
	CustomerDeliveryStore
	CSATStore
	// LastTransfer returns the ticket's newest transfer, or KindNotFound.
	LastTransfer(ctx context.Context, ticketID int64) (*Transfer, error)
	// ScopeSummary counts, within a view, the open tickets, those of them
	// overdue at now, and those resolved in [from, to).
	ScopeSummary(ctx context.Context, q TicketQuery, now, from, to time.Time) (ScopeCounts, error)
}

// ScopeCounts is a manager's morning numbers.
type ScopeCounts struct {
	Open, Overdue, ResolvedYesterday int
}

// wakingTx runs transactions and wakes the outbox after each one that
// committed, so notices written inside go out at once instead of at the
// next poll.
type wakingTx struct {
	tx   TxRunner
	wake func()
}

// WakeAfterCommit wraps tx so that wake (Outbox.Wake) runs after every
// transaction that commits. A nested call wakes early too, which costs
// one empty claim.
func WakeAfterCommit(tx TxRunner, wake func()) TxRunner { return wakingTx{tx: tx, wake: wake} }

func (w wakingTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	err := w.tx.InTx(ctx, fn)
	if err == nil {
		w.wake()
	}
	return err
}
