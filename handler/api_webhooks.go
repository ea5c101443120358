package handler

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

func (a *api) registerWebhooks(g *gin.RouterGroup) {
	g.GET("/admin/webhooks", a.listWebhooks)
	g.POST("/admin/webhooks", a.registerWebhook)
	g.PUT("/admin/webhooks/:id/enabled", a.enableWebhook)
	g.DELETE("/admin/webhooks/:id", a.deleteWebhook)
	g.GET("/admin/webhooks/:id/deliveries", a.webhookDeliveries)
}

// webhookJSON never carries the secret, except once when registered.
type webhookJSON struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	Enabled   bool      `json:"enabled"`
	Secret    string    `json:"secret,omitempty"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

func toWebhookJSON(w *service.Webhook) webhookJSON {
	ev := make([]string, 0, len(w.Events))
	for _, e := range w.Events {
		ev = append(ev, string(e))
	}
	return webhookJSON{ID: w.ID, URL: w.URL, Events: ev, Enabled: w.Enabled, CreatedBy: w.CreatedBy, CreatedAt: w.CreatedAt}
}

func (a *api) listWebhooks(c *gin.Context) {
	answer(a, c, http.StatusOK, listOf(toWebhookJSON))(a.d.Webhooks.List(c.Request.Context(), actor(c)))
}

type webhookRequest struct {
	URL    string   `json:"url" binding:"required,max=1000"`
	Events []string `json:"events" binding:"max=50,dive,max=32"`
}

// registerWebhook answers the new webhook with its signing secret, the
// only time the secret is shown.
func (a *api) registerWebhook(c *gin.Context) {
	var req webhookRequest
	if !a.body(c, &req) {
		return
	}
	events := make([]service.Action, 0, len(req.Events))
	for _, e := range req.Events {
		events = append(events, service.Action(e))
	}
	answer(a, c, http.StatusCreated, func(w *service.Webhook) webhookJSON {
		out := toWebhookJSON(w)
		out.Secret = w.Secret
		return out
	})(a.d.Webhooks.Register(c.Request.Context(), actor(c), req.URL, events))
}

func (a *api) enableWebhook(c *gin.Context) {
	var req enabledRequest
	if id, ok := a.withID(c, &req); ok {
		a.noContent(c, a.d.Webhooks.SetEnabled(c.Request.Context(), actor(c), id, *req.Enabled))
	}
}

func (a *api) deleteWebhook(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		a.noContent(c, a.d.Webhooks.Delete(c.Request.Context(), actor(c), id))
	}
}

func (a *api) webhookDeliveries(c *gin.Context) {
	var q limitQuery
	if id, ok := a.id(c, "id"); ok && a.params(c, &q) {
		answer(a, c, http.StatusOK, listOf(toNoticeJSON))(a.d.Webhooks.Deliveries(c.Request.Context(), actor(c), id, q.Limit))
	}
}
