package service_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// recorder is the inbox's processor port in these tests: it records what
// it was given and fails the first failFor attempts of chosen keys.
type recorder struct {
	mu       sync.Mutex
	handled  []string // dedupe keys in processing order
	attempts map[string]int
	failFor  map[string]int
	limited  map[string]int // rate-limited answers before failFor applies
}

func (r *recorder) Process(_ context.Context, it service.InboxItem) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts[it.DedupeKey]++
	if r.attempts[it.DedupeKey] <= r.limited[it.DedupeKey] {
		return service.E(service.KindRateLimited, "test.limited", "member budget spent")
	}
	if r.attempts[it.DedupeKey]-r.limited[it.DedupeKey] <= r.failFor[it.DedupeKey] {
		return errors.New("transient")
	}
	r.handled = append(r.handled, it.DedupeKey)
	return nil
}

func (r *recorder) snapshot() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.handled)
}

func startInbox(t *testing.T, st *servicetest.Stack, rec *recorder) (*service.Inbox, *repo.Inbox) {
	t.Helper()
	store := repo.NewInbox(st.DB)
	ib := service.NewInbox(service.InboxConfig{Workers: 3, RetryBase: 20 * time.Millisecond, MaxAttempts: 3,
		SweepEvery: 50 * time.Millisecond, LimitedWait: 20 * time.Millisecond},
		store, st.KV, rec, slog.New(slog.NewJSONHandler(io.Discard, nil)), nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { ib.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return ib, store
}

func countStatus(t *testing.T, store *repo.Inbox) map[service.InboxStatus]int64 {
	t.Helper()
	c, err := store.CountByStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func item(user string, n int) *service.InboxItem {
	return &service.InboxItem{DedupeKey: fmt.Sprintf("msg:%s-%d", user, n), FromUser: user, Payload: []byte("<xml/>")}
}

func TestInboxDedupesAndKeepsPerUserOrder(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			rec := &recorder{attempts: map[string]int{}, failFor: map[string]int{"msg:alice-2": 1}, limited: map[string]int{}}
			ib, store := startInbox(t, st, rec)
			ctx := context.Background()
			var wg sync.WaitGroup
			for _, user := range []string{"alice", "bob"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for n := 1; n <= 4; n++ {
						for range 3 { // WeCom's retries of the same callback
							if err := ib.Accept(ctx, item(user, n)); err != nil {
								t.Errorf("accept: %v", err)
							}
						}
					}
				}()
			}
			wg.Wait()
			servicetest.Eventually(t, "8 items handled", func() bool { return len(rec.snapshot()) >= 8 })
			got := rec.snapshot()
			if len(got) != 8 {
				t.Fatalf("handled %d items, want 8 (one per distinct callback): %v", len(got), got)
			}
			for _, user := range []string{"alice", "bob"} {
				var order []string
				for _, k := range got {
					if k[4:len(k)-2] == user {
						order = append(order, k)
					}
				}
				want := []string{"msg:" + user + "-1", "msg:" + user + "-2", "msg:" + user + "-3", "msg:" + user + "-4"}
				if !slices.Equal(order, want) {
					t.Errorf("%s handled in order %v, want %v (a retrying item must hold back later ones)", user, order, want)
				}
			}
			// Marking done follows processing; wait for the rows to settle.
			servicetest.Eventually(t, "8 rows done", func() bool { return countStatus(t, store)[service.InboxDone] == 8 })
			if counts := countStatus(t, store); counts[service.InboxPending] != 0 || len(counts) != 1 {
				t.Fatalf("inbox rows = %v, want 8 done and nothing else", counts)
			}
		})
	}
}

func TestInboxGivesUpAfterMaxAttempts(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			rec := &recorder{attempts: map[string]int{}, failFor: map[string]int{"msg:carol-1": 99}, limited: map[string]int{}}
			ib, store := startInbox(t, st, rec)
			ctx := context.Background()
			for n := 1; n <= 2; n++ {
				if err := ib.Accept(ctx, item("carol", n)); err != nil {
					t.Fatal(err)
				}
			}
			servicetest.Eventually(t, "the later item after the poison one", func() bool { return len(rec.snapshot()) == 1 })
			servicetest.Eventually(t, "1 dead and 1 done", func() bool {
				c := countStatus(t, store)
				return c[service.InboxDead] == 1 && c[service.InboxDone] == 1
			})
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if rec.attempts["msg:carol-1"] != 3 {
				t.Fatalf("poison item tried %d times, want exactly MaxAttempts=3", rec.attempts["msg:carol-1"])
			}
		})
	}
}

// Rows stored but never processed (the process died after acknowledging)
// are picked up by a fresh inbox on start.
func TestInboxRecoversPendingRowsOnStart(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			store := repo.NewInbox(st.DB)
			left := []*service.InboxItem{item("dave", 1), item("dave", 2)}
			for _, it := range left {
				it.ReceivedAt = time.Now().UTC().Add(-time.Minute)
			}
			if err := store.InsertBatch(ctx, left); err != nil {
				t.Fatal(err)
			}
			rec := &recorder{attempts: map[string]int{}, failFor: map[string]int{}, limited: map[string]int{}}
			startInbox(t, st, rec)
			servicetest.Eventually(t, "recovered items", func() bool { return len(rec.snapshot()) == 2 })
			if got := rec.snapshot(); got[0] != "msg:dave-1" || got[1] != "msg:dave-2" {
				t.Fatalf("recovered in order %v", got)
			}
		})
	}
}

// A rate-limited attempt is a wait, not a failure: an item limited more
// often than MaxAttempts is still delivered, and in order.
func TestInboxWaitsOutRateLimitsWithoutGivingUp(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			rec := &recorder{attempts: map[string]int{}, failFor: map[string]int{}, limited: map[string]int{"msg:erin-1": 5}}
			ib, store := startInbox(t, st, rec)
			ctx := context.Background()
			for n := 1; n <= 2; n++ {
				if err := ib.Accept(ctx, item("erin", n)); err != nil {
					t.Fatal(err)
				}
			}
			servicetest.Eventually(t, "both items handled", func() bool { return len(rec.snapshot()) == 2 })
			if got := rec.snapshot(); got[0] != "msg:erin-1" || got[1] != "msg:erin-2" {
				t.Fatalf("handled %v, want erin-1 then erin-2", got)
			}
			servicetest.Eventually(t, "2 rows done", func() bool { return countStatus(t, store)[service.InboxDone] == 2 })
		})
	}
}
