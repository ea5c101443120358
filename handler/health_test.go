package handler_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo/repotest"
	"github.com/wecom-ticket/ticket/repo/store"
)

func TestReadyzNamesTheFailingPart(t *testing.T) {
	db := repotest.SQLite(t)
	live := store.NewMemory()
	t.Cleanup(func() { _ = live.Close() })
	deadClient := store.NewRedisClient("127.0.0.1:1", "", 0)
	t.Cleanup(func() { _ = deadClient.Close() })
	dead := store.NewRedis(deadClient, "t:")

	cases := []struct {
		name       string
		checks     []handler.Check
		wantStatus int
		wantFail   []string
	}{
		{"all up", []handler.Check{{Name: "database", Ping: db.Ping}, {Name: "store", Ping: live.Ping}}, 200, nil},
		{"store down", []handler.Check{{Name: "database", Ping: db.Ping}, {Name: "store", Ping: dead.Ping}}, 503, []string{"store"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(handler.New(handler.Deps{
				Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(), Checks: c.checks,
			}))
			defer srv.Close()
			resp, err := http.Get(srv.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = resp.Body.Close() }()
			var body struct {
				Status  string
				Failing []string
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != c.wantStatus || strings.Join(body.Failing, ",") != strings.Join(c.wantFail, ",") {
				t.Fatalf("readyz = %d %+v, want %d failing %v", resp.StatusCode, body, c.wantStatus, c.wantFail)
			}
		})
	}
}

func TestErrorsAreSentencesInTheCallersLanguage(t *testing.T) {
	srv := httptest.NewServer(handler.New(handler.Deps{
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(),
	}))
	defer srv.Close()
	for lang, want := range map[string]string{"": "没有找到", "en-US,en;q=0.9": "Not found"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/no/such/route", nil)
		req.Header.Set("Accept-Language", lang)
		req.Header.Set("X-Request-ID", "req-abcdef12")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Code, Message string }
		_ = json.NewDecoder(resp.Body).Decode(&body)
		_ = resp.Body.Close()
		if resp.StatusCode != 404 || body.Code != "not_found" || !strings.Contains(body.Message, want) {
			t.Errorf("lang %q: %d %+v", lang, resp.StatusCode, body)
		}
		if resp.Header.Get("X-Request-ID") != "req-abcdef12" {
			t.Errorf("request id not echoed: %q", resp.Header.Get("X-Request-ID"))
		}
	}
}

// /healthz answers while the process runs, even with every dependency
// down (an orchestrator must not restart us for a database outage), and
// /metrics then shows that request in Prometheus text under the app's
// own metric name.
func TestHealthzAndMetrics(t *testing.T) {
	deadClient := store.NewRedisClient("127.0.0.1:1", "", 0)
	t.Cleanup(func() { _ = deadClient.Close() })
	dead := store.NewRedis(deadClient, "t:")
	srv := httptest.NewServer(handler.New(handler.Deps{
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(),
		Checks: []handler.Check{{Name: "store", Ping: dead.Ping}},
	}))
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(body)
	}
	cases := []struct {
		path, wantType string
		want           []string
	}{
		{"/healthz", "application/json", []string{`"status":"ok"`}},
		{"/metrics", "text/plain", []string{
			"# TYPE ticket_http_requests_total counter",
			`ticket_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
			"# TYPE ticket_http_request_duration_seconds histogram",
		}},
	}
	for _, c := range cases {
		resp, body := get(c.path)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.wantType) {
			t.Fatalf("%s = %d %s, want 200 %s", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), c.wantType)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Fatalf("%s lacks %q:\n%s", c.path, w, body)
			}
		}
	}
}
