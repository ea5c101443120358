package service

import (
	"context"
	"time"
)

// ChannelReminder carries reminders users set for themselves. They are
// app text messages like ChannelWeComText, kept on a channel of their own
// because the outbox keeps each channel's notices to one recipient in
// order: a reminder due tomorrow must not hold back today's replies.
const ChannelReminder Channel = "wecom_reminder"

// MaxReminderAhead bounds how far ahead a reminder may be set.
const MaxReminderAhead = 366 * 24 * time.Hour

// Reminder asks for a note to oneself about a ticket at a time.
type Reminder struct {
	TicketID  int64
	At        time.Time
	Recipient string // the actor's WeCom userid
	DedupeKey string
	Payload   []byte // what the channel's deliverer sends
}

// Remind checks a reminder (the actor may read the ticket; the time is
// ahead, within MaxReminderAhead) and returns its notice, to be written
// with the caller's other notices.
func (s *ChatService) Remind(ctx context.Context, actor Actor, r Reminder) (*Notice, error) {
	if _, err := (ticketGate{s.tickets}).open(ctx, actor, r.TicketID, AccessRead); err != nil {
		return nil, err
	}
	now := s.now()
	switch {
	case !r.At.After(now):
		return nil, &Error{Kind: KindInvalid, Code: "reminder.past", Message: "reminder time has passed",
			Fields: map[string]string{"at": "must be in the future"}}
	case r.At.Sub(now) > MaxReminderAhead:
		return nil, &Error{Kind: KindInvalid, Code: "reminder.too_far", Message: "reminder too far ahead",
			Fields: map[string]string{"at": "must be within a year"}}
	}
	return &Notice{DedupeKey: r.DedupeKey, Channel: ChannelReminder, Recipient: r.Recipient, TicketID: r.TicketID,
		Kind: "reminder", Payload: r.Payload, NotBefore: r.At.UTC()}, nil
}
