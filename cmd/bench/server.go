package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/go-sql-driver/mysql" // the throwaway database's DDL

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// stack is the real MariaDB and Redis a benchmark runs on: a throwaway
// database and a Redis key prefix of its own, both removed at the end.
type stack struct {
	dsnBase string // root@tcp(host:port)/ : no database named
	db      string
	redis   string
	prefix  string
	keep    bool // -keep: left for examining plans after the run
}

func newStack(ctx context.Context, r *run, name string) (*stack, error) {
	s := &stack{dsnBase: r.mysql, redis: r.redis, keep: r.keep,
		db:     fmt.Sprintf("bench_%s_%d", name, time.Now().Unix()),
		prefix: fmt.Sprintf("bench-%s-%d:", name, time.Now().UnixNano())}
	if err := s.exec(ctx, "CREATE DATABASE `"+s.db+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		return nil, fmt.Errorf("create the bench database (is MariaDB at %s?): %w", r.mysql, err)
	}
	return s, nil
}

func (s *stack) dsn() string { return s.dsnBase + s.db }

func (s *stack) exec(ctx context.Context, q string) error {
	db, err := sql.Open("mysql", s.dsnBase)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	_, err = db.ExecContext(ctx, q)
	return err
}

func (s *stack) drop(ctx context.Context) {
	if s.keep {
		slog.Info("database kept", "db", s.db)
		return
	}
	_ = s.exec(ctx, "DROP DATABASE IF EXISTS `"+s.db+"`")
}

// env is the server's settings for this stack.
func (s *stack) env() map[string]string {
	return map[string]string{
		"TICKET_DB_DRIVER":    "mysql",
		"TICKET_DB_DSN":       s.dsn(),
		"TICKET_REDIS_ADDR":   s.redis,
		"TICKET_REDIS_PREFIX": s.prefix,
	}
}

// emulator is WeCom for the run: the demo org plus extra members.
type emulator struct {
	sim   *sim.Server
	watch *sendWatch // replies as they reach message/send
	url   string
	ts    *httptest.Server
}

func newEmulator(callbackURL string, extraUsers int) (*emulator, error) {
	snap, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		return nil, err
	}
	return newEmulatorOf(callbackURL, withExtraUsers(snap, extraUsers)), nil
}

// newEmulatorOf is WeCom with the address book snap.
func newEmulatorOf(callbackURL string, snap service.OrgSnapshot) *emulator {
	s := sim.New(sim.Options{Org: snap, CallbackURL: callbackURL, CallbackTimeout: 5 * time.Second})
	watch := newSendWatch(s)
	ts := httptest.NewServer(watch)
	return &emulator{sim: s, watch: watch, url: ts.URL, ts: ts}
}

// wecomEnv is the server's settings for talking to the emulator.
func (e *emulator) wecomEnv() map[string]string {
	o := e.sim.Options()
	return map[string]string{
		"TICKET_WECOM_CORP_ID":  o.CorpID,
		"TICKET_WECOM_SECRET":   o.CorpSecret,
		"TICKET_WECOM_AGENT_ID": strconv.FormatInt(o.AgentID, 10),
		"TICKET_WECOM_TOKEN":    o.Token,
		"TICKET_WECOM_AES_KEY":  o.EncodingAESKey,
		"TICKET_WECOM_API_BASE": e.url,
		"TICKET_DEMO":           "true",
	}
}

// serverProc is the real server binary, running.
type serverProc struct {
	cmd     *exec.Cmd
	base    string
	pprof   string // host:port of its profiler (TICKET_HTTP_PPROF_ADDR)
	started time.Time
	ready   time.Duration // start to the first 200 from /readyz
}

// buildServer compiles the server as it ships (static, trimmed).
func buildServer(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "server")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/server") // #nosec G204 -- fixed program and flags; bin is under the run's own directory
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the server: %w\n%s", err, out)
	}
	return bin, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().String(), nil
}

// startServer runs bin with env (plus PATH and HOME) in dir, its log
// to logFile, and returns once /readyz answers 200.
func startServer(ctx context.Context, bin, dir, addr, logFile string, envs ...map[string]string) (*serverProc, error) {
	pprof, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin) // #nosec G204 -- the binary this program just built
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TICKET_HTTP_ADDR=" + addr, "TICKET_HTTP_PPROF_ADDR=" + pprof}
	for _, env := range envs {
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	lf, err := os.Create(logFile) // #nosec G304 -- a file under the run's own directory
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = lf, lf
	p := &serverProc{cmd: cmd, base: "http://" + addr, pprof: pprof, started: time.Now()}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = cmd.Wait(); _ = lf.Close() }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			p.kill()
			return nil, ctx.Err()
		}
		resp, err := http.Get(p.base + "/readyz") // #nosec G107 -- loopback address of our own server
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.ready = time.Since(p.started)
				return p, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.kill()
	return nil, fmt.Errorf("the server did not become ready in 60 s; see %s", logFile)
}

func (p *serverProc) kill() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
	}
}

// stop asks for a graceful stop and waits a little for it.
func (p *serverProc) stop() {
	if p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() {
		for p.cmd.ProcessState == nil {
			time.Sleep(20 * time.Millisecond)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		p.kill()
	}
}

// rssMiB reads the process's resident set from /proc.
func (p *serverProc) rssMiB() float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// metric reads one unlabelled sample from the server's /metrics.
func (p *serverProc) metric(name string) float64 {
	resp, err := http.Get(p.base + "/metrics") // #nosec G107 -- loopback address of our own server
	if err != nil {
		return 0
	}
	defer func() { _ = resp.Body.Close() }()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}
