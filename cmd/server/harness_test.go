package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/repo/repotest"
	"github.com/wecom-ticket/ticket/repo/store/storetest"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// stackEnv is the database and store settings of one stack under test:
// the embedded one always, MySQL with Redis when the test environment
// names them.
type stackEnv struct {
	name string
	env  map[string]string
}

func stacks(t *testing.T) []stackEnv {
	out := []stackEnv{{name: "embedded", env: map[string]string{}}}
	if os.Getenv(repotest.EnvMySQL) != "" {
		env := map[string]string{"TICKET_DB_DRIVER": "mysql", "TICKET_DB_DSN": repotest.MySQLDSN(t)}
		if addr := os.Getenv(storetest.EnvRedis); addr != "" {
			env["TICKET_REDIS_ADDR"] = addr
			// Each test's servers get their own keys: tokens, locks and
			// dedupe keys of one test must not leak into the next.
			env["TICKET_REDIS_PREFIX"] = fmt.Sprintf("e2e-%d-%d:", os.Getpid(), time.Now().UnixNano())
		}
		out = append(out, stackEnv{name: "mysql", env: env})
	}
	return out
}

// e2e is the real server binary talking to the WeCom emulator over HTTP.
type e2e struct {
	t    *testing.T
	sim  *sim.Server
	dir  string
	port int
	env  map[string]string
	proc *exec.Cmd
	kill func()
	out  *serverOutput // of the latest start
}

// serverOutput is one server process's JSON log lines; eof closes when
// its output ends, that is when it has exited.
type serverOutput struct {
	mu   sync.Mutex
	logs []map[string]any
	eof  chan struct{}
}

// newE2E starts an emulator loaded with the demo org whose callbacks go to
// a fixed port, so a restarted server is found at the same address.
func newE2E(t *testing.T, st stackEnv) *e2e {
	t.Helper()
	snap, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		t.Fatal(err)
	}
	return newE2EWithOrg(t, st, snap)
}

// newE2EWithOrg is newE2E with another address book at the emulator
// (the server still seeds the demo org).
func newE2EWithOrg(t *testing.T, st stackEnv, snap service.OrgSnapshot) *e2e {
	t.Helper()
	port := freePort(t)
	e := &e2e{t: t, dir: t.TempDir(), port: port}
	e.sim = sim.New(sim.Options{
		Org:             snap,
		CallbackURL:     fmt.Sprintf("http://127.0.0.1:%d/wecom/callback", port),
		CallbackTimeout: 5 * time.Second,
	})
	ts := httptest.NewServer(e.sim)
	t.Cleanup(ts.Close)
	o := e.sim.Options()
	e.env = map[string]string{
		"TICKET_HTTP_ADDR":      "127.0.0.1:" + strconv.Itoa(port),
		"TICKET_WECOM_CORP_ID":  o.CorpID,
		"TICKET_WECOM_SECRET":   o.CorpSecret,
		"TICKET_WECOM_AGENT_ID": strconv.FormatInt(o.AgentID, 10),
		"TICKET_WECOM_TOKEN":    o.Token,
		"TICKET_WECOM_AES_KEY":  o.EncodingAESKey,
		"TICKET_WECOM_API_BASE": ts.URL,
		"TICKET_DEMO":           "true",
	}
	for k, v := range st.env {
		e.env[k] = v
	}
	return e
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().(*net.TCPAddr).Port
}

// run executes a subcommand to completion and returns its output.
func (e *e2e) run(args ...string) string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := command(ctx, e.dir, e.env, args...).CombinedOutput()
	if err != nil {
		e.t.Fatalf("server %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// start runs the server and returns once it listens.
func (e *e2e) start() {
	e.t.Helper()
	cmd := command(context.Background(), e.dir, e.env)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	listening := make(chan struct{})
	out := &serverOutput{eof: make(chan struct{})}
	e.out = out
	go func() {
		defer close(out.eof)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		once := false
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) == nil {
				out.mu.Lock()
				out.logs = append(out.logs, line)
				out.mu.Unlock()
				if line["msg"] == "listening" && !once {
					once = true
					close(listening)
				}
			}
			if testing.Verbose() {
				fmt.Fprintln(os.Stderr, "  server:", sc.Text())
			}
		}
	}()
	e.proc = cmd
	e.kill = func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	e.t.Cleanup(e.kill)
	select {
	case <-listening:
	case <-time.After(30 * time.Second):
		e.t.Fatal("server did not start listening")
	}
}

// terminate sends SIGTERM, as an orchestrator does, and returns the exit
// status once the server has exited.
func (e *e2e) terminate() error {
	e.t.Helper()
	if err := e.proc.Process.Signal(syscall.SIGTERM); err != nil {
		e.t.Fatal(err)
	}
	select {
	case <-e.out.eof:
	case <-time.After(30 * time.Second):
		e.t.Fatal("the server did not exit within 30 s of SIGTERM")
	}
	return e.proc.Wait()
}

// logged returns the server's log lines whose msg is msg.
func (e *e2e) logged(msg string) []map[string]any {
	e.out.mu.Lock()
	defer e.out.mu.Unlock()
	var lines []map[string]any
	for _, l := range e.out.logs {
		if l["msg"] == msg {
			lines = append(lines, l)
		}
	}
	return lines
}

// waitSent waits until userid has received n messages and returns them.
func (e *e2e) waitSent(userid string, n int) []sim.SentMessage {
	e.t.Helper()
	return e.waitSentWithin(userid, n, 15*time.Second)
}

func (e *e2e) waitSentWithin(userid string, n int, d time.Duration) []sim.SentMessage {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	msgs, err := e.sim.WaitForSent(ctx, userid, n)
	if err != nil {
		e.t.Fatalf("waiting for %d messages to %s: %v (got %d)", n, userid, err, len(e.sim.Sent(userid)))
	}
	return msgs
}
