package service

import (
	"context"
	"slices"
	"time"
)

// RecordVisibility says who a service record is written for.
type RecordVisibility string

// The visibilities: internal notes stay among staff; customer-visible
// records may be shown or sent to the customer (a later notice issue).
const (
	RecordInternal RecordVisibility = "internal" // 内部
	RecordCustomer RecordVisibility = "customer" // 客户可见
)

// Valid reports whether v is a known visibility.
func (v RecordVisibility) Valid() bool { return v == RecordInternal || v == RecordCustomer }

// ServiceRecord is a note on a ticket (服务记录), with the time it took.
type ServiceRecord struct {
	ID         int64
	TicketID   int64
	AuthorID   int64
	Body       string
	Minutes    int // time spent; 0 when not given
	Visibility RecordVisibility
	Mentions   []int64 // the users it @mentions, sorted
	CreatedAt  time.Time
}

// Mentioned reports whether the record @mentions user.
func (r *ServiceRecord) Mentioned(user int64) bool {
	_, ok := slices.BinarySearch(r.Mentions, user)
	return ok
}

// RecordStore persists service records and their mentions. repo
// implements it; every method joins the transaction in ctx.
type RecordStore interface {
	// InsertRecord stores the record with its mentions and sets ID.
	InsertRecord(ctx context.Context, r *ServiceRecord) error
	// Record returns one record, or KindNotFound.
	Record(ctx context.Context, id int64) (*ServiceRecord, error)
	// Records returns the records of the tickets, oldest first.
	Records(ctx context.Context, ticketIDs []int64) ([]ServiceRecord, error)
}
