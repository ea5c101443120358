package handler

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// formField is one input of a generated form. Name is both the form name
// and the key the service reports its problem under.
type formField struct {
	Name, Label, Kind string // Kind: text, textarea, number, int, money, date, datetime, select, multi, tel, email, customer, check
	Required          bool
	NoBlank           bool // a select that is always one of its options: no "—"
	Value             string
	Values            []string // multi: the chosen options
	Options           []option
	Groups            []optionGroup // select: options under headings, after Options
	Error             string
	MaxLen            int
	Min, Max          string // number bounds
	Placeholder       string
}

// Slug is the name as it appears in element ids ("custom-serial_no"),
// which plain CSS selectors can name.
func (f formField) Slug() string { return strings.ReplaceAll(f.Name, ".", "-") }

// InputType is the type of an <input> of this kind.
func (f formField) InputType() string {
	switch f.Kind {
	case "number", "int", "money":
		return "number"
	case "datetime":
		return "datetime-local"
	case "date", "tel", "email":
		return f.Kind
	}
	return "text"
}

// Step lets number inputs take decimals: cents for money, any for numbers.
func (f formField) Step() string {
	return map[string]string{"number": "any", "money": "0.01"}[f.Kind]
}

// Chosen reports whether a multi field has the option chosen.
func (f formField) Chosen(v string) bool { return slices.Contains(f.Values, v) }

// stdRule is a standard field's visibility and requiredness for a
// template, as the service applies it (TemplateDef.rule): the receiver
// and the receiving department follow the dispatch mode.
func stdRule(tpl *service.Template, f service.StdField) service.FieldRule {
	if tpl == nil {
		return service.FieldRule{}
	}
	chooses := map[service.StdField]service.DispatchMode{service.StdOwner: service.DispatchByCreator,
		service.StdReceivingDept: service.DispatchToRegion}
	if mode, ok := chooses[f]; ok {
		return service.FieldRule{Required: tpl.DispatchMode == mode, Hidden: tpl.DispatchMode != mode}
	}
	return tpl.Standard[f]
}

// formInputs builds a ticket form from its template: the standard fields
// the template shows (the receiver and department only when creating),
// then its custom fields, each with its value and problem. Problems
// that belong to no input come back on their own.
func (h *h5) formInputs(ctx context.Context, act service.Actor, v *h5View, tpl *service.Template, vals url.Values,
	errs map[string]string, create bool,
) ([]formField, []string, error) {
	var out []formField
	add := func(f service.StdField, ff formField) {
		r := stdRule(tpl, f)
		if f == "" || !r.Hidden && (create || (f != service.StdOwner && f != service.StdReceivingDept)) {
			ff.Required = ff.Required || r.Required
			out = append(out, ff)
		}
	}
	text := func(name, label string, max int) formField {
		return formField{Name: name, Label: v.T(label), Kind: "text", MaxLen: max}
	}
	add("", formField{Name: "subject", Label: v.T("f.subject"), Kind: "text", MaxLen: 255, Required: true})
	add(service.StdDescription, formField{Name: "description", Label: v.T("f.description"), Kind: "textarea", MaxLen: 32000})
	add(service.StdPriority, formField{Name: "priority", Label: v.T("f.priority"), Kind: "select", Options: h.priorityOptions(v)})
	add(service.StdType, formField{Name: "type", Label: v.T("f.type"), Kind: "select", Options: h.typeOptions(v)})
	add(service.StdReason, text("reason", "f.reason", 255))
	add(service.StdProduct, text("product", "f.product", 128))
	links, err := h.customerOptions(ctx, act, v, vals.Get("customer_id"))
	if err != nil {
		return nil, nil, err
	}
	add(service.StdCustomer, formField{Name: "customer_id", Label: v.T("f.customer"), Kind: "customer", Options: links[0],
		Placeholder: v.T("customer_search_hint")})
	add(service.StdContact, formField{Name: "contact_id", Label: v.T("f.contact"), Kind: "select", Options: links[1]})
	add(service.StdOpportunity, formField{Name: "opportunity_id", Label: v.T("f.opportunity"), Kind: "select", Options: links[2]})
	if create {
		people, depts, err := h.placementOptions(ctx, v)
		if err != nil {
			return nil, nil, err
		}
		add(service.StdOwner, formField{Name: "owner_id", Label: v.T("f.owner"), Kind: "select", Options: people})
		add(service.StdReceivingDept, formField{Name: "receiving_dept_id", Label: v.T("f.dept"), Kind: "select", Options: depts})
	}
	add("", formField{Name: "internal_comment", Label: v.T("f.internal_comment"), Kind: "textarea", MaxLen: 3000})
	if tpl != nil {
		for _, f := range tpl.Fields {
			out = append(out, customInput(v, f))
		}
	}
	fields, problems := fillInputs(v, out, vals, errs)
	return fields, problems, nil
}

