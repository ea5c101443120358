package service_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// sink is the outbox's deliverer port in these tests: it records every
// message (a digest is one message) and can fail on cue.
type sink struct {
	mu       sync.Mutex
	messages [][]string // dedupe keys per delivered message
	fail     func(n service.Notice, attempt int) error
	tries    map[string]int
}

func (s *sink) Deliver(_ context.Context, batch []service.Notice) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tries == nil {
		s.tries = map[string]int{}
	}
	s.tries[batch[0].DedupeKey]++
	if s.fail != nil {
		if err := s.fail(batch[0], s.tries[batch[0].DedupeKey]); err != nil {
			return err
		}
	}
	keys := make([]string, len(batch))
	for i, n := range batch {
		keys[i] = n.DedupeKey
	}
	s.messages = append(s.messages, keys)
	return nil
}

func (s *sink) delivered() (msgs [][]string, keys []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.messages {
		msgs = append(msgs, append([]string(nil), m...))
		keys = append(keys, m...)
	}
	return msgs, keys
}

func startOutbox(t *testing.T, st *servicetest.Stack, snk *sink, cfg service.OutboxConfig) *service.Outbox {
	t.Helper()
	return startOutboxIn(t, st, snk, cfg, nil)
}

// startOutboxIn is startOutbox with its metrics registered in reg.
func startOutboxIn(t *testing.T, st *servicetest.Stack, snk *sink, cfg service.OutboxConfig, reg prometheus.Registerer) *service.Outbox {
	t.Helper()
	if cfg.Poll == 0 {
		cfg.Poll = 10 * time.Millisecond
	}
	if cfg.RetryBase == 0 {
		cfg.RetryBase = 10 * time.Millisecond
	}
	if cfg.LimitedWait == 0 {
		cfg.LimitedWait = 30 * time.Millisecond
	}
	ob := service.NewOutbox(cfg, repo.NewOutbox(st.DB), map[service.Channel]service.Deliverer{
		service.ChannelWeComText: snk, service.ChannelWeComCard: snk,
	}, slog.New(slog.NewJSONHandler(io.Discard, nil)), reg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ob.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return ob
}

func notice(key, to string, ch service.Channel) *service.Notice {
	return &service.Notice{DedupeKey: key, Channel: ch, Recipient: to, Kind: "test", Payload: []byte(`{"text":"` + key + `"}`)}
}

func TestOutboxWritesWithTheTransaction(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			snk := &sink{}
			ob := startOutbox(t, st, snk, service.OutboxConfig{})
			ctx := context.Background()
			boom := errors.New("the change failed")
			err := st.DB.InTx(ctx, func(ctx context.Context) error {
				if err := ob.Enqueue(ctx, notice("rolled-back", "agent1", service.ChannelWeComCard)); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			for range 2 { // the same notice twice is stored once
				if err := st.DB.InTx(ctx, func(ctx context.Context) error {
					return ob.Enqueue(ctx, notice("committed", "agent1", service.ChannelWeComCard))
				}); err != nil {
					t.Fatal(err)
				}
				ob.Wake()
			}
			servicetest.Eventually(t, "the committed notice", func() bool { _, k := snk.delivered(); return len(k) >= 1 })
			// A later notice is the barrier: once it is delivered, anything
			// earlier for the same recipient would have been too.
			if err := ob.Enqueue(ctx, notice("barrier", "agent1", service.ChannelWeComCard)); err != nil {
				t.Fatal(err)
			}
			servicetest.Eventually(t, "the barrier", func() bool { _, k := snk.delivered(); return len(k) >= 2 })
			if _, keys := snk.delivered(); fmt.Sprint(keys) != "[committed barrier]" {
				t.Fatalf("delivered %v, want [committed barrier]", keys)
			}
		})
	}
}

