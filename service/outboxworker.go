package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// OutboxConfig tunes delivery. Zero values take the defaults.
type OutboxConfig struct {
	Owner       string        // this instance's name in claims (host:pid)
	Workers     int           // deliveries in flight at once
	Batch       int           // notices claimed per round
	Poll        time.Duration // idle wait between claims when not woken
	Lease       time.Duration // how long a claim holds before another instance may take it over
	MaxAttempts int           // failed attempts before a notice is dead-lettered
	RetryBase   time.Duration // first retry delay; doubles per attempt, with jitter
	RetryMax    time.Duration // cap on the retry delay
	DigestMax   int           // most notices merged into one digest message
	LimitedWait time.Duration // pause after the recipient's budget is spent
}

func (c OutboxConfig) withDefaults() OutboxConfig {
	pos := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	dur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if c.Owner == "" {
		c.Owner = "outbox"
	}
	pos(&c.Workers, 16)
	pos(&c.Batch, 64)
	pos(&c.MaxAttempts, 8)
	pos(&c.DigestMax, 50)
	dur(&c.Poll, 250*time.Millisecond)
	dur(&c.Lease, 60*time.Second)
	dur(&c.RetryBase, time.Second)
	dur(&c.RetryMax, 10*time.Minute)
	dur(&c.LimitedWait, 10*time.Second)
	return c
}

// mergeable channels can carry several notices as one digest message;
// cards and group-send tasks cannot.
var mergeable = map[Channel]bool{ChannelWeComText: true, ChannelWeComMarkdown: true, ChannelEmail: true}

// PermanentError marks a delivery failure no retry can fix (the recipient
// left, the address is invalid); the notice is dead-lettered at once.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Outbox delivers notices written by Enqueue in the writer's transaction:
// at least once, in order per recipient, merged into a digest when a
// recipient's notices pile up, retried with backoff and jitter, and
// dead-lettered after MaxAttempts for an admin to see and retry.
type Outbox struct {
	cfg        OutboxConfig
	store      OutboxStore
	deliverers map[Channel]Deliverer
	log        *slog.Logger
	now        func() time.Time
	wake       chan struct{}
	m          outboxMetrics
}

// NewOutbox wires the outbox; call Run to start delivering.
func NewOutbox(cfg OutboxConfig, store OutboxStore, deliverers map[Channel]Deliverer, log *slog.Logger, reg prometheus.Registerer) *Outbox {
	return &Outbox{
		cfg: cfg.withDefaults(), store: store, deliverers: deliverers, log: log, now: time.Now,
		wake: make(chan struct{}, 1), m: newOutboxMetrics(reg, store, log),
	}
}

// Enqueue writes notices in the transaction carried by ctx, so they exist
// exactly when the change they announce commits. Call Wake after commit.
func (o *Outbox) Enqueue(ctx context.Context, notices ...*Notice) error {
	for _, n := range notices {
		if n.DedupeKey == "" || n.Recipient == "" || n.Channel == "" {
			return fmt.Errorf("outbox: notice needs a dedupe key, recipient and channel: %+v", n)
		}
	}
	return o.store.Enqueue(ctx, notices)
}

// Wake makes this instance look for work now instead of at its next poll,
// which is what keeps notice latency low. It never blocks.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then finishes the deliveries in flight.
func (o *Outbox) Run(ctx context.Context) {
	sem := make(chan struct{}, o.cfg.Workers)
	var inflight sync.WaitGroup
	defer inflight.Wait()
	reclaim := time.NewTicker(o.cfg.Lease / 2)
	defer reclaim.Stop()
	for ctx.Err() == nil {
		now := o.now().UTC()
		claimed, err := o.store.Claim(ctx, o.cfg.Owner, now, now.Add(o.cfg.Lease), o.cfg.Batch)
		if err != nil && ctx.Err() == nil {
			o.log.WarnContext(ctx, "outbox claim", "err", err)
		}
		for _, chain := range conversations(claimed) {
			sem <- struct{}{}
			inflight.Add(1)
			go func() {
				defer func() { <-sem; inflight.Done() }()
				for _, n := range chain {
					o.deliver(context.WithoutCancel(ctx), n)
				}
			}()
		}
		if len(claimed) == o.cfg.Batch {
			continue // more may be due right now
		}
		select {
		case <-ctx.Done():
		case <-o.wake:
		case <-time.After(o.cfg.Poll):
		case <-reclaim.C:
			if n, err := o.store.Reclaim(ctx, o.now().UTC()); err != nil {
				o.log.WarnContext(ctx, "outbox reclaim", "err", err)
			} else if n > 0 {
				o.log.InfoContext(ctx, "outbox reclaimed expired claims", "notices", n)
			}
		}
	}
}

