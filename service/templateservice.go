package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// TemplateService manages ticket templates. Every change is a new version;
// a ticket keeps the version it was created with.
type TemplateService struct {
	tx    TxRunner
	store TemplateStore
	org   *OrgService
	types []TicketType
	now   func() time.Time
}

// NewTemplateService wires templates; types nil means DefaultTicketTypes.
func NewTemplateService(tx TxRunner, store TemplateStore, org *OrgService, types []TicketType) *TemplateService {
	if types == nil {
		types = DefaultTicketTypes
	}
	return &TemplateService{tx: tx, store: store, org: org, types: types, now: time.Now}
}

// Create adds a template (admin only); every bad field is reported at once.
func (s *TemplateService) Create(ctx context.Context, actor Actor, def TemplateDef) (*Template, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	if bad := def.validate(s.types); len(bad) > 0 {
		return nil, Invalid(bad)
	}
	t := &Template{TemplateDef: def, Enabled: true, CreatedBy: actor.UserID}
	err := s.save(ctx, t)
	if IsKind(err, KindConflict) {
		// The code is a template's one unique key: a bad field, not a race.
		return nil, Invalid(map[string]string{"code": "already used by another template"})
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Update stores def as the template's next version (admin only). The code
// cannot change: library loads and imports find templates by it.
func (s *TemplateService) Update(ctx context.Context, actor Actor, id int64, def TemplateDef) (*Template, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	var out *Template
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.store.Template(ctx, id, 0)
		if err != nil {
			return err
		}
		bad := def.validate(s.types)
		if def.Code != cur.Code {
			bad["code"] = "cannot change"
		}
		if len(bad) > 0 {
			return Invalid(bad)
		}
		out = &Template{TemplateDef: def, ID: id, Enabled: cur.Enabled, CreatedBy: actor.UserID}
		return s.save(ctx, out)
	})
	return out, err
}

// Draft is what an admin starts an edit from: template id's current
// version, or for id 0 the settings a new template starts with. Others are
// refused here, before they fill in a form Create and Update would refuse.
func (s *TemplateService) Draft(ctx context.Context, actor Actor, id int64) (*Template, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	if id == 0 {
		return &Template{TemplateDef: TemplateDef{Scene: SceneAfterSale, DispatchMode: DispatchByServiceManager,
			TransferApprover: ApproverOwnerLeader}, Enabled: true}, nil
	}
	return s.store.Template(ctx, id, 0)
}

// SetEnabled shows or hides a template for new tickets (admin only).
func (s *TemplateService) SetEnabled(ctx context.Context, actor Actor, id int64, enabled bool) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	return s.store.SetTemplateEnabled(ctx, id, enabled)
}

// Get returns a template's current version.
func (s *TemplateService) Get(ctx context.Context, id int64) (*Template, error) {
	return s.store.Template(ctx, id, 0)
}

// ByCode returns a template's current version by its code.
func (s *TemplateService) ByCode(ctx context.Context, code string) (*Template, error) {
	return s.store.TemplateByCode(ctx, code)
}

// List returns the current version of every template.
func (s *TemplateService) List(ctx context.Context) ([]*Template, error) {
	return s.store.Templates(ctx)
}

func (s *TemplateService) save(ctx context.Context, t *Template) error {
	t.Digest = digest(t.TemplateDef)
	t.CreatedAt = s.now().UTC().Truncate(time.Millisecond)
	if err := s.store.SaveTemplateVersion(ctx, t); err != nil {
		return fmt.Errorf("save template %s: %w", t.Code, err)
	}
	return nil
}

// digest identifies a definition's content, so reloading an unchanged
// library file writes nothing.
func digest(def TemplateDef) string {
	b, _ := json.Marshal(def) // a TemplateDef always marshals; map keys are sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
