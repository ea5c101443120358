package handler

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

func (a *api) registerTicketActions(g *gin.RouterGroup) {
	t := a.d.Tickets
	g.POST("/tickets/:id/accept", a.ticketAction(func(ctx context.Context, act service.Actor, id int64, _ string) (*service.Ticket, error) {
		return t.Accept(ctx, act, id)
	}))
	g.POST("/tickets/:id/resolve", a.resolveTicket)
	g.POST("/tickets/:id/close", a.ticketAction(t.Close))
	g.POST("/tickets/:id/reopen", a.ticketAction(t.Reopen))
	g.POST("/tickets/:id/wait", a.ticketAction(t.WaitForCustomer))
	g.POST("/tickets/:id/resume", a.ticketAction(t.Resume))
	g.POST("/tickets/:id/lock", a.ticketAction(t.Lock))
	g.POST("/tickets/:id/unlock", a.ticketAction(t.Unlock))
	g.POST("/tickets/:id/void", a.ticketAction(t.Void))
	g.POST("/tickets/:id/unmerge", a.ticketAction(func(ctx context.Context, act service.Actor, id int64, _ string) (*service.Ticket, error) {
		return t.Unmerge(ctx, act, id)
	}))
	g.POST("/tickets/:id/allocate", a.allocateTicket)
	g.POST("/tickets/:id/dispatch", a.dispatchTicket)
	g.POST("/tickets/:id/merge", a.mergeTicket)
	g.POST("/tickets/:id/transfers", a.requestTransfer)
	g.POST("/transfers/:id/approve", a.decideTransfer(t.ApproveTransfer))
	g.POST("/transfers/:id/reject", a.decideTransfer(t.RejectTransfer))
	g.PUT("/tickets/:id/members/:user_id", a.setMember)
	g.DELETE("/tickets/:id/members/:user_id", a.removeMember)
	g.POST("/tickets/:id/links", a.linkTicket)
	g.DELETE("/tickets/:id/links/:other_id", a.unlinkTicket)
	g.POST("/tickets/:id/records", a.addRecord)
	g.POST("/tickets/:id/costs", a.addCost)
}

// noteRequest is the body of the simple lifecycle actions: why, for the
// timeline.
type noteRequest struct {
	Note string `json:"note" binding:"max=500"`
}

// ticketAction serves a lifecycle action that takes a ticket id and a
// note and answers the changed ticket.
func (a *api) ticketAction(call func(ctx context.Context, actor service.Actor, id int64, note string) (*service.Ticket, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req noteRequest
		if id, ok := a.withID(c, &req); ok {
			a.ticketResult(c, http.StatusOK)(call(c.Request.Context(), actor(c), id, req.Note))
		}
	}
}

// ticketResult answers a changed ticket with its ETag, or the error.
func (a *api) ticketResult(c *gin.Context, status int) func(*service.Ticket, error) {
	return answer(a, c, status, func(t *service.Ticket) ticketJSON {
		c.Header("ETag", etag(t.Version))
		return toTicketJSON(t)
	})
}

// withID reads the path id and decodes the body; false when it already
// answered an error.
func (a *api) withID(c *gin.Context, req any) (int64, bool) {
	id, ok := a.id(c, "id")
	return id, ok && a.body(c, req)
}

type resolveRequest struct {
	Solution string `json:"solution" binding:"required,max=32000"`
}

func (a *api) resolveTicket(c *gin.Context) {
	var req resolveRequest
	if id, ok := a.withID(c, &req); ok {
		a.ticketResult(c, http.StatusOK)(a.d.Tickets.Resolve(c.Request.Context(), actor(c), id, req.Solution))
	}
}

type allocateRequest struct {
	ReceivingDeptID int64 `json:"receiving_dept_id" binding:"gt=0"`
}

func (a *api) allocateTicket(c *gin.Context) {
	var req allocateRequest
	if id, ok := a.withID(c, &req); ok {
		a.ticketResult(c, http.StatusOK)(a.d.Tickets.Allocate(c.Request.Context(), actor(c), id, req.ReceivingDeptID))
	}
}

type dispatchRequest struct {
	OwnerID    int64   `json:"owner_id" binding:"gt=0"`
	Assistants []int64 `json:"assistants" binding:"max=20,dive,gt=0"`
	Note       string  `json:"note" binding:"max=500"`
}

func (a *api) dispatchTicket(c *gin.Context) {
	var req dispatchRequest
	if id, ok := a.withID(c, &req); ok {
		a.ticketResult(c, http.StatusOK)(a.d.Tickets.Dispatch(c.Request.Context(), actor(c), id,
			service.DispatchInput{OwnerID: req.OwnerID, Assistants: req.Assistants, Note: req.Note}))
	}
}

