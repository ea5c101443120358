package handler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// newSurvey is a create form as an admin fills it in: two custom fields
// (one a choice with options), SLA targets for two priorities, standard
// field rules and an escalation policy; the second blank row stays blank.
func newSurvey(csrf string) url.Values {
	return url.Values{"_csrf": {csrf}, "code": {"site_survey"}, "name": {"现场勘察"}, "name_en": {"Site survey"},
		"scene": {"custom"}, "scene_label": {"勘察"}, "dispatch_mode": {"2"}, "default_priority": {"high"},
		"default_type": {"problem"}, "transfer_approver": {"target_manager"}, "customer_notices": {"created", "resolved"},
		"escalation.warn_at": {"75"}, "escalation.reassign": {"true"},
		"sla.high.response_hours": {"2"}, "sla.high.resolve_hours": {"8"},
		"sla.urgent.response_hours": {"0.5"}, "sla.urgent.resolve_hours": {"4"},
		"standard_fields.product": {"required"}, "standard_fields.opportunity_id": {"hidden"},
		"standard_fields.description": {"optional"},
		"fields.0.key":                {"area"}, "fields.0.label": {"面积"}, "fields.0.kind": {"number"}, "fields.0.min": {"0"},
		"fields.0.default": {"10"},
		"fields.1.key":     {"site_kind"}, "fields.1.label": {"场地类型"}, "fields.1.label_en": {"Site kind"},
		"fields.1.kind": {"single_select"}, "fields.1.required": {"true"},
		"fields.1.options": {"indoor=室内=Indoor\r\noutdoor=室外\r\n"}, "fields.1.default": {"indoor"},
		"fields.2.key": {""}, "fields.2.label": {""}, "fields.2.kind": {"text"},
	}
}

