package handler_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// adminPost is one post an admin page's form may send.
type adminPost struct {
	what, path string
	form       url.Values
	slug, want string // refused: the input the problem is beside, and the problem
}

// signedPost posts form with the visitor's own form token, so a refusal
// is the service's and not the token check's.
func (b *browserLike) signedPost(path string, form url.Values) shown {
	b.t.Helper()
	with := url.Values{"_csrf": {b.get("/h5/admin").want(b.t, http.StatusOK, "a page with the token").csrf(b.t)}}
	for k, v := range form {
		with[k] = v
	}
	return b.post(path, with)
}

// refusedAll posts each bad form as admin: the form comes back (422)
// with the problem beside its input and the input kept, and nothing is
// stored.
func refusedAll(t *testing.T, admin *browserLike, stored func() string, posts []adminPost) {
	t.Helper()
	before := stored()
	for _, p := range posts {
		page := admin.signedPost(p.path, p.form).want(t, http.StatusUnprocessableEntity, p.what)
		page.has(t, p.what, `role="alert"`, `aria-describedby="err-`+p.slug+`"`)
		if got := page.errorBeside(p.slug); got != p.want {
			t.Errorf("%s: beside %s %q, want %q", p.what, p.slug, got, p.want)
		}
		if name := p.form.Get("name"); name != "" {
			page.has(t, p.what+" keeps the input", `value="`+name+`"`)
		}
	}
	if after := stored(); after != before {
		t.Fatalf("refused posts stored something:\n%s\n→\n%s", before, after)
	}
}

// forbiddenAll posts each form as a member who is not an admin: the
// service refuses (403) and nothing changes.
func forbiddenAll(t *testing.T, e *h5Env, stored func() string, posts []adminPost) {
	t.Helper()
	before, agent := stored(), e.as("agent1")
	for _, p := range posts {
		agent.signedPost(p.path, p.form).want(t, http.StatusForbidden, "agent1: "+p.what).
			has(t, "agent1: "+p.what, "您没有执行该操作的权限")
	}
	if after := stored(); after != before {
		t.Fatalf("a non-admin changed:\n%s\n→\n%s", before, after)
	}
}

// varied is base with one input set to v, or left out when v is "".
func varied(base url.Values) func(k, v string) url.Values {
	return func(k, v string) url.Values {
		f := url.Values{}
		for key, vals := range base {
			f[key] = vals
		}
		if f.Del(k); v != "" {
			f.Set(k, v)
		}
		return f
	}
}

