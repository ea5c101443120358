package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// RobotSender posts markdown to a WeCom group robot's group chat.
type RobotSender interface {
	SendRobotMarkdown(ctx context.Context, key, text string) error
}

// RobotDeliverer is the outbox's deliverer for ChannelRobot. A notice's
// recipient is "dept:<id>", the department whose group chat it is; the
// robot's key (its credential) is looked up at delivery, so it never sits
// in the outbox or in the dead-letter list admins read.
type RobotDeliverer struct {
	send  RobotSender
	chats PreferenceStore
}

// NewRobotDeliverer wires it.
func NewRobotDeliverer(send RobotSender, chats PreferenceStore) *RobotDeliverer {
	return &RobotDeliverer{send: send, chats: chats}
}

// Deliver posts one notice.
func (r *RobotDeliverer) Deliver(ctx context.Context, batch []Notice) error {
	n := batch[0]
	var p StaffPayload
	if err := json.Unmarshal(n.Payload, &p); err != nil || p.Text == "" {
		return &PermanentError{Err: fmt.Errorf("robot notice %d: bad payload", n.ID)}
	}
	dept, err := strconv.ParseInt(strings.TrimPrefix(n.Recipient, robotRecipient), 10, 64)
	if err != nil {
		return &PermanentError{Err: fmt.Errorf("robot notice %d: recipient %q", n.ID, n.Recipient)}
	}
	chats, err := r.chats.GroupChats(ctx)
	if err != nil {
		return err
	}
	key := chats[dept]
	if key == "" {
		return &PermanentError{Err: fmt.Errorf("department %d has no group chat any more", dept)}
	}
	return r.send.SendRobotMarkdown(ctx, key, p.Text)
}

const robotRecipient = "dept:"

// robot writes a notice for a department's group chat: no person, so no
// preferences; Chinese, the group's common language.
func (n *Notifier) robot(ctx context.Context, dept, ticketID int64, dedupe string, kind NoticeKind, d NoticeData) error {
	payload, err := n.d.Templates.Staff(kind, false, d)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return n.d.Outbox.Enqueue(ctx, &Notice{DedupeKey: dedupe, Channel: ChannelRobot,
		Recipient: robotRecipient + strconv.FormatInt(dept, 10), TicketID: ticketID, Kind: string(kind), Payload: raw})
}
