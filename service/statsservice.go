package service

import (
	"context"
	"fmt"
	"time"
)

// maxStatsDays bounds a statistics range to about a year.
const maxStatsDays = 366

// StatsService answers ticket statistics within the caller's scope, by
// the ticket service's own views.
type StatsService struct {
	store StatsStore
	csat  CSATStore // nil until WithCSAT (csat_stats.go)
	gate  ticketGate
	loc   *time.Location
}

// NewStatsService wires statistics; days are China time, as the business
// calendar's.
func NewStatsService(store StatsStore, tickets *TicketService) *StatsService {
	return &StatsService{store: store, gate: ticketGate{tickets}, loc: DefaultBusinessHours().Location}
}

// TicketStats returns the numbers of the tickets the actor sees in the 全部
// view over the days from and to (inclusive, yyyy-mm-dd).
func (s *StatsService) TicketStats(ctx context.Context, actor Actor, from, to string) (*TicketStats, error) {
	p, err := s.gate.tickets.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	start, end, err := statsRange(from, to, s.loc)
	if err != nil {
		return nil, err
	}
	st := &TicketStats{From: from, To: to, ByStatus: map[Status]int{}, ByType: map[TicketType]int{},
		ByTemplate: map[int64]int{}, ByDept: map[int64]int{}, ByOwner: map[int64]int{},
		OpenByStatus: map[Status]int{}, OpenByDept: map[int64]int{}, OpenByOwner: map[int64]int{},
		ResolutionHistogram: histogram(nil, ResolutionBuckets)}
	day := map[string]int{}
	for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
		day[d.Format(DayLayout)] = len(st.Daily)
		st.Daily = append(st.Daily, DailyCount{Day: d.Format(DayLayout)})
	}
	q := p.query(ViewAll)
	if !q.All && len(q.Parts) == 0 {
		return st, nil
	}
	now := s.gate.tickets.d.Now()
	in := func(t *time.Time) bool { return t != nil && !t.Before(start) && t.Before(end) }
	var responses, resolutions []time.Duration
	err = s.store.TicketFacts(ctx, q, start, end, func(t *Ticket) error {
		if t.Status.Open() {
			st.OpenByStatus[t.Status]++
			st.OpenByOwner[t.Handler()]++
			st.OpenByDept[handlingDept(p.x, t.Handler(), t.ReceivingDeptID)]++
		}
		if in(&t.CreatedAt) {
			s.count(st, p.x, t, now)
			st.Daily[day[t.CreatedAt.In(s.loc).Format(DayLayout)]].Created++
		}
		if in(t.ResolvedAt) {
			st.Daily[day[t.ResolvedAt.In(s.loc).Format(DayLayout)]].Resolved++
			resolutions = append(resolutions, t.ResolvedAt.Sub(t.CreatedAt))
		}
		if in(t.FirstResponseAt) {
			responses = append(responses, t.FirstResponseAt.Sub(t.CreatedAt))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ticket statistics: %w", err)
	}
	st.FirstResponse, st.Resolution = percentiles(responses), percentiles(resolutions)
	st.ResolutionHistogram = histogram(resolutions, ResolutionBuckets)
	return st, nil
}

// statsRange parses a range of days (inclusive, yyyy-mm-dd, in loc) as
// the instants [start, end).
func statsRange(from, to string, loc *time.Location) (start, end time.Time, err error) {
	start, err1 := time.ParseInLocation(DayLayout, from, loc)
	last, err2 := time.ParseInLocation(DayLayout, to, loc)
	switch {
	case err1 != nil || err2 != nil:
		return start, end, Invalid(map[string]string{"from": "from and to must be days as yyyy-mm-dd"})
	case last.Before(start) || last.Sub(start) >= maxStatsDays*24*time.Hour:
		return start, end, Invalid(map[string]string{"to": fmt.Sprintf("must be from 0 to %d days after from", maxStatsDays-1)})
	}
	return start, last.AddDate(0, 0, 1), nil
}

// count adds a ticket created in the range to the breakdowns.
func (s *StatsService) count(st *TicketStats, x *OrgIndex, t *Ticket, now time.Time) {
	st.Created++
	st.ByStatus[t.Status]++
	st.ByType[t.Type]++
	st.ByTemplate[t.TemplateID]++
	st.ByOwner[t.Handler()]++
	st.ByDept[handlingDept(x, t.Handler(), t.ReceivingDeptID)]++
	sla := t.SLA(now)
	if sla.Response == SLABreached {
		st.Breaches.Response++
	}
	if sla.Resolution == SLABreached {
		st.Breaches.Resolution++
	}
}
