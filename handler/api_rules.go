package handler

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

type ruleJSON struct {
	ID         int64                  `json:"id"`
	Name       string                 `json:"name"`
	Position   int                    `json:"position"`
	Enabled    bool                   `json:"enabled"`
	When       service.RuleConditions `json:"when"`
	TargetKind string                 `json:"target_kind"`
	TargetID   int64                  `json:"target_id"`
	Strategy   string                 `json:"strategy"`
	UpdatedAt  time.Time              `json:"updated_at"`
}

func toRuleJSON(r *service.DispatchRule) ruleJSON {
	return ruleJSON{ID: r.ID, Name: r.Name, Position: r.Position, Enabled: r.Enabled, When: r.When,
		TargetKind: string(r.TargetKind), TargetID: r.TargetID, Strategy: string(r.Strategy), UpdatedAt: r.UpdatedAt}
}

func (a *api) listRules(c *gin.Context) {
	answer(a, c, http.StatusOK, listOf(toRuleJSON))(a.d.Rules.List(c.Request.Context(), actor(c)))
}

type ruleRequest struct {
	Name       string                 `json:"name" binding:"required,max=128"`
	Position   int                    `json:"position" binding:"gte=0,lte=100000"`
	Enabled    bool                   `json:"enabled"`
	When       service.RuleConditions `json:"when"`
	TargetKind string                 `json:"target_kind" binding:"required,oneof=user dept"`
	TargetID   int64                  `json:"target_id" binding:"gt=0"`
	Strategy   string                 `json:"strategy" binding:"omitempty,oneof=allocate round_robin least_load"`
}

func (r ruleRequest) toService(id int64) service.DispatchRule {
	return service.DispatchRule{ID: id, Name: r.Name, Position: r.Position, Enabled: r.Enabled, When: r.When,
		TargetKind: service.PartyKind(r.TargetKind), TargetID: r.TargetID, Strategy: service.RuleStrategy(r.Strategy)}
}

func (a *api) createRule(c *gin.Context) {
	var req ruleRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusCreated, toRuleJSON)(a.d.Rules.Save(c.Request.Context(), actor(c), req.toService(0)))
	}
}

func (a *api) updateRule(c *gin.Context) {
	var req ruleRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusOK, toRuleJSON)(a.d.Rules.Save(c.Request.Context(), actor(c), req.toService(id)))
	}
}

func (a *api) deleteRule(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		a.noContent(c, a.d.Rules.Delete(c.Request.Context(), actor(c), id))
	}
}

type sharingRuleJSON struct {
	ID         int64     `json:"id"`
	SourceKind string    `json:"source_kind"`
	SourceID   int64     `json:"source_id"`
	TargetKind string    `json:"target_kind"`
	TargetID   int64     `json:"target_id"`
	Access     string    `json:"access"`
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

func toSharingJSON(r *service.SharingRule) sharingRuleJSON {
	return sharingRuleJSON{ID: r.ID, SourceKind: string(r.SourceKind), SourceID: r.SourceID,
		TargetKind: string(r.TargetKind), TargetID: r.TargetID, Access: string(r.Access), CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt}
}

func (a *api) listSharing(c *gin.Context) {
	answer(a, c, http.StatusOK, listOfRefs(toSharingJSON))(a.d.Sharing.Rules(c.Request.Context(), actor(c)))
}

type sharingRequest struct {
	SourceKind string `json:"source_kind" binding:"required,oneof=user dept"`
	SourceID   int64  `json:"source_id" binding:"gt=0"`
	TargetKind string `json:"target_kind" binding:"required,oneof=user dept group"`
	TargetID   int64  `json:"target_id" binding:"gt=0"`
	Access     string `json:"access" binding:"required,oneof=read write"`
}

func (a *api) share(c *gin.Context) {
	var req sharingRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusCreated, toSharingJSON)(a.d.Sharing.Share(c.Request.Context(), actor(c), service.SharingRule{
			SourceKind: service.PartyKind(req.SourceKind), SourceID: req.SourceID, TargetKind: service.PartyKind(req.TargetKind),
			TargetID: req.TargetID, Access: service.Access(req.Access)}))
	}
}

func (a *api) unshare(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		a.noContent(c, a.d.Sharing.Unshare(c.Request.Context(), actor(c), id))
	}
}
