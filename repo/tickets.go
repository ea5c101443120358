package repo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Tickets stores tickets, members, the timeline, links and transfers.
type Tickets struct{ db *DB }

// NewTickets returns the ticket repository.
func NewTickets(db *DB) *Tickets { return &Tickets{db: db} }

var _ service.TicketStore = (*Tickets)(nil)

type ticketRow struct {
	ID               int64 `gorm:"primaryKey"`
	Number           string
	Subject          string
	Description      string
	Solution         string
	InternalComment  string
	Priority         string
	Type             string
	Origin           string
	Reason           string
	Product          string
	CustomerID       int64
	ContactID        int64
	OpportunityID    int64
	OwnerID          int64
	ReceivingDeptID  int64
	ReceiverID       int64
	CreatorID        int64
	TemplateID       int64
	TemplateVersion  int
	DispatchMode     int
	Status           string
	WaitingCustomer  bool
	WaitingSince     *time.Time
	SLAPausedSeconds int64 `gorm:"column:sla_paused_seconds"`
	Locked           bool
	Voided           bool
	CustomFields     string
	ResponseDueAt    *time.Time
	ResolveDueAt     *time.Time
	FirstResponseAt  *time.Time
	ResolvedAt       *time.Time
	ResolvedByID     int64
	ClosedAt         *time.Time
	ClosedByID       int64
	MergedIntoID     int64
	StateBeforeMerge string
	Version          int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (ticketRow) TableName() string { return "tickets" }

type memberRow struct {
	TicketID  int64
	UserID    int64
	Role      string
	Access    string
	CreatedAt time.Time
}

func (memberRow) TableName() string { return "ticket_members" }

func toTicketRow(t *service.Ticket) (*ticketRow, error) {
	custom, err := json.Marshal(t.CustomFields)
	if err != nil {
		return nil, fmt.Errorf("encode custom fields: %w", err)
	}
	if t.CustomFields == nil {
		custom = []byte("{}")
	}
	return &ticketRow{
		ID: t.ID, Number: t.Number, Subject: t.Subject, Description: t.Description, Solution: t.Solution,
		InternalComment: t.InternalComment, Priority: string(t.Priority), Type: string(t.Type),
		Origin: string(t.Origin), Reason: t.Reason, Product: t.Product, CustomerID: t.CustomerID,
		ContactID: t.ContactID, OpportunityID: t.OpportunityID, OwnerID: t.OwnerID,
		ReceivingDeptID: t.ReceivingDeptID, ReceiverID: t.ReceiverID, CreatorID: t.CreatorID,
		TemplateID: t.TemplateID, TemplateVersion: t.TemplateVersion, DispatchMode: int(t.DispatchMode),
		Status: string(t.Status), WaitingCustomer: t.WaitingCustomer, WaitingSince: t.WaitingSince,
		SLAPausedSeconds: int64(t.SLAPaused / time.Second), Locked: t.Locked, Voided: t.Voided(),
		CustomFields: string(custom), ResponseDueAt: t.ResponseDueAt, ResolveDueAt: t.ResolveDueAt,
		FirstResponseAt: t.FirstResponseAt, ResolvedAt: t.ResolvedAt, ResolvedByID: t.ResolvedBy,
		ClosedAt: t.ClosedAt, ClosedByID: t.ClosedBy, MergedIntoID: t.MergedIntoID,
		StateBeforeMerge: string(t.StateBeforeMerge), Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}, nil
}

func (r *ticketRow) ticket() (*service.Ticket, error) {
	t := &service.Ticket{
		ID: r.ID, Number: r.Number, Subject: r.Subject, Description: r.Description, Solution: r.Solution,
		InternalComment: r.InternalComment, Priority: service.Priority(r.Priority), Type: service.TicketType(r.Type),
		Origin: service.Origin(r.Origin), Reason: r.Reason, Product: r.Product, CustomerID: r.CustomerID,
		ContactID: r.ContactID, OpportunityID: r.OpportunityID, OwnerID: r.OwnerID,
		ReceivingDeptID: r.ReceivingDeptID, ReceiverID: r.ReceiverID, CreatorID: r.CreatorID,
		TemplateID: r.TemplateID, TemplateVersion: r.TemplateVersion, DispatchMode: service.DispatchMode(r.DispatchMode),
		Status: service.Status(r.Status), WaitingCustomer: r.WaitingCustomer, WaitingSince: utc(r.WaitingSince),
		SLAPaused: time.Duration(r.SLAPausedSeconds) * time.Second, Locked: r.Locked,
		ResponseDueAt: utc(r.ResponseDueAt), ResolveDueAt: utc(r.ResolveDueAt), FirstResponseAt: utc(r.FirstResponseAt),
		ResolvedAt: utc(r.ResolvedAt), ResolvedBy: r.ResolvedByID, ClosedAt: utc(r.ClosedAt), ClosedBy: r.ClosedByID,
		MergedIntoID: r.MergedIntoID, StateBeforeMerge: service.State(r.StateBeforeMerge), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Members: []service.Member{},
	}
	if err := json.Unmarshal([]byte(r.CustomFields), &t.CustomFields); err != nil {
		return nil, fmt.Errorf("decode custom fields of ticket %d: %w", r.ID, err)
	}
	return t, nil
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// InsertTicket stores a new ticket with its members.
func (s *Tickets) InsertTicket(ctx context.Context, t *service.Ticket) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		t.Version = 1
		row, err := toTicketRow(t)
		if err != nil {
			return err
		}
		if err := s.db.conn(ctx).Create(row).Error; err != nil {
			return dbErr(err)
		}
		t.ID = row.ID
		return s.SetMembers(ctx, t.ID, t.Members)
	})
}

