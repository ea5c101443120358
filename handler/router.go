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
	Checks   []Check    // readiness checks, in report order
	WeCom    *WeComDeps // nil when WeCom is not configured
}

// New builds the gin engine with the middleware every route shares.
func New(d Deps) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true // c.Request.Context() carries the request id to services
	m := newHTTPMetrics(d.Registry)
	r.Use(requestID(), recoverer(d.Log), m.middleware(), accessLog(d.Log))
	r.GET("/healthz", healthz)
	r.GET("/readyz", readyz(d.Checks))
	if d.WeCom != nil {
		registerWeCom(r, d.WeCom, d.Log)
	}
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{Registry: d.Registry})))
	r.NoRoute(func(c *gin.Context) {
		writeError(c, http.StatusNotFound, "not_found", msgNotFound, nil)
	})
	return r
}
