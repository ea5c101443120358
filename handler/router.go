// Package handler is the HTTP edge: it turns requests into service calls
// and results into responses, and holds no business rules.
package handler

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Deps is what the router needs. Later issues add their services here.
type Deps struct {
	Log      *slog.Logger
	Registry *prometheus.Registry
	Checks   []Check     // readiness checks, in report order
	WeCom    *WeComDeps  // nil when WeCom is not configured
	Public   *PublicDeps // nil: no customer pages
	API      *APIDeps    // nil: no JSON API (/api/v1) and no public forms
	H5       *H5Deps     // nil (or no API): no H5 pages (/h5/)
	Demo     bool        // demo mode: the API's demo sign-in is on
	// TrustedProxies are the proxies whose X-Forwarded-For names the
	// client (rate limits count per client); none by default.
	TrustedProxies []string
}

// New builds the gin engine with the middleware every route shares.
func New(d Deps) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true // c.Request.Context() carries the request id to services
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		d.Log.Error("trusted proxies ignored", "err", err) // the config validates them; this is a backstop
		_ = r.SetTrustedProxies(nil)
	}
	m := newHTTPMetrics(d.Registry)
	r.Use(requestID(), recoverer(d.Log), m.middleware(), accessLog(d.Log))
	r.GET("/healthz", healthz)
	r.GET("/readyz", readyz(d.Checks))
	if d.WeCom != nil {
		registerWeCom(r, d.WeCom, d.Log)
	}
	if d.Public != nil {
		registerPublic(r, d.Public, d.Log)
	}
	if d.API != nil {
		registerAPI(r, d.API, d.Demo, d.Log)
	}
	if d.API != nil && d.H5 != nil {
		registerH5(r, d.API, d.H5, d.Demo, d.Log)
	}
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{Registry: d.Registry})))
	r.NoRoute(func(c *gin.Context) {
		writeError(c, http.StatusNotFound, "not_found", msgNotFound, nil)
	})
	return r
}
