package service

import (
	"context"
	"strings"
	"time"
)

// ActionCSAT is the timeline entry of a customer's satisfaction answer.
const ActionCSAT Action = "csat"

// CSAT is a customer's satisfaction answer on a ticket: 1 (very
// dissatisfied) to 5 (very satisfied) and an optional comment. It counts
// for the engineer who handled the ticket and their department, as they
// were when the answer was given.
type CSAT struct {
	TicketID    int64
	ContactID   int64
	Score       int
	Comment     string
	OwnerID     int64
	DeptID      int64
	SubmittedAt time.Time
}

// CSATStore persists answers. repo implements it.
type CSATStore interface {
	// SaveCSAT stores the ticket's answer, replacing an earlier one.
	SaveCSAT(ctx context.Context, c *CSAT) error
	// CSATOf returns the ticket's answer, or KindNotFound.
	CSATOf(ctx context.Context, ticketID int64) (*CSAT, error)
	// CSATFacts calls fn with each answer given in [from, to) on a ticket
	// of the view q.
	CSATFacts(ctx context.Context, q TicketQuery, from, to time.Time, fn func(CSAT) error) error
}

const maxCSATComment = 1000

// CSATForm returns what the satisfaction page shows behind a survey link.
func (p *CustomerPages) CSATForm(ctx context.Context, token string) (*PublicStatus, error) {
	return p.open(ctx, token, LinkCSAT)
}

// SubmitCSAT stores the answer given through a survey link, on a ticket
// that is resolved or closed, and writes it on the ticket's timeline (the
// handler hears of it) in one transaction.
func (p *CustomerPages) SubmitCSAT(ctx context.Context, token string, score int, comment string) (*CSAT, error) {
	comment = strings.TrimSpace(comment)
	bad := map[string]string{}
	if score < 1 || score > 5 {
		bad["score"] = "must be 1 to 5"
	}
	checkLen(bad, "comment", comment, 0, maxCSATComment)
	var out *CSAT
	err := p.tickets.d.Tx.InTx(ctx, func(ctx context.Context) error {
		st, err := p.open(ctx, token, LinkCSAT)
		if err != nil {
			return err
		}
		if err := invalidIf(bad); err != nil {
			return err
		}
		if !st.CanRate {
			return E(KindConflict, "csat.not_resolved", "ticket %d is not resolved yet", st.TicketID)
		}
		t, err := p.tickets.d.Tickets.GetTicket(ctx, st.TicketID)
		if err != nil {
			return err
		}
		x, err := p.tickets.d.Org.Index(ctx)
		if err != nil {
			return err
		}
		owner := t.ResolvedBy
		if owner == 0 {
			owner = t.OwnerID
		}
		out = &CSAT{TicketID: t.ID, ContactID: t.ContactID, Score: score, Comment: comment,
			OwnerID: owner, DeptID: handlingDept(x, owner, t.ReceivingDeptID), SubmittedAt: p.tickets.now()}
		if err := p.csat.SaveCSAT(ctx, out); err != nil {
			return err
		}
		return p.tickets.record(ctx, Actor{Origin: OriginWebForm}, t, ActionCSAT, comment,
			map[string]any{}, map[string]any{"score": score, "owner_id": out.OwnerID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// handlingDept is the department a ticket counts for in statistics: its
// handler's main department, else the department that received it.
func handlingDept(x *OrgIndex, owner, receiving int64) int64 {
	if u, ok := x.User(owner); ok && u.MainDeptID != 0 {
		return u.MainDeptID
	}
	return receiving
}