func storedAs[T any](t *testing.T, list func() (T, error)) func() string {
	return func() string {
		t.Helper()
		b, err := json.Marshal(servicetest.Must(list())(t))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
}

// idText is an id as a form sends it.
func idText(id int64) string { return strconv.FormatInt(id, 10) }

// An admin creates, edits and deletes a dispatch rule on the pages; bad
// input comes back beside its input, and a non-admin changes nothing.
func TestH5AdminEditsDispatchRules(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx, as := context.Background(), e.k.As(t, "admin")
		list := func() ([]*service.DispatchRule, error) { return e.deps.Rules.List(ctx, as) }
		admin := e.as("admin")
		repairID := e.k.Template(t, "after_sale_repair")
		repair, eng := idText(repairID), idText(e.k.ID(t, "eng_east1"))

		admin.get("/h5/admin/rules").want(t, http.StatusOK, "rules").has(t, "new link", `href="/h5/admin/rules/new"`)
		admin.get("/h5/admin/rules/new").want(t, http.StatusOK, "new rule").has(t, "new rule",
			`name="when.templates" value="`+repair+`"`, `<optgroup label="部门">`, `value="dept:4"`, `value="user:`+eng+`"`,
			`name="strategy"`, `name="enabled" value="true" checked`, `action="/h5/admin/rules"`)
		admin.signedPost("/h5/admin/rules", url.Values{"name": {"华东维修"}, "position": {"5"}, "enabled": {"true"},
			"when.templates": {repair}, "when.types": {"problem"}, "when.priorities": {"high", "urgent"},
			"when.products": {"AP-1000，AP-2000\nAP-3000"}, "when.tags": {"vip"}, "target": {"dept:4"},
			"strategy": {"round_robin"}}).want(t, http.StatusSeeOther, "create")
		rules := servicetest.Must(list())(t)
		if len(rules) != 1 {
			t.Fatalf("%d rules stored, want 1", len(rules))
		}
		r := rules[0]
		w := r.When
		if r.Name != "华东维修" || r.Position != 5 || !r.Enabled || r.TargetKind != service.PartyDept || r.TargetID != 4 ||
			r.Strategy != service.RuleRoundRobin || !slices.Equal(w.TemplateIDs, []int64{repairID}) ||
			!slices.Equal(w.Types, []service.TicketType{"problem"}) || !slices.Equal(w.Priorities, []service.Priority{"high", "urgent"}) ||
			!slices.Equal(w.Products, []string{"AP-1000", "AP-2000", "AP-3000"}) || !slices.Equal(w.Tags, []string{"vip"}) || w.Regions != nil {
			t.Fatalf("stored %+v", r)
		}
		path := "/h5/admin/rules/" + idText(r.ID)
		admin.get("/h5/admin/rules?ok=rule").want(t, http.StatusOK, "after create").has(t, "after create",
			"规则已保存。", "华东维修", `href="`+path+`/edit"`, `action="`+path+`/delete"`)
		admin.get(path+"/edit").want(t, http.StatusOK, "edit").has(t, "edit", `value="华东维修"`, `value="5"`,
			`value="dept:4" selected`, `value="round_robin" selected`, `value="urgent" checked`, "AP-2000\nAP-3000</textarea>",
			`action="`+path+`"`)

		admin.signedPost(path, url.Values{"name": {"陈工专属"}, "position": {"2"}, "target": {"user:" + eng}}).
			want(t, http.StatusSeeOther, "update")
		r = servicetest.Must(list())(t)[0]
		if r.Name != "陈工专属" || r.Position != 2 || r.Enabled || r.TargetKind != service.PartyUser ||
			r.TargetID != e.k.ID(t, "eng_east1") || r.Strategy != "" || r.When.TemplateIDs != nil || r.When.Products != nil {
			t.Fatalf("after update %+v", r)
		}

		good := varied(url.Values{"name": {"坏规则"}, "target": {"dept:4"}, "strategy": {"allocate"}})
		stored := storedAs(t, list)
		refusedAll(t, admin, stored, []adminPost{
			{"unknown department", "/h5/admin/rules", good("target", "dept:999"), "target", "不存在"},
			{"position not a number", "/h5/admin/rules", good("position", "第一"), "position", "请填写整数"},
			{"no target", "/h5/admin/rules", good("target", ""), "target", "请选择"},
			{"malformed target", "/h5/admin/rules", good("target", "user:x"), "target", "请从选项中选择"},
			{"member with a strategy", path, good("target", "user:"+eng), "strategy", "仅部门目标可选分派策略"},
			{"department without one", path, good("strategy", ""), "strategy", "请选择分派策略"},
			{"unknown priority", path, good("when.priorities", "someday"), "when-priorities", "请从选项中选择"},
			{"template not a number", path, good("when.templates", "x"), "when-templates", "请从选项中选择"},
		})
		forbiddenAll(t, e, stored, []adminPost{
			{what: "create", path: "/h5/admin/rules", form: good("name", "越权")},
			{what: "update", path: path, form: good("name", "越权")},
			{what: "delete", path: path + "/delete"},
			{what: "refused input", path: "/h5/admin/rules", form: good("position", "x")},
		})
		e.as("agent1").get("/h5/admin/rules/new").want(t, http.StatusForbidden, "new rule as agent1")

		admin.signedPost(path+"/delete", nil).want(t, http.StatusSeeOther, "delete")
		if n := len(servicetest.Must(list())(t)); n != 0 {
			t.Fatalf("%d rules after delete", n)
		}
		admin.get(path+"/edit").want(t, http.StatusNotFound, "edit a deleted rule")

		admin.get("/h5/lang/en?back=/h5/admin/rules").want(t, http.StatusSeeOther, "switch to English")
		en := admin.signedPost("/h5/admin/rules", good("position", "first")).want(t, http.StatusUnprocessableEntity, "in English")
		en.has(t, "in English", "New rule", "Department strategy", "Send to")
		if got := en.errorBeside("position"); got != "must be a whole number" {
			t.Errorf("in English the problem reads %q", got)
		}
	})
}

