package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// capture is a CPU profile being taken of one server during a load.
type capture struct {
	name string
	done chan error
}

// profile starts a CPU profile of srv lasting d (the load's warm-up and
// counted time), written to <out>/profiles/<name>.pb.gz with its top
// functions in <name>.txt: the evidence the table links beside a missed
// target. Profiles come from the server's own /debug/pprof listener.
func (r *run) profile(ctx context.Context, srv *serverProc, name string, d time.Duration) *capture {
	c := &capture{name: name, done: make(chan error, 1)}
	go func() { c.done <- r.takeProfile(ctx, srv, name, d) }()
	return c
}

func (r *run) takeProfile(ctx context.Context, srv *serverProc, name string, d time.Duration) error {
	dir := filepath.Join(r.out, "profiles")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	secs := max(1, int(d.Round(time.Second)/time.Second))
	url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", srv.pprof, secs)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: d + 30*time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("profile %s: %w", name, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("profile %s: the profiler answered %d", name, resp.StatusCode)
	}
	raw := filepath.Join(dir, name+".pb.gz")
	f, err := os.Create(raw) // #nosec G304 -- a file under the run's own output directory
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	top, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=30", raw).Output() // #nosec G204 -- fixed program; the file is our own
	if err != nil {
		return fmt.Errorf("pprof -top %s: %w", name, err)
	}
	head := fmt.Sprintf("# CPU profile of the server during %q, %d s (%s)\n# raw profile: %s (go tool pprof -http=: %s)\n\n",
		name, secs, machine(), filepath.Base(raw), filepath.Base(raw))
	return os.WriteFile(filepath.Join(dir, name+".txt"), append([]byte(head), top...), 0o600)
}

// wait returns the profile's file for the table, or "" when it failed
// (a failed profile is logged, not a broken run: the figure still stands).
func (c *capture) wait() string {
	if err := <-c.done; err != nil {
		slog.Warn("no profile", "load", c.name, "err", err)
		return ""
	}
	return "profiles/" + c.name + ".txt"
}
