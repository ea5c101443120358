package handler

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

type recordRequest struct {
	Body       string `json:"body" binding:"required,max=10000"`
	Minutes    int    `json:"minutes" binding:"gte=0,lte=10000"`
	Visibility string `json:"visibility" binding:"omitempty,oneof=internal customer"`
}

// addRecord writes a service record on the ticket.
func (a *api) addRecord(c *gin.Context) {
	var req recordRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusCreated, toRecordJSON)(a.d.Records.Add(c.Request.Context(), actor(c), service.NewRecord{
			TicketID: id, Body: req.Body, Minutes: req.Minutes, Visibility: service.RecordVisibility(req.Visibility)}))
	}
}

type costRequest struct {
	Kind        string `json:"kind" binding:"required,oneof=parts labour travel commission other"`
	AmountCents int64  `json:"amount_cents" binding:"required"`
	Note        string `json:"note" binding:"max=255"`
	IncurredOn  string `json:"incurred_on" binding:"omitempty,datetime=2006-01-02"`
	DeptID      int64  `json:"dept_id" binding:"gte=0"`
	Project     string `json:"project" binding:"max=64"`
	UserID      int64  `json:"user_id" binding:"gte=0"`
}

// addCost records a cost on the ticket for settlement.
func (a *api) addCost(c *gin.Context) {
	var req costRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusCreated, toCostJSON)(a.d.Costs.Add(c.Request.Context(), actor(c), service.NewCost{
			TicketID: id, Kind: service.CostKind(req.Kind), AmountCents: req.AmountCents, Note: req.Note,
			IncurredOn: req.IncurredOn, DeptID: req.DeptID, Project: req.Project, UserID: req.UserID}))
	}
}
