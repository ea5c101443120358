package service_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// deadGauge reads ticket_outbox_dead_notices from a registry as a scrape
// would; -1 when the registry has no such series.
func deadGauge(t *testing.T, reg *prometheus.Registry) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "ticket_outbox_dead_notices" && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	return -1
}

// The dead-letter gauge is what the database holds now: another instance
// (or this one after a restart) reports the same, and it falls when an
// admin retries.
func TestOutboxDeadLettersGauge(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			snk := &sink{fail: func(n service.Notice, _ int) error {
				return &service.PermanentError{Err: errors.New("81013 no valid recipient")}
			}}
			reg := prometheus.NewRegistry()
			ob := startOutboxIn(t, st, snk, service.OutboxConfig{MaxAttempts: 2}, reg)
			if got := deadGauge(t, reg); got != 0 {
				t.Fatalf("dead notices before any: %v, want 0", got)
			}
			for _, k := range []string{"gone-1", "gone-2"} {
				if err := ob.Enqueue(ctx, notice(k, "user-"+k, service.ChannelWeComCard)); err != nil {
					t.Fatal(err)
				}
			}
			ob.Wake()
			servicetest.Eventually(t, "two dead notices on the gauge", func() bool { return deadGauge(t, reg) == 2 })

			other := prometheus.NewRegistry()
			service.NewOutbox(service.OutboxConfig{}, repo.NewOutbox(st.DB), nil, slog.New(slog.NewJSONHandler(io.Discard, nil)), other)
			if got := deadGauge(t, other); got != 2 {
				t.Fatalf("a fresh instance reports %v dead notices, want 2", got)
			}

			snk.mu.Lock()
			snk.fail = nil
			snk.mu.Unlock()
			dead, err := ob.DeadLetters(ctx, 10)
			if err != nil || len(dead) != 2 {
				t.Fatalf("dead letters = %v, %v", dead, err)
			}
			if err := ob.RetryDead(ctx, dead[0].ID); err != nil {
				t.Fatal(err)
			}
			servicetest.Eventually(t, "the retried notice leaves the gauge", func() bool { return deadGauge(t, reg) == 1 })
		})
	}
}