// An admin creates a template from the form and edits it; what the form
// says is what the service stores, and an edit is the next version.
func TestH5AdminCreatesAndEditsTemplates(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		admin := e.as("admin")
		admin.get("/h5/admin/templates").want(t, http.StatusOK, "list").has(t, "list", `href="/h5/admin/templates/new"`)
		blank := admin.get("/h5/admin/templates/new").want(t, http.StatusOK, "new form")
		blank.has(t, "new form", "新建模板", `<label for="in-code">模板编码`, `id="in-fields-1-key"`,
			`aria-describedby="err-sla-high"`, "受理部门", "（由分派方式决定）")
		blank.lacks(t, "no fields yet", `id="in-fields-2-key"`, `name="fields.0.remove"`)

		r := admin.post("/h5/admin/templates", newSurvey(blank.csrf(t))).want(t, http.StatusSeeOther, "create")
		tpl := servicetest.Must(e.deps.Templates.ByCode(ctx, "site_survey"))(t)
		if want := fmt.Sprintf("/h5/admin/templates/%d?ok=template", tpl.ID); r.Header.Get("Location") != want {
			t.Fatalf("created: went to %q, want %q", r.Header.Get("Location"), want)
		}
		zero, ten := 0.0, 10.0
		want := service.TemplateDef{Code: "site_survey", Name: "现场勘察", NameEn: "Site survey", Scene: service.SceneCustom,
			SceneLabel: "勘察", DispatchMode: service.DispatchByServiceManager, DefaultPriority: service.PriorityHigh,
			DefaultType: service.TypeProblem, TransferApprover: service.ApproverTargetManager,
			Notices:    []service.NoticeNode{service.NoticeCreated, service.NoticeResolved},
			Escalation: &service.SLAEscalation{WarnAt: 0.75, Reassign: true},
			SLA: map[service.Priority]service.SLATarget{service.PriorityHigh: {ResponseHours: 2, ResolveHours: 8},
				service.PriorityUrgent: {ResponseHours: 0.5, ResolveHours: 4}},
			Standard: map[service.StdField]service.FieldRule{service.StdProduct: {Required: true},
				service.StdOpportunity: {Hidden: true}},
			Fields: []service.FieldDef{
				{Key: "area", Label: "面积", Kind: service.FieldNumber, Min: &zero, Default: ten},
				{Key: "site_kind", Label: "场地类型", LabelEn: "Site kind", Kind: service.FieldSingleSelect, Required: true,
					Default: "indoor", Options: []service.FieldOption{{Value: "indoor", Label: "室内", LabelEn: "Indoor"},
						{Value: "outdoor", Label: "室外"}}},
			}}
		if !reflect.DeepEqual(tpl.TemplateDef, want) || tpl.Version != 1 || !tpl.Enabled {
			t.Fatalf("stored v%d enabled=%v\n%+v\nwant\n%+v", tpl.Version, tpl.Enabled, tpl.TemplateDef, want)
		}
		admin.get(r.Header.Get("Location")).want(t, http.StatusOK, "detail").
			has(t, "detail", "模板已更新。", "现场勘察", "室外", fmt.Sprintf(`href="/h5/admin/templates/%d/edit"`, tpl.ID))

		// The edit form shows what is stored: posted back unchanged, it
		// stores the same definition as the next version.
		editPath := fmt.Sprintf("/h5/admin/templates/%d/edit", tpl.ID)
		edit := admin.get(editPath).want(t, http.StatusOK, "edit form")
		edit.has(t, "code is read-only", `<input type="hidden" name="code" value="site_survey">`, `name="fields.1.remove"`,
			`id="in-fields-3-key"`).lacks(t, "no code input", `id="in-code"`)
		same := admin.post(fmt.Sprintf("/h5/admin/templates/%d", tpl.ID), formOf(t, edit.Body)).want(t, http.StatusSeeOther, "unchanged")
		v2 := servicetest.Must(e.deps.Templates.Get(ctx, tpl.ID))(t)
		if v2.Version != 2 || v2.Digest != tpl.Digest || same.Header.Get("Location") != r.Header.Get("Location") {
			t.Fatalf("unchanged edit stored v%d with digest %s (was %s)", v2.Version, v2.Digest, tpl.Digest)
		}

		form := formOf(t, admin.get(editPath).Body)
		form.Set("name", "现场勘察（新）")
		form.Set("fields.0.remove", "true")
		form.Set("dispatch_mode", "3")
		admin.post(fmt.Sprintf("/h5/admin/templates/%d", tpl.ID), form).want(t, http.StatusSeeOther, "edit")
		v3 := servicetest.Must(e.deps.Templates.Get(ctx, tpl.ID))(t)
		if v3.Version != 3 || v3.Name != "现场勘察（新）" || v3.DispatchMode != service.DispatchToRegion ||
			len(v3.Fields) != 1 || v3.Fields[0].Key != "site_kind" || v3.Code != "site_survey" {
			t.Fatalf("edit stored v%d %q mode %d fields %+v", v3.Version, v3.Name, v3.DispatchMode, v3.Fields)
		}
		admin.get(editPath).want(t, http.StatusOK, "edit after").has(t, "the department follows mode 3",
			`<dt>受理部门</dt><dd>必填（由分派方式决定）</dd>`)
	})
}

// Every shipped template survives the form: shown and posted back, its
// definition is unchanged (the digest is of the whole definition).
func TestH5AdminTemplateFormKeepsEverySetting(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		admin := e.as("admin")
		tpls := servicetest.Must(e.deps.Templates.List(ctx))(t)
		if len(tpls) < 5 {
			t.Fatalf("%d templates in the library", len(tpls))
		}
		for _, tpl := range tpls {
			page := admin.get(fmt.Sprintf("/h5/admin/templates/%d/edit", tpl.ID)).want(t, http.StatusOK, tpl.Code)
			admin.post(fmt.Sprintf("/h5/admin/templates/%d", tpl.ID), formOf(t, page.Body)).want(t, http.StatusSeeOther, tpl.Code)
			got := servicetest.Must(e.deps.Templates.Get(ctx, tpl.ID))(t)
			if got.Version != tpl.Version+1 || got.Digest != tpl.Digest {
				t.Errorf("%s: v%d → v%d, definition changed:\n%+v\nwas\n%+v", tpl.Code, tpl.Version, got.Version,
					got.TemplateDef, tpl.TemplateDef)
			}
		}
	})
}

