package repo

import (
	"context"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

type transferRow struct {
	ID           int64 `gorm:"primaryKey"`
	TicketID     int64
	OpenTicketID *int64
	FromUserID   int64
	RequestedBy  int64
	ToUserID     int64
	ToDeptID     int64
	ApproverID   int64
	Reason       string
	Status       string
	DecidedBy    int64
	DecidedAt    *time.Time
	DecisionNote string
	CreatedAt    time.Time
}

func (transferRow) TableName() string { return "ticket_transfers" }

func (r *transferRow) transfer() *service.Transfer {
	return &service.Transfer{
		ID: r.ID, TicketID: r.TicketID, FromUserID: r.FromUserID, RequestedBy: r.RequestedBy, ToUserID: r.ToUserID,
		ToDeptID: r.ToDeptID, ApproverID: r.ApproverID, Reason: r.Reason, Status: service.TransferStatus(r.Status),
		DecidedBy: r.DecidedBy, DecidedAt: utc(r.DecidedAt), Note: r.DecisionNote, CreatedAt: r.CreatedAt.UTC(),
	}
}

// InsertTransfer stores an open transfer; the unique open_ticket_id turns
// a second open one into a conflict even between server instances.
func (s *Tickets) InsertTransfer(ctx context.Context, tr *service.Transfer) error {
	open := tr.TicketID
	row := transferRow{TicketID: tr.TicketID, OpenTicketID: &open, FromUserID: tr.FromUserID,
		RequestedBy: tr.RequestedBy, ToUserID: tr.ToUserID, ToDeptID: tr.ToDeptID, ApproverID: tr.ApproverID,
		Reason: tr.Reason, Status: string(tr.Status), CreatedAt: tr.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		if isDuplicate(err) {
			return service.Wrap(service.KindConflict, "transfer.already_open", err)
		}
		return dbErr(err)
	}
	tr.ID = row.ID
	return nil
}

// GetTransfer returns one transfer.
func (s *Tickets) GetTransfer(ctx context.Context, id int64) (*service.Transfer, error) {
	var row transferRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if isNotFound(err) {
			return nil, service.E(service.KindNotFound, "transfer.not_found", "transfer %d not found", id)
		}
		return nil, dbErr(err)
	}
	return row.transfer(), nil
}

// CloseTransfer records the decision and frees the ticket's open slot.
func (s *Tickets) CloseTransfer(ctx context.Context, tr *service.Transfer) error {
	res := s.db.conn(ctx).Model(&transferRow{}).Where("id = ? AND open_ticket_id IS NOT NULL", tr.ID).
		Updates(map[string]any{"open_ticket_id": nil, "status": string(tr.Status), "decided_by": tr.DecidedBy,
			"decided_at": tr.DecidedAt, "decision_note": tr.Note})
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return service.E(service.KindConflict, "transfer.not_open", "transfer %d is no longer open", tr.ID)
	}
	return nil
}
