package service

import (
	"context"
	"time"
)

// InboxItem is one verified WeCom callback, stored before it is
// acknowledged.
type InboxItem struct {
	ID         int64
	DedupeKey  string
	FromUser   string
	Payload    []byte // the decrypted inner XML, as WeCom sent it
	ReceivedAt time.Time
	Attempts   int
}

// InboxStatus is where an item stands.
type InboxStatus string

// Inbox statuses.
const (
	InboxPending InboxStatus = "pending"
	InboxDone    InboxStatus = "done"
	InboxDead    InboxStatus = "dead" // gave up after MaxAttempts; kept for an operator
)

// InboxStore persists the inbox. repo implements it.
type InboxStore interface {
	// InsertBatch stores items in one transaction; an item whose dedupe key
	// is already stored is skipped, not an error.
	InsertBatch(ctx context.Context, items []*InboxItem) error
	// DueFor returns the user's pending items in arrival order, stopping at
	// the first one not yet due (so a retrying item holds back later ones).
	DueFor(ctx context.Context, user string, now time.Time, limit int) ([]InboxItem, error)
	// DueUsers returns users with pending items due at now and received
	// before receivedBefore: the recovery sweep's work list.
	DueUsers(ctx context.Context, now, receivedBefore time.Time, limit int) ([]string, error)
	MarkDone(ctx context.Context, id int64, at time.Time) error
	// MarkRetry records a failed attempt and when to try again; with dead
	// set the item is given up.
	MarkRetry(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, dead bool) error
	CountByStatus(ctx context.Context) (map[InboxStatus]int64, error)
}

// InboxProcessor gives an inbox item its meaning (the chat bot). An error
// means "try again later"; a message that can never be handled should be
// answered and return nil instead.
type InboxProcessor interface {
	Process(ctx context.Context, item InboxItem) error
}
