package repo

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

type kfWindowRow struct {
	ExternalUserID string `gorm:"column:external_userid;primaryKey"`
	OpenKfID       string `gorm:"column:open_kfid"`
	LastCustomerAt time.Time
	Sent           int
	UpdatedAt      time.Time
}

func (kfWindowRow) TableName() string { return "kf_windows" }

// KFCustomerWrote opens a new window, unless the stored one is newer (a
// page of old messages pulled late must not reopen a used window). Times
// are whole seconds, so a message in the same second as the window's
// start opens it anew; were that a message pulled twice, WeCom's own
// refusal would still close the window.
func (n *Notices) KFCustomerWrote(ctx context.Context, externalUserID, openKfID string, at time.Time) error {
	at = at.UTC()
	row := kfWindowRow{ExternalUserID: externalUserID, OpenKfID: openKfID, LastCustomerAt: at, UpdatedAt: time.Now().UTC()}
	q := n.db.conn(ctx)
	res := q.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil || res.RowsAffected == 1 {
		return dbErr(res.Error)
	}
	err := q.Model(&kfWindowRow{}).Where("external_userid = ? AND last_customer_at <= ?", externalUserID, at).
		Updates(map[string]any{"open_kfid": openKfID, "last_customer_at": at, "sent": 0, "updated_at": row.UpdatedAt}).Error
	return dbErr(err)
}

// KFWindow returns the customer's window, or nil.
func (n *Notices) KFWindow(ctx context.Context, externalUserID string) (*service.KFWindowState, error) {
	var rows []kfWindowRow
	if err := n.db.conn(ctx).Where("external_userid = ?", externalUserID).Limit(1).Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	r := rows[0]
	return &service.KFWindowState{ExternalUserID: r.ExternalUserID, OpenKfID: r.OpenKfID,
		LastCustomerAt: r.LastCustomerAt.UTC(), Sent: r.Sent}, nil
}

// KFCountSent counts a message in the window that opened at start.
func (n *Notices) KFCountSent(ctx context.Context, externalUserID string, start time.Time) error {
	return n.kfSet(ctx, externalUserID, start, map[string]any{"sent": gorm.Expr("sent + 1")})
}

// KFClose uses the window up.
func (n *Notices) KFClose(ctx context.Context, externalUserID string, start time.Time) error {
	return n.kfSet(ctx, externalUserID, start, map[string]any{"sent": service.KFWindowMessages})
}

func (n *Notices) kfSet(ctx context.Context, externalUserID string, start time.Time, set map[string]any) error {
	set["updated_at"] = time.Now().UTC()
	err := n.db.conn(ctx).Model(&kfWindowRow{}).
		Where("external_userid = ? AND last_customer_at = ?", externalUserID, start.UTC()).Updates(set).Error
	return dbErr(err)
}
