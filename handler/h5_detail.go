package handler

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// shownField is one template field as the detail page shows it.
type shownField struct{ Label, Value string }

type detailData struct {
	Sheet       *service.TicketSheet
	Template    string
	Custom      []shownField
	Customer    *service.Customer
	Contact     *service.Contact
	Opportunity *service.Opportunity
	Offers      ticketOffers
	CostTotal   int64
	// CustomerNotices are the channels' tries at the customer's notices.
	CustomerNotices []service.CustomerDelivery
	// A refused action: which form, its bad fields and the sentence.
	Failed  string
	Errors  map[string]string
	Problem string
}

// detailPage shows a ticket the reader may read: fields, customer links,
// timeline, service records, costs and the actions open to them. Any
// other id is the not-found page.
func (h *h5) detailPage(c *gin.Context) {
	v := h.view(c, "detail", "ticket")
	h.flash(c, v)
	h.showDetail(c, v, http.StatusOK, detailData{})
}

// flash turns ?ok=<action> (set by the redirect after a post) into a
// sentence; unknown values are ignored, so the page never echoes input.
func (h *h5) flash(c *gin.Context, v *h5View) {
	if _, known := h5Text["done."+c.Query("ok")]; known {
		v.Flash = v.T("done." + c.Query("ok"))
	}
}

// showDetail renders the detail page, with d's failed action if any.
func (h *h5) showDetail(c *gin.Context, v *h5View, status int, d detailData) {
	ctx, act := c.Request.Context(), actor(c)
	id, err := pathID(c, "id")
	if err == nil {
		err = h.named(c, v)
	}
	if err == nil {
		d.Sheet, err = h.api.d.Sheets.Sheet(ctx, act, id)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	t := d.Sheet.Ticket
	d.Offers = offersFor(d.Sheet.TicketDetail, v.Me)
	if err := h.pickers(ctx, act, v, t, &d.Offers); err != nil {
		h.fail(c, err)
		return
	}
	if tpl := d.Sheet.Template; tpl != nil {
		d.Template = templateName(tpl, v.Lang)
		for _, f := range tpl.Fields {
			if val, ok := t.CustomFields[f.Key]; ok {
				d.Custom = append(d.Custom, shownField{Label: fieldLabel(f, v.Lang), Value: fieldText(v, f, val)})
			}
		}
	}
	for _, it := range d.Sheet.Costs {
		d.CostTotal += it.AmountCents
	}
	if err := h.linkedCRM(c, t, &d); err != nil {
		h.fail(c, err)
		return
	}
	if d.CustomerNotices, err = h.api.d.CustomerNotices.Deliveries(ctx, act, t.ID); err != nil {
		h.fail(c, err)
		return
	}
	v.Data = d
	h.render(c, status, v)
}

// linkedCRM reads the ticket's customer, contact and opportunity through
// the customer 360, so the CRM's own visibility rule holds: one the
// reader may not see stays a bare reference.
func (h *h5) linkedCRM(c *gin.Context, t *service.Ticket, d *detailData) error {
	if t.CustomerID == 0 {
		return nil
	}
	cv, err := h.api.d.CRM.Customer360(c.Request.Context(), actor(c), t.CustomerID)
	if service.IsKind(err, service.KindNotFound) || service.IsKind(err, service.KindForbidden) {
		return nil
	}
	if err != nil {
		return err
	}
	d.Customer = cv.Customer
	if i := slices.IndexFunc(cv.Contacts, func(x service.Contact) bool { return x.ID == t.ContactID }); i >= 0 {
		d.Contact = &cv.Contacts[i]
	}
	if i := slices.IndexFunc(cv.Opportunities, func(x service.Opportunity) bool { return x.ID == t.OpportunityID }); i >= 0 {
		d.Opportunity = &cv.Opportunities[i]
	}
	return nil
}
