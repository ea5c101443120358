package store_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo/store"
	"github.com/wecom-ticket/ticket/repo/store/storetest"
	"github.com/wecom-ticket/ticket/service"
)

func TestContract(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			storetest.Run(t, func(*testing.T) service.SessionStore { return b.Store })
		})
	}
}

// Nothing listens on port 1; how fast this fails is measured by
// BenchmarkPingClosedPort, not asserted here.
func TestRedisPingClosedPort(t *testing.T) {
	client := store.NewRedisClient("127.0.0.1:1", "", 0)
	t.Cleanup(func() { _ = client.Close() })
	if err := store.NewRedis(client, "t:").Ping(t.Context()); err == nil {
		t.Fatal("Ping to a closed port returned nil")
	}
}

func BenchmarkSetNX(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			ctx, i := b.Context(), 0
			for b.Loop() {
				i++
				if _, err := be.Store.SetNX(ctx, "bench:"+strconv.Itoa(i), "1", time.Minute); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPingClosedPort is where the fail-fast budget of NewRedisClient
// shows: each iteration uses a fresh client, so no dial error is cached.
func BenchmarkPingClosedPort(b *testing.B) {
	for b.Loop() {
		client := store.NewRedisClient("127.0.0.1:1", "", 0)
		if err := store.NewRedis(client, "t:").Ping(b.Context()); err == nil {
			b.Fatal("Ping to a closed port returned nil")
		}
		_ = client.Close()
	}
}
