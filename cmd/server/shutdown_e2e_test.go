package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// answer is what a client heard back from a request.
type answer struct {
	status int
	body   map[string]any
	err    error
}

// signInSlowly starts an H5 OAuth sign-in whose WeCom lookup the emulator
// holds for hold, and returns where its answer will arrive.
func (e *e2e) signInSlowly(hold time.Duration) <-chan answer {
	e.t.Helper()
	e.sim.AddLoginCode("slow-code", "agent1")
	e.sim.SetLatency("auth/getuserinfo", hold)
	done := make(chan answer, 1)
	go func() {
		resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/api/v1/auth/oauth", e.port), "application/json",
			strings.NewReader(`{"code":"slow-code"}`))
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer func() { _ = resp.Body.Close() }()
		a := answer{status: resp.StatusCode}
		a.err = json.NewDecoder(resp.Body).Decode(&a.body)
		done <- a
	}()
	waitUntil(e.t, "the sign-in to reach the emulator", func() bool { return len(e.sim.Requests("auth/getuserinfo")) > 0 })
	return done
}

// latePart is the parts the server logged as not finished within the
// shutdown bound.
func (e *e2e) lateParts() []string {
	var parts []string
	for _, l := range e.logged("shutdown: did not finish in time; exiting without it") {
		parts = append(parts, fmt.Sprint(l["part"]))
	}
	return parts
}

// On SIGTERM a request already in flight still gets its answer, and the
// server exits cleanly once it has.
func TestShutdownAnswersRequestsInFlight(t *testing.T) {
	e := newE2E(t, stacks(t)[0])
	e.start()
	// Long enough for the SIGTERM to land while the request waits at the
	// emulator; the default shutdown bound (15 s) outlasts it.
	answered := e.signInSlowly(3 * time.Second)
	select {
	case a := <-answered:
		t.Fatalf("the sign-in was answered before SIGTERM (%+v); the test did not hit the window", a)
	default:
	}
	if err := e.terminate(); err != nil {
		t.Fatalf("exit after SIGTERM = %v, want 0", err)
	}
	a := <-answered
	if a.err != nil || a.status != http.StatusOK || a.body["token"] == nil {
		t.Fatalf("the sign-in in flight at SIGTERM got %+v, want 200 with a session", a)
	}
	if len(e.logged("stopped")) != 1 || len(e.lateParts()) != 0 {
		t.Fatalf("want a clean stop; late parts %q", e.lateParts())
	}
}

// Whatever outlives the shutdown bound is named in the log and left
// behind: the process exits all the same (the emulator would hold each
// part for a minute; terminate gives up after 30 s).
func TestShutdownExitsWithinItsBound(t *testing.T) {
	cases := []struct {
		name string
		slow func(e *e2e)
		want string
	}{
		{"request in flight", func(e *e2e) { e.signInSlowly(time.Minute) }, "in-flight requests"},
		{"message being answered", func(e *e2e) {
			// agent1 is a stranger, so answering waits on user/get: the
			// inbox worker holds the message while the HTTP side is idle.
			e.sim.SetLatency("user/get", time.Minute)
			if _, err := e.sim.SendText(context.Background(), "agent1", "帮助"); err != nil {
				e.t.Fatal(err)
			}
			waitUntil(e.t, "the lookup to reach the emulator", func() bool { return len(e.sim.Requests("user/get")) > 0 })
		}, "background workers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newE2E(t, stacks(t)[0])
			e.seedWithout("agent1")
			e.env["TICKET_HTTP_SHUTDOWN_TIMEOUT"] = "1s"
			e.start()
			c.slow(e)
			if err := e.terminate(); err == nil {
				t.Error("exit 0 after leaving work behind, want a failed exit")
			}
			if late := e.lateParts(); !strings.Contains(strings.Join(late, ","), c.want) {
				t.Fatalf("late parts in the log = %q, want %q", late, c.want)
			}
			if len(e.logged("stopped")) != 0 {
				t.Fatal("logged a clean stop after leaving work behind")
			}
		})
	}
}