// A refused form comes back 422 with what was typed and each problem
// beside its input, in Chinese; nothing is stored. Problems of custom
// fields land on the row the admin typed in, removed rows counted.
func TestH5AdminTemplateProblemsBesideTheirInputs(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		admin := e.as("admin")
		page := admin.get("/h5/admin/templates/new").want(t, http.StatusOK, "new form")
		admin.post("/h5/admin/templates", newSurvey(page.csrf(t))).want(t, http.StatusSeeOther, "create")
		before := servicetest.Must(e.deps.Templates.ByCode(ctx, "site_survey"))(t)
		update := fmt.Sprintf("/h5/admin/templates/%d", before.ID)
		cases := []struct {
			name   string
			path   string
			change map[string]string
			slug   string // the input the problem is beside
			want   string
			kept   string // what the page still shows
		}{
			{"duplicate key", update, map[string]string{"fields.1.key": "area"}, "fields-1-key", "字段标识重复", `value="area"`},
			{"select without options", update, map[string]string{"fields.1.options": " "}, "fields-1-options", "选择类字段需要选项", `value="场地类型"`},
			{"negative SLA", update, map[string]string{"sla.high.response_hours": "-1"}, "sla-high", "时限不能为负数", `value="-1"`},
			{"SLA not a number", update, map[string]string{"sla.low.resolve_hours": "soon"}, "sla-low", "请填写数字", `value="soon"`},
			{"unknown kind", update, map[string]string{"fields.0.kind": "planet"}, "fields-0-kind", "没有这个字段类型", `value="面积"`},
			{"min not a number", update, map[string]string{"fields.0.min": "zero"}, "fields-0-min", "请填写数字", `value="zero"`},
			{"after a removed row", update, map[string]string{"fields.0.remove": "true", "fields.1.options": ""}, "fields-1-options",
				"选择类字段需要选项", `name="fields.0.remove" value="true" checked`},
			{"new row", update, map[string]string{"fields.2.key": "Bad Key", "fields.2.label": "新"}, "fields-2-key",
				"请用 1–64 位小写字母、数字或下划线，以字母开头", `value="Bad Key"`},
			{"warning share", update, map[string]string{"escalation.warn_at": "100"}, "escalation-warn_at",
				"请填写 0 到 100 之间（不含 100）的百分比", `value="100"`},
			{"bad code", "/h5/admin/templates", map[string]string{"code": "Site Survey"}, "code",
				"请用 1–64 位小写字母、数字或下划线，以字母开头", `value="Site Survey"`},
			{"code taken", "/h5/admin/templates", map[string]string{"code": "site_survey"}, "code", "已被其他模板使用",
				`value="site_survey"`},
		}
		for _, c := range cases {
			form := newSurvey(page.csrf(t))
			for k, v := range c.change {
				form.Set(k, v)
			}
			got := admin.post(c.path, form).want(t, http.StatusUnprocessableEntity, c.name)
			if p := got.errorBeside(c.slug); p != c.want {
				t.Errorf("%s: beside %s %q, want %q", c.name, c.slug, p, c.want)
			}
			got.has(t, c.name, `role="alert"`, `aria-describedby="err-`+c.slug+`"`, c.kept)
		}
		after := servicetest.Must(e.deps.Templates.ByCode(ctx, "site_survey"))(t)
		if after.Version != before.Version || after.Digest != before.Digest {
			t.Fatalf("refused forms stored v%d", after.Version)
		}
	})
}

