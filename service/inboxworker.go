package service

import (
	"context"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// InboxConfig tunes the inbox. Zero values take the defaults below.
type InboxConfig struct {
	Workers     int           // processing goroutines; a user always maps to the same one
	Writers     int           // goroutines writing batches of accepted callbacks
	BatchMax    int           // most callbacks written in one transaction
	QueueSize   int           // accepted callbacks waiting for a writer (backpressure beyond)
	SeenTTL     time.Duration // how long the fast dedupe key lives in the session store
	SweepEvery  time.Duration // how often pending work left behind (a crash, a busy lock) is picked up
	MaxAttempts int           // attempts before an item is given up as dead
	RetryBase   time.Duration // first retry delay; doubles per attempt, with jitter
	LockTTL     time.Duration // per-user processing lock, so instances keep one user's order
	ProcessTime time.Duration // bound on handling one item; LockTTL must exceed twice this
	LimitedWait time.Duration // pause after a rate-limited attempt, which does not count as a failure
	// Linger is how long a writer holding one callback waits for more to
	// join its batch. Callbacks arrive in bursts; without it each writer
	// takes one or two and every writer is busy when the rest of the
	// burst arrives, which then waits a whole write (issue 9: the ack p99
	// at 500 ms database latency).
	Linger time.Duration
}

func (c InboxConfig) withDefaults() InboxConfig {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Workers, 8)
	def(&c.Writers, 2)
	def(&c.BatchMax, 256)
	def(&c.QueueSize, 4096)
	def(&c.MaxAttempts, 6)
	defD(&c.SeenTTL, 2*time.Hour) // WeCom retries within seconds; hours is ample
	defD(&c.SweepEvery, 2*time.Second)
	defD(&c.RetryBase, time.Second)
	defD(&c.ProcessTime, 8*time.Second)
	defD(&c.LimitedWait, 10*time.Second)
	defD(&c.Linger, 2*time.Millisecond)
	// A crashed holder blocks its user until the lock expires, so keep it
	// short; processUser hands it back long before it could expire
	// mid-item (an item may overrun its context by one HTTP timeout).
	defD(&c.LockTTL, 20*time.Second)
	return c
}

// Inbox makes WeCom callbacks durable before they are acknowledged and
// processes them asynchronously: in arrival order per user, on a bounded
// pool, surviving crashes (pending rows are picked up again) and never
// repeating an effect for a retried callback (the dedupe key is unique).
type Inbox struct {
	cfg   InboxConfig
	store InboxStore
	kv    SessionStore
	proc  InboxProcessor
	log   *slog.Logger
	now   func() time.Time

	accept   chan *acceptReq
	shards   []chan string
	stopping chan struct{}
	stopOnce sync.Once
	m        inboxMetrics
}

type acceptReq struct {
	item *InboxItem
	done chan error
}

// NewInbox wires the inbox; call Run to start its goroutines.
func NewInbox(cfg InboxConfig, store InboxStore, kv SessionStore, proc InboxProcessor, log *slog.Logger, reg prometheus.Registerer) *Inbox {
	cfg = cfg.withDefaults()
	b := &Inbox{
		cfg: cfg, store: store, kv: kv, proc: proc, log: log, now: time.Now,
		accept:   make(chan *acceptReq, cfg.QueueSize),
		shards:   make([]chan string, cfg.Workers),
		stopping: make(chan struct{}),
		m:        newInboxMetrics(reg),
	}
	for i := range b.shards {
		b.shards[i] = make(chan string, 256)
	}
	return b
}

