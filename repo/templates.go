package repo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Templates stores ticket templates and their versions.
type Templates struct{ db *DB }

// NewTemplates returns the template repository.
func NewTemplates(db *DB) *Templates { return &Templates{db: db} }

var _ service.TemplateStore = (*Templates)(nil)

type templateRow struct {
	ID             int64 `gorm:"primaryKey"`
	Code           string
	Name           string
	Scene          string
	Enabled        bool
	CurrentVersion int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (templateRow) TableName() string { return "ticket_templates" }

type templateVersionRow struct {
	TemplateID int64
	Version    int
	Definition string
	Digest     string
	CreatedBy  int64
	CreatedAt  time.Time
}

func (templateVersionRow) TableName() string { return "ticket_template_versions" }

// TemplateByCode returns a template's current version.
func (s *Templates) TemplateByCode(ctx context.Context, code string) (*service.Template, error) {
	var row templateRow
	if err := s.db.conn(ctx).Where("code = ?", code).Take(&row).Error; err != nil {
		return nil, templateErr(err, code)
	}
	return s.version(ctx, &row, 0)
}

// Template returns a version of a template; 0 means the current one.
func (s *Templates) Template(ctx context.Context, id int64, version int) (*service.Template, error) {
	var row templateRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, templateErr(err, id)
	}
	return s.version(ctx, &row, version)
}

// Templates returns the current version of every template, by id.
func (s *Templates) Templates(ctx context.Context) ([]*service.Template, error) {
	var rows []templateRow
	if err := s.db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]*service.Template, 0, len(rows))
	for i := range rows {
		t, err := s.version(ctx, &rows[i], 0)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (s *Templates) version(ctx context.Context, row *templateRow, version int) (*service.Template, error) {
	if version == 0 {
		version = row.CurrentVersion
	}
	var v templateVersionRow
	if err := s.db.conn(ctx).Where("template_id = ? AND version = ?", row.ID, version).Take(&v).Error; err != nil {
		return nil, templateErr(err, fmt.Sprintf("%d v%d", row.ID, version))
	}
	t := &service.Template{ID: row.ID, Version: v.Version, Enabled: row.Enabled, Digest: v.Digest,
		CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt.UTC()}
	if err := json.Unmarshal([]byte(v.Definition), &t.TemplateDef); err != nil {
		return nil, fmt.Errorf("decode template %d v%d: %w", row.ID, v.Version, err)
	}
	return t, nil
}

// SaveTemplateVersion stores a new template or its next version.
func (s *Templates) SaveTemplateVersion(ctx context.Context, t *service.Template) error {
	def, err := json.Marshal(t.TemplateDef)
	if err != nil {
		return fmt.Errorf("encode template: %w", err)
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		q := s.db.conn(ctx)
		row := templateRow{ID: t.ID}
		if t.ID == 0 {
			row = templateRow{Code: t.Code, Name: t.Name, Scene: string(t.Scene), Enabled: t.Enabled,
				CurrentVersion: 1, CreatedAt: t.CreatedAt, UpdatedAt: t.CreatedAt}
			if err := q.Create(&row).Error; err != nil {
				return dbErr(err)
			}
		} else {
			// Taking the row lock first makes two concurrent editors queue
			// for the next version number instead of colliding on it.
			res := q.Exec("UPDATE ticket_templates SET current_version = current_version + 1, name = ?, scene = ?, updated_at = ? WHERE id = ?",
				t.Name, string(t.Scene), t.CreatedAt, t.ID)
			if res.Error != nil {
				return dbErr(res.Error)
			}
			if res.RowsAffected == 0 {
				return service.E(service.KindNotFound, "template.not_found", "template %d not found", t.ID)
			}
			if err := q.Where("id = ?", t.ID).Take(&row).Error; err != nil {
				return dbErr(err)
			}
		}
		t.ID, t.Version = row.ID, row.CurrentVersion
		v := templateVersionRow{TemplateID: t.ID, Version: t.Version, Definition: string(def), Digest: t.Digest,
			CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt}
		return dbErr(q.Create(&v).Error)
	})
}

// SetTemplateEnabled shows or hides a template for new tickets.
func (s *Templates) SetTemplateEnabled(ctx context.Context, id int64, enabled bool) error {
	res := s.db.conn(ctx).Model(&templateRow{}).Where("id = ?", id).Updates(map[string]any{"enabled": enabled, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return service.E(service.KindNotFound, "template.not_found", "template %d not found", id)
	}
	return nil
}

func templateErr(err error, which any) error {
	if isNotFound(err) {
		return service.E(service.KindNotFound, "template.not_found", "template %v not found", which)
	}
	return dbErr(err)
}
