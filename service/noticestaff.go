package service

import (
	"context"
	"fmt"
)

// staffNotices decides who among staff hears of a ticket change, and as
// what. Each person hears once per change, the most specific notice
// first; nobody hears of their own change.
func (n *Notifier) staffNotices(ctx context.Context, x *OrgIndex, t *Ticket, ev *TimelineEvent) ([]StaffNotice, error) {
	s := &staffSet{t: t, ev: ev, x: x, told: map[int64]bool{ev.ActorID: true}}
	switch ev.Action {
	case ActionRecord:
		if err := n.mentioned(ctx, s); err != nil {
			return nil, err
		}
	case ActionTransferRequest, ActionTransferToUser, ActionTransferToDept, ActionTransferReject:
		if err := n.transferred(ctx, s); err != nil {
			return nil, err
		}
	case ActionCSAT:
		score := int(asInt64(ev.After["score"]))
		s.add(NoticeCSATReceived, asInt64(ev.After["owner_id"]), func(d *NoticeData, _ string) { d.Score = score })
	}
	if changed(ev, "owner_id") && t.OwnerID != 0 && (!n.d.OwnerCards || t.Status != StatusInProgress) {
		s.add(NoticeAssigned, t.OwnerID, func(d *NoticeData, lang string) { d.Role = labelOwner.in(lang) })
	}
	for _, id := range newAssistants(t, ev) {
		s.add(NoticeAssigned, id, func(d *NoticeData, lang string) { d.Role = labelAssistant.in(lang) })
	}
	if changed(ev, "status") || changed(ev, "receiving_dept_id") {
		for _, id := range queueWorkers(x, t) {
			s.add(NoticeQueued, id, func(d *NoticeData, lang string) { d.Queue = queueName(x, t, lang) })
		}
	}
	if ev.Action == ActionRequeue && ev.Before["owner_id"] != nil {
		s.add(NoticeRequeued, asInt64(ev.Before["owner_id"]), func(d *NoticeData, lang string) { d.Queue = queueName(x, t, lang) })
	}
	if ev.Action != ActionCreate && (changed(ev, "status") || changed(ev, "waiting_customer")) {
		from := stateBefore(t, ev)
		for _, id := range ticketPeople(t) {
			s.add(NoticeStatusChanged, id, func(d *NoticeData, lang string) {
				d.From, d.To = StateLabel(from, lang), StateLabel(StateOf(t), lang)
			})
		}
	}
	return s.out, nil
}

// staffSet collects one change's staff notices.
type staffSet struct {
	t    *Ticket
	ev   *TimelineEvent
	x    *OrgIndex
	told map[int64]bool
	out  []StaffNotice
}

func (s *staffSet) add(kind NoticeKind, user int64, fill func(d *NoticeData, lang string)) {
	if user == 0 || s.told[user] {
		return
	}
	s.told[user] = true
	x, actor, note := s.x, s.ev.ActorID, s.ev.Note
	s.out = append(s.out, StaffNotice{
		Kind: kind, UserID: user, Ticket: s.t,
		DedupeKey: fmt.Sprintf("%s:%d:%d:%d", kind, s.t.ID, s.ev.ID, user),
		Data:      NoticeData{Note: note},
		Fill: func(d *NoticeData, lang string) {
			d.Actor = nameOf(x, actor, lang)
			if fill != nil {
				fill(d, lang)
			}
		},
	})
}

// mentioned tells the people a service record @mentions.
func (n *Notifier) mentioned(ctx context.Context, s *staffSet) error {
	ids := asInt64s(s.ev.After["mentions"])
	excerpt := ""
	if id := asInt64(s.ev.After["record_id"]); id != 0 && n.d.Records != nil && len(ids) > 0 {
		r, err := n.d.Records.Record(ctx, id)
		if err != nil {
			return err
		}
		excerpt = clipRunes(r.Body, 200)
	}
	for _, id := range ids {
		s.add(NoticeMentioned, id, func(d *NoticeData, _ string) { d.Excerpt = excerpt })
	}
	return nil
}

// transferred tells the approver of a request, and the requester and the
// owner it was to move away from of a decision.
func (n *Notifier) transferred(ctx context.Context, s *staffSet) error {
	tr, err := n.d.Store.LastTransfer(ctx, s.t.ID)
	if IsKind(err, KindNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	x := s.x
	target := func(d *NoticeData, lang string) {
		d.To = nameOf(x, tr.ToUserID, lang)
		if tr.ToDeptID != 0 {
			d.To = deptName(x, tr.ToDeptID, lang)
		}
	}
	if s.ev.Action == ActionTransferRequest {
		s.add(NoticeTransferRequested, tr.ApproverID, func(d *NoticeData, lang string) {
			target(d, lang)
			d.Note = tr.Reason
		})
		return nil
	}
	approved := s.ev.Action != ActionTransferReject
	for _, id := range []int64{tr.RequestedBy, tr.FromUserID} {
		s.add(NoticeTransferDecided, id, func(d *NoticeData, lang string) {
			target(d, lang)
			d.Approved = approved
		})
	}
	return nil
}

// queueWorkers are who dispatch from the queue the ticket waits in.
func queueWorkers(x *OrgIndex, t *Ticket) []int64 {
	switch {
	case t.Status == StatusPendingAllocation:
		return x.UsersWithRole(RoleServiceManager)
	case t.Status != StatusPendingDispatch:
		return nil
	case t.ReceivingDeptID == 0:
		return x.UsersWithRole(RoleServiceManager)
	}
	return queueManagers(x, t.ReceivingDeptID)
}

var labelServiceQueue = label{"售后主管队列", "the service managers' queue"}

func queueName(x *OrgIndex, t *Ticket, lang string) string {
	if t.Status == StatusPendingDispatch && t.ReceivingDeptID != 0 {
		return deptName(x, t.ReceivingDeptID, lang)
	}
	return labelServiceQueue.in(lang)
}

// ticketPeople are those who follow a ticket: its owner and its team.
func ticketPeople(t *Ticket) []int64 {
	out := []int64{t.OwnerID}
	for _, m := range t.Members {
		out = append(out, m.UserID)
	}
	return out
}
