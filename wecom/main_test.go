package wecom_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/repo/store"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// The SDK's API host is a process global, set once here. Every test puts
// its own emulator behind this one address, so tests in this package do
// not run in parallel.
var front switchboard

type switchboard struct {
	mu sync.RWMutex
	h  http.Handler
}

func (s *switchboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	h := s.h
	s.mu.RUnlock()
	if h == nil {
		http.Error(w, "no emulator", http.StatusServiceUnavailable)
		return
	}
	h.ServeHTTP(w, r)
}

func TestMain(m *testing.M) {
	srv := httptest.NewServer(&front)
	wecom.ConfigureSDK(srv.URL, &http.Client{Timeout: 10 * time.Second})
	code := m.Run()
	srv.Close()
	os.Exit(code)
}

// newSim starts an emulator with org (the demo org when zero) behind front.
func newSim(t *testing.T, org service.OrgSnapshot) *sim.Server {
	t.Helper()
	if org.Users == nil {
		var err error
		if org, err = configs.ParseOrg(configs.DemoOrg); err != nil {
			t.Fatal(err)
		}
	}
	s := sim.New(sim.Options{Org: org})
	front.mu.Lock()
	front.h = s
	front.mu.Unlock()
	t.Cleanup(func() {
		front.mu.Lock()
		front.h = nil
		front.mu.Unlock()
	})
	return s
}

func newStore(t *testing.T) *store.Memory {
	t.Helper()
	m := store.NewMemory()
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// newClient builds a client for the emulator's app with fast retries.
func newClient(t *testing.T, s *sim.Server, st service.SessionStore, opts ...wecom.Option) *wecom.Client {
	t.Helper()
	o := s.Options()
	c, err := wecom.NewClient(wecom.App{CorpID: o.CorpID, Secret: o.CorpSecret, AgentID: o.AgentID}, st,
		append([]wecom.Option{wecom.WithRetry(4, time.Millisecond), wecom.WithTokenPoll(time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