// The forms and their posts are admins': an agent is refused before any
// form is shown or read, and nothing changes.
func TestH5AdminTemplateFormsAreAdmins(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		id := e.k.Template(t, "complaint")
		before := servicetest.Must(e.deps.Templates.Get(ctx, id))(t)
		agent := e.as("agent1")
		list := agent.get("/h5/admin/templates").want(t, http.StatusOK, "templates are open to read")
		list.lacks(t, "no new link", `href="/h5/admin/templates/new"`)
		agent.get(fmt.Sprintf("/h5/admin/templates/%d", id)).want(t, http.StatusOK, "detail").
			lacks(t, "no edit link", "/edit")
		for _, path := range []string{"/h5/admin/templates/new", fmt.Sprintf("/h5/admin/templates/%d/edit", id)} {
			agent.get(path).want(t, http.StatusForbidden, path).lacks(t, path, `name="fields.0.key"`)
		}
		form := newSurvey(list.csrf(t))
		bad := newSurvey(list.csrf(t))
		bad.Set("sla.high.resolve_hours", "soon")
		for _, c := range []struct {
			path string
			form url.Values
		}{
			{"/h5/admin/templates", form},
			{"/h5/admin/templates", bad},
			{fmt.Sprintf("/h5/admin/templates/%d", id), form},
			{fmt.Sprintf("/h5/admin/templates/%d", id), bad},
		} {
			agent.post(c.path, c.form).want(t, http.StatusForbidden, "agent posts to "+c.path).has(t, c.path, "您没有执行该操作的权限")
		}
		if _, err := e.deps.Templates.ByCode(ctx, "site_survey"); !service.IsKind(err, service.KindNotFound) {
			t.Fatalf("an agent's form created a template: %v", err)
		}
		if after := servicetest.Must(e.deps.Templates.Get(ctx, id))(t); after.Version != before.Version {
			t.Fatalf("an agent's form stored v%d", after.Version)
		}
	})
}

var (
	templateFormPattern = regexp.MustCompile(`(?s)<form method="post" action="/h5/admin/templates[^"]*" class="template-form">(.*?)</form>`)
	inputPattern        = regexp.MustCompile(`<input\b[^>]*>`)
	selectPattern       = regexp.MustCompile(`(?s)<select\b[^>]*name="([^"]*)"[^>]*>(.*?)</select>`)
	optionPattern       = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
	textareaPattern     = regexp.MustCompile(`(?s)<textarea\b[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>`)
	attrPattern         = regexp.MustCompile(`\b(name|value|type)="([^"]*)"`)
)

// formOf is what a browser submits for the template form on a page, as it
// was shown: every input's value, checked boxes, chosen options.
func formOf(t *testing.T, body string) url.Values {
	t.Helper()
	m := templateFormPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no template form on the page\n%s", clip(body))
	}
	out := url.Values{}
	for _, tag := range inputPattern.FindAllString(m[1], -1) {
		attrs := map[string]string{}
		for _, a := range attrPattern.FindAllStringSubmatch(tag, -1) {
			attrs[a[1]] = htmlUnescape(a[2])
		}
		if attrs["type"] == "checkbox" && !strings.Contains(tag, " checked") {
			continue
		}
		out.Add(attrs["name"], attrs["value"])
	}
	for _, s := range selectPattern.FindAllStringSubmatch(m[1], -1) {
		opts := optionPattern.FindAllStringSubmatch(s[2], -1)
		chosen := opts[0][1] // a browser submits the first option when none is selected
		for _, o := range opts {
			if o[2] != "" {
				chosen = o[1]
			}
		}
		out.Add(s[1], htmlUnescape(chosen))
	}
	for _, s := range textareaPattern.FindAllStringSubmatch(m[1], -1) {
		out.Add(s[1], htmlUnescape(s[2]))
	}
	return out
}
