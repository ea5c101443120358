package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serverBin is the real binary, built once, so these tests see exactly what
// an operator sees: exit codes, the one error line, the log.
var serverBin string

// envServerBin hands an already built binary to this test binary run
// again by a test (TestMissingChromiumSkipsUnlessRequired), which would
// otherwise spend most of its time building it once more.
const envServerBin = "TICKET_TEST_SERVER_BIN"

func TestMain(m *testing.M) {
	if bin := os.Getenv(envServerBin); bin != "" {
		serverBin = bin
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "server-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	serverBin = filepath.Join(dir, "server")
	out, err := exec.Command("go", "build", "-o", serverBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build server: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// command runs the binary in dir with only the given environment, so the
// developer's own TICKET_* variables cannot leak in.
func command(ctx context.Context, dir string, env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, serverBin, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

func TestBadSettingsExitNonZeroNamingTheKey(t *testing.T) {
	cases := []struct {
		env     map[string]string
		wantKey string
	}{
		{map[string]string{"TICKET_DB_DRIVER": "oracle"}, "TICKET_DB_DRIVER"},
		{map[string]string{"TICKET_WECOM_AES_KEY": "0123456789"}, "TICKET_WECOM_AES_KEY"},
		{map[string]string{"TICKET_DB_DRIVER": "mysql", "TICKET_DB_DSN": "root@tcp(127.0.0.1:1)/nothing"}, "TICKET_DB_DSN"},
		{map[string]string{"TICKET_REDIS_ADDR": "127.0.0.1:1"}, "TICKET_REDIS_ADDR"},
	}
	for _, c := range cases {
		t.Run(c.wantKey, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out, err := command(ctx, t.TempDir(), c.env, "migrate").CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("exit = %v, want a non-zero exit; output:\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if last := lines[len(lines)-1]; !strings.Contains(last, c.wantKey) {
				t.Fatalf("last line %q does not name %s", last, c.wantKey)
			}
		})
	}
}

// TestFirstRunServesReadyAndStopsGracefully is the README's first run: no
// config at all (only a free port, so parallel runs do not collide).
func TestFirstRunServesReadyAndStopsGracefully(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := command(ctx, dir, map[string]string{"TICKET_HTTP_ADDR": "127.0.0.1:0", "TICKET_HTTP_PPROF_ADDR": "127.0.0.1:0"})
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := make(chan map[string]any, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil {
				logs <- line
			}
		}
		close(logs)
	}()
	addr, profiler := "", ""
	seeded := false
	for addr == "" {
		select {
		case line, ok := <-logs:
			if !ok {
				t.Fatal("server exited before listening")
			}
			if line["msg"] == "demo org seeded" {
				seeded = true
			}
			if line["msg"] == "listening" {
				addr = line["addr"].(string)
			}
			if line["msg"] == "profiler listening" {
				profiler = line["addr"].(string)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("server did not listen within 10 s")
		}
	}
	if !seeded {
		t.Error("first run did not seed the demo org")
	}
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz = %d, want 200", resp.StatusCode)
	}
	// The profiler answers on its own listener only.
	for _, c := range []struct {
		url  string
		want int
	}{{"http://" + profiler + "/debug/pprof/cmdline", http.StatusOK}, {"http://" + addr + "/debug/pprof/cmdline", http.StatusNotFound}} {
		resp, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s = %d, want %d", c.url, resp.StatusCode, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "ticket.db")); err != nil {
		t.Fatalf("no SQLite file under ./data: %v", err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	stopped := false
	for line := range logs {
		if line["msg"] == "stopped" {
			stopped = true
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM = %v, want 0", err)
	}
	if !stopped {
		t.Error("no 'stopped' log line after SIGTERM")
	}
}

func TestSeedIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	orgFile, err := filepath.Abs("../../configs/demo-org.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TICKET_DEMO": "false"}
	var reports []string
	for range 2 {
		out, err := command(ctx, dir, env, "seed", orgFile).CombinedOutput()
		if err != nil {
			t.Fatalf("seed: %v\n%s", err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, "org seeded") {
				reports = append(reports, l)
			}
		}
	}
	if len(reports) != 2 || !strings.Contains(reports[0], "UsersCreated:20") || !strings.Contains(reports[1], "UsersCreated:0 UsersUpdated:0") {
		t.Fatalf("seed reports = %q", reports)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("users:\n  - {userid: \"x y\", name: \"\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := command(ctx, dir, env, "seed", bad).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "nothing was changed") {
		t.Fatalf("bad org file: err=%v out=%s", err, out)
	}
}
