package handler

import (
	"context"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// CustomerPages answers the signed customer pages (service.CustomerPages).
type CustomerPages interface {
	Status(ctx context.Context, token string) (*service.PublicStatus, error)
	CSATForm(ctx context.Context, token string) (*service.PublicStatus, error)
	SubmitCSAT(ctx context.Context, token string, score int, comment string) (*service.CSAT, error)
}

// PublicDeps enables the customer pages: the status page and the
// satisfaction form behind the signed links customer notices carry.
type PublicDeps struct {
	Pages CustomerPages
	tpl   *template.Template
}

// pageFiles are the page templates, in the notice template tree.
var pageFiles = []string{"pages/base.html", "pages/status.zh.html", "pages/status.en.html",
	"pages/csat.zh.html", "pages/csat.en.html", "pages/error.zh.html", "pages/error.en.html"}

// NewPublicDeps parses the page templates from files (the notice template
// tree, with an admin's overrides), so a broken page fails start-up.
func NewPublicDeps(pages CustomerPages, files fs.FS) (*PublicDeps, error) {
	tpl, err := template.ParseFS(files, pageFiles...)
	if err != nil {
		return nil, err
	}
	return &PublicDeps{Pages: pages, tpl: tpl}, nil
}

func registerPublic(r *gin.Engine, d *PublicDeps, log *slog.Logger) {
	p := &publicPages{d: d, log: log}
	r.GET(service.StatusPagePath+":token", p.status)
	r.GET(service.CSATPagePath+":token", p.csatForm)
	r.POST(service.CSATPagePath+":token", p.csatSubmit)
}

type publicPages struct {
	d   *PublicDeps
	log *slog.Logger
}

// pageView is what every page template is executed with.
type pageView struct {
	Lang, Title      string
	Status           *service.PublicStatus
	State            string
	Created, Updated string
	Records          []recordView
	CSATLink         string
	Action           string
	Scores           []int
	Submitted        bool
	Problem          bool
	Message          string
}

type recordView struct{ At, Body string }

// pageLang is ?lang=, else the browser's preference; Chinese by default.
func pageLang(c *gin.Context) string {
	if l := c.Query("lang"); l == service.LangEn || l == service.LangZh {
		return l
	}
	return lang(c)
}

func (p *publicPages) status(c *gin.Context) {
	st, err := p.d.Pages.Status(c.Request.Context(), c.Param("token"))
	if err != nil {
		p.fail(c, err)
		return
	}
	v := statusView(pageLang(c), st)
	v.Title = st.Number
	v.CSATLink = st.CSATURL
	p.render(c, http.StatusOK, "status", v)
}

// statusView shows times in China time, as the business calendar does.
func statusView(l string, st *service.PublicStatus) pageView {
	loc := service.DefaultBusinessHours().Location
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	v := pageView{Lang: l, Status: st, State: service.StateLabel(st.State, l), Created: at(st.CreatedAt), Updated: at(st.UpdatedAt)}
	for _, r := range st.Records {
		v.Records = append(v.Records, recordView{At: at(r.At), Body: r.Body})
	}
	return v
}

// render writes a page with headers that keep the signed link private:
// no caching, no referrer, no framing, nothing loaded from elsewhere.
func (p *publicPages) render(c *gin.Context, code int, page string, v pageView) {
	h := c.Writer.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	c.Status(code)
	if err := p.d.tpl.ExecuteTemplate(c.Writer, page+"."+v.Lang+".html", v); err != nil {
		p.log.ErrorContext(c.Request.Context(), "render customer page", "page", page, "err", err)
	}
}

// fail shows the error page with the kind's status and sentence; a bad or
// expired link says only that.
func (p *publicPages) fail(c *gin.Context, err error) {
	kind := service.KindOf(err)
	if kind == service.KindInternal {
		p.log.ErrorContext(c.Request.Context(), "customer page failed", "err", err)
	}
	l := pageLang(c)
	msg := messageOf[kind].in(l)
	if kind == service.KindNotFound {
		msg = msgBadLink.in(l)
	}
	p.render(c, statusOf[kind], "error", pageView{Lang: l, Title: msg, Message: msg})
}

var msgBadLink = message{"链接无效或已过期。如需查询工单，请联系客服获取新的链接。",
	"The link is invalid or has expired. Please ask our support team for a new one."}