func TestOutboxKeepsOrderPerRecipientAndMergesBacklog(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			snk := &sink{}
			ctx := context.Background()
			// Enqueue before any worker runs, so a backlog exists to merge.
			store := repo.NewOutbox(st.DB)
			var all []*service.Notice
			for i := range 30 {
				to := []string{"agent1", "agent2", "eng_east1"}[i%3]
				all = append(all, notice(fmt.Sprintf("%s-%02d", to, i/3), to, service.ChannelWeComText))
			}
			if err := store.Enqueue(ctx, all); err != nil {
				t.Fatal(err)
			}
			startOutbox(t, st, snk, service.OutboxConfig{DigestMax: 4})
			servicetest.Eventually(t, "30 notices", func() bool { _, k := snk.delivered(); return len(k) == 30 })
			msgs, keys := snk.delivered()
			last := map[string]string{}
			for _, k := range keys {
				to := k[:len(k)-3]
				if k <= last[to] {
					t.Fatalf("%s delivered after %s: order broken in %v", k, last[to], keys)
				}
				last[to] = k
			}
			for _, m := range msgs {
				if len(m) > 4 {
					t.Fatalf("a digest carried %d notices, DigestMax is 4", len(m))
				}
			}
			if len(msgs) >= 30 {
				t.Fatalf("%d messages for 30 notices: the backlog was not merged", len(msgs))
			}
		})
	}
}

// A member's app messages about one ticket keep their order across
// channels: a slow card is not overtaken by the text that follows it,
// while other members' notices about the same ticket go on meanwhile.
func TestOutboxKeepsOneTicketsOrderAcrossChannels(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			snk := &sink{fail: func(n service.Notice, _ int) error {
				if n.Channel == service.ChannelWeComCard {
					time.Sleep(30 * time.Millisecond) // a slow WeCom answer
				}
				return nil
			}}
			ctx := context.Background()
			var all []*service.Notice
			for i := range 8 {
				ch := []service.Channel{service.ChannelWeComCard, service.ChannelWeComText}[i%2]
				n := notice(fmt.Sprintf("t1-%d", i), "eng_east1", ch)
				n.TicketID = 1
				all = append(all, n)
			}
			other := notice("t2-0", "eng_east2", service.ChannelWeComText)
			other.TicketID = 1
			all = append(all, other)
			if err := repo.NewOutbox(st.DB).Enqueue(ctx, all); err != nil {
				t.Fatal(err)
			}
			startOutbox(t, st, snk, service.OutboxConfig{DigestMax: 1})
			servicetest.Eventually(t, "9 notices", func() bool { _, k := snk.delivered(); return len(k) == 9 })
			_, keys := snk.delivered()
			var ticket1 []string
			for _, k := range keys {
				if k[:2] == "t1" {
					ticket1 = append(ticket1, k)
				}
			}
			for i, k := range ticket1 {
				if want := fmt.Sprintf("t1-%d", i); k != want {
					t.Fatalf("ticket 1's notices arrived as %v: %s where %s belongs", ticket1, k, want)
				}
			}
			if keys[len(keys)-1] == "t2-0" {
				t.Fatalf("another member's notice waited behind eng_east1's: %v", keys)
			}
		})
	}
}

