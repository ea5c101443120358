package handler

import (
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// webFormInputs are the web form editor's inputs. A new form has no
// on/off switch: the service always creates it on.
func (h *h5) webFormInputs(c *gin.Context, v *h5View, id int64, vals url.Values) ([]fieldSection, error) {
	ctx := c.Request.Context()
	template := formField{Name: "template_id", Label: v.T("f.template"), Kind: "select", Required: true}
	var err error
	if template.Options, err = h.templateOptions(ctx, v, true); err != nil {
		return nil, err
	}
	people, depts, err := h.placementOptions(ctx, v)
	if err != nil {
		return nil, err
	}
	customers, err := h.customerOptions(ctx, actor(c), v, vals.Get("customer_id"))
	if err != nil {
		return nil, err
	}
	head := []formField{{Name: "name", Label: v.T("name"), Kind: "text", Required: true, MaxLen: 128}, template}
	if id != 0 {
		head = append(head, checkbox("enabled", v.T("state"), v.T("enabled")))
	}
	return []fieldSection{
		{Fields: head},
		{Title: v.T("form_filing"), Hint: v.T("form_filing_hint"), Fields: []formField{
			{Name: "owner_id", Label: v.T("recipient"), Kind: "select", Options: people},
			{Name: "receiving_dept_id", Label: v.T("f.dept"), Kind: "select", Options: depts},
			{Name: "customer_id", Label: v.T("f.customer"), Kind: "customer", Options: customers[0],
				Placeholder: v.T("customer_search_hint")},
		}},
	}, nil
}

// readWebForm reads the web form editor: a create without an id, which
// the service makes with a fresh token, else an update.
func (h *h5) readWebForm(r formReader, id int64) saveCall {
	f := service.WebForm{ID: id, Name: r.text("name"), TemplateID: r.id("template_id"), OwnerID: r.id("owner_id"),
		ReceivingDeptID: r.id("receiving_dept_id"), CustomerID: r.id("customer_id"), Enabled: r.on("enabled")}
	if id == 0 {
		return saving(h.api.d.Forms.Create, f)
	}
	return saving(h.api.d.Forms.Update, f)
}

// webFormValues are a stored form as the editor shows it.
func webFormValues(f *service.WebForm) url.Values {
	n := func(id int64) []string {
		if id == 0 {
			return nil
		}
		return []string{strconv.FormatInt(id, 10)}
	}
	return url.Values{"name": {f.Name}, "template_id": n(f.TemplateID), "owner_id": n(f.OwnerID),
		"receiving_dept_id": n(f.ReceivingDeptID), "customer_id": n(f.CustomerID), "enabled": checked(f.Enabled)}
}

// service always creates enabled, so only an existing form offers the
