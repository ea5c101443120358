package handler

import (
	"html/template"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// H5Deps turns on the H5 workbench at /h5/: server-rendered pages staff
// open from WeCom's workbench (or any browser), over the same services
// as the JSON API (APIDeps), and the public web-to-case form page.
type H5Deps struct {
	// CorpID and AgentID build the WeCom OAuth sign-in link; an empty
	// CorpID leaves only the demo sign-in (in demo mode).
	CorpID  string
	AgentID int64
	// BaseURL is the public address (TICKET_HTTP_BASE_URL). OAuth sends
	// the browser back to it, and it must be the app's trusted domain;
	// empty: the address the request came to.
	BaseURL string
	// AuthorizeURL is WeCom's OAuth page; empty: DefaultAuthorizeURL.
	AuthorizeURL string
	// Org lists the members the demo sign-in offers (demo mode only).
	Org *service.OrgService
}

// DefaultAuthorizeURL is WeCom's H5 OAuth page (WECOM.md §7).
const DefaultAuthorizeURL = "https://open.weixin.qq.com/connect/oauth2/authorize"

// h5 serves the pages. Handlers reuse the API's services and request
// checks (h.api), so a page and an endpoint cannot disagree.
type h5 struct {
	api   *api
	d     H5Deps
	demo  bool
	log   *slog.Logger
	pages map[string]*template.Template
	asset map[string]string // file → URL with a content hash, for caching
}

// registerH5 adds the pages; the JSON API's services serve them.
func registerH5(r *gin.Engine, ad *APIDeps, d *H5Deps, demo bool, log *slog.Logger) {
	h := &h5{api: newAPI(ad, log), d: *d, demo: demo, log: log, asset: staticAssets()}
	h.pages = parseH5Pages(h.asset)
	if h.d.AuthorizeURL == "" {
		h.d.AuthorizeURL = DefaultAuthorizeURL
	}
	r.GET("/h5/static/*file", serveStatic)
	r.GET("/h5", func(c *gin.Context) { c.Redirect(http.StatusFound, "/h5/tickets") })

	open := r.Group("/h5", pageHeaders)
	open.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, "/h5/tickets") })
	open.GET("/login", h.loginPage)
	open.GET("/login/wecom", h.loginWeCom)
	open.GET("/oauth/callback", h.oauthCallback)
	open.POST("/login/demo", h.loginDemo)
	open.GET("/lang/:lang", h.switchLang)
	open.GET("/forms/:token", h.publicForm)

	g := r.Group("/h5", pageHeaders, h.signedIn, h.checkCSRF)
	g.POST("/logout", h.logout)
	g.GET("/tickets", h.listPage)
	g.GET("/tickets/new", h.newTicketPage)
	g.POST("/tickets", h.createTicket)
	g.GET("/tickets/:id", h.detailPage)
	g.GET("/tickets/:id/edit", h.editTicketPage)
	g.POST("/tickets/:id/edit", h.updateTicket)
	g.POST("/tickets/:id/do/:action", h.ticketAction)
	g.GET("/customers", h.customersPage)
	g.GET("/customers/lookup", h.customerLookup)
	g.GET("/customers/:id", h.customerPage)
	g.GET("/customers/:id/links", h.customerLinks)
	g.GET("/dashboard", h.dashboardPage)
	h.registerAdmin(g)
}

// pageHeaders keeps pages out of caches and other sites' frames, and lets
// them load only this site's scripts and styles.
func pageHeaders(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	c.Next()
}
