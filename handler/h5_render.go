package handler

import (
	"bytes"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
	h5tpl "github.com/wecom-ticket/ticket/templates/h5"
)

// h5Layout is parsed with every page: the frame and the shared pieces.
var h5Layout = []string{"base.html", "parts.html"}

// parseH5Pages parses each page with the layout, once, at start (and in
// a test): the files are embedded, so a parse error is a bug caught
// before release.
func parseH5Pages(asset map[string]string) map[string]*template.Template {
	funcs := template.FuncMap{
		"asset": func(name string) string { return asset[name] },
		"item":  func(v *h5View, t *service.Ticket) cardItem { return cardItem{V: v, Tk: t} },
		"step":  stepOf,
		"num":   formatNumber,
		"pct":   func(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" },
	}
	names, err := fs.Glob(h5tpl.Files, "*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		if n == "base.html" || n == "parts.html" {
			continue
		}
		files := append(append([]string{}, h5Layout...), n)
		pages[strings.TrimSuffix(n, ".html")] = template.Must(template.New(n).Funcs(funcs).ParseFS(h5tpl.Files, files...))
	}
	return pages
}

// cardItem is a ticket in a list, with the view for its words.
type cardItem struct {
	V  *h5View
	Tk *service.Ticket
}

// stepItem is one simple action form of the detail page.
type stepItem struct {
	V      *h5View
	Action string
	ID     int64
	Open   bool // it was just refused: show why
}

func stepOf(v *h5View, action string) stepItem {
	d, _ := v.Data.(detailData)
	it := stepItem{V: v, Action: action, Open: d.Failed == action}
	if d.Sheet != nil {
		it.ID = d.Sheet.ID
	}
	return it
}

// view starts a page's view for the request: language, who is signed
// in, and the page's name and title key.
func (h *h5) view(c *gin.Context, page, title string) *h5View {
	v := &h5View{Page: page, Lang: h5Lang(c), TitleKey: title, Path: c.Request.URL.RequestURI(), Demo: h.demo,
		loc: h.loc()}
	if u := userOf(c); u != nil {
		v.Me, v.CSRF, v.Admin = u.me, u.csrf, u.me.HasRole(service.RoleAdmin)
	}
	return v
}

// loc is the business calendar's time zone, in which pages show times
// and read dates.
func (h *h5) loc() *time.Location {
	if h.api.d.Calendar != nil {
		return h.api.d.Calendar.Location()
	}
	return service.DefaultBusinessHours().Location
}

// named gives the view the org, for the names of people and departments.
func (h *h5) named(c *gin.Context, v *h5View) error {
	x, err := h.api.d.Auth.Directory(c.Request.Context(), actor(c))
	v.x = x
	return err
}

// render executes the page into a buffer first, so a template error is a
// clean 500 rather than half a page.
func (h *h5) render(c *gin.Context, status int, v *h5View) {
	var buf bytes.Buffer
	t, ok := h.pages[v.Page]
	if !ok {
		h.log.ErrorContext(c.Request.Context(), "no such page", "page", v.Page)
		c.String(http.StatusInternalServerError, msgInternal.in(v.Lang))
		return
	}
	if err := t.ExecuteTemplate(&buf, "base", v); err != nil {
		h.log.ErrorContext(c.Request.Context(), "render page", "page", v.Page, "err", err)
		c.String(http.StatusInternalServerError, msgInternal.in(v.Lang))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// fail answers an error as a page: sign in again when the session is
// gone, else the kind's status and sentence (the API's one table).
func (h *h5) fail(c *gin.Context, err error) {
	kind := service.KindOf(err)
	if kind == service.KindUnauthenticated {
		h.toSignIn(c)
		return
	}
	if kind == service.KindInternal {
		h.log.ErrorContext(c.Request.Context(), "page failed", "err", err)
	}
	h.errorPage(c, statusOf[kind], messageOf[kind])
}

type errorData struct {
	Status  int
	Message string
}

func (h *h5) errorPage(c *gin.Context, status int, m message) {
	v := h.view(c, "error", "error")
	v.Data = errorData{Status: status, Message: m.in(v.Lang)}
	h.render(c, status, v)
	c.Abort()
}

// invalidFields are the bad fields of an invalid-input error, or nil for
// any other error (which the caller answers with fail).
func invalidFields(err error) map[string]string {
	if !service.IsKind(err, service.KindInvalid) {
		return nil
	}
	var de *service.Error
	if errors.As(err, &de) && len(de.Fields) > 0 {
		return de.Fields
	}
	return map[string]string{}
}

func trimSlash(s string) string { return strings.TrimRight(s, "/") }
