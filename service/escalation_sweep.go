package service

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// EscalatorConfig tunes the schedule. Zero values take the defaults.
type EscalatorConfig struct {
	Every     time.Duration // sweep interval (1 min)
	Horizon   time.Duration // how far ahead of a due time to look for warnings (7 days)
	Batch     int           // tickets per sweep (500)
	SummaryAt time.Duration // daily summary time after midnight, China time (9 h)
}

// Escalator runs the SLA sweep and the managers' daily summary on a
// schedule. Every instance runs one; a lock in the shared store lets one
// sweep at a time, and each stage is recorded with its notices, so a
// stage happens once however the sweeps overlap.
type Escalator struct {
	cfg      EscalatorConfig
	tickets  *TicketService
	notifier *Notifier
	store    NoticeStore
	kv       SessionStore
	log      *slog.Logger
	now      func() time.Time
}

// NewEscalator wires the sweeper.
func NewEscalator(cfg EscalatorConfig, tickets *TicketService, notifier *Notifier, store NoticeStore, kv SessionStore, log *slog.Logger) *Escalator {
	if cfg.Every <= 0 {
		cfg.Every = time.Minute
	}
	if cfg.Horizon <= 0 {
		cfg.Horizon = 7 * 24 * time.Hour
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 500
	}
	if cfg.SummaryAt <= 0 {
		cfg.SummaryAt = 9 * time.Hour
	}
	return &Escalator{cfg: cfg, tickets: tickets, notifier: notifier, store: store, kv: kv, log: log, now: tickets.d.Now}
}

// Run sweeps every cfg.Every until ctx ends.
func (e *Escalator) Run(ctx context.Context) {
	tick := time.NewTicker(e.cfg.Every)
	defer tick.Stop()
	for {
		if err := e.RunOnce(ctx); err != nil && ctx.Err() == nil {
			e.log.WarnContext(ctx, "sla escalation sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce sweeps once, and sends the daily summaries when they are due,
// unless another instance holds the sweep lock.
func (e *Escalator) RunOnce(ctx context.Context) error {
	release, ok, err := e.kv.TryLock(ctx, "notice:sla-sweep", e.cfg.Every)
	if err != nil || !ok {
		return err
	}
	defer func() { _ = release(context.WithoutCancel(ctx)) }()
	now := e.now().UTC()
	if err := e.sweep(ctx, now); err != nil {
		return err
	}
	return e.summaries(ctx, now)
}

// sweep escalates every candidate that reached a new stage.
func (e *Escalator) sweep(ctx context.Context, now time.Time) error {
	ids, err := e.store.SLACandidates(ctx, now.Add(e.cfg.Horizon), e.cfg.Batch)
	if err != nil || len(ids) == 0 {
		return err
	}
	ts, err := e.tickets.d.Tickets.GetTickets(ctx, ids)
	if err != nil {
		return err
	}
	cal, err := e.tickets.d.Calendar.Calendar(ctx, now)
	if err != nil {
		return err
	}
	sw := &sweepRun{cal: cal, now: now, templates: map[[2]int64]*Template{}}
	for _, t := range ts {
		if err := e.escalate(ctx, sw, t); err != nil {
			return fmt.Errorf("escalate ticket %d: %w", t.ID, err)
		}
	}
	return nil
}

// sweepRun is what one sweep loads once: the calendar and the template
// versions its tickets use.
type sweepRun struct {
	cal       *Calendar
	now       time.Time
	templates map[[2]int64]*Template
}

func (e *Escalator) template(ctx context.Context, sw *sweepRun, t *Ticket) (*Template, error) {
	key := [2]int64{t.TemplateID, int64(t.TemplateVersion)}
	if tpl, ok := sw.templates[key]; ok {
		return tpl, nil
	}
	tpl, err := e.tickets.d.Templates.Template(ctx, t.TemplateID, t.TemplateVersion)
	if err != nil {
		return nil, err
	}
	sw.templates[key] = tpl
	return tpl, nil
}

// escalate works out each target's stage and acts on the ones not done.
func (e *Escalator) escalate(ctx context.Context, sw *sweepRun, t *Ticket) error {
	if !t.Status.Open() || t.WaitingCustomer || t.TemplateID == 0 {
		return nil
	}
	tpl, err := e.template(ctx, sw, t)
	if err != nil {
		return err
	}
	policy, target := escalationOf(tpl), tpl.SLA[t.Priority]
	for _, g := range []struct {
		name  string
		due   *time.Time
		done  bool
		hours float64
	}{
		{slaResponse, t.ResponseDueAt, t.FirstResponseAt != nil, target.ResponseHours},
		{slaResolve, t.ResolveDueAt, t.ResolvedAt != nil, target.ResolveHours},
	} {
		if g.due == nil || g.done {
			continue
		}
		stage := stageOf(sw, *g.due, g.hours, policy)
		if stage == "" {
			continue
		}
		if err := e.act(ctx, t, g.name, *g.due, stage, policy); err != nil {
			return err
		}
		if stage == stageBreached && policy.Reassign {
			return nil // the ticket moved; the next sweep sees it afresh
		}
	}
	return nil
}

// stageOf is the stage a target is in: breached when due, warned once the
// business time left is below the policy's share.
func stageOf(sw *sweepRun, due time.Time, hours float64, p SLAEscalation) string {
	if !sw.now.Before(due) {
		return stageBreached
	}
	if p.WarnAt <= 0 || hours <= 0 {
		return ""
	}
	lead := time.Duration((1 - p.WarnAt) * hours * float64(time.Hour))
	if sw.cal.Between(sw.now, due) <= lead {
		return stageWarned
	}
	return ""
}
