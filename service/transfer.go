package service

import (
	"context"
	"time"
	"unicode/utf8"
)

// TransferStatus is where a transfer request stands.
type TransferStatus string

// The transfer statuses.
const (
	TransferOpen      TransferStatus = "open"      // 待转
	TransferApproved  TransferStatus = "approved"  // 已转
	TransferRejected  TransferStatus = "rejected"  //
	TransferCancelled TransferStatus = "cancelled" // the ticket was voided
)

// Transfer is a request to hand a ticket to another person or department.
type Transfer struct {
	ID          int64
	TicketID    int64
	FromUserID  int64 // the owner it moves away from
	RequestedBy int64
	ToUserID    int64
	ToDeptID    int64
	ApproverID  int64
	Reason      string
	Status      TransferStatus
	DecidedBy   int64
	DecidedAt   *time.Time
	Note        string
	CreatedAt   time.Time
}

// TransferRequest names the target (a person or a department) and why.
type TransferRequest struct {
	ToUserID int64
	ToDeptID int64
	Reason   string
}

// RequestTransfer asks to hand a ticket on; the approver the template's
// rule names decides. One transfer per ticket may be open at a time.
func (s *TicketService) RequestTransfer(ctx context.Context, actor Actor, id int64, in TransferRequest) (*Transfer, error) {
	var tr *Transfer
	_, err := s.mutate(ctx, actor, id, change{action: ActionTransferRequest, note: in.Reason,
		apply: func(ctx context.Context, p *principal, t, _ *Ticket) error {
			if t.PendingTransfer != nil {
				return E(KindConflict, "transfer.already_open", "ticket %d already has an open transfer", t.ID)
			}
			bad := map[string]string{}
			if n := utf8.RuneCountInString(in.Reason); n == 0 || n > 500 {
				bad["reason"] = "must be 1 to 500 characters"
			}
			switch {
			case (in.ToUserID == 0) == (in.ToDeptID == 0):
				bad["to"] = "name either a person or a department"
			case in.ToUserID != 0:
				if u, ok := p.x.User(in.ToUserID); !ok || !u.Enabled || u.ID == t.OwnerID {
					bad["to_user_id"] = "must be an enabled member other than the owner"
				}
			default:
				if d, ok := p.x.Dept(in.ToDeptID); !ok || d.Kind == DeptPlain {
					bad["to_dept_id"] = "must be a region, branch or outsourced provider"
				}
			}
			if len(bad) > 0 {
				return Invalid(bad)
			}
			approver, err := s.approver(ctx, p.x, t, in)
			if err != nil {
				return err
			}
			tr = &Transfer{TicketID: t.ID, FromUserID: t.OwnerID, RequestedBy: p.me(), ToUserID: in.ToUserID,
				ToDeptID: in.ToDeptID, ApproverID: approver, Reason: in.Reason, Status: TransferOpen, CreatedAt: s.now()}
			return s.d.Tickets.InsertTransfer(ctx, tr)
		}})
	if err != nil {
		return nil, err
	}
	return tr, nil
}

// approver applies the template's rule: the owner's leader, or the
// manager of the target department (a person's main department). When the
// rule finds nobody, the service managers decide.
func (s *TicketService) approver(ctx context.Context, x *OrgIndex, t *Ticket, in TransferRequest) (int64, error) {
	rule := ApproverOwnerLeader
	if t.TemplateID != 0 {
		tpl, err := s.d.Templates.Template(ctx, t.TemplateID, t.TemplateVersion)
		if err != nil {
			return 0, err
		}
		rule = tpl.TransferApprover
	}
	var who []int64
	if rule == ApproverOwnerLeader {
		who = x.Leaders(t.OwnerID)
	} else {
		dept := in.ToDeptID
		if u, ok := x.User(in.ToUserID); ok {
			dept = u.MainDeptID
		}
		who = queueManagers(x, dept)
	}
	if len(who) == 0 {
		who = x.UsersWithRole(RoleServiceManager)
	}
	if len(who) == 0 {
		return 0, E(KindInvalid, "transfer.no_approver", "nobody can approve this transfer")
	}
	return who[0], nil
}

// ApproveTransfer moves the ticket: to the person (in progress with them)
// or to the department's queue. The old owner keeps reading it and sees it
// under 已转. Only the approver or an admin decides.
func (s *TicketService) ApproveTransfer(ctx context.Context, actor Actor, transferID int64, note string) (*Ticket, error) {
	return s.decide(ctx, actor, transferID, note, true)
}

// RejectTransfer closes the request; nothing moves.
func (s *TicketService) RejectTransfer(ctx context.Context, actor Actor, transferID int64, note string) (*Ticket, error) {
	return s.decide(ctx, actor, transferID, note, false)
}

func (s *TicketService) decide(ctx context.Context, actor Actor, transferID int64, note string, approve bool) (*Ticket, error) {
	var out *Ticket
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		tr, err := s.d.Tickets.GetTransfer(ctx, transferID)
		if err != nil {
			return err
		}
		c := change{action: ActionTransferReject, note: note,
			allow: func(p *principal, t *Ticket) error {
				if t.PendingTransfer == nil || t.PendingTransfer.ID != tr.ID {
					return E(KindConflict, "transfer.not_open", "transfer %d is no longer open", tr.ID)
				}
				if p.admin || p.me() == tr.ApproverID {
					return nil
				}
				return E(KindForbidden, "transfer.not_approver", "user %d may not decide transfer %d", p.me(), tr.ID)
			},
			apply: func(ctx context.Context, p *principal, t, n *Ticket) error {
				n.PendingTransfer = nil
				tr.Status, tr.DecidedBy, tr.Note = TransferRejected, p.me(), note
				if approve {
					tr.Status = TransferApproved
					moveTo(n, tr)
				}
				now := s.now()
				tr.DecidedAt = &now
				return s.d.Tickets.CloseTransfer(ctx, tr)
			}}
		if approve {
			c.action = ActionTransferToUser
			if tr.ToDeptID != 0 {
				c.action = ActionTransferToDept
			}
		}
		out, err = s.mutate(ctx, actor, tr.TicketID, c)
		return err
	})
	return out, err
}

// moveTo hands the ticket over as an approved transfer says.
func moveTo(n *Ticket, tr *Transfer) {
	old := n.OwnerID
	if tr.ToUserID != 0 {
		assign(n, tr.ToUserID)
	} else {
		n.OwnerID, n.ReceiverID, n.ReceivingDeptID = 0, 0, tr.ToDeptID
	}
	n.follow(old)
}
