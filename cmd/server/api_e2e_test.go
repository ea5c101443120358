package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

// call sends a JSON request to the running server.
func (e *e2e) call(method, path, token string, body any) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d%s", e.port, path), rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// The server wires the API end to end: a mini-program sign-in through
// WeCom, a ticket created and listed, a signed webhook delivered by the
// server's own outbox, the contract served, logout.
func TestAPIThroughTheServer(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			var mu sync.Mutex
			var got []*http.Request
			var bodies [][]byte
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				got, bodies = append(got, r), append(bodies, b)
				mu.Unlock()
			}))
			defer hook.Close()
			e.start()
			e.sim.AddLoginCode("e2e-mp", "agent1")
			status, sess := e.call("POST", "/api/v1/auth/miniprogram", "", map[string]any{"code": "e2e-mp"})
			if status != 200 {
				t.Fatalf("sign-in: %d %v", status, sess)
			}
			token := sess["token"].(string)
			status, admin := e.call("POST", "/api/v1/auth/dev", "", map[string]any{"userid": "admin"})
			if status != 200 {
				t.Fatalf("demo sign-in: %d %v", status, admin)
			}
			status, wh := e.call("POST", "/api/v1/admin/webhooks", admin["token"].(string),
				map[string]any{"url": hook.URL, "events": []string{"create"}})
			if status != 201 {
				t.Fatalf("webhook: %d %v", status, wh)
			}
			status, tk := e.call("POST", "/api/v1/tickets", token, map[string]any{"subject": "小程序报修"})
			if status != 201 || tk["origin"] != "miniprogram" {
				t.Fatalf("create: %d %v", status, tk)
			}
			status, list := e.call("GET", "/api/v1/tickets?view=mine", token, nil)
			if items, _ := list["items"].([]any); status != 200 || len(items) != 1 {
				t.Fatalf("mine: %d %v", status, list)
			}
			waitUntil(t, "the webhook delivery", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 1 })
			mu.Lock()
			ts, _ := strconv.ParseInt(got[0].Header.Get(service.WebhookHeaderTimestamp), 10, 64)
			if got[0].Header.Get(service.WebhookHeaderSignature) != service.SignWebhook(wh["secret"].(string), ts, bodies[0]) ||
				!strings.Contains(string(bodies[0]), "小程序报修") {
				t.Errorf("delivery %v %s", got[0].Header, bodies[0])
			}
			mu.Unlock()
			resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/api/openapi.yaml", e.port))
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.HasPrefix(doc, []byte("openapi: 3")) {
				t.Errorf("openapi.yaml: %d", resp.StatusCode)
			}
			if status, _ := e.call("POST", "/api/v1/auth/logout", token, nil); status != 204 {
				t.Errorf("logout: %d", status)
			}
			if status, _ := e.call("GET", "/api/v1/me", token, nil); status != 401 {
				t.Errorf("after logout: %d", status)
			}
		})
	}
}