// conversations splits claimed heads (in id order) into chains that must
// go out one after another: a member's app messages about one ticket.
// Everything else is a chain of its own and goes out concurrently.
func conversations(claimed []Notice) [][]Notice {
	var chains [][]Notice
next:
	for _, n := range claimed {
		for i, c := range chains {
			if sameConversation(c[len(c)-1], n) {
				chains[i] = append(c, n)
				continue next
			}
		}
		chains = append(chains, []Notice{n})
	}
	return chains
}

// deliver sends one recipient's head notice, merged with the recipient's
// due backlog into one message when the channel allows it.
func (o *Outbox) deliver(ctx context.Context, head Notice) {
	batch := []Notice{head}
	now := o.now().UTC()
	if mergeable[head.Channel] && o.cfg.DigestMax > 1 {
		more, err := o.store.ClaimBacklog(ctx, o.cfg.Owner, head, now, now.Add(o.cfg.Lease), o.cfg.DigestMax-1)
		if err != nil {
			o.log.WarnContext(ctx, "outbox backlog", "err", err)
		}
		batch = append(batch, more...)
	}
	ids := make([]int64, len(batch))
	for i, n := range batch {
		ids[i] = n.ID
	}
	err := o.send(ctx, batch)
	now = o.now().UTC()
	switch {
	case err == nil:
		digest := int64(0)
		if len(batch) > 1 {
			digest = head.ID
		}
		if err := o.store.MarkSent(ctx, ids, digest, now); err != nil {
			o.log.WarnContext(ctx, "outbox mark sent", "ids", ids, "err", err)
			return
		}
		o.m.sent.WithLabelValues(string(head.Channel)).Add(float64(len(batch)))
		o.m.latency.Observe(now.Sub(head.CreatedAt).Seconds())
	case IsKind(err, KindRateLimited):
		// The recipient's budget is spent: wait without spending an attempt.
		// Whatever piles up meanwhile goes out as one digest.
		o.retry(ctx, ids, head.Attempts, now.Add(o.cfg.LimitedWait), err, false)
		o.m.limited.Inc()
	default:
		attempts := head.Attempts + 1
		dead := attempts >= o.cfg.MaxAttempts || permanent(err)
		o.retry(ctx, ids, attempts, now.Add(o.backoff(attempts)), err, dead)
		if dead {
			o.m.dead.WithLabelValues(string(head.Channel)).Add(float64(len(batch)))
			o.log.WarnContext(ctx, "outbox notice dead-lettered", "ids", ids, "channel", head.Channel,
				"recipient", head.Recipient, "attempts", attempts, "err", err)
		}
	}
}

func (o *Outbox) send(ctx context.Context, batch []Notice) error {
	d, ok := o.deliverers[batch[0].Channel]
	if !ok {
		return &PermanentError{Err: fmt.Errorf("no deliverer for channel %q", batch[0].Channel)}
	}
	return d.Deliver(ctx, batch)
}

func (o *Outbox) retry(ctx context.Context, ids []int64, attempts int, next time.Time, cause error, dead bool) {
	if err := o.store.MarkRetry(ctx, ids, attempts, next, truncate(cause.Error(), 500), dead); err != nil {
		o.log.WarnContext(ctx, "outbox mark retry", "ids", ids, "err", err)
	}
}

func (o *Outbox) backoff(attempt int) time.Duration {
	return min(backoff(o.cfg.RetryBase, attempt), o.cfg.RetryMax)
}

// permanent reports failures that retrying cannot fix.
func permanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p) || IsKind(err, KindInvalid) || IsKind(err, KindForbidden) || IsKind(err, KindNotFound)
}

// DeadLetters lists given-up notices for the admin API.
func (o *Outbox) DeadLetters(ctx context.Context, limit int) ([]Notice, error) {
	return o.store.ListDead(ctx, min(max(limit, 1), 500))
}

// RetryDead makes a dead notice pending again (admin).
func (o *Outbox) RetryDead(ctx context.Context, id int64) error {
	if err := o.store.Revive(ctx, id, o.now().UTC()); err != nil {
		return err
	}
	o.Wake()
	return nil
}
