// Package storetest is the contract every service.SessionStore must pass,
// and the stores to run it on: Memory always, Redis when
// TICKET_TEST_REDIS_ADDR is set.
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

const (
	short    = 100 * time.Millisecond
	patience = 3 * time.Second
	workers  = 50
)

type contractCase struct {
	name string
	run  func(t *testing.T, s service.SessionStore, key func(string) string)
}

// Run checks newStore's stores against the SessionStore contract. newStore
// may return one shared store every time: each case uses keys named after
// its own subtest.
func Run(t *testing.T, newStore func(t *testing.T) service.SessionStore) {
	t.Helper()
	var cases []contractCase
	for _, group := range [][]contractCase{basicCases, setNXCases, incrCases, admitCases, lockCases} {
		cases = append(cases, group...)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // the expiry cases mostly wait; let them overlap
			s := newStore(t)
			key := func(k string) string { return t.Name() + "/" + k }
			c.run(t, s, key)
		})
	}
}

// eventually polls cond until it holds or patience runs out.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", patience, what)
		}
		time.Sleep(short / 8)
	}
}

// absent reports whether key is gone, failing the test on an error.
func absent(t *testing.T, s service.SessionStore, key string) bool {
	t.Helper()
	_, ok, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	return !ok
}

func mustGet(t *testing.T, s service.SessionStore, key, want string) {
	t.Helper()
	got, ok, err := s.Get(t.Context(), key)
	if err != nil || !ok || got != want {
		t.Fatalf("Get(%q) = %q, %v, %v; want %q, true, nil", key, got, ok, err, want)
	}
}

func mustSet(t *testing.T, s service.SessionStore, key, val string, ttl time.Duration) {
	t.Helper()
	if err := s.Set(t.Context(), key, val, ttl); err != nil {
		t.Fatalf("Set(%q, %q, %v): %v", key, val, ttl, err)
	}
}

// parallel runs fn(i) for i in [0, workers) at once, released together so
// they really race.
func parallel(fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range workers {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

func errorf(errs chan<- error, format string, args ...any) {
	select {
	case errs <- fmt.Errorf(format, args...):
	default: // the first error is enough
	}
}

var basicCases = []contractCase{
	{"get missing", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		got, ok, err := s.Get(ctx, key("nope"))
		if err != nil || ok || got != "" {
			t.Fatalf("Get(missing) = %q, %v, %v; want \"\", false, nil", got, ok, err)
		}
	}},
	{"set then get", func(t *testing.T, s service.SessionStore, key func(string) string) {
		mustSet(t, s, key("k"), "v", 0)
		mustGet(t, s, key("k"), "v")
		mustSet(t, s, key("empty"), "", 0) // present but empty is not missing
		mustGet(t, s, key("empty"), "")
	}},
	{"overwrite replaces value and ttl", func(t *testing.T, s service.SessionStore, key func(string) string) {
		mustSet(t, s, key("k"), "old", short)
		mustSet(t, s, key("k"), "new", 0)
		mustGet(t, s, key("k"), "new")
		// probe expires after the old ttl would have; then "new" must remain.
		mustSet(t, s, key("probe"), "x", short)
		eventually(t, "probe key never expired", func() bool { return absent(t, s, key("probe")) })
		mustGet(t, s, key("k"), "new")
	}},
	{"ttl expires", func(t *testing.T, s service.SessionStore, key func(string) string) {
		mustSet(t, s, key("k"), "v", short)
		mustGet(t, s, key("k"), "v")
		eventually(t, "key with a ttl never expired", func() bool { return absent(t, s, key("k")) })
	}},
	{"ttl 0 persists", func(t *testing.T, s service.SessionStore, key func(string) string) {
		mustSet(t, s, key("k"), "v", 0)
		mustSet(t, s, key("probe"), "x", short)
		eventually(t, "probe key never expired", func() bool { return absent(t, s, key("probe")) })
		mustGet(t, s, key("k"), "v")
	}},
	{"delete several keys", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		for _, k := range []string{"a", "b", "keep"} {
			mustSet(t, s, key(k), k, 0)
		}
		if err := s.Delete(ctx, key("a"), key("missing"), key("b")); err != nil {
			t.Fatalf("Delete with a missing key: %v", err)
		}
		if err := s.Delete(ctx); err != nil {
			t.Fatalf("Delete with no keys: %v", err)
		}
		for _, k := range []string{"a", "b"} {
			if !absent(t, s, key(k)) {
				t.Errorf("%q still present after Delete", k)
			}
		}
		mustGet(t, s, key("keep"), "keep")
	}},
	{"unicode and binary round trip", func(t *testing.T, s service.SessionStore, key func(string) string) {
		k := key("工单/张三")
		for _, v := range []string{"您好，工单 #42 已创建 ✅🎫", "👨‍👩‍👧 家庭", "a\x00b\xff"} {
			mustSet(t, s, k, v, 0)
			mustGet(t, s, k, v)
		}
	}},
	{"negative ttl rejected", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		if err := s.Set(ctx, key("k"), "v", -time.Second); err == nil {
			t.Error("Set with negative ttl: no error")
		}
		if _, err := s.SetNX(ctx, key("k"), "v", -time.Second); err == nil {
			t.Error("SetNX with negative ttl: no error")
		}
		if _, err := s.Incr(ctx, key("k"), -time.Second); err == nil {
			t.Error("Incr with negative ttl: no error")
		}
		for _, ttl := range []time.Duration{0, -time.Second} {
			if _, ok, err := s.TryLock(ctx, key("k"), ttl); err == nil || ok {
				t.Errorf("TryLock with ttl %v = ok %v, err %v; want an error", ttl, ok, err)
			}
		}
		if !absent(t, s, key("k")) {
			t.Error("a rejected call still wrote the key")
		}
	}},
	{"canceled context", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, _, err := s.Get(ctx, key("k")); err == nil {
			t.Error("Get with a canceled context: no error")
		}
		if err := s.Set(ctx, key("k"), "v", 0); err == nil {
			t.Error("Set with a canceled context: no error")
		}
	}},
	{"ping", func(t *testing.T, s service.SessionStore, _ func(string) string) {
		ctx := t.Context()
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	}},
}

