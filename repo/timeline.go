package repo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

type eventRow struct {
	ID         int64 `gorm:"primaryKey"`
	TicketID   int64
	ActorID    int64
	Action     string
	Origin     string
	Note       string
	BeforeJSON string `gorm:"column:before_json"`
	AfterJSON  string `gorm:"column:after_json"`
	CreatedAt  time.Time
}

func (eventRow) TableName() string { return "ticket_events" }

// AppendEvent adds a timeline entry. There is no method to change one.
func (s *Tickets) AppendEvent(ctx context.Context, e *service.TimelineEvent) error {
	before, err := json.Marshal(e.Before)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	after, err := json.Marshal(e.After)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	row := eventRow{TicketID: e.TicketID, ActorID: e.ActorID, Action: string(e.Action), Origin: string(e.Origin),
		Note: e.Note, BeforeJSON: string(before), AfterJSON: string(after), CreatedAt: e.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return dbErr(err)
	}
	e.ID = row.ID
	return nil
}

// Events returns the timelines of the tickets, oldest first.
func (s *Tickets) Events(ctx context.Context, ticketIDs []int64) ([]service.TimelineEvent, error) {
	var rows []eventRow
	err := s.db.conn(ctx).Where("ticket_id IN ?", ticketIDs).Order(clause.OrderByColumn{Column: clause.Column{Name: "id"}}).Find(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.TimelineEvent, 0, len(rows))
	for _, r := range rows {
		e := service.TimelineEvent{ID: r.ID, TicketID: r.TicketID, ActorID: r.ActorID, Action: service.Action(r.Action),
			Origin: service.Origin(r.Origin), Note: r.Note, CreatedAt: r.CreatedAt.UTC()}
		if err := json.Unmarshal([]byte(r.BeforeJSON), &e.Before); err != nil {
			return nil, fmt.Errorf("decode event %d: %w", r.ID, err)
		}
		if err := json.Unmarshal([]byte(r.AfterJSON), &e.After); err != nil {
			return nil, fmt.Errorf("decode event %d: %w", r.ID, err)
		}
		out = append(out, e)
	}
	return out, nil
}
