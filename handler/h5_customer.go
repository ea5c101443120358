package handler

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

type customersData struct {
	Q         string
	Customers []service.Customer
	Problem   string
}

// customersPage finds customers by name, number or phone, as the CRM's
// lookup setting allows this reader.
func (h *h5) customersPage(c *gin.Context) {
	v := h.view(c, "customers", "customers")
	d := customersData{Q: strings.TrimSpace(c.Query("q"))}
	if d.Q != "" {
		cs, err := h.api.d.CRM.LookupCustomers(c.Request.Context(), actor(c), d.Q, 30)
		if fields := invalidFields(err); fields != nil {
			d.Problem = msgInvalid.in(v.Lang)
		} else if err != nil {
			h.fail(c, err)
			return
		}
		d.Customers = cs
	}
	v.Data = d
	h.render(c, http.StatusOK, v)
}

// pickJSON is one choice for the form's pickers.
type pickJSON struct {
	ID    int64  `json:"id"`
	Label string `json:"label"`
}

// customerLookup answers the customer picker of the ticket form.
func (h *h5) customerLookup(c *gin.Context) {
	out := []pickJSON{}
	if q := strings.TrimSpace(c.Query("q")); q != "" {
		cs, err := h.api.d.CRM.LookupCustomers(c.Request.Context(), actor(c), q, 20)
		if err != nil && !service.IsKind(err, service.KindInvalid) {
			fail(c, h.log, err)
			return
		}
		for i := range cs {
			out = append(out, pickJSON{ID: cs[i].ID, Label: customerLabel(&cs[i])})
		}
	}
	c.JSON(http.StatusOK, out)
}

// customerLinks answers the contact and opportunity pickers for the
// customer chosen on the ticket form.
func (h *h5) customerLinks(c *gin.Context) {
	id, err := pathID(c, "id")
	var cv *service.CustomerView
	if err == nil {
		cv, err = h.api.d.CRM.Customer360(c.Request.Context(), actor(c), id)
	}
	if err != nil {
		fail(c, h.log, err)
		return
	}
	out := struct {
		Contacts      []pickJSON `json:"contacts"`
		Opportunities []pickJSON `json:"opportunities"`
	}{Contacts: []pickJSON{}, Opportunities: []pickJSON{}}
	for _, ct := range cv.Contacts {
		out.Contacts = append(out.Contacts, pickJSON{ID: ct.ID, Label: ct.Name})
	}
	for _, o := range cv.Opportunities {
		out.Opportunities = append(out.Opportunities, pickJSON{ID: o.ID, Label: o.Name})
	}
	c.JSON(http.StatusOK, out)
}

// customerPage is the customer 360: the customer, contacts, deals,
// follow-ups and the tickets this reader may see.
func (h *h5) customerPage(c *gin.Context) {
	v := h.view(c, "customer", "customer")
	id, err := pathID(c, "id")
	var cv *service.CustomerView
	if err == nil {
		err = h.named(c, v)
	}
	if err == nil {
		cv, err = h.api.d.CRM.Customer360(c.Request.Context(), actor(c), id)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	v.Data = cv
	h.render(c, http.StatusOK, v)
}

// stageName names a deal's stage.
func (v *h5View) StageName(s service.OpportunityStage) string { return v.T("stage." + string(s)) }

// ActivityName names a follow-up's kind.
func (v *h5View) ActivityName(k service.ActivityKind) string { return v.T("activity." + string(k)) }

// ID is an id as text, for links.
func (v *h5View) ID(id int64) string { return strconv.FormatInt(id, 10) }
