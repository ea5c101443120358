package service

import (
	"context"
	"fmt"
)

// CSATStats are the satisfaction answers given over a range of days on
// the tickets in the caller's scope (the 全部 view), overall and per
// engineer and department.
type CSATStats struct {
	From, To string
	All      CSATTally
	ByOwner  map[int64]CSATTally // the engineer who handled the ticket
	ByDept   map[int64]CSATTally // their main department (else the receiving one)
}

// CSATTally counts answers: how many, their mean, and how many gave each
// score (Scores[1] .. Scores[5]).
type CSATTally struct {
	Count   int
	Average float64
	Scores  [6]int
}

func (t *CSATTally) add(score int) {
	t.Scores[score]++
	t.Average = (t.Average*float64(t.Count) + float64(score)) / float64(t.Count+1)
	t.Count++
}

// WithCSAT lets the statistics count satisfaction answers too.
func (s *StatsService) WithCSAT(store CSATStore) *StatsService {
	s.csat = store
	return s
}

// CSATStats answers the satisfaction statistics of the actor's scope over
// the days from and to (inclusive, yyyy-mm-dd, China time).
func (s *StatsService) CSATStats(ctx context.Context, actor Actor, from, to string) (*CSATStats, error) {
	if s.csat == nil {
		return nil, E(KindUnavailable, "stats.no_csat", "satisfaction answers are not kept here")
	}
	p, err := s.gate.tickets.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	start, end, err := statsRange(from, to, s.loc)
	if err != nil {
		return nil, err
	}
	st := &CSATStats{From: from, To: to, ByOwner: map[int64]CSATTally{}, ByDept: map[int64]CSATTally{}}
	q := p.query(ViewAll)
	if !q.All && len(q.Parts) == 0 {
		return st, nil
	}
	err = s.csat.CSATFacts(ctx, q, start, end, func(c CSAT) error {
		if c.Score < 1 || c.Score > 5 {
			return nil
		}
		st.All.add(c.Score)
		o, d := st.ByOwner[c.OwnerID], st.ByDept[c.DeptID]
		o.add(c.Score)
		d.add(c.Score)
		st.ByOwner[c.OwnerID], st.ByDept[c.DeptID] = o, d
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("csat statistics: %w", err)
	}
	return st, nil
}