// UpdateTicket writes every column if the stored version is still version.
func (s *Tickets) UpdateTicket(ctx context.Context, t *service.Ticket, version int64) error {
	row, err := toTicketRow(t)
	if err != nil {
		return err
	}
	row.Version = version + 1
	res := s.db.conn(ctx).Model(&ticketRow{}).Where("id = ? AND version = ?", t.ID, version).
		Select("*").Omit("id", "number", "creator_id", "created_at").Updates(row)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return service.E(service.KindConflict, service.CodeVersionConflict,
			"ticket %d was changed by someone else since version %d", t.ID, version)
	}
	t.Version = row.Version
	return nil
}

// SetMembers replaces the ticket's members.
func (s *Tickets) SetMembers(ctx context.Context, ticketID int64, members []service.Member) error {
	q := s.db.conn(ctx)
	if err := q.Where("ticket_id = ?", ticketID).Delete(&memberRow{}).Error; err != nil {
		return dbErr(err)
	}
	if len(members) == 0 {
		return nil
	}
	now := time.Now().UTC()
	rows := make([]memberRow, 0, len(members))
	for _, m := range members {
		rows = append(rows, memberRow{TicketID: ticketID, UserID: m.UserID, Role: string(m.Role), Access: string(m.Access), CreatedAt: now})
	}
	return dbErr(q.Create(&rows).Error)
}

// GetTicket returns one ticket with members and its open transfer.
func (s *Tickets) GetTicket(ctx context.Context, id int64) (*service.Ticket, error) {
	ts, err := s.GetTickets(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, service.E(service.KindNotFound, "ticket.not_found", "ticket %d not found", id)
	}
	return ts[0], nil
}

// GetTickets returns the tickets among ids, in ids' order, in three
// queries whatever their number.
func (s *Tickets) GetTickets(ctx context.Context, ids []int64) ([]*service.Ticket, error) {
	if len(ids) == 0 {
		return []*service.Ticket{}, nil
	}
	q := s.db.conn(ctx)
	var rows []ticketRow
	if err := q.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	var members []memberRow
	if err := q.Where("ticket_id IN ?", ids).Order("ticket_id, user_id").Find(&members).Error; err != nil {
		return nil, dbErr(err)
	}
	var open []transferRow
	if err := q.Where("open_ticket_id IN ?", ids).Find(&open).Error; err != nil {
		return nil, dbErr(err)
	}
	byID := make(map[int64]*service.Ticket, len(rows))
	for i := range rows {
		t, err := rows[i].ticket()
		if err != nil {
			return nil, err
		}
		byID[t.ID] = t
	}
	for _, m := range members {
		if t := byID[m.TicketID]; t != nil {
			t.Members = append(t.Members, service.Member{UserID: m.UserID, Role: service.MemberRole(m.Role), Access: service.Access(m.Access)})
		}
	}
	for i := range open {
		if t := byID[open[i].TicketID]; t != nil {
			t.PendingTransfer = open[i].transfer()
		}
	}
	out := make([]*service.Ticket, 0, len(ids))
	for _, id := range ids {
		if t := byID[id]; t != nil {
			out = append(out, t)
		}
	}
	return out, nil
}
