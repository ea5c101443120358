package handler_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

func TestQuickRepliesByScope(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		f := e.k.SeedTickets(t)
		save := func(as string, body map[string]any) resp { return e.do("POST", "/api/v1/quick-replies", as, body) }
		save("agent1", map[string]any{"scope": "company", "title": "问候", "body": "您好"}).want(t, 403, "company replies are admins'")
		save("eng_east1", map[string]any{"scope": "dept", "scope_id": 4, "title": "x", "body": "y"}).want(t, 403, "only leaders write a department's")
		r := save("admin", map[string]any{"scope": "company", "title": "进度", "body": "{{ticket.nope}}"}).want(t, 400, "unknown variable")
		if !strings.Contains(fields(t, r)["body"].(string), "ticket.nope") {
			t.Errorf("unknown variable: %s", r.Body)
		}
		save("admin", map[string]any{"scope": "company", "title": "进度",
			"body": "{{ customer.name }}您好，工单 {{ticket.number}}（{{ticket.subject}}）当前{{ticket.status}}，负责人{{owner.name}}。——{{me.name}}"}).
			want(t, 201, "company reply")
		east := save("svc_mgr", map[string]any{"scope": "dept", "scope_id": 4, "title": "华东上门", "body": "工程师将上门"}).
			want(t, 201, "a leader above the department").JSON(t)
		own := save("eng_east1", map[string]any{"scope": "person", "title": "我的", "body": "稍等"}).want(t, 201, "own").JSON(t)
		titles := func(as string) []string {
			var out []string
			for _, it := range e.do("GET", "/api/v1/quick-replies", as, nil).want(t, 200, "list").JSON(t)["items"].([]any) {
				out = append(out, it.(map[string]any)["title"].(string))
			}
			return out
		}
		if got := fmt.Sprint(titles("eng_east1")); got != "[进度 华东上门 我的]" {
			t.Errorf("eng_east1 sees %s", got)
		}
		if got := fmt.Sprint(titles("eng_sh1")); got != "[进度 华东上门]" { // Shanghai is below East
			t.Errorf("eng_sh1 sees %s", got)
		}
		if got := fmt.Sprint(titles("eng_west1")); got != "[进度]" {
			t.Errorf("eng_west1 sees %s", got)
		}
		ownID := int64(own["id"].(float64))
		e.do("PUT", fmt.Sprintf("/api/v1/quick-replies/%d", ownID), "eng_east2", map[string]any{"scope": "person", "title": "改", "body": "改"}).
			want(t, 404, "someone else's reply")
		e.do("POST", fmt.Sprintf("/api/v1/quick-replies/%d/render", int64(east["id"].(float64))), "eng_west1",
			map[string]any{"ticket_id": f.ByName["w1_team_e2"].ID}).want(t, 404, "a department reply outside it")
		var company int64
		for _, it := range e.do("GET", "/api/v1/quick-replies", "eng_east1", nil).JSON(t)["items"].([]any) {
			if m := it.(map[string]any); m["scope"] == "company" {
				company = int64(m["id"].(float64))
			}
		}
		tk := f.ByName["e1_open"]
		text := e.do("POST", fmt.Sprintf("/api/v1/quick-replies/%d/render", company), "eng_east1",
			map[string]any{"ticket_id": tk.ID}).want(t, 200, "render").JSON(t)["text"]
		want := fmt.Sprintf("您好，工单 %s（e1_open）当前处理中，负责人陈工。——陈工", tk.Number)
		if text != want {
			t.Errorf("rendered %q, want %q", text, want)
		}
		en := e.do("POST", fmt.Sprintf("/api/v1/quick-replies/%d/render", company), "eng_east1",
			map[string]any{"ticket_id": tk.ID}, "Accept-Language", "en").JSON(t)["text"].(string)
		if !strings.Contains(en, "in progress") {
			t.Errorf("english render %q", en)
		}
		e.do("DELETE", fmt.Sprintf("/api/v1/quick-replies/%d", ownID), "eng_east1", nil).want(t, 204, "delete own")
	})
}

