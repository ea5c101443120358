package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// GroupMsgClient is WeCom's customer-contact group send: a task the
// sending member must confirm in their WeCom client before it goes out.
type GroupMsgClient interface {
	// AddMsgTemplate creates the task; failed lists the customers it
	// cannot reach (not a customer of sender).
	AddMsgTemplate(ctx context.Context, sender string, externalUserIDs []string, text string) (msgID string, failed []string, err error)
	// RemindGroupMsg reminds the sender to confirm the task.
	RemindGroupMsg(ctx context.Context, msgID string) error
}

// groupMsgChannel creates a group-send task as the ticket's owner; the
// notice counts as carried once the task exists. The owner hears from the
// bot at once that a task waits for their confirmation, and WeCom reminds
// them again later if they have not confirmed.
type groupMsgChannel struct {
	client      GroupMsgClient
	notifier    *Notifier
	remindAfter time.Duration
}

// NewGroupMsgChannel is the group-send customer channel; notifier tells
// the owner to confirm.
func NewGroupMsgChannel(client GroupMsgClient, notifier *Notifier, remindAfter time.Duration) CustomerChannel {
	if remindAfter <= 0 {
		remindAfter = 2 * time.Hour
	}
	return &groupMsgChannel{client: client, notifier: notifier, remindAfter: remindAfter}
}

func (c *groupMsgChannel) Channel() Channel { return ChannelGroupMsg }

func (c *groupMsgChannel) SendCustomer(ctx context.Context, n Notice, m *CustomerMessage) error {
	if m.ExternalUserID == "" {
		return ChannelClosed("the contact is not a WeCom customer contact")
	}
	if m.SenderUserID == "" {
		return ChannelClosed("nobody to send the task as")
	}
	msgID, failed, err := c.client.AddMsgTemplate(ctx, m.SenderUserID, []string{m.ExternalUserID}, m.Text)
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return ChannelClosed("%s cannot send to this customer", m.SenderUserID)
	}
	remind, err := json.Marshal(groupMsgRemind{MsgID: msgID})
	if err != nil {
		return err
	}
	confirm, err := c.notifier.build(ctx, StaffNotice{
		Kind: NoticeGroupMsgConfirm, UserID: m.SenderID, Ticket: &Ticket{ID: m.TicketID, Number: m.Number},
		DedupeKey: fmt.Sprintf("groupmsg_confirm:%d", n.ID),
		Data:      NoticeData{Customer: m.Name, Excerpt: clipRunes(m.Text, 200)},
	})
	if err != nil {
		return err
	}
	// One statement writes both, so the reminder never exists without the
	// confirmation request or the other way round.
	return c.notifier.d.Outbox.Enqueue(ctx, append(confirm, &Notice{
		DedupeKey: fmt.Sprintf("groupmsg_remind:%d", n.ID), Channel: ChannelGroupMsg,
		Recipient: m.SenderUserID, TicketID: m.TicketID, Kind: "groupmsg_remind", Payload: remind,
		NotBefore: c.notifier.d.Now().UTC().Add(c.remindAfter),
	})...)
}

// groupMsgRemind is the payload of a later reminder about a task.
type groupMsgRemind struct {
	MsgID string `json:"msgid"`
}

// GroupMsgReminder is the outbox's deliverer for ChannelGroupMsg: it asks
// WeCom to remind the sender of an unconfirmed group-send task.
type GroupMsgReminder struct{ Client GroupMsgClient }

// Deliver sends the reminder.
func (r GroupMsgReminder) Deliver(ctx context.Context, batch []Notice) error {
	var p groupMsgRemind
	if err := json.Unmarshal(batch[0].Payload, &p); err != nil || p.MsgID == "" {
		return &PermanentError{Err: fmt.Errorf("group-send reminder %d: bad payload", batch[0].ID)}
	}
	return r.Client.RemindGroupMsg(ctx, p.MsgID)
}
