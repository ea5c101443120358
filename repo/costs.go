package repo

import (
	"context"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Costs stores cost items and template cost rules.
type Costs struct{ db *DB }

// NewCosts returns the cost repository.
func NewCosts(db *DB) *Costs { return &Costs{db: db} }

var _ service.CostStore = (*Costs)(nil)

type costRow struct {
	ID           int64 `gorm:"primaryKey"`
	TicketID     int64
	Kind         string
	AmountCents  int64
	Note         string
	DeptID       int64
	Project      string
	UserID       int64
	AttributedBy string
	IncurredOn   string
	CreatedBy    int64
	CreatedAt    time.Time
}

func (costRow) TableName() string { return "cost_items" }

func (r costRow) cost() service.CostItem {
	return service.CostItem{ID: r.ID, TicketID: r.TicketID, Kind: service.CostKind(r.Kind), AmountCents: r.AmountCents,
		Note: r.Note, DeptID: r.DeptID, Project: r.Project, UserID: r.UserID, AttributedBy: service.CostSource(r.AttributedBy),
		IncurredOn: r.IncurredOn, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
}

type costRuleRow struct {
	ID         int64 `gorm:"primaryKey"`
	TemplateID int64
	Position   int
	Kind       string
	Target     string
	TargetID   int64
	Project    string
}

func (costRuleRow) TableName() string { return "cost_rules" }

func (r costRuleRow) rule() service.CostRule {
	return service.CostRule{Kind: service.CostKind(r.Kind), Target: service.CostTarget(r.Target), TargetID: r.TargetID, Project: r.Project}
}

// InsertCost stores an item.
func (s *Costs) InsertCost(ctx context.Context, c *service.CostItem) error {
	row := costRow{TicketID: c.TicketID, Kind: string(c.Kind), AmountCents: c.AmountCents, Note: c.Note, DeptID: c.DeptID,
		Project: c.Project, UserID: c.UserID, AttributedBy: string(c.AttributedBy), IncurredOn: c.IncurredOn,
		CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return dbErr(err)
	}
	c.ID = row.ID
	return nil
}

// Costs returns the tickets' items, oldest first.
func (s *Costs) Costs(ctx context.Context, ticketIDs []int64) ([]service.CostItem, error) {
	return findAll(ctx, s.db, costRow.cost, "id", "ticket_id IN ?", ticketIDs)
}

// CostRules returns a template's rules in order.
func (s *Costs) CostRules(ctx context.Context, templateID int64) ([]service.CostRule, error) {
	return findAll(ctx, s.db, costRuleRow.rule, "position", "template_id = ?", templateID)
}

// ReplaceCostRules makes the template's rules exactly rules.
func (s *Costs) ReplaceCostRules(ctx context.Context, templateID int64, rules []service.CostRule) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		q := s.db.conn(ctx)
		if err := q.Where("template_id = ?", templateID).Delete(&costRuleRow{}).Error; err != nil {
			return dbErr(err)
		}
		if len(rules) == 0 {
			return nil
		}
		rows := make([]costRuleRow, 0, len(rules))
		for i, r := range rules {
			rows = append(rows, costRuleRow{TemplateID: templateID, Position: i, Kind: string(r.Kind),
				Target: string(r.Target), TargetID: r.TargetID, Project: r.Project})
		}
		return dbErr(q.Create(&rows).Error)
	})
}

// costGroupKeys is the SQL key of each grouping; the day is stored as a
// string, so a month is its first seven characters on both databases.
var costGroupKeys = map[service.CostGroup]string{
	service.CostByDept:    "CAST(dept_id AS CHAR(20))",
	service.CostByPerson:  "CAST(user_id AS CHAR(20))",
	service.CostByProject: "project",
	service.CostByKind:    "kind",
	service.CostByDay:     "incurred_on",
	service.CostByMonth:   "SUBSTR(incurred_on, 1, 7)",
}

// CostTotals sums items per group in SQL.
func (s *Costs) CostTotals(ctx context.Context, from, to string, by service.CostGroup, scope service.CostScope) ([]service.CostTotal, error) {
	key := costGroupKeys[by]
	q := s.db.conn(ctx).Model(&costRow{}).Select(key+" AS k, SUM(amount_cents) AS total, COUNT(*) AS items").
		Where("incurred_on BETWEEN ? AND ?", from, to)
	if !scope.All {
		switch {
		case len(scope.UserIDs) > 0 && len(scope.DeptIDs) > 0:
			q = q.Where("(user_id IN ? OR dept_id IN ?)", scope.UserIDs, scope.DeptIDs)
		case len(scope.UserIDs) > 0:
			q = q.Where("user_id IN ?", scope.UserIDs)
		case len(scope.DeptIDs) > 0:
			q = q.Where("dept_id IN ?", scope.DeptIDs)
		default:
			return []service.CostTotal{}, nil
		}
	}
	order := "total DESC, k"
	if by == service.CostByDay || by == service.CostByMonth {
		order = "k"
	}
	var rows []struct {
		K     string
		Total int64
		Items int
	}
	if err := q.Group(key).Order(order).Scan(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.CostTotal, 0, len(rows))
	for _, r := range rows {
		out = append(out, service.CostTotal{Key: r.K, AmountCents: r.Total, Items: r.Items})
	}
	return out, nil
}
