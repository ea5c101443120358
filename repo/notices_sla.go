package repo

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

type slaMarkRow struct {
	TicketID  int64     `gorm:"primaryKey;autoIncrement:false"`
	Target    string    `gorm:"primaryKey"`
	DueAt     time.Time `gorm:"primaryKey"`
	Stage     string    `gorm:"primaryKey"`
	CreatedAt time.Time
}

func (slaMarkRow) TableName() string { return "sla_escalations" }

// slaCandidatesSQL finds open tickets with a target due by the horizon
// that no sweep has escalated as breached yet, the soonest due first (so
// a large backlog delays the least urgent). The resolution part walks
// idx_tickets_resolve_due; the response part only tickets not yet
// answered.
const slaCandidatesSQL = `SELECT t.id FROM tickets t
WHERE t.status IN ? AND t.waiting_customer = ? AND t.voided = ?
  AND ((t.resolve_due_at IS NOT NULL AND t.resolved_at IS NULL AND t.resolve_due_at <= ?
        AND NOT EXISTS (SELECT 1 FROM sla_escalations e WHERE e.ticket_id = t.id AND e.target = 'resolve'
                        AND e.due_at = t.resolve_due_at AND e.stage = 'breached'))
    OR (t.response_due_at IS NOT NULL AND t.first_response_at IS NULL AND t.response_due_at <= ?
        AND NOT EXISTS (SELECT 1 FROM sla_escalations e WHERE e.ticket_id = t.id AND e.target = 'response'
                        AND e.due_at = t.response_due_at AND e.stage = 'breached')))
ORDER BY CASE WHEN t.first_response_at IS NULL AND t.response_due_at IS NOT NULL THEN t.response_due_at
              ELSE t.resolve_due_at END, t.id
LIMIT ?`

// SLACandidates lists tickets the sweep must look at.
func (n *Notices) SLACandidates(ctx context.Context, horizon time.Time, limit int) ([]int64, error) {
	open := make([]string, len(service.OpenStatuses))
	for i, s := range service.OpenStatuses {
		open[i] = string(s)
	}
	horizon = horizon.UTC()
	var ids []int64
	err := n.db.conn(ctx).Raw(slaCandidatesSQL, open, false, false, horizon, horizon, limit).Scan(&ids).Error
	return ids, dbErr(err)
}

// MarkSLA records a stage; a stage recorded already is left alone and
// reported as not fresh.
func (n *Notices) MarkSLA(ctx context.Context, m service.SLAMark) (bool, error) {
	row := slaMarkRow{TicketID: m.TicketID, Target: m.Target, DueAt: m.DueAt.UTC(), Stage: m.Stage, CreatedAt: m.CreatedAt}
	res := n.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	return res.RowsAffected == 1, dbErr(res.Error)
}
