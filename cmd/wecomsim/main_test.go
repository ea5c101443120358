package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is an io.Writer the program and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until out contains want; it bounds the wait, it does not
// measure it.
func waitFor(t *testing.T, out *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("output never showed %q; got:\n%s", want, out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunRejects(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "usage"},
		{"unknown command", []string{"fly"}, "unknown command"},
		{"chat without --as", []string{"chat"}, "--as"},
		{"bad flag", []string{"serve", "-nope"}, "-nope"},
		{"bad aes key", []string{"serve", "-aes-key", "short"}, "-aes-key"},
		{"missing org file", []string{"serve", "-addr", "127.0.0.1:0", "-org", "/nonexistent/org.yaml"}, "no such file"},
		{"chat with no emulator", []string{"chat", "--as", "agent1", "-sim", "http://127.0.0.1:1"}, "wecomsim serve running"},
	}
	for _, tc := range cases {
		err := run(context.Background(), tc.args, strings.NewReader(""), &bytes.Buffer{}, env(nil))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

// startServe runs `wecomsim serve` on a free port and returns its URL.
func startServe(t *testing.T, extra []string, vars map[string]string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0"}, extra...), strings.NewReader(""), out, env(vars))
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	waitFor(t, out, `"wecomsim listening"`)
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	sc.Scan()
	var line struct{ Addr string }
	if err := json.Unmarshal(sc.Bytes(), &line); err != nil || line.Addr == "" {
		t.Fatalf("first log line %q: %v", sc.Text(), err)
	}
	return "http://" + line.Addr, out
}

func getJSON(t *testing.T, u string) map[string]any {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestServeUsesServerEnvironment(t *testing.T) {
	base, out := startServe(t, nil, map[string]string{
		"TICKET_WECOM_CORP_ID": "ww_from_env", "TICKET_WECOM_SECRET": "env-secret", "TICKET_WECOM_AGENT_ID": "42",
	})
	got := getJSON(t, base+"/cgi-bin/gettoken?"+url.Values{"corpid": {"ww_from_env"}, "corpsecret": {"env-secret"}}.Encode())
	tok, _ := got["access_token"].(string)
	if tok == "" {
		t.Fatalf("gettoken with the env credentials: %v", got)
	}
	if u := getJSON(t, base+"/cgi-bin/user/get?userid=agent1&access_token="+tok); u["name"] != "李客服" {
		t.Errorf("demo org not loaded: %v", u)
	}
	waitFor(t, out, `"path":"/cgi-bin/user/get"`)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
	if strings.Contains(out.String(), "env-secret") || strings.Contains(out.String(), tok) {
		t.Errorf("the log shows a secret or token:\n%s", out.String())
	}
}
