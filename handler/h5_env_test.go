package handler_test

import (
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// h5Env is the API's test environment (a real stack behind the real gin
// engine) with the H5 pages on, signed in through WeCom OAuth at the
// emulator or the demo sign-in.
type h5Env struct {
	*apiEnv
	pages *gin.Engine
}

const h5Base = "https://h5.example.com"

func newH5Env(t *testing.T, st *servicetest.Stack, opts ...envOptions) *h5Env {
	t.Helper()
	a := newAPIEnv(t, st, opts...)
	demo := len(opts) == 0 || !opts[0].demoOff
	e := emulator.Options()
	pages := handler.New(handler.Deps{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(),
		API: a.deps, Demo: demo,
		H5: &handler.H5Deps{CorpID: e.CorpID, AgentID: e.AgentID, BaseURL: h5Base, Org: st.Org}})
	return &h5Env{apiEnv: a, pages: pages}
}

// forEachH5Stack runs fn on every stack with the pages on.
func forEachH5Stack(t *testing.T, fn func(t *testing.T, e *h5Env)) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) { fn(t, newH5Env(t, st)) })
	}
}

// browserLike is one visitor: its cookies, carried from answer to request
// as a browser would.
type browserLike struct {
	t       *testing.T
	e       *h5Env
	cookies map[string]*http.Cookie
	headers map[string]string
}

func (e *h5Env) visitor() *browserLike {
	return &browserLike{t: e.t, e: e, cookies: map[string]*http.Cookie{}, headers: map[string]string{}}
}

// as signs a visitor in as userid through the demo sign-in page.
func (e *h5Env) as(userid string) *browserLike {
	e.t.Helper()
	b := e.visitor()
	login := b.get("/h5/login").want(e.t, http.StatusOK, "sign-in page")
	r := b.post("/h5/login/demo", url.Values{"_csrf": {login.csrf(e.t)}, "userid": {userid}, "next": {"/h5/tickets"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/h5/tickets" {
		e.t.Fatalf("demo sign-in as %s: %d %s", userid, r.Status, r.Header.Get("Location"))
	}
	return b
}

// shown is one answer of the pages.
type shown struct {
	Status int
	Header http.Header
	Body   string
}

func (b *browserLike) get(path string) shown { return b.send(http.MethodGet, path, nil) }

// post sends a form as the browser would.
func (b *browserLike) post(path string, form url.Values) shown {
	return b.send(http.MethodPost, path, form)
}

func (b *browserLike) send(method, path string, form url.Values) shown {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.headers {
		req.Header.Set(k, v)
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	b.e.pages.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return shown{Status: w.Code, Header: w.Header(), Body: w.Body.String()}
}

// act posts a detail page's action form with the page's own token and
// version (read from the page, as the browser sends them).
func (b *browserLike) act(id int64, action string, form url.Values) shown {
	b.t.Helper()
	page := b.get(ticketPath(id)).want(b.t, http.StatusOK, "detail before "+action)
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" {
		form.Set("_csrf", page.csrf(b.t))
	}
	if form.Get("version") == "" {
		form.Set("version", page.field(b.t, "version"))
	}
	return b.post(ticketPath(id)+"/do/"+action, form)
}

func (s shown) want(t *testing.T, status int, what string) shown {
	t.Helper()
	if s.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, s.Status, status, clip(s.Body))
	}
	return s
}

func (s shown) has(t *testing.T, what string, parts ...string) shown {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s.Body, p) {
			t.Fatalf("%s: the page lacks %q\n%s", what, p, clip(s.Body))
		}
	}
	return s
}

func (s shown) lacks(t *testing.T, what string, parts ...string) shown {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(s.Body, p) {
			t.Fatalf("%s: the page has %q", what, p)
		}
	}
	return s
}

// csrf is the form token a page carries.
func (s shown) csrf(t *testing.T) string { t.Helper(); return s.field(t, "_csrf") }

// field is the value of the first hidden input called name.
func (s shown) field(t *testing.T, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(s.Body)
	if m == nil {
		t.Fatalf("the page has no field %s\n%s", name, clip(s.Body))
	}
	return m[1]
}

// errorBeside is the problem shown beside the input with this slug.
func (s shown) errorBeside(slug string) string {
	m := regexp.MustCompile(`<p class="err" id="err-` + regexp.QuoteMeta(slug) + `"[^>]*>([^<]*)</p>`).FindStringSubmatch(s.Body)
	if m == nil {
		return ""
	}
	return m[1]
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

func ticketPath(id int64) string { return "/h5/tickets/" + strconv.FormatInt(id, 10) }

var (
	// numberPattern finds the tickets a list page shows.
	numberPattern = regexp.MustCompile(`data-number="GD[0-9]+-[0-9]+"`)
	// nextPattern finds a list page's link to the next page.
	nextPattern = regexp.MustCompile(`href="([^"]+)" rel="next"`)
)

func htmlUnescape(s string) string { return html.UnescapeString(s) }
