// Package store implements service.SessionStore on Redis and in process.
package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wecom-ticket/ticket/service"
)

var _ service.SessionStore = (*Redis)(nil)

// Budgets for NewRedisClient. go-redis defaults (5 s dial, 5 dial attempts,
// 3 command retries with up to 1 s backoff) take ~1.7 s to report a dead
// Redis, and /readyz and every callback would hang that long. Our commands
// are O(1) on loopback (~65 µs), so a quarter second without an answer
// already means Redis is gone. Worst case for one call is two attempts plus
// one backoff: about 0.45 s for a dead dial, 0.65 s for a full pool.
const (
	redisDialTimeout = 200 * time.Millisecond
	redisIOTimeout   = 250 * time.Millisecond
	redisPoolTimeout = 300 * time.Millisecond
	// One retry rides over a pooled connection that Redis closed (restart,
	// idle timeout) without doubling the wait more than once.
	redisMaxRetries = 1
	redisMaxBackoff = 32 * time.Millisecond
)

// NewRedisClient returns a client tuned to fail fast; see the budgets above.
// The caller owns it and closes it.
func NewRedisClient(addr, password string, db int) *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     addr,
		Password: password,
		DB:       db,

		DialTimeout: redisDialTimeout,
		// go-redis retries failed dials inside the pool too; one attempt
		// here, because MaxRetries already retries the whole command.
		DialerRetries:   1,
		ReadTimeout:     redisIOTimeout,
		WriteTimeout:    redisIOTimeout,
		PoolTimeout:     redisPoolTimeout,
		MaxRetries:      redisMaxRetries,
		MinRetryBackoff: 8 * time.Millisecond,
		MaxRetryBackoff: redisMaxBackoff,
		// Let a caller's shorter deadline win over the budgets above.
		ContextTimeoutEnabled: true,
	})
}

// incrScript starts the TTL only when INCR created the key, so later calls
// never extend a rate-limit window. One script keeps it atomic: a crash
// between INCR and PEXPIRE would leave a counter that never resets.
const incrScript = `
local n = redis.call('INCR', KEYS[1])
if n == 1 and tonumber(ARGV[1]) > 0 then
	redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n`

// admitScript is a sliding log in a sorted set scored by the server's
// clock in microseconds: drop what left the window, refuse at the limit,
// else record this event (a random suffix keeps same-microsecond events
// apart). The key expires with the window, so an idle member costs nothing.
const admitScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
	return 0
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
return 1`

// unlockScript deletes the lock only while it still holds our token; a
// holder whose lock expired must not free the next holder's lock.
const unlockScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`

// Redis is a SessionStore on a Redis server. Every key is prefixed so that
// tenants and test runs sharing one server never see each other's keys.
type Redis struct {
	client *redis.Client
	prefix string
	incr   *redis.Script
	admit  *redis.Script
	unlock *redis.Script
}

// NewRedis stores keys as prefix+key; include a separator (e.g. "ticket:").
// The client is not closed by Redis.
func NewRedis(client *redis.Client, prefix string) *Redis {
	return &Redis{
		client: client,
		prefix: prefix,
		incr:   redis.NewScript(incrScript),
		admit:  redis.NewScript(admitScript),
		unlock: redis.NewScript(unlockScript),
	}
}

// Get implements service.SessionStore.
func (r *Redis) Get(ctx context.Context, key string) (string, bool, error) {
	val, err := r.client.Get(ctx, r.prefix+key).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("redis get %q: %w", key, err)
	}
	return val, true, nil
}

// Set implements service.SessionStore.
func (r *Redis) Set(ctx context.Context, key, val string, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("redis set %q: %w", key, err)
	}
	if err := r.client.Set(ctx, r.prefix+key, val, wholeMs(ttl)).Err(); err != nil {
		return fmt.Errorf("redis set %q: %w", key, err)
	}
	return nil
}

// SetNX implements service.SessionStore.
func (r *Redis) SetNX(ctx context.Context, key, val string, ttl time.Duration) (bool, error) {
	if err := checkTTL(ttl); err != nil {
		return false, fmt.Errorf("redis setnx %q: %w", key, err)
	}
	ok, err := r.client.SetNX(ctx, r.prefix+key, val, wholeMs(ttl)).Result()
	if err != nil {
		return false, fmt.Errorf("redis setnx %q: %w", key, err)
	}
	return ok, nil
}

// Delete implements service.SessionStore.
func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil // DEL with no keys is a Redis syntax error
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.prefix + k
	}
	if err := r.client.Del(ctx, full...).Err(); err != nil {
		return fmt.Errorf("redis del: %w", err)
	}
	return nil
}

// Incr implements service.SessionStore.
func (r *Redis) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if err := checkTTL(ttl); err != nil {
		return 0, fmt.Errorf("redis incr %q: %w", key, err)
	}
	n, err := r.incr.Run(ctx, r.client, []string{r.prefix + key}, wholeMs(ttl).Milliseconds()).Int64()
	if err != nil {
		return 0, fmt.Errorf("redis incr %q: %w", key, err)
	}
	return n, nil
}

// Admit implements service.SessionStore.
func (r *Redis) Admit(ctx context.Context, key string, window time.Duration, limit int) (bool, error) {
	if err := checkWindow(window, limit); err != nil {
		return false, fmt.Errorf("redis admit %q: %w", key, err)
	}
	n, err := r.admit.Run(ctx, r.client, []string{r.prefix + key}, window.Microseconds(), limit, rand.Text()[:8]).Int()
	if err != nil {
		return false, fmt.Errorf("redis admit %q: %w", key, err)
	}
	return n == 1, nil
}

// TryLock implements service.SessionStore. release is never nil; after a
// failed attempt it does nothing.
func (r *Redis) TryLock(ctx context.Context, key string, ttl time.Duration) (func(context.Context) error, bool, error) {
	if ttl <= 0 {
		return noRelease, false, fmt.Errorf("redis lock %q: %w", key, errLockTTL)
	}
	full, token := r.prefix+key, rand.Text()
	ok, err := r.client.SetNX(ctx, full, token, wholeMs(ttl)).Result()
	if err != nil {
		return noRelease, false, fmt.Errorf("redis lock %q: %w", key, err)
	}
	if !ok {
		return noRelease, false, nil
	}
	release := func(ctx context.Context) error {
		if err := r.unlock.Run(ctx, r.client, []string{full}, token).Err(); err != nil {
			return fmt.Errorf("redis unlock %q: %w", key, err)
		}
		return nil
	}
	return release, true, nil
}

// Ping implements service.SessionStore.
func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis ping: %w", err)
	}
	return nil
}

// wholeMs rounds a TTL up to Redis's millisecond resolution, so a tiny
// positive TTL never turns into 0 (no expiry) or an immediate delete.
func wholeMs(ttl time.Duration) time.Duration {
	return (ttl + time.Millisecond - 1).Truncate(time.Millisecond)
}
