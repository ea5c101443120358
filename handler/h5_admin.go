package handler

import (
	"fmt"
	"net/http"
	"strconv"

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
	g.GET("/admin/rules", h.adminPage("admin_rules", h.loadRules))
	g.GET("/admin/sharing", h.adminPage("admin_sharing", func(c *gin.Context) (any, error) {
		return h.api.d.Sharing.Rules(c.Request.Context(), actor(c))
	}))
	g.GET("/admin/notices", h.adminPage("admin_notices", func(c *gin.Context) (any, error) {
		return h.api.d.Notices.DeadLetters(c.Request.Context(), actor(c), 200)
	}))
	g.POST("/admin/notices/:id/retry", h.retryNotice)
	g.GET("/admin/forms", h.adminPage("admin_forms", h.loadForms))
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

// retryNotice sends a dead notice again (admins only).
func (h *h5) retryNotice(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		err = h.api.d.Notices.RetryDead(c.Request.Context(), actor(c), id)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/h5/admin/notices?ok=retry")
}

// Party names the source or target of a sharing or dispatch rule.
func (v *h5View) Party(kind service.PartyKind, id int64) string {
	switch kind {
	case service.PartyUser:
		return v.T("party.user") + " " + v.Person(id)
	case service.PartyDept:
		return v.T("party.dept") + " " + v.DeptName(id)
	}
	n := 0
	if v.x != nil {
		n = len(v.x.GroupMembers(id))
	}
	return fmt.Sprintf("%s #%d（%s）", v.T("party.group"), id, strconv.Itoa(n)+v.T("people"))
}

// rulesData is the dispatch rules with the names of the templates their
// conditions name.
type rulesData struct {
	Rules     []*service.DispatchRule
	Templates map[int64]string
}

func (h *h5) loadRules(c *gin.Context) (any, error) {
	rules, err := h.api.d.Rules.List(c.Request.Context(), actor(c))
	if err != nil {
		return nil, err
	}
	names, err := h.templateNames(c)
	return rulesData{Rules: rules, Templates: names}, err
}

// formsData is the web-to-case forms with their templates' names.
type formsData struct {
	Forms     []*service.WebForm
	Templates map[int64]string
}

func (h *h5) loadForms(c *gin.Context) (any, error) {
	forms, err := h.api.d.Forms.List(c.Request.Context(), actor(c))
	if err != nil {
		return nil, err
	}
	names, err := h.templateNames(c)
	return formsData{Forms: forms, Templates: names}, err
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
