package handler

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// ticketAction runs one action posted from the detail page, at the
// version the page showed: a ticket changed since is refused with the
// conflict sentence, so nobody acts on what they did not see. Success
// goes back to the ticket (post/redirect/get).
func (h *h5) ticketAction(c *gin.Context) {
	ctx, act := c.Request.Context(), actor(c)
	action := c.Param("action")
	id, err := pathID(c, "id")
	var cur *service.TicketDetail
	if err == nil {
		cur, err = h.api.d.Tickets.Get(ctx, act, id)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	if c.PostForm("version") != strconv.FormatInt(cur.Version, 10) {
		err = service.E(service.KindConflict, service.CodeVersionConflict, "ticket %d is at version %d", id, cur.Version)
	} else {
		err = h.runStep(ctx, c, act, action, id)
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/h5/tickets/%d?ok=%s", id, action))
		return
	}
	h.refused(c, action, err)
}

// refused shows the ticket again with why the action was refused beside
// its form; not found (and internal errors) get their own page.
func (h *h5) refused(c *gin.Context, action string, err error) {
	kind := service.KindOf(err)
	switch kind {
	case service.KindInvalid, service.KindConflict, service.KindForbidden, service.KindRateLimited:
	default:
		h.fail(c, err)
		return
	}
	v := h.view(c, "detail", "ticket")
	d := detailData{Failed: action, Errors: map[string]string{}, Problem: messageOf[kind].in(v.Lang)}
	for k, p := range invalidFields(err) {
		d.Errors[k] = problemText(v.Lang, p)
	}
	h.showDetail(c, v, statusOf[kind], d)
}

// runStep calls the service for one action, with the form's inputs.
func (h *h5) runStep(ctx context.Context, c *gin.Context, act service.Actor, action string, id int64) error {
	t, form := h.api.d.Tickets, postedForm(c)
	note := strings.TrimSpace(form.Get("note"))
	simple := map[string]func(context.Context, service.Actor, int64, string) (*service.Ticket, error){
		"wait": t.WaitForCustomer, "resume": t.Resume, "close": t.Close, "reopen": t.Reopen,
		"lock": t.Lock, "unlock": t.Unlock, "void": t.Void,
	}
	var err error
	switch action {
	case "accept":
		_, err = t.Accept(ctx, act, id)
	case "resolve":
		_, err = t.Resolve(ctx, act, id, strings.TrimSpace(form.Get("solution")))
	case "allocate":
		_, err = t.Allocate(ctx, act, id, valueInt(form, "receiving_dept_id"))
	case "dispatch":
		_, err = t.Dispatch(ctx, act, id, service.DispatchInput{OwnerID: valueInt(form, "owner_id"), Note: note})
	case "transfer":
		_, err = t.RequestTransfer(ctx, act, id, service.TransferRequest{ToUserID: valueInt(form, "to_user_id"),
			ToDeptID: valueInt(form, "to_dept_id"), Reason: strings.TrimSpace(form.Get("reason"))})
	case "approve":
		_, err = t.ApproveTransfer(ctx, act, valueInt(form, "transfer_id"), note)
	case "reject":
		_, err = t.RejectTransfer(ctx, act, valueInt(form, "transfer_id"), note)
	default:
		step, ok := simple[action]
		if !ok {
			return service.E(service.KindNotFound, "not_found", "no action %q", action)
		}
		_, err = step(ctx, act, id, note)
	}
	return err
}
