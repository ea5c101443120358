package main

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// loadSpec is one closed-loop load: conc workers each send the next
// request as soon as the previous one answered, for warmup (not counted)
// and then dur (counted).
type loadSpec struct {
	conc   int
	warmup time.Duration
	dur    time.Duration
}

// loadResult is what one load measured. Latencies are of counted
// requests only; failures are counted, never timed.
type loadResult struct {
	Requests int64   `json:"requests"`
	Errors   int64   `json:"errors"`
	Seconds  float64 `json:"seconds"`
	PerSec   float64 `json:"per_sec"`
	P50ms    float64 `json:"p50_ms"`
	P95ms    float64 `json:"p95_ms"`
	P99ms    float64 `json:"p99_ms"`
	FirstErr string  `json:"first_error,omitempty"`
}

// runLoad drives do with the spec. do gets a sequence number unique
// across workers (callbacks use it for their MsgId).
func runLoad(ctx context.Context, s loadSpec, do func(ctx context.Context, seq int64) error) loadResult {
	var (
		seq      atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
		errs     int64
		firstErr string
		wg       sync.WaitGroup
	)
	start := time.Now()
	countFrom, stopAt := start.Add(s.warmup), start.Add(s.warmup+s.dur)
	ctx, cancel := context.WithDeadline(ctx, stopAt.Add(5*time.Second))
	defer cancel()
	for range s.conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			var localErrs int64
			var localFirst string
			for {
				t0 := time.Now()
				if !t0.Before(stopAt) {
					break
				}
				err := do(ctx, seq.Add(1))
				if t0.Before(countFrom) {
					continue
				}
				if err != nil {
					localErrs++
					if localFirst == "" {
						localFirst = err.Error()
					}
					continue
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += localErrs
			if firstErr == "" {
				firstErr = localFirst
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	r := summarize(lat, s.dur)
	r.Errors, r.FirstErr = errs, firstErr
	return r
}

// summarize turns latencies measured over dur into a result.
func summarize(lat []time.Duration, dur time.Duration) loadResult {
	slices.Sort(lat)
	r := loadResult{Requests: int64(len(lat)), Seconds: dur.Seconds()}
	if dur > 0 {
		r.PerSec = float64(len(lat)) / dur.Seconds()
	}
	r.P50ms, r.P95ms, r.P99ms = pct(lat, 50), pct(lat, 95), pct(lat, 99)
	return r
}

// pct is the p-th percentile (nearest rank) in milliseconds.
func pct(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	i = min(max(i, 0), len(sorted)-1)
	return float64(sorted[i]) / float64(time.Millisecond)
}