func TestAdminEndpointsAreAdminsOnly(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		repair := e.k.Template(t, "after_sale_repair")
		tpl := e.do("GET", fmt.Sprintf("/api/v1/templates/%d", repair), "agent1", nil).want(t, 200, "anyone reads templates").JSON(t)
		delete(tpl, "id")
		delete(tpl, "version")
		delete(tpl, "enabled")
		delete(tpl, "created_at")
		tpl["name"] = "售后维修（新）"
		copied := maps.Clone(tpl)
		copied["code"], copied["name"] = "after_sale_repair_b", "售后维修（乙）"
		// What the writes below change, made by an admin first.
		id := func(r resp) int64 { return int64(r.JSON(t)["id"].(float64)) }
		rule := map[string]any{"name": "华东投诉", "enabled": true, "target_kind": "dept", "target_id": 4,
			"strategy": "round_robin", "when": map[string]any{"priorities": []string{"urgent"}}}
		ruleID := id(e.do("POST", "/api/v1/admin/dispatch-rules", "admin", rule).want(t, 201, "rule"))
		shareID := id(e.do("POST", "/api/v1/admin/sharing-rules", "admin", map[string]any{"source_kind": "dept", "source_id": 5,
			"target_kind": "user", "target_id": e.k.ID(t, "cs_lead"), "access": "read"}).want(t, 201, "sharing rule"))
		presale := e.k.Template(t, "presale_consultation")
		form := map[string]any{"name": "官网报修", "template_id": presale}
		formID := id(e.do("POST", "/api/v1/admin/forms", "admin", form).want(t, 201, "form"))
		hookID := id(e.do("POST", "/api/v1/admin/webhooks", "admin", map[string]any{"url": "https://hooks.example.com/t"}).want(t, 201, "webhook"))
		at := func(format string, id int64) string { return fmt.Sprintf(format, id) }
		cases := []struct {
			method, path string
			body         any
			admin        int
		}{
			{"PUT", fmt.Sprintf("/api/v1/templates/%d", repair), tpl, 200},
			{"PUT", fmt.Sprintf("/api/v1/templates/%d/enabled", repair), map[string]any{"enabled": true}, 204},
			{"GET", fmt.Sprintf("/api/v1/templates/%d/cost-rules", repair), nil, 200},
			{"PUT", fmt.Sprintf("/api/v1/templates/%d/cost-rules", repair), map[string]any{"rules": []map[string]any{{"kind": "travel", "target": "owner_dept"}}}, 204},
			{"GET", "/api/v1/admin/dispatch-rules", nil, 200},
			{"POST", "/api/v1/admin/dispatch-rules", map[string]any{"name": "华东投诉", "enabled": true, "target_kind": "dept", "target_id": 4,
				"strategy": "round_robin", "when": map[string]any{"priorities": []string{"urgent"}}}, 201},
			{"GET", "/api/v1/admin/sharing-rules", nil, 200},
			{"POST", "/api/v1/admin/sharing-rules", map[string]any{"source_kind": "dept", "source_id": 6, "target_kind": "user",
				"target_id": e.k.ID(t, "cs_lead"), "access": "read"}, 201},
			{"GET", "/api/v1/admin/settings", nil, 200},
			{"PUT", "/api/v1/admin/settings", map[string]any{"settings": map[string]string{"crm.lookup_mode": "exact"}}, 200},
			{"PUT", "/api/v1/admin/calendar/2026-10-01", map[string]any{"workday": false, "note": "国庆"}, 204},
			{"DELETE", "/api/v1/admin/calendar/2026-10-01", nil, 204},
			{"GET", "/api/v1/admin/notices/dead", nil, 200},
			{"GET", "/api/v1/admin/webhooks", nil, 200},
			{"GET", "/api/v1/admin/forms", nil, 200},
			{"POST", "/api/v1/templates", copied, 201},
			{"PUT", at("/api/v1/admin/dispatch-rules/%d", ruleID), rule, 200},
			{"DELETE", at("/api/v1/admin/dispatch-rules/%d", ruleID), nil, 204},
			{"DELETE", at("/api/v1/admin/sharing-rules/%d", shareID), nil, 204},
			{"POST", "/api/v1/admin/forms", form, 201},
			{"PUT", at("/api/v1/admin/forms/%d", formID), map[string]any{"name": "官网报修（停用）", "template_id": presale, "enabled": false}, 200},
			{"PUT", at("/api/v1/admin/webhooks/%d/enabled", hookID), map[string]any{"enabled": false}, 204},
			{"GET", at("/api/v1/admin/webhooks/%d/deliveries", hookID), nil, 200},
			{"DELETE", at("/api/v1/admin/webhooks/%d", hookID), nil, 204},
		}
		for _, c := range cases {
			r := e.do(c.method, c.path, "svc_mgr", c.body)
			if r.Status != 403 || r.JSON(t)["code"] != "admin.required" {
				t.Errorf("%s %s as svc_mgr: %d %s", c.method, c.path, r.Status, r.Body)
			}
			e.do(c.method, c.path, "admin", c.body).want(t, c.admin, c.method+" "+c.path+" as admin")
		}
		set := e.do("GET", "/api/v1/admin/settings", "admin", nil).JSON(t)["settings"].(map[string]any)
		if set["crm.lookup_mode"] != "exact" {
			t.Errorf("settings %v", set)
		}
		r := e.do("PUT", "/api/v1/admin/settings", "admin", map[string]any{"settings": map[string]string{"crm.lookup_mode": "psychic", "x": "y"}}).
			want(t, 400, "bad settings")
		if f := fields(t, r); f["crm.lookup_mode"] == nil || f["x"] == nil {
			t.Errorf("bad settings: %s", r.Body)
		}
		bad := map[string]any{"code": "UPPER", "name": "", "scene": "x", "dispatch_mode": 9, "transfer_approver": "nobody"}
		r = e.do("POST", "/api/v1/templates", "admin", bad).want(t, 400, "bad template")
		if f := fields(t, r); len(f) < 5 {
			t.Errorf("every bad template field: %s", r.Body)
		}
		tpls := e.do("GET", "/api/v1/templates", "agent1", nil).want(t, 200, "templates").JSON(t)["items"].([]any)
		if len(tpls) < 5 {
			t.Errorf("templates %d", len(tpls))
		}
	})
}

