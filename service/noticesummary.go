package service

import (
	"context"
	"fmt"
	"time"
)

// summaries sends each manager their morning numbers once a day, at
// SummaryAt China time: the open tickets in their scope (their 全部 view),
// how many of those are overdue, and how many were resolved yesterday.
// The dedupe key of each summary makes a second run on the same day (after
// a crash, on another instance) send nothing twice.
func (e *Escalator) summaries(ctx context.Context, now time.Time) error {
	loc := e.notifier.d.Location
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	if local.Before(today.Add(e.cfg.SummaryAt)) {
		return nil
	}
	day := today.Format(DayLayout)
	doneKey := "notice:summary-done:" + day
	if _, done, err := e.kv.Get(ctx, doneKey); err != nil || done {
		return err
	}
	x, err := e.tickets.d.Org.Index(ctx)
	if err != nil {
		return err
	}
	for _, u := range x.Users() {
		if !u.Enabled || !isManager(x, u) {
			continue
		}
		if err := e.summary(ctx, u, day, now, today); err != nil {
			return fmt.Errorf("daily summary for %s: %w", u.UserID, err)
		}
	}
	return e.kv.Set(ctx, doneKey, "1", 48*time.Hour)
}

// isManager: those who lead a department or manage service or a region.
func isManager(x *OrgIndex, u *User) bool {
	return len(x.LedDepts(u.ID)) > 0 || u.HasRole(RoleServiceManager) || u.HasRole(RoleRegionalManager)
}

func (e *Escalator) summary(ctx context.Context, u *User, day string, now, today time.Time) error {
	p, err := e.tickets.principal(ctx, Actor{UserID: u.ID})
	if err != nil {
		return err
	}
	q := p.query(ViewAll)
	counts := ScopeCounts{}
	if q.All || len(q.Parts) > 0 {
		if counts, err = e.store.ScopeSummary(ctx, q, now, today.AddDate(0, 0, -1).UTC(), today.UTC()); err != nil {
			return err
		}
	}
	return e.tickets.d.Tx.InTx(ctx, func(ctx context.Context) error {
		return e.notifier.Notify(ctx, StaffNotice{Kind: NoticeDailySummary, UserID: u.ID, Card: true,
			DedupeKey: fmt.Sprintf("%s:%s:%d", NoticeDailySummary, day, u.ID),
			Data: NoticeData{Summary: &NoticeSummary{Day: day, Open: counts.Open, Overdue: counts.Overdue,
				ResolvedYesterday: counts.ResolvedYesterday}},
			Fill: func(d *NoticeData, _ string) { d.Link = e.notifier.d.BaseURL },
		})
	})
}