// An admin adds and removes sharing rules on the list page; bad input
// comes back beside its picker, and a non-admin changes nothing.
func TestH5AdminEditsSharingRules(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx, as := context.Background(), e.k.As(t, "admin")
		list := func() ([]service.SharingRule, error) { return e.deps.Sharing.Rules(ctx, as) }
		groups := servicetest.Must(e.st.Org.Index(ctx))(t).Groups()
		group := groups[slices.IndexFunc(groups, func(g *service.Group) bool { return g.Name == "售后管理组" })]
		agent := idText(e.k.ID(t, "agent1"))
		admin := e.as("admin")
		before := len(servicetest.Must(list())(t))

		admin.get("/h5/admin/sharing").want(t, http.StatusOK, "sharing").has(t, "add form", `action="/h5/admin/sharing"`,
			`<optgroup label="群组">`, group.Name+"（4人）", `value="read" selected`)
		admin.signedPost("/h5/admin/sharing", url.Values{"source": {"user:" + agent},
			"target": {"group:" + idText(group.ID)}, "access": {"write"}}).want(t, http.StatusSeeOther, "share")
		rules := servicetest.Must(list())(t)
		if len(rules) != before+1 {
			t.Fatalf("%d rules, want %d", len(rules), before+1)
		}
		r := rules[len(rules)-1]
		if r.SourceKind != service.PartyUser || r.SourceID != e.k.ID(t, "agent1") || r.TargetKind != service.PartyGroup ||
			r.TargetID != group.ID || r.Access != service.AccessWrite || r.CreatedBy != as.UserID {
			t.Fatalf("stored %+v", r)
		}
		del := "/h5/admin/sharing/" + idText(r.ID) + "/delete"
		admin.get("/h5/admin/sharing?ok=share").want(t, http.StatusOK, "after share").has(t, "after share",
			"共享规则已添加。", "群组 "+group.Name, `action="`+del+`"`)

		form := varied(url.Values{"source": {"dept:4"}, "target": {"user:" + agent}, "access": {"read"}})
		stored := storedAs(t, list)
		refusedAll(t, admin, stored, []adminPost{
			{"no target", "/h5/admin/sharing", form("target", ""), "target", "请选择"},
			{"a group's tickets", "/h5/admin/sharing", form("source", "group:"+idText(group.ID)), "source", "请选择"},
			{"unknown member", "/h5/admin/sharing", form("target", "user:99999"), "target", "不存在"},
			{"malformed source", "/h5/admin/sharing", form("source", "dept:x"), "source", "请从选项中选择"},
			{"unknown access", "/h5/admin/sharing", form("access", "admin"), "access", "请选择权限"},
		})
		admin.signedPost("/h5/admin/sharing", form("target", "")).has(t, "the page still lists", "群组 "+group.Name)
		forbiddenAll(t, e, stored, []adminPost{
			{what: "share", path: "/h5/admin/sharing", form: form("access", "write")},
			{what: "unshare", path: del},
		})

		admin.signedPost(del, nil).want(t, http.StatusSeeOther, "unshare")
		if slices.ContainsFunc(servicetest.Must(list())(t), func(s service.SharingRule) bool { return s.ID == r.ID }) {
			t.Fatal("the rule is still there after delete")
		}
		admin.get("/h5/admin/sharing?ok=unshare").has(t, "after unshare", "共享规则已删除。")
	})
}

