package service

import (
	"context"
	"time"
)

// SessionStore is the small shared store for short-lived state: chat
// dialogs, dedupe keys, rate-limit counters and short locks. Redis backs it
// in production and an in-process map on the embedded stack; both pass the
// same contract suite (repo/store/storetest).
type SessionStore interface {
	// Get returns the value and true, or "" and false when the key is absent
	// or expired.
	Get(ctx context.Context, key string) (string, bool, error)
	// Set stores val; ttl 0 means no expiry.
	Set(ctx context.Context, key, val string, ttl time.Duration) error
	// SetNX stores val only when key is absent and reports whether it did.
	// It is the dedupe primitive.
	SetNX(ctx context.Context, key, val string, ttl time.Duration) (bool, error)
	// Delete removes keys; absent keys are not an error.
	Delete(ctx context.Context, keys ...string) error
	// Incr adds one to a counter and returns the new value. The ttl starts
	// when the counter is created (a fixed window), which is what rate
	// limits need.
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
	// Admit records one event under key and reports true when fewer than
	// limit events were admitted in the window ending now: a sliding log,
	// so no span of that length ever holds more than limit, wherever it
	// starts (fixed windows allow twice the limit across a boundary). A
	// refused event is not recorded. The store's clock decides "now", so
	// every instance counts on one time line.
	Admit(ctx context.Context, key string, window time.Duration, limit int) (bool, error)
	// TryLock takes a short lock. ok is false when someone else holds it.
	// release frees it only if this holder still owns it, so a lock that
	// expired and was taken by another is never freed by the first.
	TryLock(ctx context.Context, key string, ttl time.Duration) (release func(context.Context) error, ok bool, err error)
	// Ping reports whether the store answers; /readyz uses it.
	Ping(ctx context.Context) error
}