// Accept stores a verified callback durably and schedules it. It returns
// nil for a callback seen before (a WeCom retry): nothing is stored twice.
// KindUnavailable means "not stored; let WeCom retry".
func (b *Inbox) Accept(ctx context.Context, item *InboxItem) error {
	seenKey := "inbox:seen:" + item.DedupeKey
	// Fast path only: an error here falls through to the database, whose
	// unique key is the source of truth.
	if _, seen, err := b.kv.Get(ctx, seenKey); err == nil && seen {
		b.m.duplicates.Inc()
		return nil
	}
	if item.ReceivedAt.IsZero() {
		item.ReceivedAt = b.now().UTC()
	}
	req := &acceptReq{item: item, done: make(chan error, 1)}
	select {
	case b.accept <- req:
	case <-b.stopping:
		return E(KindUnavailable, "inbox.stopping", "the server is shutting down")
	case <-ctx.Done():
		return Wrap(KindUnavailable, "inbox.busy", ctx.Err())
	}
	select {
	case err := <-req.done:
		if err != nil {
			return Wrap(KindUnavailable, "inbox.store", err)
		}
	case <-ctx.Done():
		// The writer may still store it; WeCom's retry then dedupes.
		return Wrap(KindUnavailable, "inbox.busy", ctx.Err())
	}
	b.m.accepted.Inc()
	// The key is set only after the row is durable, so a crash between the
	// two can never make a retry look "seen" while nothing was stored.
	_ = b.kv.Set(ctx, seenKey, "1", b.cfg.SeenTTL)
	b.schedule(item.FromUser)
	return nil
}

// Run starts the writers, workers and the recovery sweep, and returns once
// ctx ends and everything in flight has finished.
func (b *Inbox) Run(ctx context.Context) {
	var writers, workers sync.WaitGroup
	for range b.cfg.Writers {
		writers.Add(1)
		go func() { defer writers.Done(); b.write(ctx) }()
	}
	for _, shard := range b.shards {
		workers.Add(1)
		go func() { defer workers.Done(); b.work(ctx, shard) }()
	}
	workers.Add(1)
	go func() { defer workers.Done(); b.sweep(ctx) }()
	<-ctx.Done()
	b.stopOnce.Do(func() { close(b.stopping) })
	writers.Wait()
	workers.Wait()
}

// schedule hands a user to their worker without blocking; when the worker
// is backed up the sweep picks the user up instead.
func (b *Inbox) schedule(user string) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(user))
	select {
	case b.shards[int(h.Sum32()%shardCount(len(b.shards)))] <- user:
	default:
	}
}

// write stores accepted callbacks in batches: under load one transaction
// carries many callbacks, which is what keeps acks fast when each commit
// costs a disk flush.
func (b *Inbox) write(ctx context.Context) {
	batch := make([]*acceptReq, 0, b.cfg.BatchMax)
	linger := time.NewTimer(b.cfg.Linger)
	for {
		batch = batch[:0]
		select {
		case r := <-b.accept:
			batch = append(batch, r)
		case <-ctx.Done():
			b.drain()
			return
		}
		linger.Reset(b.cfg.Linger)
	fill:
		for len(batch) < b.cfg.BatchMax {
			select {
			case r := <-b.accept:
				batch = append(batch, r)
			case <-linger.C:
				break fill
			}
		}
		linger.Stop()
		b.flush(context.WithoutCancel(ctx), batch)
	}
}

func (b *Inbox) flush(ctx context.Context, batch []*acceptReq) {
	items := make([]*InboxItem, len(batch))
	for i, r := range batch {
		items[i] = r.item
	}
	b.m.batch.Observe(float64(len(items)))
	err := b.store.InsertBatch(ctx, items)
	for _, r := range batch {
		r.done <- err
	}
}

// drain writes whatever was accepted before shutdown began.
func (b *Inbox) drain() {
	for {
		select {
		case r := <-b.accept:
			b.flush(context.Background(), []*acceptReq{r})
		default:
			return
		}
	}
}

func (b *Inbox) work(ctx context.Context, shard chan string) {
	for {
		select {
		case user := <-shard:
			b.processUser(context.WithoutCancel(ctx), user)
		case <-ctx.Done():
			return
		}
	}
}

