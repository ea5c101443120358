package repo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// DispatchRules stores automatic dispatch rules.
type DispatchRules struct{ db *DB }

// NewDispatchRules returns the rule repository.
func NewDispatchRules(db *DB) *DispatchRules { return &DispatchRules{db: db} }

var _ service.DispatchRuleStore = (*DispatchRules)(nil)

type ruleRow struct {
	ID         int64 `gorm:"primaryKey"`
	Name       string
	Position   int
	Enabled    bool
	Conditions string
	TargetKind string
	TargetID   int64
	Strategy   string
	LastUserID int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (ruleRow) TableName() string { return "dispatch_rules" }

// DispatchRules returns the rules by position.
func (s *DispatchRules) DispatchRules(ctx context.Context, enabledOnly bool) ([]*service.DispatchRule, error) {
	q := s.db.conn(ctx).Order("position, id")
	if enabledOnly {
		q = q.Where("enabled = ?", true)
	}
	var rows []ruleRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]*service.DispatchRule, 0, len(rows))
	for _, r := range rows {
		rule := &service.DispatchRule{ID: r.ID, Name: r.Name, Position: r.Position, Enabled: r.Enabled,
			TargetKind: service.PartyKind(r.TargetKind), TargetID: r.TargetID, Strategy: service.RuleStrategy(r.Strategy),
			CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
		if err := json.Unmarshal([]byte(r.Conditions), &rule.When); err != nil {
			return nil, fmt.Errorf("decode rule %d: %w", r.ID, err)
		}
		out = append(out, rule)
	}
	return out, nil
}

// SaveDispatchRule inserts (ID 0) or replaces a rule.
func (s *DispatchRules) SaveDispatchRule(ctx context.Context, r *service.DispatchRule) error {
	cond, err := json.Marshal(r.When)
	if err != nil {
		return fmt.Errorf("encode rule: %w", err)
	}
	row := ruleRow{ID: r.ID, Name: r.Name, Position: r.Position, Enabled: r.Enabled, Conditions: string(cond),
		TargetKind: string(r.TargetKind), TargetID: r.TargetID, Strategy: string(r.Strategy),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	q := s.db.conn(ctx)
	if r.ID == 0 {
		if err := q.Create(&row).Error; err != nil {
			return dbErr(err)
		}
		r.ID = row.ID
		return nil
	}
	res := q.Model(&ruleRow{}).Where("id = ?", r.ID).Select("name", "position", "enabled", "conditions",
		"target_kind", "target_id", "strategy", "updated_at").Updates(&row)
	if res.Error == nil && res.RowsAffected == 0 {
		return service.E(service.KindNotFound, "rule.not_found", "dispatch rule %d not found", r.ID)
	}
	return dbErr(res.Error)
}

// DeleteDispatchRule removes a rule.
func (s *DispatchRules) DeleteDispatchRule(ctx context.Context, id int64) error {
	return dbErr(s.db.conn(ctx).Where("id = ?", id).Delete(&ruleRow{}).Error)
}

// LockRuleCursor locks the rule row (a no-op write takes the row lock on
// MySQL; SQLite's writer lock is already held) and returns the cursor.
func (s *DispatchRules) LockRuleCursor(ctx context.Context, id int64) (int64, error) {
	q := s.db.conn(ctx)
	if err := q.Exec("UPDATE dispatch_rules SET last_user_id = last_user_id WHERE id = ?", id).Error; err != nil {
		return 0, dbErr(err)
	}
	var last int64
	err := q.Raw("SELECT last_user_id FROM dispatch_rules WHERE id = ?", id).Scan(&last).Error
	return last, dbErr(err)
}

// SetRuleCursor remembers whom the rule picked last.
func (s *DispatchRules) SetRuleCursor(ctx context.Context, id, userID int64) error {
	return dbErr(s.db.conn(ctx).Exec("UPDATE dispatch_rules SET last_user_id = ? WHERE id = ?", userID, id).Error)
}
