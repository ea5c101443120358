package repo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// CRM stores customers, contacts, opportunities and activities.
type CRM struct{ db *DB }

// NewCRM returns the CRM repository.
func NewCRM(db *DB) *CRM { return &CRM{db: db} }

var _ service.CRMStore = (*CRM)(nil)

type customerRow struct {
	ID           int64 `gorm:"primaryKey"`
	Number       *string
	Name         string
	Phone        string
	RegionDeptID int64
	Tags         string
	OwnerID      int64
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (customerRow) TableName() string { return "customers" }

func toCustomerRow(c *service.Customer) customerRow {
	return customerRow{ID: c.ID, Number: nullable(c.Number), Name: c.Name, Phone: c.Phone, RegionDeptID: c.RegionDeptID,
		Tags: jsonList(c.Tags), OwnerID: c.OwnerID, CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (r customerRow) customer() service.Customer {
	return service.Customer{ID: r.ID, Number: orZero(r.Number), Name: r.Name, Phone: r.Phone, RegionDeptID: r.RegionDeptID,
		Tags: parseList(r.Tags), OwnerID: r.OwnerID, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// InsertCustomer stores c; with no number it derives one from the id in
// the same transaction.
func (s *CRM) InsertCustomer(ctx context.Context, c *service.Customer) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		q := s.db.conn(ctx)
		row := toCustomerRow(c)
		if err := q.Create(&row).Error; err != nil {
			return dbErr(err)
		}
		c.ID = row.ID
		if c.Number != "" {
			return nil
		}
		c.Number = fmt.Sprintf("KH%06d", row.ID)
		return dbErr(q.Model(&customerRow{ID: row.ID}).Update("number", c.Number).Error)
	})
}

// UpdateCustomer writes every field but the creation stamps.
func (s *CRM) UpdateCustomer(ctx context.Context, c *service.Customer) error {
	row := toCustomerRow(c)
	err := s.db.conn(ctx).Model(&customerRow{ID: c.ID}).
		Select("number", "name", "phone", "region_dept_id", "tags", "owner_id", "updated_at").Updates(&row).Error
	return dbErr(err)
}

// Customer returns one customer.
func (s *CRM) Customer(ctx context.Context, id int64) (*service.Customer, error) {
	var row customerRow
	if err := s.db.conn(ctx).Take(&row, id).Error; err != nil {
		return nil, dbErr(err)
	}
	c := row.customer()
	return &c, nil
}

// FindCustomers matches name, number and phone (the customer's or one of
// its contacts'), whole values first.
func (s *CRM) FindCustomers(ctx context.Context, m service.CRMMatch) ([]service.Customer, error) {
	return findMatching(ctx, s.db, customerRow.customer, customerMatch, m)
}

// likePattern turns text into a containing-match LIKE pattern with '!' as
// the escape character (set with ESCAPE '!' on both databases, which have
// different default escapes).
func likePattern(s string) string {
	r := strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")
	return "%" + r.Replace(s) + "%"
}

// CustomerTicketIDs pages through a customer's tickets, newest first.
func (s *CRM) CustomerTicketIDs(ctx context.Context, customerID, before int64, limit int) ([]int64, error) {
	q := s.db.conn(ctx).Table("tickets").Where("customer_id = ?", customerID)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var ids []int64
	err := q.Order("id DESC").Limit(limit).Pluck("id", &ids).Error
	return ids, dbErr(err)
}
