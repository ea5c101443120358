package repo

import (
	"context"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Webhooks stores outbound webhooks; their deliveries are outbox rows.
type Webhooks struct{ db *DB }

// NewWebhooks returns the webhook repository.
func NewWebhooks(db *DB) *Webhooks { return &Webhooks{db: db} }

var _ service.WebhookStore = (*Webhooks)(nil)

type webhookRow struct {
	ID        int64 `gorm:"primaryKey"`
	URL       string
	Secret    string
	Events    string
	Enabled   bool
	CreatedBy int64
	CreatedAt time.Time
}

func (webhookRow) TableName() string { return "webhooks" }

func (r webhookRow) webhook() *service.Webhook {
	w := &service.Webhook{ID: r.ID, URL: r.URL, Secret: r.Secret, Events: []service.Action{}, Enabled: r.Enabled,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
	for _, e := range strings.Split(r.Events, ",") {
		if e != "" {
			w.Events = append(w.Events, service.Action(e))
		}
	}
	return w
}

// InsertWebhook stores a webhook and sets its ID.
func (s *Webhooks) InsertWebhook(ctx context.Context, w *service.Webhook) error {
	row := webhookRow{URL: w.URL, Secret: w.Secret, Events: strings.Join(strs(w.Events), ","), Enabled: w.Enabled,
		CreatedBy: w.CreatedBy, CreatedAt: w.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return dbErr(err)
	}
	w.ID = row.ID
	return nil
}

// Webhook returns one webhook.
func (s *Webhooks) Webhook(ctx context.Context, id int64) (*service.Webhook, error) {
	var row webhookRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if isNotFound(err) {
			return nil, service.E(service.KindNotFound, "webhook.not_found", "webhook %d not found", id)
		}
		return nil, dbErr(err)
	}
	return row.webhook(), nil
}

// Webhooks returns every webhook in id order.
func (s *Webhooks) Webhooks(ctx context.Context) ([]*service.Webhook, error) {
	var rows []webhookRow
	if err := s.db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]*service.Webhook, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.webhook())
	}
	return out, nil
}

// SetWebhookEnabled pauses or resumes a webhook.
func (s *Webhooks) SetWebhookEnabled(ctx context.Context, id int64, enabled bool) error {
	res := s.db.conn(ctx).Model(&webhookRow{}).Where("id = ?", id).Update("enabled", enabled)
	if res.Error == nil && res.RowsAffected == 0 {
		if _, err := s.Webhook(ctx, id); err != nil {
			return err
		}
	}
	return dbErr(res.Error)
}

// DeleteWebhook removes a webhook.
func (s *Webhooks) DeleteWebhook(ctx context.Context, id int64) error {
	res := s.db.conn(ctx).Where("id = ?", id).Delete(&webhookRow{})
	if res.Error == nil && res.RowsAffected == 0 {
		return service.E(service.KindNotFound, "webhook.not_found", "webhook %d not found", id)
	}
	return dbErr(res.Error)
}

// WebhookDeliveries reads the recipient's outbox rows, newest first, on
// the outbox's (channel, recipient, status, id) index.
func (s *Webhooks) WebhookDeliveries(ctx context.Context, recipient string, limit int) ([]service.Notice, error) {
	var rows []outboxRow
	err := s.db.conn(ctx).Where("channel = ? AND recipient = ?", string(service.ChannelWebhook), recipient).
		Order("id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.Notice, len(rows))
	for i, r := range rows {
		out[i] = r.notice()
	}
	return out, nil
}