var setNXCases = []contractCase{
	{"setnx first wins", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		if ok, err := s.SetNX(ctx, key("k"), "first", 0); err != nil || !ok {
			t.Fatalf("first SetNX = %v, %v; want true, nil", ok, err)
		}
		if ok, err := s.SetNX(ctx, key("k"), "second", 0); err != nil || ok {
			t.Fatalf("second SetNX = %v, %v; want false, nil", ok, err)
		}
		mustGet(t, s, key("k"), "first")
	}},
	{"setnx succeeds after expiry", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		if ok, err := s.SetNX(ctx, key("k"), "first", short); err != nil || !ok {
			t.Fatalf("first SetNX = %v, %v; want true, nil", ok, err)
		}
		eventually(t, "SetNX never succeeded after the ttl", func() bool {
			ok, err := s.SetNX(ctx, key("k"), "second", 0)
			if err != nil {
				t.Fatalf("SetNX: %v", err)
			}
			return ok
		})
		mustGet(t, s, key("k"), "second")
	}},
	{"setnx concurrent has one winner", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		var mu sync.Mutex
		var winners []string
		errs := make(chan error, 1)
		parallel(func(i int) {
			val := fmt.Sprint("worker-", i)
			ok, err := s.SetNX(ctx, key("k"), val, time.Minute)
			if err != nil {
				errorf(errs, "SetNX: %v", err)
			}
			if ok {
				mu.Lock()
				winners = append(winners, val)
				mu.Unlock()
			}
		})
		close(errs)
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if len(winners) != 1 {
			t.Fatalf("%d of %d concurrent SetNX won (%v); want exactly 1", len(winners), workers, winners)
		}
		mustGet(t, s, key("k"), winners[0])
	}},
}

var incrCases = []contractCase{
	{"incr counts", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		for want := int64(1); want <= 3; want++ {
			if n, err := s.Incr(ctx, key("k"), 0); err != nil || n != want {
				t.Fatalf("Incr = %d, %v; want %d, nil", n, err, want)
			}
		}
		mustGet(t, s, key("k"), "3") // counters are plain strings
		mustSet(t, s, key("set"), "41", 0)
		if n, err := s.Incr(ctx, key("set"), 0); err != nil || n != 42 {
			t.Fatalf("Incr after Set 41 = %d, %v; want 42, nil", n, err)
		}
	}},
	{"incr of a non-integer fails", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		for _, v := range []string{"abc", "1.5", "+1", "9223372036854775807"} {
			mustSet(t, s, key("k"), v, 0)
			if n, err := s.Incr(ctx, key("k"), 0); err == nil {
				t.Errorf("Incr of %q = %d, nil; want an error", v, n)
			}
			mustGet(t, s, key("k"), v)
		}
	}},
	{"incr concurrent counts every call", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		var seen [workers + 1]int
		var mu sync.Mutex
		errs := make(chan error, 1)
		parallel(func(int) {
			n, err := s.Incr(ctx, key("k"), time.Minute)
			if err != nil || n < 1 || n > workers {
				errorf(errs, "Incr = %d, %v; want 1..%d, nil", n, err, workers)
				return
			}
			mu.Lock()
			seen[n]++
			mu.Unlock()
		})
		close(errs)
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		for n := 1; n <= workers; n++ {
			if seen[n] != 1 {
				t.Errorf("Incr returned %d %d times; want once", n, seen[n])
			}
		}
		mustGet(t, s, key("k"), fmt.Sprint(workers))
	}},
	{"incr window is fixed", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		// Incr far more often than the window: if a call extended the TTL
		// the counter would never reset and this would time out.
		window, peak := 3*short, int64(0)
		eventually(t, "Incr kept extending the window: the counter never reset", func() bool {
			n, err := s.Incr(ctx, key("k"), window)
			if err != nil {
				t.Fatalf("Incr: %v", err)
			}
			peak = max(peak, n)
			return n == 1 && peak > 1
		})
	}},
}

