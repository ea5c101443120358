package service

import (
	"context"
	"fmt"
	"time"
)

// act records the stage and writes its notices, and at a breach the
// policy's reassignment, in one transaction.
func (e *Escalator) act(ctx context.Context, t *Ticket, target string, due time.Time, stage string, p SLAEscalation) error {
	return e.tickets.d.Tx.InTx(ctx, func(ctx context.Context) error {
		fresh, err := e.store.MarkSLA(ctx, SLAMark{TicketID: t.ID, Target: target, DueAt: due, Stage: stage, CreatedAt: e.now().UTC()})
		if err != nil || !fresh {
			return err
		}
		x, err := e.tickets.d.Org.Index(ctx)
		if err != nil {
			return err
		}
		notices := e.slaNotices(x, t, target, due, stage)
		if err := e.notifier.Notify(ctx, notices...); err != nil {
			return err
		}
		if stage != stageBreached {
			return nil
		}
		if err := e.groupChat(ctx, x, t, target, due); err != nil {
			return err
		}
		if p.Reassign && t.OwnerID != 0 && t.Status == StatusInProgress {
			_, err := e.tickets.requeue(ctx, t.ID, fmt.Sprintf("SLA %s breached", target))
			return err
		}
		return nil
	})
}

// slaNotices warn the handler, or at a breach tell the handler's leaders.
// A ticket in a queue has its queue's managers as handlers.
func (e *Escalator) slaNotices(x *OrgIndex, t *Ticket, target string, due time.Time, stage string) []StaffNotice {
	handlers := []int64{t.OwnerID}
	if t.OwnerID == 0 {
		handlers = queueWorkers(x, t)
	}
	kind, to := NoticeSLAWarning, handlers
	if stage == stageBreached {
		kind, to = NoticeSLABreached, nil
		for _, h := range handlers {
			to = append(to, x.Leaders(h)...)
		}
	}
	fill := e.slaFill(x, t, target, due)
	out := make([]StaffNotice, 0, len(to))
	seen := map[int64]bool{}
	for _, id := range to {
		if id == 0 || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, StaffNotice{Kind: kind, UserID: id, Ticket: t, Fill: fill,
			DedupeKey: fmt.Sprintf("%s:%d:%s:%d:%d", kind, t.ID, target, due.Unix(), id)})
	}
	return out
}

func (e *Escalator) slaFill(x *OrgIndex, t *Ticket, target string, due time.Time) func(d *NoticeData, lang string) {
	return func(d *NoticeData, lang string) {
		d.Target = labelResponse.in(lang)
		if target == slaResolve {
			d.Target = labelResolve.in(lang)
		}
		d.Due = due.In(e.notifier.d.Location).Format("2006-01-02 15:04")
		d.Handler = queueName(x, t, lang)
		if t.OwnerID != 0 {
			d.Handler = nameOf(x, t.OwnerID, lang)
		}
	}
}

// groupChat tells the handling department's group chat (its group
// robot, or the nearest one up the tree) of a breach, in Chinese.
func (e *Escalator) groupChat(ctx context.Context, x *OrgIndex, t *Ticket, target string, due time.Time) error {
	dept := t.ReceivingDeptID
	if u, ok := x.User(t.OwnerID); ok && u.MainDeptID != 0 {
		dept = u.MainDeptID
	}
	chats, err := e.store.GroupChats(ctx)
	if err != nil {
		return err
	}
	chat := groupChatDept(x, chats, dept)
	if chat == 0 {
		return nil
	}
	d := NoticeData{Lang: LangZh, Ticket: noticeTicket(t, LangZh), Link: e.notifier.staffLink(t.ID)}
	e.slaFill(x, t, target, due)(&d, LangZh)
	return e.notifier.robot(ctx, chat, t.ID, fmt.Sprintf("%s:%d:%s:%d", NoticeSLAGroup, t.ID, target, due.Unix()), NoticeSLAGroup, d)
}
