package handler

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// registerAdmin adds the admin pages. Reading templates is open to every
// member (as in the API); the rest, and every change, the services keep
// to admins.
func (h *h5) registerAdmin(g *gin.RouterGroup) {
	g.GET("/admin", h.adminPage("admin", nil))
	g.GET("/admin/templates", h.adminPage("admin_templates", func(c *gin.Context) (any, error) {
		return h.api.d.Templates.List(c.Request.Context())
	}))
	g.GET("/admin/templates/:id", h.adminPage("admin_template", func(c *gin.Context) (any, error) {
		id, err := pathID(c, "id")
		if err != nil {
			return nil, err
		}
		return h.api.d.Templates.Get(c.Request.Context(), id)
	}))
	g.GET("/admin/templates/new", h.newTemplatePage)
	g.POST("/admin/templates", h.saveTemplate)
	g.GET("/admin/templates/:id/edit", h.editTemplatePage)
	g.POST("/admin/templates/:id", h.saveTemplate)
	g.POST("/admin/templates/:id/enabled", h.setTemplateEnabled)
	registerEditable(h, g, editable[*service.DispatchRule]{path: "/admin/rules", page: "admin_rules", noun: "rule",
		rows: h.api.d.Rules.List, idOf: func(r *service.DispatchRule) int64 { return r.ID }, stored: ruleValues,
		fresh: newRuleValues, inputs: h.ruleInputs, read: h.readRule, done: "rule"})
	g.POST("/admin/rules/:id/delete", h.postByID(h.api.d.Rules.Delete, "/h5/admin/rules?ok=rule_deleted"))
	g.GET("/admin/sharing", func(c *gin.Context) { h.sharingPage(c, http.StatusOK, 0, nil, nil) })
	g.POST("/admin/sharing", h.savePost("/h5/admin/sharing?ok=share", h.sharingPage, h.readShare))
	g.POST("/admin/sharing/:id/delete", h.postByID(h.api.d.Sharing.Unshare, "/h5/admin/sharing?ok=unshare"))
	g.GET("/admin/notices", h.adminPage("admin_notices", func(c *gin.Context) (any, error) {
		return h.api.d.Notices.DeadLetters(c.Request.Context(), actor(c), 200)
	}))
	g.POST("/admin/notices/:id/retry", h.postByID(h.api.d.Notices.RetryDead, "/h5/admin/notices?ok=retry"))
	registerEditable(h, g, editable[*service.WebForm]{path: "/admin/forms", page: "admin_forms", noun: "form",
		rows: h.api.d.Forms.List, idOf: func(f *service.WebForm) int64 { return f.ID }, stored: webFormValues,
		inputs: h.webFormInputs, read: h.readWebForm, done: "form"})
}

// adminPage serves one admin page with what load reads (nil: nothing).
func (h *h5) adminPage(page string, load func(*gin.Context) (any, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		v := h.view(c, page, page)
		h.flash(c, v)
		err := h.named(c, v)
		if err == nil && load != nil {
			v.Data, err = load(c)
		}
		if err != nil {
			h.fail(c, err)
			return
		}
		h.render(c, http.StatusOK, v)
	}
}

// setTemplateEnabled turns a template on or off (admins only).
func (h *h5) setTemplateEnabled(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		err = h.api.d.Templates.SetEnabled(c.Request.Context(), actor(c), id, c.PostForm("enabled") == "true")
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/h5/admin/templates/%d?ok=template", id))
}

// namedList is an admin list with the names of the templates its rows
// name.
type namedList[T any] struct {
	Rows      []T
	Templates map[int64]string
}

// listNamingTemplates loads an admin list through list, which the
// service keeps to admins, with every template's name.
func listNamingTemplates[T any](h *h5, list func(context.Context, service.Actor) ([]T, error)) func(*gin.Context) (any, error) {
	return func(c *gin.Context) (any, error) {
		rows, err := list(c.Request.Context(), actor(c))
		if err != nil {
			return nil, err
		}
		names, err := h.templateNames(c)
		return namedList[T]{Rows: rows, Templates: names}, err
	}
}

// templateNames names every template by id in the reader's language.
func (h *h5) templateNames(c *gin.Context) (map[int64]string, error) {
	tpls, err := h.api.d.Templates.List(c.Request.Context())
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(tpls))
	for _, t := range tpls {
		out[t.ID] = templateName(t, h5Lang(c))
	}
	return out, nil
}

// Priorities lists the priorities, lowest first, for tables by priority.
func (v *h5View) Priorities() []service.Priority { return service.Priorities }

// stdRow is a standard field's effective rule in a template.
type stdRow struct {
	Field service.StdField
	service.FieldRule
}

// StdRules are a template's standard fields in their usual order, with
// the rule each follows (the receiver and department by dispatch mode).
func (v *h5View) StdRules(tpl *service.Template) []stdRow {
	out := make([]stdRow, 0, len(service.StdFields))
	for _, f := range service.StdFields {
		out = append(out, stdRow{Field: f, FieldRule: stdRule(tpl, f)})
	}
	return out
}
