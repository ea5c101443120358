package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

var _ service.SessionStore = (*Memory)(nil)

// sweepEvery bounds how long keys nobody reads again (dedupe keys, most of
// them) stay in memory after they expire.
const sweepEvery = time.Minute

var (
	errNegativeTTL = errors.New("negative ttl")
	// A lock without expiry outlives a crashed holder forever.
	errLockTTL  = errors.New("lock ttl must be positive")
	errNotInt   = errors.New("value is not an integer or out of range")
	errOverflow = errors.New("increment would overflow")
	errWindow   = errors.New("admit needs a positive window and limit")
)

func checkWindow(window time.Duration, limit int) error {
	if window <= 0 || limit <= 0 {
		return errWindow
	}
	return nil
}

func checkTTL(ttl time.Duration) error {
	if ttl < 0 {
		return errNegativeTTL
	}
	return nil
}

func noRelease(context.Context) error { return nil }

type entry struct {
	val string
	exp time.Time // zero: no expiry
}

// Memory is a SessionStore in process, for the embedded stack and tests. It
// follows Redis semantics: expired keys vanish when touched, and a sweeper
// drops the ones nobody touches again.
type Memory struct {
	now func() time.Time // a field so a test can drive time

	mu    sync.Mutex
	items map[string]entry
	logs  map[string]admitLog // Admit's sliding logs

	stop, done chan struct{}
	closeOnce  sync.Once
}

// NewMemory starts the sweeper; Close stops it.
func NewMemory() *Memory {
	m := &Memory{
		now:   time.Now,
		items: make(map[string]entry),
		logs:  make(map[string]admitLog),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go m.sweep(sweepEvery)
	return m
}

// Close stops the sweeper. The store keeps working, with lazy expiry only.
func (m *Memory) Close() error {
	m.closeOnce.Do(func() { close(m.stop) })
	<-m.done
	return nil
}

func (m *Memory) sweep(every time.Duration) {
	defer close(m.done)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-tick.C:
			m.mu.Lock()
			now := m.now()
			for k, e := range m.items {
				if e.expired(now) {
					delete(m.items, k)
				}
			}
			for k, l := range m.logs {
				if !now.Before(l.exp) {
					delete(m.logs, k)
				}
			}
			m.mu.Unlock()
		}
	}
}

func (e entry) expired(now time.Time) bool {
	return !e.exp.IsZero() && !now.Before(e.exp)
}

// live returns the unexpired entry for key; m.mu must be held.
func (m *Memory) live(key string) (entry, bool) {
	e, ok := m.items[key]
	if ok && e.expired(m.now()) {
		delete(m.items, key)
		return entry{}, false
	}
	return e, ok
}

// put stores val; m.mu must be held. Like Redis SET, it replaces any old TTL.
func (m *Memory) put(key, val string, ttl time.Duration) {
	e := entry{val: val}
	if ttl > 0 {
		e.exp = m.now().Add(ttl)
	}
	m.items[key] = e
}

// Get implements service.SessionStore.
func (m *Memory) Get(ctx context.Context, key string) (string, bool, error) {
	if err := ctx.Err(); err != nil {
		return "", false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.live(key)
	return e.val, ok, nil
}

// Set implements service.SessionStore.
func (m *Memory) Set(ctx context.Context, key, val string, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("memory set %q: %w", key, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.put(key, val, ttl)
	return nil
}

// SetNX implements service.SessionStore.
func (m *Memory) SetNX(ctx context.Context, key, val string, ttl time.Duration) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if err := checkTTL(ttl); err != nil {
		return false, fmt.Errorf("memory setnx %q: %w", key, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.live(key); ok {
		return false, nil
	}
	m.put(key, val, ttl)
	return true, nil
}

// Delete implements service.SessionStore.
func (m *Memory) Delete(ctx context.Context, keys ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		delete(m.items, k)
	}
	return nil
}

// Incr implements service.SessionStore.
func (m *Memory) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := checkTTL(ttl); err != nil {
		return 0, fmt.Errorf("memory incr %q: %w", key, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.live(key)
	if !ok {
		m.put(key, "1", ttl)
		return 1, nil
	}
	n, err := strconv.ParseInt(e.val, 10, 64)
	// Redis accepts only the canonical form: no "+1", "01" or " 1".
	if err != nil || strconv.FormatInt(n, 10) != e.val {
		return 0, fmt.Errorf("memory incr %q: %w", key, errNotInt)
	}
	if n == math.MaxInt64 {
		return 0, fmt.Errorf("memory incr %q: %w", key, errOverflow)
	}
	e.val = strconv.FormatInt(n+1, 10) // e.exp kept: the window is fixed
	m.items[key] = e
	return n + 1, nil
}

// TryLock implements service.SessionStore. release is never nil; after a
// failed attempt it does nothing.
func (m *Memory) TryLock(ctx context.Context, key string, ttl time.Duration) (func(context.Context) error, bool, error) {
	if ttl <= 0 {
		return noRelease, false, fmt.Errorf("memory lock %q: %w", key, errLockTTL)
	}
	token := rand.Text()
	ok, err := m.SetNX(ctx, key, token, ttl)
	if err != nil || !ok {
		return noRelease, false, err
	}
	release := func(ctx context.Context) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		m.mu.Lock()
		defer m.mu.Unlock()
		if e, ok := m.live(key); ok && e.val == token {
			delete(m.items, key)
		}
		return nil
	}
	return release, true, nil
}

// Ping implements service.SessionStore.
func (m *Memory) Ping(ctx context.Context) error {
	return ctx.Err()
}

// admitLog is one key's admitted events, oldest first, and when the key
// would expire in Redis (the last event plus the window).
type admitLog struct {
	at  []time.Time
	exp time.Time
}

// Admit implements service.SessionStore.
func (m *Memory) Admit(ctx context.Context, key string, window time.Duration, limit int) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if err := checkWindow(window, limit); err != nil {
		return false, fmt.Errorf("memory admit %q: %w", key, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	l := m.logs[key]
	keep := 0
	for keep < len(l.at) && !l.at[keep].After(now.Add(-window)) {
		keep++
	}
	l.at = l.at[keep:]
	if len(l.at) >= limit {
		m.logs[key] = l
		return false, nil
	}
	l.at = append(l.at, now)
	l.exp = now.Add(window)
	m.logs[key] = l
	return true, nil
}