// An admin creates and edits a web-to-case form on the pages; bad input
// comes back beside its input, and a non-admin changes nothing.
func TestH5AdminEditsWebForms(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx, as := context.Background(), e.k.As(t, "admin")
		list := func() ([]*service.WebForm, error) { return e.deps.Forms.List(ctx, as) }
		presale, it := idText(e.k.Template(t, "presale_consultation")), idText(e.k.Template(t, "it_fault_report"))
		eng := idText(e.k.ID(t, "eng_east1"))
		admin := e.as("admin")

		admin.get("/h5/admin/forms").want(t, http.StatusOK, "forms").has(t, "new link", `href="/h5/admin/forms/new"`)
		admin.get("/h5/admin/forms/new").want(t, http.StatusOK, "new form").has(t, "new form", `value="`+presale+`"`,
			`id="in-owner_id"`, `id="in-receiving_dept_id"`, `id="in-customer_id"`, `action="/h5/admin/forms"`).
			lacks(t, "a new form is always on", `name="enabled"`)
		admin.signedPost("/h5/admin/forms", url.Values{"name": {"官网咨询"}, "template_id": {presale}}).
			want(t, http.StatusSeeOther, "create")
		forms := servicetest.Must(list())(t)
		if len(forms) != 1 || forms[0].Name != "官网咨询" || idText(forms[0].TemplateID) != presale || !forms[0].Enabled ||
			forms[0].OwnerID != 0 || forms[0].Token == "" {
			t.Fatalf("stored %+v", forms)
		}
		f := forms[0]
		path := "/h5/admin/forms/" + idText(f.ID)
		admin.get("/h5/admin/forms?ok=form").want(t, http.StatusOK, "after create").has(t, "after create",
			"表单已保存。", "官网咨询", `href="`+path+`/edit"`, "/h5/forms/"+f.Token)
		admin.get(path+"/edit").want(t, http.StatusOK, "edit").has(t, "edit", `value="官网咨询"`,
			`value="`+presale+`" selected`, `name="enabled" value="true" checked`, `action="`+path+`"`)

		admin.signedPost(path, url.Values{"name": {"IT 报障"}, "template_id": {it}, "owner_id": {eng}}).
			want(t, http.StatusSeeOther, "update")
		got := servicetest.Must(list())(t)[0]
		if got.Name != "IT 报障" || idText(got.TemplateID) != it || idText(got.OwnerID) != eng || got.Enabled || got.Token != f.Token {
			t.Fatalf("after update %+v", got)
		}

		form := varied(url.Values{"name": {"坏表单"}, "template_id": {presale}})
		stored := storedAs(t, list)
		refusedAll(t, admin, stored, []adminPost{
			{"unknown template", "/h5/admin/forms", form("template_id", "99999"), "template_id", "不存在"},
			{"template not a number", "/h5/admin/forms", form("template_id", "售前"), "template_id", "请从选项中选择"},
			{"receiver missing", path, form("template_id", it), "owner_id", "该模板需要指定接收人"},
			{"plain department", path, form("receiving_dept_id", "8"), "receiving_dept_id", "请选择区域、网点或外包服务商"},
			{"customer not a number", path, form("customer_id", "华东"), "customer_id", "请从选项中选择"},
			{"no name", "/h5/admin/forms", form("name", ""), "name", "长度不符合要求"},
		})
		forbiddenAll(t, e, stored, []adminPost{
			{what: "create", path: "/h5/admin/forms", form: form("name", "越权")},
			{what: "update", path: path, form: form("name", "越权")},
		})
		e.as("agent1").get(path+"/edit").want(t, http.StatusForbidden, "edit as agent1")
	})
}