func TestOutboxRetriesAndDeadLetters(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			snk := &sink{fail: func(n service.Notice, attempt int) error {
				switch n.DedupeKey {
				case "flaky":
					if attempt <= 2 {
						return errors.New("busy")
					}
				case "gone":
					return &service.PermanentError{Err: errors.New("81013 no valid recipient")}
				case "hopeless":
					return errors.New("busy")
				case "limited":
					if attempt <= 3 {
						return service.E(service.KindRateLimited, "x", "budget spent")
					}
				}
				return nil
			}}
			ob := startOutbox(t, st, snk, service.OutboxConfig{MaxAttempts: 3})
			ctx := context.Background()
			for _, k := range []string{"flaky", "gone", "hopeless", "limited"} {
				if err := ob.Enqueue(ctx, notice(k, "user-"+k, service.ChannelWeComCard)); err != nil {
					t.Fatal(err)
				}
			}
			ob.Wake()
			store := repo.NewOutbox(st.DB)
			servicetest.Eventually(t, "2 sent and 2 dead", func() bool {
				c, err := store.CountByStatus(ctx)
				return err == nil && c[service.NoticeSent] == 2 && c[service.NoticeDead] == 2
			})
			snk.mu.Lock()
			tries := map[string]int{"flaky": snk.tries["flaky"], "gone": snk.tries["gone"], "hopeless": snk.tries["hopeless"], "limited": snk.tries["limited"]}
			snk.mu.Unlock()
			want := map[string]int{"flaky": 3, "gone": 1, "hopeless": 3, "limited": 4}
			if fmt.Sprint(tries) != fmt.Sprint(want) {
				t.Fatalf("attempts = %v, want %v (permanent: one try; rate limits: no attempts spent)", tries, want)
			}
			dead, err := ob.DeadLetters(ctx, 10)
			if err != nil || len(dead) != 2 {
				t.Fatalf("dead letters = %v, %v", dead, err)
			}
			snk.mu.Lock()
			snk.fail = nil
			snk.mu.Unlock()
			for _, d := range dead {
				if err := ob.RetryDead(ctx, d.ID); err != nil {
					t.Fatal(err)
				}
			}
			servicetest.Eventually(t, "revived notices sent", func() bool {
				c, err := store.CountByStatus(ctx)
				return err == nil && c[service.NoticeSent] == 4
			})
			if err := ob.RetryDead(ctx, dead[0].ID); !service.IsKind(err, service.KindNotFound) {
				t.Fatalf("retrying a notice that is no longer dead: %v, want not found", err)
			}
		})
	}
}

// A worker that claimed notices and died leaves them leased; when the
// lease ends another worker delivers them.
func TestOutboxRecoversExpiredClaims(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			store := repo.NewOutbox(st.DB)
			if err := store.Enqueue(ctx, []*service.Notice{notice("orphan", "agent1", service.ChannelWeComCard)}); err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC()
			got, err := store.Claim(ctx, "dead-instance", now, now.Add(200*time.Millisecond), 10)
			if err != nil || len(got) != 1 {
				t.Fatalf("claim = %v, %v", got, err)
			}
			snk := &sink{}
			startOutbox(t, st, snk, service.OutboxConfig{Lease: 100 * time.Millisecond})
			servicetest.Eventually(t, "the orphan", func() bool { _, k := snk.delivered(); return len(k) == 1 })
		})
	}
}

// Two instances draining one table deliver every notice exactly once.
func TestOutboxTwoInstancesNoDuplicateNoLoss(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			var batch []*service.Notice
			for i := range 1000 {
				batch = append(batch, notice(fmt.Sprintf("n%04d", i), fmt.Sprintf("u%02d", i%40), service.ChannelWeComCard))
			}
			if err := repo.NewOutbox(st.DB).Enqueue(ctx, batch); err != nil {
				t.Fatal(err)
			}
			a, b := &sink{}, &sink{}
			startOutbox(t, st, a, service.OutboxConfig{Owner: "a", Batch: 16})
			startOutbox(t, st, b, service.OutboxConfig{Owner: "b", Batch: 16})
			servicetest.Eventually(t, "1000 deliveries", func() bool {
				_, ka := a.delivered()
				_, kb := b.delivered()
				return len(ka)+len(kb) >= 1000
			})
			_, ka := a.delivered()
			_, kb := b.delivered()
			seen := map[string]int{}
			for _, k := range append(ka, kb...) {
				seen[k]++
			}
			if len(seen) != 1000 || len(ka)+len(kb) != 1000 {
				t.Fatalf("distinct %d, total %d (a %d, b %d): want 1000 each", len(seen), len(ka)+len(kb), len(ka), len(kb))
			}
			t.Logf("instance a delivered %d, b %d", len(ka), len(kb))
		})
	}
}
