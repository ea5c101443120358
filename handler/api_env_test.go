package handler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/channel"
	"github.com/wecom-ticket/ticket/service/servicetest"
	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// emulator is the WeCom emulator every test in this package talks to: the
// SDK's API host is a process global, set once here.
var emulator *sim.Server

func TestMain(m *testing.M) {
	snap, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		panic(err)
	}
	emulator = sim.New(sim.Options{Org: snap})
	srv := httptest.NewServer(emulator)
	wecom.ConfigureSDK(srv.URL, &http.Client{Timeout: 10 * time.Second})
	code := m.Run()
	srv.Close()
	os.Exit(code)
}

// apiEnv is the real gin engine over a real stack: database, store, the
// demo org, the template library, and the WeCom emulator.
type apiEnv struct {
	t      *testing.T
	st     *servicetest.Stack
	k      *servicetest.Ticketing
	engine *gin.Engine
	deps   *handler.APIDeps
	outbox *service.Outbox
	tokens map[string]string
}

type envOptions struct {
	corpID  string // the corp mini-program codes must belong to; "" the emulator's
	demoOff bool
	baseURL string
	log     io.Writer // where the engine logs; nil discards
}

func newAPIEnv(t *testing.T, st *servicetest.Stack, opts ...envOptions) *apiEnv {
	t.Helper()
	var o envOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.corpID == "" {
		o.corpID = emulator.Options().CorpID
	}
	k := st.Ticketing(t)
	if o.log == nil {
		o.log = io.Discard
	}
	log := slog.New(slog.NewJSONHandler(o.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	deliverers := map[service.Channel]service.Deliverer{}
	outbox := service.NewOutbox(service.OutboxConfig{Owner: "test", Poll: 20 * time.Millisecond,
		RetryBase: 20 * time.Millisecond, RetryMax: 50 * time.Millisecond, MaxAttempts: 3}, repo.NewOutbox(st.DB), deliverers, log, nil)
	hooks := service.NewWebhookService(st.Org, repo.NewWebhooks(st.DB), outbox)
	deliverers[service.ChannelWebhook] = channel.NewWebhooks(hooks, nil)
	// The fixtures' ticket service, with the webhook listener added.
	k.Tickets = service.NewTicketService(service.TicketDeps{
		Tx: st.DB, Tickets: repo.NewTickets(st.DB), Templates: repo.NewTemplates(st.DB), Rules: repo.NewDispatchRules(st.DB),
		Sharing: repo.NewSharing(st.DB), Calendar: k.Calendar, Org: st.Org, Events: service.TicketEventsFanout{hooks},
		Now: k.Clock.Now,
	})
	e := emulator.Options()
	wc, err := wecom.NewClient(wecom.App{CorpID: e.CorpID, Secret: e.CorpSecret, AgentID: e.AgentID}, st.KV)
	if err != nil {
		t.Fatal(err)
	}
	records := service.NewRecordService(st.DB, repo.NewRecords(st.DB), k.Tickets)
	costs := service.NewCostService(st.DB, repo.NewCosts(st.DB), k.Tickets)
	crm := service.NewCRMService(st.DB, repo.NewCRM(st.DB), st.Org, k.Tickets)
	deps := &handler.APIDeps{
		Auth:      service.NewAuthService(st.KV, st.Org, wc, service.AuthConfig{CorpID: o.corpID, Demo: !o.demoOff}),
		Tickets:   k.Tickets,
		Sheets:    service.NewSheetService(k.Tickets, records, costs),
		Templates: k.Templates, Rules: k.Rules, Sharing: k.Sharing, Calendar: k.Calendar,
		Settings: service.NewSettingsService(st.Org),
		CRM:      crm, Records: records, Costs: costs,
		Stats:   service.NewStatsService(repo.NewStats(st.DB), k.Tickets),
		Notices: service.NewNoticeAdmin(st.Org, outbox),
		Forms: service.NewWebFormService(repo.NewWebForms(st.DB), st.Org, k.Tickets, st.KV,
			service.WebFormLimits{PerIP: 5, Window: time.Minute}),
		Webhooks:        hooks,
		QuickReplies:    service.NewQuickReplyService(repo.NewQuickReplies(st.DB), st.Org, k.Tickets, repo.NewCRM(st.DB)),
		Preferences:     service.NewPreferenceService(st.Org, repo.NewNotices(st.DB)),
		CustomerNotices: service.NewCustomerNoticeLog(repo.NewNotices(st.DB), k.Tickets),
		JSSDK:           wc,
		BaseURL:         o.baseURL,
	}
	engine := handler.New(handler.Deps{Log: log, Registry: prometheus.NewRegistry(), API: deps, Demo: !o.demoOff})
	return &apiEnv{t: t, st: st, k: k, engine: engine, deps: deps, outbox: outbox, tokens: map[string]string{}}
}

// runOutbox delivers notices until the test ends.
func (e *apiEnv) runOutbox() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.outbox.Run(ctx) }()
	e.t.Cleanup(func() { cancel(); <-done })
}

// resp is one answer of the engine.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as a generic object.
func (r resp) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object (%d): %s", r.Status, r.Body)
	}
	return m
}

// Into decodes the body into v.
func (r resp) Into(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %T from %d %s: %v", v, r.Status, r.Body, err)
	}
}

// request is one call: method, path, the userid signed in ("" for none),
// a JSON body (a string is sent as it is) and extra headers as pairs.
func (e *apiEnv) do(method, path, as string, body any, headers ...string) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+e.token(as))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// upload posts a file as the multipart part "file".
func (e *apiEnv) upload(path, as, name string, data []byte) resp {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	_, _ = part.Write(data)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.token(as))
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
}

// token signs userid in through the demo sign-in, once per test.
func (e *apiEnv) token(userid string) string {
	e.t.Helper()
	if tok, ok := e.tokens[userid]; ok {
		return tok
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/dev", strings.NewReader(`{"userid":"`+userid+`"}`))
	w := httptest.NewRecorder()
	e.engine.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		e.t.Fatalf("demo sign-in as %s: %d %s", userid, w.Code, w.Body)
	}
	var s struct{ Token string }
	_ = json.Unmarshal(w.Body.Bytes(), &s)
	e.tokens[userid] = s.Token
	return s.Token
}

// want fails the test unless the answer has the status.
func (r resp) want(t *testing.T, status int, what string) resp {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, r.Status, status, r.Body)
	}
	return r
}

// forEachStack runs fn on every stack (SQLite, and MySQL+Redis when set).
func forEachStack(t *testing.T, fn func(t *testing.T, e *apiEnv)) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) { fn(t, newAPIEnv(t, st)) })
	}
}

// repoTickets reads tickets behind the API's back, to check what changed.
func repoTickets(e *apiEnv) *repo.Tickets { return repo.NewTickets(e.st.DB) }

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
