package storetest

import (
	"context"
	"crypto/rand"
	"os"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo/store"
	"github.com/wecom-ticket/ticket/service"
)

// EnvRedis names the variable that turns the Redis runs on.
const EnvRedis = "TICKET_TEST_REDIS_ADDR"

// Backend is one empty store.
type Backend struct {
	Name  string
	Store service.SessionStore
}

// Backends returns a Memory store and, when TICKET_TEST_REDIS_ADDR is set, a
// Redis one. A set but unreachable Redis fails the test: a suite that
// silently skipped would pass without having tested anything.
func Backends(t testing.TB) []Backend {
	t.Helper()
	out := []Backend{{Name: "memory", Store: Memory(t)}}
	if os.Getenv(EnvRedis) != "" {
		out = append(out, Backend{Name: "redis", Store: Redis(t)})
	}
	return out
}

// Memory returns a Memory store closed when the test ends.
func Memory(t testing.TB) *store.Memory {
	m := store.NewMemory()
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// Redis returns a store on the server TICKET_TEST_REDIS_ADDR names, under a
// random prefix whose keys are deleted when the test ends.
func Redis(t testing.TB) *store.Redis {
	t.Helper()
	addr := os.Getenv(EnvRedis)
	client := store.NewRedisClient(addr, "", 0)
	t.Cleanup(func() { _ = client.Close() }) // registered first, runs last
	if err := client.Ping(t.Context()).Err(); err != nil {
		t.Fatalf("%s is set to %q but Redis cannot be reached there (is it running?): %v", EnvRedis, addr, err)
	}
	prefix := "ticket-test:" + rand.Text() + ":" // base32: no glob characters
	t.Cleanup(func() {
		// t.Context is already canceled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var keys []string
		iter := client.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		err := iter.Err()
		for len(keys) > 0 && err == nil {
			n := min(len(keys), 1000)
			err = client.Del(ctx, keys[:n]...).Err()
			keys = keys[n:]
		}
		if err != nil {
			t.Logf("delete test keys %s*: %v", prefix, err)
		}
	})
	return store.NewRedis(client, prefix)
}

// short is the TTL the expiry cases wait out. They poll for up to
// patience, so a slow CI machine makes them slower, never flaky.
