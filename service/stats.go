package service

import (
	"context"
	"slices"
	"time"
)

// TicketStats are the numbers of the tickets in the caller's scope (the
// 全部 view). Created, the By* breakdowns and SLA breaches are over the
// tickets created in the range; Daily counts creations and resolutions on
// each day; FirstResponse, Resolution and ResolutionHistogram are over the
// tickets first answered, or resolved, in the range (created any time).
// The Open* counts are the workload now: every ticket open at the moment
// of asking, whenever it was created, so an old ticket still on someone's
// desk is never hidden by the range.
type TicketStats struct {
	From, To   string // yyyy-mm-dd, inclusive, China time
	Created    int
	ByStatus   map[Status]int
	ByType     map[TicketType]int
	ByTemplate map[int64]int // 0: no template
	// ByDept is by the handling department: the owner's main department,
	// else the receiving department, else 0.
	ByDept        map[int64]int
	ByOwner       map[int64]int // by handler (Ticket.Handler); 0: nobody handles it yet
	OpenByStatus  map[Status]int
	OpenByDept    map[int64]int // by handling department, as ByDept
	OpenByOwner   map[int64]int // by handler; 0: waiting in a queue
	Daily         []DailyCount  // every day of the range, in order
	FirstResponse DurationStats
	Resolution    DurationStats
	// ResolutionHistogram counts times to resolve per bucket: index i
	// holds those under ResolutionBuckets[i] (and at least the bound
	// before it); the last index, those of ResolutionBuckets' last bound
	// or more.
	ResolutionHistogram []int
	Breaches            SLABreaches
}

// ResolutionBuckets are the upper bounds of the time-to-resolve
// histogram: under 4h, 4–8h, 8–24h, 1–3 days, 3–7 days, and 7 days or
// more.
var ResolutionBuckets = []time.Duration{4 * time.Hour, 8 * time.Hour, 24 * time.Hour, 72 * time.Hour, 168 * time.Hour}

// histogram counts ds per bucket of bounds (len(bounds)+1 buckets).
func histogram(ds []time.Duration, bounds []time.Duration) []int {
	out := make([]int, len(bounds)+1)
	for _, d := range ds {
		i, _ := slices.BinarySearch(bounds, d+1) // d+1: a bound itself falls in the bucket above it
		out[i]++
	}
	return out
}

// DailyCount is one day of the created-versus-resolved series.
type DailyCount struct {
	Day      string
	Created  int
	Resolved int
}

// DurationStats summarises wall-clock durations from creation. Median and
// P90 are nearest-rank percentiles: values that actually occurred.
type DurationStats struct {
	Count  int
	Median time.Duration
	P90    time.Duration
}

// SLABreaches counts the tickets created in the range whose response or
// resolution target was missed, or is overdue now.
type SLABreaches struct {
	Response   int
	Resolution int
}

// StatsStore reads what statistics need. repo implements it.
type StatsStore interface {
	// TicketFacts calls fn with each ticket of the query's scope that is
	// open now, or was created, first answered or resolved in [from, to).
	// Only the fields statistics
	// use are set: ID, Status, Type, TemplateID, OwnerID, ReceivingDeptID,
	// the SLA due times, WaitingSince, and the created, first-response and
	// resolved times. Before, Limit and Statuses of q are ignored.
	TicketFacts(ctx context.Context, q TicketQuery, from, to time.Time, fn func(*Ticket) error) error
}

// percentiles returns the nearest-rank median and 90th percentile.
func percentiles(ds []time.Duration) DurationStats {
	if len(ds) == 0 {
		return DurationStats{}
	}
	slices.Sort(ds)
	rank := func(p int) time.Duration { return ds[(p*len(ds)+99)/100-1] }
	return DurationStats{Count: len(ds), Median: rank(50), P90: rank(90)}
}
