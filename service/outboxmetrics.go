package service

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type outboxMetrics struct {
	sent, dead *prometheus.CounterVec
	limited    prometheus.Counter
	latency    prometheus.Histogram
}

func newOutboxMetrics(reg prometheus.Registerer, store OutboxStore, log *slog.Logger) outboxMetrics {
	m := outboxMetrics{
		sent:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ticket_outbox_sent_total", Help: "Notices delivered, by channel."}, []string{"channel"}),
		dead:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ticket_outbox_dead_total", Help: "Notices dead-lettered, by channel."}, []string{"channel"}),
		limited: prometheus.NewCounter(prometheus.CounterOpts{Name: "ticket_outbox_rate_limited_total", Help: "Deliveries deferred because a recipient's WeCom budget was spent."}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "ticket_outbox_delivery_seconds", Help: "Time from enqueue to delivery.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 5, 30, 300}}),
	}
	if reg != nil {
		reg.MustRegister(m.sent, m.dead, m.limited, m.latency, deadLetters{store: store, log: log})
	}
	return m
}

// deadLetters reports how many notices are dead-lettered now, read from
// the database at each scrape. ticket_outbox_dead_total only counts what
// this process gave up on since it started; this gauge is the same on
// every instance, survives restarts, and falls when an admin retries, so
// an alert on it clears once the backlog is handled.
type deadLetters struct {
	store OutboxStore
	log   *slog.Logger
}

var deadLettersDesc = prometheus.NewDesc("ticket_outbox_dead_notices",
	"Notices dead-lettered now, waiting for an admin to retry them.", nil, nil)

// deadLettersTimeout keeps a slow database from stalling the scrape.
const deadLettersTimeout = 5 * time.Second

func (d deadLetters) Describe(ch chan<- *prometheus.Desc) { ch <- deadLettersDesc }

// Collect leaves the gauge out when the count fails: a missing series
// alerts as absent, where a made-up zero would hide the backlog.
func (d deadLetters) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), deadLettersTimeout)
	defer cancel()
	n, err := d.store.CountDead(ctx)
	if err != nil {
		d.log.WarnContext(ctx, "count dead-lettered notices", "err", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(deadLettersDesc, prometheus.GaugeValue, float64(n))
}
