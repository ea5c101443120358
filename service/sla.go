package service

import (
	"context"
	"time"
)

// SLAState is where one SLA target stands.
type SLAState string

// The SLA states.
const (
	SLANone     SLAState = "none"     // the template sets no target
	SLARunning  SLAState = "running"  // not met yet, not due yet
	SLAPaused   SLAState = "paused"   // waiting on the customer
	SLAMet      SLAState = "met"      // done in time
	SLABreached SLAState = "breached" // done late, or due and not done
)

// SLAClock is the ticket's SLA as shown on it.
type SLAClock struct {
	ResponseDue *time.Time
	ResolveDue  *time.Time
	Response    SLAState
	Resolution  SLAState
}

// SLA returns the clock state at now.
func (t *Ticket) SLA(now time.Time) SLAClock {
	return SLAClock{
		ResponseDue: t.ResponseDueAt, ResolveDue: t.ResolveDueAt,
		Response:   t.slaState(t.ResponseDueAt, t.FirstResponseAt, now),
		Resolution: t.slaState(t.ResolveDueAt, t.ResolvedAt, now),
	}
}

func (t *Ticket) slaState(due, done *time.Time, now time.Time) SLAState {
	switch {
	case due == nil:
		return SLANone
	case done != nil && done.After(*due):
		return SLABreached
	case done != nil:
		return SLAMet
	case t.WaitingSince != nil && !t.WaitingSince.After(*due):
		// Paused in time: the due moment moves on when the clock resumes.
		return SLAPaused
	case now.After(*due):
		return SLABreached
	}
	return SLARunning
}

// respond records the first response, once.
func respond(n *Ticket, now time.Time) {
	if n.FirstResponseAt == nil {
		n.FirstResponseAt = &now
	}
}

// stamp keeps the facts that follow from a state change: the waiting
// pause (which stops the SLA clock), resolution and closing stamps, and
// due times when the priority or the pause changed.
func (s *TicketService) stamp(ctx context.Context, actor Actor, t, n *Ticket, now time.Time) error {
	was, is := StateOf(t), StateOf(n)
	reschedule := t.Priority != n.Priority
	switch {
	case is == StateWaitingCustomer && was != StateWaitingCustomer:
		n.WaitingSince = &now
		respond(n, now)
	case was == StateWaitingCustomer && is != StateWaitingCustomer && t.WaitingSince != nil:
		cal, err := s.d.Calendar.Calendar(ctx, *t.WaitingSince)
		if err != nil {
			return err
		}
		n.SLAPaused += cal.Between(*t.WaitingSince, now)
		n.WaitingSince = nil
		reschedule = true
	}
	if n.Status == StatusResolved && t.Status != StatusResolved {
		n.ResolvedAt, n.ResolvedBy = &now, actor.UserID
		respond(n, now)
	}
	if n.Status == StatusClosed && t.Status != StatusClosed {
		n.ClosedAt, n.ClosedBy = &now, actor.UserID
	}
	if n.Status != StatusClosed && n.Status != StatusVoid {
		n.ClosedAt, n.ClosedBy = nil, 0
	}
	if n.Status.Open() {
		n.ResolvedAt, n.ResolvedBy = nil, 0
	}
	if reschedule {
		return s.schedule(ctx, n)
	}
	return nil
}

// schedule sets the due times from the template's SLA for the ticket's
// priority, counted in business time from creation plus the time spent
// waiting on the customer.
func (s *TicketService) schedule(ctx context.Context, n *Ticket) error {
	n.ResponseDueAt, n.ResolveDueAt = nil, nil
	if n.TemplateID == 0 {
		return nil
	}
	tpl, err := s.d.Templates.Template(ctx, n.TemplateID, n.TemplateVersion)
	if err != nil {
		return err
	}
	target, ok := tpl.SLA[n.Priority]
	if !ok {
		return nil
	}
	cal, err := s.d.Calendar.Calendar(ctx, n.CreatedAt)
	if err != nil {
		return err
	}
	due := func(hours float64) *time.Time {
		if hours <= 0 {
			return nil
		}
		d := cal.Add(n.CreatedAt, time.Duration(hours*float64(time.Hour))+n.SLAPaused)
		return &d
	}
	n.ResponseDueAt, n.ResolveDueAt = due(target.ResponseHours), due(target.ResolveHours)
	return nil
}
