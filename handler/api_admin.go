package handler

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// registerAdmin adds templates (reading is for everyone; changing is for
// admins) and the admin-only settings. The services check who is an admin.
func (a *api) registerAdmin(g *gin.RouterGroup) {
	g.GET("/templates", a.listTemplates)
	g.POST("/templates", a.createTemplate)
	g.GET("/templates/:id", a.getTemplate)
	g.PUT("/templates/:id", a.updateTemplate)
	g.PUT("/templates/:id/enabled", a.enableTemplate)
	g.GET("/templates/:id/cost-rules", a.costRules)
	g.PUT("/templates/:id/cost-rules", a.setCostRules)
	g.GET("/admin/dispatch-rules", a.listRules)
	g.POST("/admin/dispatch-rules", a.createRule)
	g.PUT("/admin/dispatch-rules/:id", a.updateRule)
	g.DELETE("/admin/dispatch-rules/:id", a.deleteRule)
	g.GET("/admin/sharing-rules", a.listSharing)
	g.POST("/admin/sharing-rules", a.share)
	g.DELETE("/admin/sharing-rules/:id", a.unshare)
	g.GET("/admin/settings", a.getSettings)
	g.PUT("/admin/settings", a.setSettings)
	g.PUT("/admin/calendar/:day", a.setCalendarDay)
	g.DELETE("/admin/calendar/:day", a.clearCalendarDay)
	g.GET("/admin/notices/dead", a.deadNotices)
	g.POST("/admin/notices/:id/retry", a.retryNotice)
	a.registerForms(g)
	a.registerWebhooks(g)
}

type templateJSON struct {
	service.TemplateDef
	ID        int64     `json:"id"`
	Version   int       `json:"version"`
	Enabled   bool      `json:"enabled"`
	CreatedAt time.Time `json:"created_at"`
}

func toTemplateJSON(t *service.Template) templateJSON {
	return templateJSON{TemplateDef: t.TemplateDef, ID: t.ID, Version: t.Version, Enabled: t.Enabled, CreatedAt: t.CreatedAt}
}

func (a *api) listTemplates(c *gin.Context) {
	answer(a, c, http.StatusOK, listOf(toTemplateJSON))(a.d.Templates.List(c.Request.Context()))
}

func (a *api) getTemplate(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		answer(a, c, http.StatusOK, toTemplateJSON)(a.d.Templates.Get(c.Request.Context(), id))
	}
}

// createTemplate adds a template; the body is its definition, validated
// whole by the service.
func (a *api) createTemplate(c *gin.Context) {
	var def service.TemplateDef
	if a.body(c, &def) {
		answer(a, c, http.StatusCreated, toTemplateJSON)(a.d.Templates.Create(c.Request.Context(), actor(c), def))
	}
}

// updateTemplate stores the definition as the template's next version.
func (a *api) updateTemplate(c *gin.Context) {
	var def service.TemplateDef
	if id, ok := a.withID(c, &def); ok {
		answer(a, c, http.StatusOK, toTemplateJSON)(a.d.Templates.Update(c.Request.Context(), actor(c), id, def))
	}
}

type enabledRequest struct {
	Enabled *bool `json:"enabled" binding:"required"`
}

func (a *api) enableTemplate(c *gin.Context) {
	var req enabledRequest
	if id, ok := a.withID(c, &req); ok {
		a.noContent(c, a.d.Templates.SetEnabled(c.Request.Context(), actor(c), id, *req.Enabled))
	}
}

type costRuleJSON struct {
	Kind     string `json:"kind" binding:"omitempty,oneof=parts labour travel commission other"`
	Target   string `json:"target" binding:"required,max=16"`
	TargetID int64  `json:"target_id" binding:"gte=0"`
	Project  string `json:"project" binding:"max=64"`
}

type costRulesJSON struct {
	Rules []costRuleJSON `json:"rules" binding:"max=50,dive"`
}

func toCostRulesJSON(rules []service.CostRule) costRulesJSON {
	out := costRulesJSON{Rules: make([]costRuleJSON, 0, len(rules))}
	for _, r := range rules {
		out.Rules = append(out.Rules, costRuleJSON{Kind: string(r.Kind), Target: string(r.Target), TargetID: r.TargetID, Project: r.Project})
	}
	return out
}

func (a *api) costRules(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		answer(a, c, http.StatusOK, toCostRulesJSON)(a.d.Costs.CostRules(c.Request.Context(), actor(c), id))
	}
}

func (a *api) setCostRules(c *gin.Context) {
	var req costRulesJSON
	id, ok := a.withID(c, &req)
	if !ok {
		return
	}
	rules := make([]service.CostRule, 0, len(req.Rules))
	for _, r := range req.Rules {
		rules = append(rules, service.CostRule{Kind: service.CostKind(r.Kind), Target: service.CostTarget(r.Target),
			TargetID: r.TargetID, Project: r.Project})
	}
	a.noContent(c, a.d.Costs.SetCostRules(c.Request.Context(), actor(c), id, rules))
}

type settingsJSON struct {
	Settings map[string]string `json:"settings" binding:"required,max=20"`
}

func toSettingsJSON(s map[string]string) settingsJSON { return settingsJSON{Settings: s} }

func (a *api) getSettings(c *gin.Context) {
	answer(a, c, http.StatusOK, toSettingsJSON)(a.d.Settings.Get(c.Request.Context(), actor(c)))
}

func (a *api) setSettings(c *gin.Context) {
	var req settingsJSON
	if a.body(c, &req) {
		answer(a, c, http.StatusOK, toSettingsJSON)(a.d.Settings.Set(c.Request.Context(), actor(c), req.Settings))
	}
}

type calendarDayRequest struct {
	Workday *bool  `json:"workday" binding:"required"`
	Note    string `json:"note" binding:"max=128"`
}

// setCalendarDay marks a day a holiday (workday false) or a make-up
// working day (true).
func (a *api) setCalendarDay(c *gin.Context) {
	var req calendarDayRequest
	if a.body(c, &req) {
		a.noContent(c, a.d.Calendar.SetDay(c.Request.Context(), actor(c), c.Param("day"), *req.Workday, req.Note))
	}
}

func (a *api) clearCalendarDay(c *gin.Context) {
	a.noContent(c, a.d.Calendar.ClearDay(c.Request.Context(), actor(c), c.Param("day")))
}