type mergeRequest struct {
	IntoID int64 `json:"into_id" binding:"gt=0"`
}

func (a *api) mergeTicket(c *gin.Context) {
	var req mergeRequest
	if id, ok := a.withID(c, &req); ok {
		a.ticketResult(c, http.StatusOK)(a.d.Tickets.Merge(c.Request.Context(), actor(c), id, req.IntoID))
	}
}

type transferRequest struct {
	ToUserID int64  `json:"to_user_id" binding:"gte=0"`
	ToDeptID int64  `json:"to_dept_id" binding:"gte=0"`
	Reason   string `json:"reason" binding:"required,max=500"`
}

func (a *api) requestTransfer(c *gin.Context) {
	var req transferRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusCreated, toTransferJSON)(a.d.Tickets.RequestTransfer(c.Request.Context(), actor(c), id,
			service.TransferRequest{ToUserID: req.ToUserID, ToDeptID: req.ToDeptID, Reason: req.Reason}))
	}
}

// decideTransfer approves or rejects the transfer in the path.
func (a *api) decideTransfer(call func(ctx context.Context, actor service.Actor, transferID int64, note string) (*service.Ticket, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req noteRequest
		if id, ok := a.withID(c, &req); ok {
			a.ticketResult(c, http.StatusOK)(call(c.Request.Context(), actor(c), id, req.Note))
		}
	}
}

type setMemberRequest struct {
	Role   string `json:"role" binding:"required,oneof=assistant team"`
	Access string `json:"access" binding:"omitempty,oneof=read write"`
}

func (a *api) setMember(c *gin.Context) {
	var req setMemberRequest
	if id, user, ok := a.ids(c, "user_id"); ok && a.body(c, &req) {
		m := service.Member{UserID: user, Role: service.MemberRole(req.Role), Access: service.Access(req.Access)}
		a.ticketResult(c, http.StatusOK)(a.d.Tickets.SetMember(c.Request.Context(), actor(c), id, m))
	}
}

func (a *api) removeMember(c *gin.Context) {
	if id, user, ok := a.ids(c, "user_id"); ok {
		a.ticketResult(c, http.StatusOK)(a.d.Tickets.RemoveMember(c.Request.Context(), actor(c), id, user))
	}
}

// ids reads the ticket id and a second id from the path.
func (a *api) ids(c *gin.Context, other string) (int64, int64, bool) {
	id, ok := a.id(c, "id")
	if !ok {
		return 0, 0, false
	}
	second, ok := a.id(c, other)
	return id, second, ok
}

type linkRequest struct {
	TicketID int64 `json:"ticket_id" binding:"gt=0"`
}

func (a *api) linkTicket(c *gin.Context) {
	var req linkRequest
	if id, ok := a.withID(c, &req); ok {
		a.noContent(c, a.d.Tickets.Link(c.Request.Context(), actor(c), id, req.TicketID))
	}
}

func (a *api) unlinkTicket(c *gin.Context) {
	if id, other, ok := a.ids(c, "other_id"); ok {
		a.noContent(c, a.d.Tickets.Unlink(c.Request.Context(), actor(c), id, other))
	}
}

// noContent answers 204, or the error.
func (a *api) noContent(c *gin.Context, err error) {
	if err != nil {
		fail(c, a.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type batchOwnerRequest struct {
	TicketIDs []int64 `json:"ticket_ids" binding:"required,min=1,max=500,dive,gt=0"`
	OwnerID   int64   `json:"owner_id" binding:"gt=0"`
}

// batchItemJSON is one ticket's outcome: the changed ticket, or the
// status and error it would have got alone.
type batchItemJSON struct {
	TicketID int64       `json:"ticket_id"`
	Status   int         `json:"status"`
	Ticket   *ticketJSON `json:"ticket,omitempty"`
	Error    *errorBody  `json:"error,omitempty"`
}

// batchChangeOwner answers 200 with one outcome per ticket: each changes,
// or fails with the error it would have got alone (404 for a ticket out
// of the caller's scope).
func (a *api) batchChangeOwner(c *gin.Context) {
	var req batchOwnerRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusOK, listOf(func(r service.BatchResult) batchItemJSON {
			item := batchItemJSON{TicketID: r.TicketID, Status: http.StatusOK}
			if r.Err != nil {
				status, body := errorOf(c, a.log, r.Err)
				item.Status, item.Error = status, &body
			} else {
				t := toTicketJSON(r.Ticket)
				item.Ticket = &t
			}
			return item
		}))(a.d.Tickets.BatchChangeOwner(c.Request.Context(), actor(c), req.TicketIDs, req.OwnerID))
	}
}
