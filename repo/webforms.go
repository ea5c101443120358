package repo

import (
	"context"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// WebForms stores public web-to-case forms.
type WebForms struct{ db *DB }

// NewWebForms returns the web form repository.
func NewWebForms(db *DB) *WebForms { return &WebForms{db: db} }

var _ service.WebFormStore = (*WebForms)(nil)

type webFormRow struct {
	ID              int64 `gorm:"primaryKey"`
	Token           string
	Name            string
	TemplateID      int64
	OwnerID         int64
	ReceivingDeptID int64
	CustomerID      int64
	Enabled         bool
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (webFormRow) TableName() string { return "web_forms" }

func (r webFormRow) form() *service.WebForm {
	return &service.WebForm{ID: r.ID, Token: r.Token, Name: r.Name, TemplateID: r.TemplateID, OwnerID: r.OwnerID,
		ReceivingDeptID: r.ReceivingDeptID, CustomerID: r.CustomerID, Enabled: r.Enabled, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func toWebFormRow(f *service.WebForm) webFormRow {
	return webFormRow{ID: f.ID, Token: f.Token, Name: f.Name, TemplateID: f.TemplateID, OwnerID: f.OwnerID,
		ReceivingDeptID: f.ReceivingDeptID, CustomerID: f.CustomerID, Enabled: f.Enabled, CreatedBy: f.CreatedBy,
		CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

// InsertWebForm stores a new form and sets its ID.
func (s *WebForms) InsertWebForm(ctx context.Context, f *service.WebForm) error {
	row := toWebFormRow(f)
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return dbErr(err)
	}
	f.ID = row.ID
	return nil
}

// UpdateWebForm writes a form's settings; its token and creator stay.
func (s *WebForms) UpdateWebForm(ctx context.Context, f *service.WebForm) error {
	row := toWebFormRow(f)
	res := s.db.conn(ctx).Model(&webFormRow{}).Where("id = ?", f.ID).
		Select("name", "template_id", "owner_id", "receiving_dept_id", "customer_id", "enabled", "updated_at").Updates(&row)
	if res.Error == nil && res.RowsAffected == 0 {
		return service.E(service.KindNotFound, "webform.not_found", "web form %d not found", f.ID)
	}
	return dbErr(res.Error)
}

// WebForm returns one form by id.
func (s *WebForms) WebForm(ctx context.Context, id int64) (*service.WebForm, error) {
	return s.one(ctx, "id = ?", id)
}

// WebFormByToken returns one form by its public token.
func (s *WebForms) WebFormByToken(ctx context.Context, token string) (*service.WebForm, error) {
	return s.one(ctx, "token = ?", token)
}

func (s *WebForms) one(ctx context.Context, cond string, arg any) (*service.WebForm, error) {
	var row webFormRow
	if err := s.db.conn(ctx).Where(cond, arg).Take(&row).Error; err != nil {
		return nil, dbErr(err)
	}
	return row.form(), nil
}

// WebForms returns every form, newest first.
func (s *WebForms) WebForms(ctx context.Context) ([]*service.WebForm, error) {
	var rows []webFormRow
	if err := s.db.conn(ctx).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]*service.WebForm, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.form())
	}
	return out, nil
}
