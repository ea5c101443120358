package handler

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

func (a *api) registerQuickReplies(g *gin.RouterGroup) {
	g.GET("/quick-replies", a.listQuickReplies)
	g.POST("/quick-replies", a.createQuickReply)
	g.PUT("/quick-replies/:id", a.updateQuickReply)
	g.DELETE("/quick-replies/:id", a.deleteQuickReply)
	g.POST("/quick-replies/:id/render", a.renderQuickReply)
}

type quickReplyJSON struct {
	ID        int64     `json:"id"`
	Scope     string    `json:"scope"`
	ScopeID   int64     `json:"scope_id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedBy int64     `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toQuickReplyJSON(r *service.QuickReply) quickReplyJSON {
	return quickReplyJSON{ID: r.ID, Scope: string(r.Scope), ScopeID: r.ScopeID, Title: r.Title, Body: r.Body,
		CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt}
}

// listQuickReplies answers the replies the caller may use: the company's,
// their departments', their own.
func (a *api) listQuickReplies(c *gin.Context) {
	answer(a, c, http.StatusOK, listOfRefs(toQuickReplyJSON))(a.d.QuickReplies.List(c.Request.Context(), actor(c)))
}

type quickReplyRequest struct {
	Scope   string `json:"scope" binding:"required,oneof=company dept person"`
	ScopeID int64  `json:"scope_id" binding:"gte=0"`
	Title   string `json:"title" binding:"required,max=64"`
	Body    string `json:"body" binding:"required,max=2000"`
}

func (r quickReplyRequest) toService(id int64) service.QuickReply {
	return service.QuickReply{ID: id, Scope: service.ReplyScope(r.Scope), ScopeID: r.ScopeID, Title: r.Title, Body: r.Body}
}

func (a *api) createQuickReply(c *gin.Context) {
	var req quickReplyRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusCreated, toQuickReplyJSON)(a.d.QuickReplies.Save(c.Request.Context(), actor(c), req.toService(0)))
	}
}

func (a *api) updateQuickReply(c *gin.Context) {
	var req quickReplyRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusOK, toQuickReplyJSON)(a.d.QuickReplies.Save(c.Request.Context(), actor(c), req.toService(id)))
	}
}

func (a *api) deleteQuickReply(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		a.noContent(c, a.d.QuickReplies.Delete(c.Request.Context(), actor(c), id))
	}
}

type renderRequest struct {
	TicketID int64 `json:"ticket_id" binding:"gt=0"`
}

type renderedJSON struct {
	Text string `json:"text"`
}

// renderQuickReply fills the reply's variables from a ticket the caller
// may read, in the caller's language.
func (a *api) renderQuickReply(c *gin.Context) {
	var req renderRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusOK, func(s string) renderedJSON { return renderedJSON{Text: s} })(
			a.d.QuickReplies.Render(c.Request.Context(), actor(c), id, req.TicketID, lang(c)))
	}
}