var admitCases = []contractCase{
	{"admit holds a sliding window to its limit", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		window := 4 * short
		admit := func() bool {
			t.Helper()
			ok, err := s.Admit(ctx, key("k"), window, 3)
			if err != nil {
				t.Fatalf("Admit: %v", err)
			}
			return ok
		}
		for i := range 3 {
			if !admit() {
				t.Fatalf("event %d of 3 refused", i+1)
			}
		}
		for range 2 {
			if admit() {
				t.Fatal("a 4th event inside the window was admitted")
			}
		}
		// Refusals are not recorded: once the first three leave the
		// window, three more fit again, and no more.
		eventually(t, "the window to slide past the first events", admit)
		again := 1
		for range 3 {
			if admit() {
				again++
			}
		}
		if again != 3 {
			t.Errorf("after the window slid, %d admitted again; want 3", again)
		}
	}},
	{"admit concurrent admits exactly the limit", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		var admitted sync.Map
		errs := make(chan error, 1)
		parallel(func(i int) {
			ok, err := s.Admit(ctx, key("k"), time.Minute, 10)
			if err != nil {
				errorf(errs, "Admit: %v", err)
			}
			if ok {
				admitted.Store(i, true)
			}
		})
		close(errs)
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		n := 0
		admitted.Range(func(any, any) bool { n++; return true })
		if n != 10 {
			t.Errorf("%d of %d concurrent events admitted; want 10", n, workers)
		}
	}},
	{"admit refuses a bad window or limit", func(t *testing.T, s service.SessionStore, key func(string) string) {
		for _, c := range []struct {
			window time.Duration
			limit  int
		}{{0, 1}, {-time.Second, 1}, {time.Second, 0}} {
			if _, err := s.Admit(t.Context(), key("k"), c.window, c.limit); err == nil {
				t.Errorf("Admit(%v, %d): no error", c.window, c.limit)
			}
		}
	}},
}

var lockCases = []contractCase{
	{"lock is exclusive", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		release := mustLock(t, s, key("k"), time.Minute)
		again, ok, err := s.TryLock(ctx, key("k"), time.Minute)
		if err != nil || ok {
			t.Fatalf("second TryLock = %v, %v; want false, nil", ok, err)
		}
		if again != nil { // a failed attempt's release must not free the lock
			if err := again(ctx); err != nil {
				t.Fatalf("release of a failed TryLock: %v", err)
			}
		}
		if _, ok, _ := s.TryLock(ctx, key("k"), time.Minute); ok {
			t.Fatal("lock was free again after a failed attempt's release")
		}
		mustLock(t, s, key("other"), time.Minute) // locks are per key
		if err := release(ctx); err != nil {
			t.Fatalf("release: %v", err)
		}
	}},
	{"released lock can be retaken", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		release := mustLock(t, s, key("k"), time.Minute)
		for range 2 { // a second release is harmless
			if err := release(ctx); err != nil {
				t.Fatalf("release: %v", err)
			}
		}
		mustLock(t, s, key("k"), time.Minute)
	}},
	{"stale release keeps the new holder's lock", func(t *testing.T, s service.SessionStore, key func(string) string) {
		ctx := t.Context()
		stale := mustLock(t, s, key("k"), short)
		var current func(context.Context) error
		eventually(t, "lock never expired", func() bool {
			rel, ok, err := s.TryLock(ctx, key("k"), time.Minute)
			if err != nil {
				t.Fatalf("TryLock: %v", err)
			}
			current = rel
			return ok
		})
		if err := stale(ctx); err != nil {
			t.Fatalf("stale release: %v", err)
		}
		if _, ok, _ := s.TryLock(ctx, key("k"), time.Minute); ok {
			t.Fatal("a stale release freed the new holder's lock")
		}
		if err := current(ctx); err != nil {
			t.Fatalf("release: %v", err)
		}
		mustLock(t, s, key("k"), time.Minute)
	}},
}

func mustLock(t *testing.T, s service.SessionStore, key string, ttl time.Duration) func(context.Context) error {
	t.Helper()
	release, ok, err := s.TryLock(t.Context(), key, ttl)
	if err != nil || !ok || release == nil {
		t.Fatalf("TryLock(%q) = release %v, %v, %v; want a release, true, nil", key, release != nil, ok, err)
	}
	return release
}