// sweep re-schedules due work nobody is handling: items left by a crash,
// retries whose time has come, users skipped while another instance held
// their lock. The first pass runs at once, which is crash recovery.
func (b *Inbox) sweep(ctx context.Context) {
	t := time.NewTicker(b.cfg.SweepEvery)
	defer t.Stop()
	for {
		now := b.now().UTC()
		users, err := b.store.DueUsers(ctx, now, now.Add(-b.cfg.SweepEvery/2), 500)
		if err != nil && ctx.Err() == nil {
			b.log.WarnContext(ctx, "inbox sweep", "err", err)
		}
		for _, u := range users {
			b.schedule(u)
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}

// processUser handles one user's due items in arrival order. The lock
// keeps two instances from interleaving the same user's messages. It is
// held only while an item can still finish before it expires; then the
// user is released and rescheduled, so a long backlog never outlives it.
func (b *Inbox) processUser(ctx context.Context, user string) {
	release, ok, err := b.kv.TryLock(ctx, "inbox:user:"+user, b.cfg.LockTTL)
	if err != nil || !ok {
		return
	}
	defer func() { _ = release(ctx) }()
	deadline := time.Now().Add(b.cfg.LockTTL - 2*b.cfg.ProcessTime)
	for {
		items, err := b.store.DueFor(ctx, user, b.now().UTC(), 50)
		if err != nil {
			b.log.WarnContext(ctx, "inbox load", "user", user, "err", err)
			return
		}
		if len(items) == 0 {
			return
		}
		for _, it := range items {
			if time.Now().After(deadline) {
				b.schedule(user)
				return
			}
			if !b.processOne(ctx, it) {
				return // a retrying item holds back the user's later items
			}
		}
	}
}

func (b *Inbox) processOne(ctx context.Context, it InboxItem) bool {
	pctx, cancel := context.WithTimeout(ctx, b.cfg.ProcessTime)
	err := b.proc.Process(pctx, it)
	cancel()
	if err == nil {
		if err := b.store.MarkDone(ctx, it.ID, b.now().UTC()); err != nil {
			b.log.WarnContext(ctx, "inbox mark done", "id", it.ID, "err", err)
			return false
		}
		b.m.processed.WithLabelValues("done").Inc()
		return true
	}
	attempts := it.Attempts + 1
	next := b.now().UTC().Add(backoff(b.cfg.RetryBase, attempts))
	if IsKind(err, KindRateLimited) {
		// Nothing is wrong with the item; WeCom's budget for this member
		// is spent. Wait for it without spending an attempt.
		attempts, next = it.Attempts, b.now().UTC().Add(b.cfg.LimitedWait)
	}
	dead := attempts >= b.cfg.MaxAttempts
	if merr := b.store.MarkRetry(ctx, it.ID, attempts, next, truncate(err.Error(), 500), dead); merr != nil {
		b.log.WarnContext(ctx, "inbox mark retry", "id", it.ID, "err", merr)
		return false
	}
	result := "retry"
	if dead {
		result = "dead"
	}
	b.m.processed.WithLabelValues(result).Inc()
	b.log.WarnContext(ctx, "inbox item failed", "id", it.ID, "user", it.FromUser, "attempts", attempts, "dead", dead, "err", err)
	return dead // a dead item no longer holds back the rest
}

// backoff doubles per attempt with ±25% jitter, so retries from many items
// do not arrive in lockstep.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base << min(attempt-1, 10)
	jitter := time.Duration(rand.Int64N(int64(d)/2+1)) - d/4 // #nosec G404 -- jitter needs no cryptographic randomness
	return d + jitter
}

// shardCount converts the (small, positive) worker count for hashing.
func shardCount(n int) uint32 {
	if n <= 0 || n > 1<<16 {
		return 1
	}
	return uint32(n) // #nosec G115 -- bounded to 1..65536 just above
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

type inboxMetrics struct {
	accepted, duplicates prometheus.Counter
	processed            *prometheus.CounterVec
	batch                prometheus.Histogram
}

func newInboxMetrics(reg prometheus.Registerer) inboxMetrics {
	m := inboxMetrics{
		accepted:   prometheus.NewCounter(prometheus.CounterOpts{Name: "ticket_inbox_accepted_total", Help: "WeCom callbacks stored in the inbox."}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{Name: "ticket_inbox_duplicates_total", Help: "WeCom callbacks recognised as retries by the fast dedupe check."}),
		processed:  prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ticket_inbox_processed_total", Help: "Inbox items handled, by result."}, []string{"result"}),
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "ticket_inbox_batch_size", Help: "Callbacks written per inbox transaction.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256}}),
	}
	if reg != nil {
		reg.MustRegister(m.accepted, m.duplicates, m.processed, m.batch)
	}
	return m
}
