package handler

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// blankFieldRows is how many empty rows the form offers for new fields.
const blankFieldRows = 2

// templateForm is the create or edit form of a ticket template.
type templateForm struct {
	Post, Back string
	Code       string // editing: the code, which cannot change
	Basics     []formField
	Flow       []formField
	SLA        []slaRow
	Std        []formField
	Fixed      []stdRow // the receiver and department, which follow the dispatch mode
	Rows       []fieldRow
	Problem    string   // the sentence for a refused post
	Problems   []string // problems of no input
}

// slaRow is one priority's two targets, which the service judges together.
type slaRow struct {
	Key, Label string
	Inputs     []formField // response, then resolve
	Error      string
}

// fieldRow is one custom field's inputs; New marks the blank rows.
type fieldRow struct {
	N      int
	New    bool
	Inputs []formField
}

// newTemplatePage and editTemplatePage start the form from what the
// service hands an admin to edit, with blank rows for new fields.
func (h *h5) newTemplatePage(c *gin.Context) { h.templatePage(c, 0) }

func (h *h5) editTemplatePage(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	h.templatePage(c, id)
}

func (h *h5) templatePage(c *gin.Context, id int64) {
	tpl, err := h.api.d.Templates.Draft(c.Request.Context(), actor(c), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	vals := templateValues(&tpl.TemplateDef, h.loc())
	for i := range blankFieldRows {
		vals.Set(rowName(len(tpl.Fields)+i, "key"), "")
	}
	h.showTemplateForm(c, http.StatusOK, id, vals, nil, "")
}

// saveTemplate creates a template (no id) or stores its next version. A
// refused form comes back with the input kept and each problem beside
// its input; numbers that do not read as numbers are problems too.
func (h *h5) saveTemplate(c *gin.Context) {
	ctx, act := c.Request.Context(), actor(c)
	var id int64
	var err error
	if c.Param("id") != "" {
		if id, err = pathID(c, "id"); err != nil {
			h.fail(c, err)
			return
		}
	}
	form := postedForm(c)
	in := templateFrom(form, h.loc())
	if len(in.bad) > 0 {
		// The service has not seen the form: it still decides who may.
		if _, err := h.api.d.Templates.Draft(ctx, act, id); err != nil {
			h.fail(c, err)
			return
		}
		h.showTemplateForm(c, http.StatusUnprocessableEntity, id, form, in.bad, msgInvalid.in(h5Lang(c)))
		return
	}
	var saved *service.Template
	if id == 0 {
		saved, err = h.api.d.Templates.Create(ctx, act, in.def)
	} else {
		saved, err = h.api.d.Templates.Update(ctx, act, id, in.def)
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/h5/admin/templates/%d?ok=template", saved.ID))
		return
	}
	if service.IsKind(err, service.KindInvalid) {
		h.showTemplateForm(c, http.StatusUnprocessableEntity, id, form, in.formProblems(invalidFields(err)), msgInvalid.in(h5Lang(c)))
		return
	}
	h.fail(c, err)
}

// showTemplateForm renders the form with values and problems (by input).
func (h *h5) showTemplateForm(c *gin.Context, status int, id int64, vals url.Values, errs map[string]string, problem string) {
	title, f := "new_template", templateForm{Post: "/h5/admin/templates", Back: "/h5/admin/templates", Problem: problem}
	if id != 0 {
		title, f.Code = "edit_template", vals.Get("code")
		f.Post = fmt.Sprintf("/h5/admin/templates/%d", id)
		f.Back = f.Post
	}
	v := h.view(c, "admin_template_form", title)
	left := map[string]string{}
	for k, p := range errs {
		left[k] = p
	}
	f.SLA = slaRows(v, vals, left)
	f.Basics, f.Flow, f.Std = templateBasics(v, id == 0), h.templateFlow(v), templateStd(v)
	groups := [][]formField{f.Basics, f.Flow, f.Std}
	for row := 0; vals.Has(rowName(row, "key")); row++ {
		blank := vals.Get(rowName(row, "key")) == ""
		inputs := fieldInputs(v, row, blank)
		f.Rows = append(f.Rows, fieldRow{N: row + 1, New: blank, Inputs: inputs})
		groups = append(groups, inputs)
	}
	f.Problems = fillGroups(v, vals, left, groups...)
	mode, _ := strconv.Atoi(vals.Get("dispatch_mode"))
	follows := &service.Template{TemplateDef: service.TemplateDef{DispatchMode: service.DispatchMode(mode)}}
	for _, sf := range []service.StdField{service.StdOwner, service.StdReceivingDept} {
		f.Fixed = append(f.Fixed, stdRow{Field: sf, FieldRule: stdRule(follows, sf)})
	}
	v.Data = f
	h.render(c, status, v)
}

// slaRows are the targets by priority; each takes its priority's problem
// out of errs.
func slaRows(v *h5View, vals url.Values, errs map[string]string) []slaRow {
	var out []slaRow
	for _, p := range service.Priorities {
		at := "sla." + string(p)
		num := func(name, label string) formField {
			return formField{Name: at + "." + name, Label: v.T(label), Kind: "number", Min: "0", Value: vals.Get(at + "." + name)}
		}
		row := slaRow{Key: string(p), Label: v.Prio(p),
			Inputs: []formField{num("response_hours", "sla.response_hours"), num("resolve_hours", "sla.resolve_hours")}}
		if e, ok := errs[at]; ok {
			row.Error = problemText(v.Lang, e)
			delete(errs, at)
		}
		out = append(out, row)
	}
	return out
}