func TestStatsCostsCRMAndPrint(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		f := e.k.SeedTickets(t)
		tk := f.ByName["e1_open"]
		e.do("POST", fmt.Sprintf("/api/v1/tickets/%d/costs", tk.ID), "eng_east1",
			map[string]any{"kind": "travel", "amount_cents": 5000, "incurred_on": "2026-03-02"}).want(t, 201, "cost")
		st := e.do("GET", "/api/v1/stats/tickets?from=2026-03-01&to=2026-03-03", "east_mgr", nil).want(t, 200, "stats").JSON(t)
		all := e.do("GET", "/api/v1/stats/tickets?from=2026-03-01&to=2026-03-03", "admin", nil).want(t, 200, "stats").JSON(t)
		if st["created"].(float64) == 0 || st["created"].(float64) >= all["created"].(float64) || len(st["daily"].([]any)) != 3 {
			t.Errorf("east_mgr's stats %v, admin's created %v", st, all["created"])
		}
		e.do("GET", "/api/v1/stats/tickets?from=2026-03-05&to=2026-03-01", "admin", nil).want(t, 400, "backwards range")
		e.do("GET", "/api/v1/stats/tickets?from=yesterday&to=2026-03-01", "admin", nil).want(t, 400, "bad day")
		totals := e.do("GET", "/api/v1/costs/totals?from=2026-03-01&to=2026-03-31&by=dept", "east_mgr", nil).want(t, 200, "totals").JSON(t)
		items := totals["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["key"] != "4" || items[0].(map[string]any)["amount_cents"] != float64(5000) {
			t.Errorf("east totals %v", items)
		}
		if got := e.do("GET", "/api/v1/costs/totals?from=2026-03-01&to=2026-03-31&by=dept", "eng_west1", nil).JSON(t)["items"].([]any); len(got) != 0 {
			t.Errorf("west sees east's costs: %v", got)
		}
		e.do("GET", "/api/v1/costs/totals?from=2026-03-01&to=2026-03-31&by=planet", "admin", nil).want(t, 400, "bad group")

		cu := e.do("POST", "/api/v1/customers", "eng_east1", map[string]any{"name": "东方电子", "phone": "021-6666 8888", "tags": []string{"重点"}}).
			want(t, 201, "customer").JSON(t)
		cid := int64(cu["id"].(float64))
		e.do("POST", fmt.Sprintf("/api/v1/customers/%d/contacts", cid), "agent1", map[string]any{"name": "刘工", "phone": "13800001111"}).
			want(t, 201, "contact")
		opp := e.do("POST", fmt.Sprintf("/api/v1/customers/%d/opportunities", cid), "eng_east1",
			map[string]any{"name": "年度维保", "stage": "proposal", "amount_cents": 1000000}).want(t, 201, "opportunity").JSON(t)
		e.do("PUT", fmt.Sprintf("/api/v1/opportunities/%d", int64(opp["id"].(float64))), "eng_west1",
			map[string]any{"name": "抢单", "stage": "won"}).want(t, 403, "not theirs to change")
		found := e.do("GET", "/api/v1/customers?q=13800001111", "agent1", nil).want(t, 200, "lookup by a contact's phone").JSON(t)["items"].([]any)
		if len(found) != 1 {
			t.Errorf("lookup %v", found)
		}
		v := e.do("GET", fmt.Sprintf("/api/v1/customers/%d", cid), "eng_east1", nil).want(t, 200, "360").JSON(t)
		if len(v["contacts"].([]any)) != 1 || len(v["opportunities"].([]any)) != 1 || v["can_edit"] != true {
			t.Errorf("360 %v", v)
		}
		e.do("PUT", fmt.Sprintf("/api/v1/customers/%d", cid), "eng_east1", map[string]any{"name": "东方电子集团"}).want(t, 200, "rename")

		page := e.do("GET", fmt.Sprintf("/api/v1/tickets/%d/print", tk.ID), "eng_east1", nil).want(t, 200, "print")
		html := string(page.Body)
		if !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") || !strings.Contains(html, tk.Number) ||
			!strings.Contains(html, "处理中") || !strings.Contains(html, "陈工") || !strings.Contains(html, "50.00") {
			t.Errorf("print page:\n%s", html)
		}
		en := string(e.do("GET", fmt.Sprintf("/api/v1/tickets/%d/print", tk.ID), "eng_east1", nil, "Accept-Language", "en").Body)
		if !strings.Contains(en, "Timeline") || !strings.Contains(en, `lang="en"`) {
			t.Errorf("english print page:\n%s", en)
		}
		users := e.do("GET", "/api/v1/org/users", "agent1", nil).want(t, 200, "users").JSON(t)["items"].([]any)
		depts := e.do("GET", "/api/v1/org/departments", "agent1", nil).want(t, 200, "departments").JSON(t)["items"].([]any)
		if len(users) != 20 || len(depts) != 10 {
			t.Errorf("org: %d users, %d departments", len(users), len(depts))
		}
	})
}
