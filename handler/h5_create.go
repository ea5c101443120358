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

type ticketForm struct {
	Post         string // where the form posts
	Back         string
	TemplateID   int64
	TemplateName string
	Version      int64 // editing: the version the form was filled at
	Fields       []formField
	Problems     []string // problems of no input
	Problem      string   // the sentence for a refused post
}

type pickData struct{ Templates []*service.Template }

// newTicketPage asks which template to use, then shows that template's
// form; ?template=none is a ticket without one.
func (h *h5) newTicketPage(c *gin.Context) {
	choice := c.Query("template")
	if choice == "" {
		tpls, err := h.api.d.Templates.List(c.Request.Context())
		if err != nil {
			h.fail(c, err)
			return
		}
		var on []*service.Template
		for _, t := range tpls {
			if t.Enabled {
				on = append(on, t)
			}
		}
		v := h.view(c, "pick", "new_ticket")
		v.Data = pickData{Templates: on}
		h.render(c, http.StatusOK, v)
		return
	}
	tpl, err := h.formTemplate(c, choice)
	if err != nil {
		h.fail(c, err)
		return
	}
	vals := url.Values{"priority": {string(service.PriorityNormal)}}
	if tpl != nil && tpl.DefaultPriority != "" {
		vals.Set("priority", string(tpl.DefaultPriority))
	}
	if tpl != nil {
		vals.Set("type", string(tpl.DefaultType))
		for _, f := range tpl.Fields {
			if f.Default != nil {
				vals[customPrefix+f.Key] = customFormValue(f, f.Default, h.loc())
			}
		}
	}
	h.showForm(c, http.StatusOK, tpl, vals, nil, ticketForm{Post: "/h5/tickets", Back: "/h5/tickets/new"})
}

// formTemplate is the enabled template a form is for; "none" or "0" is
// no template.
func (h *h5) formTemplate(c *gin.Context, choice string) (*service.Template, error) {
	if choice == "none" || choice == "0" {
		return nil, nil
	}
	id, err := strconv.ParseInt(choice, 10, 64)
	if err != nil || id <= 0 {
		return nil, service.E(service.KindNotFound, "not_found", "no template %q", choice)
	}
	tpl, err := h.api.d.Templates.Get(c.Request.Context(), id)
	if err == nil && !tpl.Enabled {
		err = service.E(service.KindNotFound, "not_found", "template %d is disabled", id)
	}
	return tpl, err
}

// showForm renders a create or edit form with values and problems.
func (h *h5) showForm(c *gin.Context, status int, tpl *service.Template, vals url.Values, errs map[string]string, f ticketForm) {
	title := "new_ticket"
	if f.Version != 0 {
		title = "edit_ticket"
	}
	v := h.view(c, "form", title)
	err := h.named(c, v)
	if err == nil {
		f.Fields, f.Problems, err = h.formInputs(c.Request.Context(), actor(c), v, tpl, vals, errs, f.Version == 0)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	if tpl != nil {
		f.TemplateID, f.TemplateName = tpl.ID, templateName(tpl, v.Lang)
	}
	v.Data = f
	h.render(c, status, v)
}

// createTicket files the form as a new ticket; every bad field comes back
// beside its input.
func (h *h5) createTicket(c *gin.Context) {
	tpl, err := h.formTemplate(c, c.PostForm("template_id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	form := postedForm(c)
	created, err := h.api.d.Tickets.Create(c.Request.Context(), actor(c), newTicketFrom(form, tpl, h.loc()))
	if err == nil {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/h5/tickets/%d?ok=create", created.Ticket.ID))
		return
	}
	h.formRefused(c, tpl, form, err, ticketForm{Post: "/h5/tickets", Back: "/h5/tickets/new"})
}

// formRefused shows the form again after the service refused it: bad
// fields beside their inputs, a conflict or a refusal as a sentence.
func (h *h5) formRefused(c *gin.Context, tpl *service.Template, form url.Values, err error, f ticketForm) {
	kind := service.KindOf(err)
	if kind != service.KindInvalid && kind != service.KindConflict && kind != service.KindForbidden {
		h.fail(c, err)
		return
	}
	f.Problem = messageOf[kind].in(h5Lang(c))
	h.showForm(c, statusOf[kind], tpl, form, invalidFields(err), f)
}

func postedForm(c *gin.Context) url.Values {
	_ = c.Request.ParseForm()
	return c.Request.PostForm
}

// newTicketFrom reads a create form into the service's input.
func newTicketFrom(form url.Values, tpl *service.Template, loc *time.Location) service.NewTicket {
	in := service.NewTicket{Subject: strings.TrimSpace(form.Get("subject")), Description: strings.TrimSpace(form.Get("description")),
		InternalComment: strings.TrimSpace(form.Get("internal_comment")), Priority: service.Priority(form.Get("priority")),
		Type: service.TicketType(form.Get("type")), Reason: strings.TrimSpace(form.Get("reason")),
		Product: strings.TrimSpace(form.Get("product")), CustomerID: valueInt(form, "customer_id"),
		ContactID: valueInt(form, "contact_id"), OpportunityID: valueInt(form, "opportunity_id"),
		OwnerID: valueInt(form, "owner_id"), ReceivingDeptID: valueInt(form, "receiving_dept_id")}
	if tpl != nil {
		in.TemplateID = tpl.ID
		in.CustomFields = map[string]any{}
		for _, f := range tpl.Fields {
			if val, ok := customValue(f, form, loc); ok {
				in.CustomFields[f.Key] = val
			}
		}
	}
	return in
}

// valueInt reads an id; empty or malformed is 0 (none).
func valueInt(form url.Values, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(form.Get(name)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}
