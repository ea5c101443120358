package repo

import (
	"context"
	"encoding/json"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

type contactRow struct {
	ID             int64 `gorm:"primaryKey"`
	CustomerID     int64
	Name           string
	Phone          string
	Email          string
	ExternalUserID *string `gorm:"column:external_userid"`
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (contactRow) TableName() string { return "contacts" }

func (r contactRow) contact() service.Contact {
	return service.Contact{ID: r.ID, CustomerID: r.CustomerID, Name: r.Name, Phone: r.Phone, Email: r.Email,
		ExternalUserID: orZero(r.ExternalUserID), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// SaveContact inserts or updates a contact.
func (s *CRM) SaveContact(ctx context.Context, c *service.Contact) error {
	row := contactRow{ID: c.ID, CustomerID: c.CustomerID, Name: c.Name, Phone: c.Phone, Email: c.Email,
		ExternalUserID: nullable(c.ExternalUserID), CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if err := s.db.conn(ctx).Save(&row).Error; err != nil {
		return dbErr(err)
	}
	c.ID = row.ID
	return nil
}

// Contact returns one contact.
func (s *CRM) Contact(ctx context.Context, id int64) (*service.Contact, error) {
	return takeOne(ctx, s.db, contactRow.contact, "id = ?", id)
}

// ContactByExternalUserID returns the contact with this WeCom id.
func (s *CRM) ContactByExternalUserID(ctx context.Context, externalUserID string) (*service.Contact, error) {
	return takeOne(ctx, s.db, contactRow.contact, "external_userid = ?", externalUserID)
}

// Contacts returns a customer's contacts, oldest first.
func (s *CRM) Contacts(ctx context.Context, customerID int64) ([]service.Contact, error) {
	return findAll(ctx, s.db, contactRow.contact, "id", "customer_id = ?", customerID)
}

type opportunityRow struct {
	ID          int64 `gorm:"primaryKey"`
	CustomerID  int64
	Name        string
	Stage       string
	AmountCents int64
	OwnerID     int64
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (opportunityRow) TableName() string { return "opportunities" }

func (r opportunityRow) opportunity() service.Opportunity {
	return service.Opportunity{ID: r.ID, CustomerID: r.CustomerID, Name: r.Name, Stage: service.OpportunityStage(r.Stage),
		AmountCents: r.AmountCents, OwnerID: r.OwnerID, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// SaveOpportunity inserts or updates a deal.
func (s *CRM) SaveOpportunity(ctx context.Context, o *service.Opportunity) error {
	row := opportunityRow{ID: o.ID, CustomerID: o.CustomerID, Name: o.Name, Stage: string(o.Stage),
		AmountCents: o.AmountCents, OwnerID: o.OwnerID, CreatedBy: o.CreatedBy, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
	if err := s.db.conn(ctx).Save(&row).Error; err != nil {
		return dbErr(err)
	}
	o.ID = row.ID
	return nil
}

// Opportunity returns one deal.
func (s *CRM) Opportunity(ctx context.Context, id int64) (*service.Opportunity, error) {
	return takeOne(ctx, s.db, opportunityRow.opportunity, "id = ?", id)
}

// Opportunities returns a customer's deals, newest first.
func (s *CRM) Opportunities(ctx context.Context, customerID int64) ([]service.Opportunity, error) {
	return findAll(ctx, s.db, opportunityRow.opportunity, "id DESC", "customer_id = ?", customerID)
}

type activityRow struct {
	ID         int64 `gorm:"primaryKey"`
	CustomerID int64
	Kind       string
	Subject    string
	OwnerID    int64
	DueAt      *time.Time
	DoneAt     *time.Time
	CreatedBy  int64
	CreatedAt  time.Time
}

func (activityRow) TableName() string { return "customer_activities" }

func (r activityRow) activity() service.Activity {
	return service.Activity{ID: r.ID, CustomerID: r.CustomerID, Kind: service.ActivityKind(r.Kind), Subject: r.Subject,
		OwnerID: r.OwnerID, DueAt: r.DueAt, DoneAt: r.DoneAt, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
}

// SaveActivity inserts or updates an activity.
func (s *CRM) SaveActivity(ctx context.Context, a *service.Activity) error {
	row := activityRow{ID: a.ID, CustomerID: a.CustomerID, Kind: string(a.Kind), Subject: a.Subject, OwnerID: a.OwnerID,
		DueAt: a.DueAt, DoneAt: a.DoneAt, CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt}
	if err := s.db.conn(ctx).Save(&row).Error; err != nil {
		return dbErr(err)
	}
	a.ID = row.ID
	return nil
}

// Activity returns one activity.
func (s *CRM) Activity(ctx context.Context, id int64) (*service.Activity, error) {
	return takeOne(ctx, s.db, activityRow.activity, "id = ?", id)
}

// Activities returns a customer's activities, newest first.
func (s *CRM) Activities(ctx context.Context, customerID int64) ([]service.Activity, error) {
	return findAll(ctx, s.db, activityRow.activity, "id DESC", "customer_id = ?", customerID)
}

// takeOne reads one row of R matching where and converts it.
func takeOne[R any, T any](ctx context.Context, db *DB, conv func(R) T, where string, args ...any) (*T, error) {
	var row R
	if err := db.conn(ctx).Where(where, args...).Take(&row).Error; err != nil {
		return nil, dbErr(err)
	}
	out := conv(row)
	return &out, nil
}

// findAll reads every row of R matching where, in order, and converts them.
func findAll[R any, T any](ctx context.Context, db *DB, conv func(R) T, order, where string, args ...any) ([]T, error) {
	var rows []R
	if err := db.conn(ctx).Where(where, args...).Order(order).Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		out = append(out, conv(r))
	}
	return out, nil
}

// jsonList stores a string list as a JSON array.
func jsonList(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(s) // a []string always marshals
	return string(b)
}

// parseList reads what jsonList wrote; bad data reads as empty.
func parseList(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

// nullable stores a zero value as NULL, so unique indexes ignore it.
func nullable[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// orZero reads what nullable stored.
func orZero[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
