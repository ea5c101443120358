package service

import (
	"context"
	"time"
)

// ChannelReminder carries reminders users set for themselves. They are
// app markdown messages like ChannelWeComMarkdown, kept on a channel of
// their own because the outbox keeps each channel's notices to one
// recipient in order: a reminder due tomorrow must not hold back today's
// notices.
const ChannelReminder Channel = "wecom_reminder"

// ActionRemind is a reminder someone set about a ticket. It is a timeline
// entry only, saying when; what to remember stays the reminder's own.
const ActionRemind Action = "remind"

// MaxReminderAhead bounds how far ahead a reminder may be set.
const MaxReminderAhead = 366 * 24 * time.Hour

// Reminder asks for a note to oneself about a ticket at a time.
type Reminder struct {
	TicketID  int64
	At        time.Time
	Note      string // what to remember; may be empty
	DedupeKey string
}

// Remind sets the actor a reminder about a ticket they may read, ahead
// and within MaxReminderAhead: a timeline entry, and a reminder notice
// rendered from the notice templates in the actor's language, both in
// one transaction (the caller's, when ctx carries one).
func (s *ChatService) Remind(ctx context.Context, actor Actor, r Reminder) error {
	g := ticketGate{s.tickets}
	t, err := g.open(ctx, actor, r.TicketID, AccessRead)
	if err != nil {
		return err
	}
	now := s.now()
	switch {
	case !r.At.After(now):
		return &Error{Kind: KindInvalid, Code: "reminder.past", Message: "reminder time has passed",
			Fields: map[string]string{"at": "must be in the future"}}
	case r.At.Sub(now) > MaxReminderAhead:
		return &Error{Kind: KindInvalid, Code: "reminder.too_far", Message: "reminder too far ahead",
			Fields: map[string]string{"at": "must be within a year"}}
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := g.note(ctx, actor, t, ActionRemind, map[string]any{"at": r.At.UTC()}); err != nil {
			return err
		}
		return s.notices.Notify(ctx, StaffNotice{Kind: NoticeReminder, UserID: actor.UserID, Ticket: t,
			DedupeKey: r.DedupeKey, Data: NoticeData{Note: r.Note}, At: r.At})
	})
}
