package repo

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

type customerDeliveryRow struct {
	ID        int64 `gorm:"primaryKey"`
	NoticeID  int64
	TicketID  int64
	Node      string
	Channel   string
	Status    string
	Detail    string
	CreatedAt time.Time
}

func (customerDeliveryRow) TableName() string { return "customer_notice_deliveries" }

// AddCustomerDelivery records one channel's try.
func (n *Notices) AddCustomerDelivery(ctx context.Context, d *service.CustomerDelivery) error {
	row := customerDeliveryRow{NoticeID: d.NoticeID, TicketID: d.TicketID, Node: string(d.Node), Channel: string(d.Channel),
		Status: d.Status, Detail: d.Detail, CreatedAt: d.CreatedAt}
	if err := n.db.conn(ctx).Create(&row).Error; err != nil {
		return dbErr(err)
	}
	d.ID = row.ID
	return nil
}

// CustomerNoticeSent reports whether a channel carried the notice.
func (n *Notices) CustomerNoticeSent(ctx context.Context, noticeID int64) (bool, error) {
	var count int64
	err := n.db.conn(ctx).Model(&customerDeliveryRow{}).
		Where("notice_id = ? AND status = ?", noticeID, service.DeliverySent).Count(&count).Error
	return count > 0, dbErr(err)
}

// CustomerDeliveries returns a ticket's tries, oldest first.
func (n *Notices) CustomerDeliveries(ctx context.Context, ticketID int64) ([]service.CustomerDelivery, error) {
	var rows []customerDeliveryRow
	if err := n.db.conn(ctx).Where("ticket_id = ?", ticketID).Order("id").Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.CustomerDelivery, len(rows))
	for i, r := range rows {
		out[i] = service.CustomerDelivery{ID: r.ID, NoticeID: r.NoticeID, TicketID: r.TicketID, Node: service.NoticeNode(r.Node),
			Channel: service.Channel(r.Channel), Status: r.Status, Detail: r.Detail, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

type csatRow struct {
	TicketID    int64 `gorm:"column:ticket_id;primaryKey;autoIncrement:false"`
	ContactID   int64
	Score       int
	Comment     string
	OwnerID     int64
	DeptID      int64
	SubmittedAt time.Time
}

func (csatRow) TableName() string { return "ticket_csat" }

func (r csatRow) csat() *service.CSAT {
	return &service.CSAT{TicketID: r.TicketID, ContactID: r.ContactID, Score: r.Score, Comment: r.Comment,
		OwnerID: r.OwnerID, DeptID: r.DeptID, SubmittedAt: r.SubmittedAt.UTC()}
}

// SaveCSAT stores or replaces the ticket's answer.
func (n *Notices) SaveCSAT(ctx context.Context, c *service.CSAT) error {
	row := csatRow{TicketID: c.TicketID, ContactID: c.ContactID, Score: c.Score, Comment: c.Comment,
		OwnerID: c.OwnerID, DeptID: c.DeptID, SubmittedAt: c.SubmittedAt}
	return dbErr(n.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "ticket_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"contact_id", "score", "comment", "owner_id", "dept_id", "submitted_at"}),
	}).Create(&row).Error)
}

// CSATOf returns the ticket's answer.
func (n *Notices) CSATOf(ctx context.Context, ticketID int64) (*service.CSAT, error) {
	var row csatRow
	if err := n.db.conn(ctx).Where("ticket_id = ?", ticketID).Take(&row).Error; err != nil {
		return nil, dbErr(err)
	}
	return row.csat(), nil
}

// CSATFacts streams the answers given in [from, to) on tickets of the view.
func (n *Notices) CSATFacts(ctx context.Context, q service.TicketQuery, from, to time.Time, fn func(service.CSAT) error) error {
	q.Statuses = nil
	where, args := scopeWhere(q)
	sql := "SELECT c.ticket_id, c.contact_id, c.score, c.comment, c.owner_id, c.dept_id, c.submitted_at " +
		"FROM ticket_csat c JOIN tickets t ON t.id = c.ticket_id WHERE c.submitted_at >= ? AND c.submitted_at < ? AND " + where
	db := n.db.conn(ctx)
	rows, err := db.Raw(sql, append([]any{from.UTC(), to.UTC()}, args...)...).Rows()
	if err != nil {
		return dbErr(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var r csatRow
		if err := db.ScanRows(rows, &r); err != nil {
			return dbErr(err)
		}
		if err := fn(*r.csat()); err != nil {
			return err
		}
	}
	return dbErr(rows.Err())
}
