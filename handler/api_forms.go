package handler

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

func (a *api) registerForms(g *gin.RouterGroup) {
	g.GET("/admin/forms", a.listForms)
	g.POST("/admin/forms", a.createForm)
	g.PUT("/admin/forms/:id", a.updateForm)
}

type formJSON struct {
	ID              int64     `json:"id"`
	Token           string    `json:"token"`
	Name            string    `json:"name"`
	TemplateID      int64     `json:"template_id"`
	OwnerID         int64     `json:"owner_id"`
	ReceivingDeptID int64     `json:"receiving_dept_id"`
	CustomerID      int64     `json:"customer_id"`
	Enabled         bool      `json:"enabled"`
	CreatedBy       int64     `json:"created_by"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

func toFormJSON(f *service.WebForm) formJSON {
	return formJSON{ID: f.ID, Token: f.Token, Name: f.Name, TemplateID: f.TemplateID, OwnerID: f.OwnerID,
		ReceivingDeptID: f.ReceivingDeptID, CustomerID: f.CustomerID, Enabled: f.Enabled, CreatedBy: f.CreatedBy,
		CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

func (a *api) listForms(c *gin.Context) {
	answer(a, c, http.StatusOK, listOf(toFormJSON))(a.d.Forms.List(c.Request.Context(), actor(c)))
}

type formRequest struct {
	Name            string `json:"name" binding:"required,max=128"`
	TemplateID      int64  `json:"template_id" binding:"gt=0"`
	OwnerID         int64  `json:"owner_id" binding:"gte=0"`
	ReceivingDeptID int64  `json:"receiving_dept_id" binding:"gte=0"`
	CustomerID      int64  `json:"customer_id" binding:"gte=0"`
	Enabled         *bool  `json:"enabled"`
}

func (r formRequest) toService(id int64) service.WebForm {
	f := service.WebForm{ID: id, Name: r.Name, TemplateID: r.TemplateID, OwnerID: r.OwnerID,
		ReceivingDeptID: r.ReceivingDeptID, CustomerID: r.CustomerID, Enabled: true}
	if r.Enabled != nil {
		f.Enabled = *r.Enabled
	}
	return f
}

func (a *api) createForm(c *gin.Context) {
	var req formRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusCreated, toFormJSON)(a.d.Forms.Create(c.Request.Context(), actor(c), req.toService(0)))
	}
}

func (a *api) updateForm(c *gin.Context) {
	var req formRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusOK, toFormJSON)(a.d.Forms.Update(c.Request.Context(), actor(c), req.toService(id)))
	}
}
