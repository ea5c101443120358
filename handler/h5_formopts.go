package handler

import (
	"context"
	"strconv"

	"github.com/wecom-ticket/ticket/service"
)

func (h *h5) priorityOptions(v *h5View) []option {
	out := make([]option, 0, len(service.Priorities))
	for _, p := range service.Priorities {
		out = append(out, option{Value: string(p), Label: v.Prio(p)})
	}
	return out
}

// typeOptions are the configured ticket types.
func (h *h5) typeOptions(v *h5View) []option {
	types := h.api.d.Tickets.Types()
	out := make([]option, 0, len(types))
	for _, t := range types {
		out = append(out, option{Value: string(t), Label: v.TypeName(t)})
	}
	return out
}

// customerOptions are the chosen customer (the picker's script finds
// others) and that customer's contacts and opportunities, read through
// the customer 360 so the CRM's visibility holds.
func (h *h5) customerOptions(ctx context.Context, act service.Actor, v *h5View, customer string) ([3][]option, error) {
	var out [3][]option
	id, err := strconv.ParseInt(customer, 10, 64)
	if err != nil || id <= 0 {
		return out, nil
	}
	cv, err := h.api.d.CRM.Customer360(ctx, act, id)
	if service.IsKind(err, service.KindNotFound) || service.IsKind(err, service.KindForbidden) {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	out[0] = []option{{Value: customer, Label: customerLabel(cv.Customer)}}
	for _, ct := range cv.Contacts {
		out[1] = append(out[1], option{Value: strconv.FormatInt(ct.ID, 10), Label: ct.Name})
	}
	for _, o := range cv.Opportunities {
		out[2] = append(out[2], option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return out, nil
}

func customerLabel(c *service.Customer) string { return c.Name + " · " + c.Number }

// placementOptions are whom and which department a creator may hand a
// new ticket to, where the template lets them choose.
func (h *h5) placementOptions(ctx context.Context, v *h5View) ([]option, []option, error) {
	var people, depts []option
	if v.x != nil {
		people = orgOptions(v, true)
	}
	ds, err := h.api.d.Tickets.ReceivingDepartments(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range ds {
		depts = append(depts, option{Value: strconv.FormatInt(d.ID, 10), Label: v.DeptName(d.ID)})
	}
	return people, depts, nil
}

// templateOptions are the templates to pick from in the reader's
// language; enabledOnly leaves out those new tickets may not use.
func (h *h5) templateOptions(ctx context.Context, v *h5View, enabledOnly bool) ([]option, error) {
	tpls, err := h.api.d.Templates.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []option
	for _, t := range tpls {
		if t.Enabled || !enabledOnly {
			out = append(out, option{Value: strconv.FormatInt(t.ID, 10), Label: templateName(t, v.Lang)})
		}
	}
	return out, nil
}