// fillInputs sets each input's value and problem; what is left of errs
// (problems of no input) comes back as sentences.
func fillInputs(v *h5View, fields []formField, vals url.Values, errs map[string]string) ([]formField, []string) {
	left := map[string]string{}
	for k, p := range errs {
		left[k] = p
	}
	for i := range fields {
		f := &fields[i]
		f.Value, f.Values = vals.Get(f.Name), vals[f.Name]
		if p, ok := left[f.Name]; ok {
			f.Error = problemText(v.Lang, p)
			delete(left, f.Name)
		}
		for j := range f.Options {
			f.Options[j].Selected = f.Options[j].Value == f.Value
		}
		for _, g := range f.Groups {
			for j := range g.Options {
				g.Options[j].Selected = g.Options[j].Value == f.Value
			}
		}
	}
	var problems []string
	for k, p := range left {
		problems = append(problems, k+": "+problemText(v.Lang, p))
	}
	sort.Strings(problems)
	return fields, problems
}

// fillGroups fills several groups of inputs (a form's sections) as one
// form, in place: values, problems beside their inputs, and the problems
// of no input as sentences.
func fillGroups(v *h5View, vals url.Values, errs map[string]string, groups ...[]formField) []string {
	var all []formField
	for _, g := range groups {
		all = append(all, g...)
	}
	filled, problems := fillInputs(v, all, vals, errs)
	for _, g := range groups {
		filled = filled[copy(g, filled):]
	}
	return problems
}

// customInput is the input of one template field.
func customInput(v *h5View, f service.FieldDef) formField {
	ff := formField{Name: customPrefix + f.Key, Label: fieldLabel(f, v.Lang), Required: f.Required, MaxLen: f.MaxLen}
	ff.Kind = map[service.FieldKind]string{service.FieldLongText: "textarea", service.FieldNumber: "number",
		service.FieldMoney: "money", service.FieldDate: "date", service.FieldDateTime: "datetime",
		service.FieldSingleSelect: "select", service.FieldMultiSelect: "multi", service.FieldUser: "select",
		service.FieldDepartment: "select", service.FieldPhone: "tel", service.FieldEmail: "email"}[f.Kind]
	if ff.Kind == "" {
		ff.Kind = "text"
	}
	if f.Min != nil {
		ff.Min = strconv.FormatFloat(*f.Min, 'f', -1, 64)
	}
	if f.Max != nil {
		ff.Max = strconv.FormatFloat(*f.Max, 'f', -1, 64)
	}
	for _, o := range f.Options {
		ff.Options = append(ff.Options, option{Value: o.Value, Label: optionLabel(o, v.Lang)})
	}
	if v.x != nil && (f.Kind == service.FieldUser || f.Kind == service.FieldDepartment) {
		ff.Options = orgOptions(v, f.Kind == service.FieldUser)
	}
	return ff
}

// orgOptions are the enabled members, or the departments, to pick from.
func orgOptions(v *h5View, people bool) []option {
	var out []option
	if people {
		for _, u := range v.x.Users() {
			if u.Enabled {
				out = append(out, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
			}
		}
		return out
	}
	for _, d := range v.x.Departments() {
		out = append(out, option{Value: strconv.FormatInt(d.ID, 10), Label: v.DeptName(d.ID)})
	}
	return out
}
