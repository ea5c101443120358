package handler

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// editTicketPage shows a ticket's own fields in its template's form, at
// the version read now; someone who may only read it is told so.
func (h *h5) editTicketPage(c *gin.Context) {
	sh, ok := h.editable(c)
	if !ok {
		return
	}
	t := sh.Ticket
	vals := url.Values{"subject": {t.Subject}, "description": {t.Description}, "internal_comment": {t.InternalComment},
		"priority": {string(t.Priority)}, "type": {string(t.Type)}, "reason": {t.Reason}, "product": {t.Product},
		"customer_id": {idValue(t.CustomerID)}, "contact_id": {idValue(t.ContactID)},
		"opportunity_id": {idValue(t.OpportunityID)}}
	if sh.Template != nil {
		for _, f := range sh.Template.Fields {
			if v, ok := t.CustomFields[f.Key]; ok {
				vals[customPrefix+f.Key] = customFormValue(f, v, h.loc())
			}
		}
	}
	h.showForm(c, http.StatusOK, sh.Template, vals, nil, editForm(t.ID, t.Version))
}

func editForm(id, version int64) ticketForm {
	return ticketForm{Post: fmt.Sprintf("/h5/tickets/%d/edit", id), Back: fmt.Sprintf("/h5/tickets/%d", id), Version: version}
}

// editable reads the ticket for its edit form: not found for outsiders,
// forbidden for readers the service would not let change it.
func (h *h5) editable(c *gin.Context) (*service.TicketSheet, bool) {
	id, err := pathID(c, "id")
	var sh *service.TicketSheet
	if err == nil {
		sh, err = h.api.d.Sheets.Sheet(c.Request.Context(), actor(c), id)
	}
	if err == nil && !offersFor(sh.TicketDetail, userOf(c).me).Edit {
		err = service.E(service.KindForbidden, "ticket.read_only", "ticket %d cannot be edited by this reader", id)
	}
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	return sh, true
}

// updateTicket saves the form at the version it was filled at: if the
// ticket changed since, the service refuses and the form says so.
func (h *h5) updateTicket(c *gin.Context) {
	sh, ok := h.editable(c)
	if !ok {
		return
	}
	form := postedForm(c)
	version := valueInt(form, "version")
	_, err := h.api.d.Tickets.Update(c.Request.Context(), actor(c), sh.ID, version, patchFrom(form, sh.Template, h.loc()))
	if err == nil {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/h5/tickets/%d?ok=edit", sh.ID))
		return
	}
	h.formRefused(c, sh.Template, form, err, editForm(sh.ID, version))
}

// patchFrom reads an edit form into a patch: the inputs the template
// shows are set; a custom field left empty is cleared.
func patchFrom(form url.Values, tpl *service.Template, loc *time.Location) service.TicketPatch {
	str := func(name string) *string {
		if _, ok := form[name]; !ok {
			return nil
		}
		s := strings.TrimSpace(form.Get(name))
		return &s
	}
	id := func(name string) *int64 {
		if _, ok := form[name]; !ok {
			return nil
		}
		n := valueInt(form, name)
		return &n
	}
	p := service.TicketPatch{Subject: str("subject"), Description: str("description"),
		InternalComment: str("internal_comment"), Reason: str("reason"), Product: str("product"),
		CustomerID: id("customer_id"), ContactID: id("contact_id"), OpportunityID: id("opportunity_id")}
	if s := str("priority"); s != nil && *s != "" {
		pr := service.Priority(*s)
		p.Priority = &pr
	}
	if s := str("type"); s != nil && *s != "" {
		ty := service.TicketType(*s)
		p.Type = &ty
	}
	if tpl != nil {
		p.CustomFields = map[string]any{}
		for _, f := range tpl.Fields {
			val, ok := customValue(f, form, loc)
			if !ok {
				val = nil // clears it
			}
			p.CustomFields[f.Key] = val
		}
	}
	return p
}

func idValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
