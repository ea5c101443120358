package handler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// Every page answers through the real engine on every stack, for the
// people it is for, with what the services say they may see.
func TestH5EveryPageRenders(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		f := e.k.SeedTickets(t)
		ctx := context.Background()
		cust := servicetest.Must(e.deps.CRM.CreateCustomer(ctx, e.k.As(t, "agent1"),
			service.Customer{Name: "华东精密仪器有限公司", Phone: "02155550101", RegionDeptID: 4}))(t)
		servicetest.Must(e.deps.CRM.SaveContact(ctx, e.k.As(t, "agent1"),
			service.Contact{CustomerID: cust.ID, Name: "王工", Phone: "13900000001"}))(t)
		repair := e.k.Repair(t, "净化器报修")
		repair.CustomerID = cust.ID
		tk := e.k.Create(t, "agent1", repair)
		form := servicetest.Must(e.deps.Forms.Create(ctx, e.k.As(t, "admin"), service.WebForm{Name: "官网报修",
			TemplateID: e.k.Template(t, "complaint"), CustomerID: cust.ID, Enabled: true}))(t)
		from, to := "2026-03-01", "2026-03-31" // the fixtures' clock is in March 2026

		agent := e.as("agent1")
		cases := []struct {
			who, path string
			has       []string
		}{
			{"agent1", "/h5/tickets", []string{"我负责的", f.ByName["agent1_own"].Number, "筛选"}},
			{"agent1", "/h5/tickets?view=mine", []string{tk.Number, "净化器报修"}}, // the creator's until dispatched
			{"agent1", "/h5/tickets?view=participating", []string{f.ByName["agent1_for_w2"].Number}},
			{"agent1", "/h5/tickets?view=all&status=in_progress&priority=normal&q=agent1&sort=oldest&template_id=", []string{f.ByName["agent1_own"].Number}},
			{"svc_mgr", "/h5/tickets?view=pending_allocation", []string{tk.Number, f.ByName["queue_alloc"].Number}},
			{"svc_mgr", "/h5/tickets?view=pending_dispatch", []string{f.ByName["queue_sm"].Number}},
			{"agent1", "/h5/tickets/new", []string{"售后维修", "不使用模板"}},
			{"agent1", "/h5/tickets/new?template=" + strconv.FormatInt(e.k.Template(t, "after_sale_repair"), 10),
				[]string{"设备序列号", "保修状态", `value="in_warranty" selected`}},
			{"agent1", "/h5/tickets/new?template=none", []string{`name="owner_id"`, `name="receiving_dept_id"`}},
			{"agent1", ticketPath(tk.ID), []string{tk.Number, "华东精密仪器有限公司", "AP-1000-77", "处理过程", "待分配"}},
			{"agent1", ticketPath(f.ByName["agent1_own"].ID) + "/edit", []string{"编辑工单", `name="version"`}},
			{"agent1", "/h5/customers?q=华东", []string{"华东精密仪器有限公司"}},
			{"agent1", fmt.Sprintf("/h5/customers/%d", cust.ID), []string{"王工", tk.Number}},
			{"agent1", fmt.Sprintf("/h5/customers/%d/links", cust.ID), []string{`"label":"王工"`}},
			{"agent1", "/h5/customers/lookup?q=" + url.QueryEscape("华东精密"), []string{`"label":"华东精密仪器有限公司`}},
			{"svc_mgr", "/h5/dashboard?from=" + from + "&to=" + to, []string{`id="tile-created"`, "chart-data", "chart.umd.js"}},
			{"admin", "/h5/admin", []string{"自动分派规则", "共享规则"}},
			{"admin", "/h5/admin/templates", []string{"售后维修", "after_sale_repair"}},
			{"admin", "/h5/admin/templates/" + strconv.FormatInt(e.k.Template(t, "after_sale_repair"), 10), []string{"设备序列号", "停用"}},
			{"admin", "/h5/admin/rules", []string{"自动分派规则"}},
			{"admin", "/h5/admin/sharing", []string{"共享规则", "群组"}},
			{"admin", "/h5/admin/notices", []string{"没有发送失败的通知"}},
			{"admin", "/h5/admin/forms", []string{"官网报修", "/h5/forms/" + form.Token}},
		}
		visitors := map[string]*browserLike{"agent1": agent}
		for _, c := range cases {
			v, ok := visitors[c.who]
			if !ok {
				v = e.as(c.who)
				visitors[c.who] = v
			}
			v.get(c.path).want(t, http.StatusOK, c.who+" "+c.path).has(t, c.who+" "+c.path, c.has...)
		}
		anyone := e.visitor()
		anyone.get("/h5/forms/"+form.Token).want(t, http.StatusOK, "public form").has(t, "public form",
			"官网报修", `id="in-subject"`, `name="website"`, "publicform.js")
		anyone.get("/h5/forms/nosuchtoken").want(t, http.StatusNotFound, "unknown form")
		anyone.get("/h5/login").want(t, http.StatusOK, "sign-in").has(t, "sign-in", "企业微信登录", "演示账号")
		css := anyone.get("/h5/static/h5.css").want(t, http.StatusOK, "style sheet")
		if ct := css.Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
			t.Errorf("style sheet served as %q", ct)
		}
		anyone.get("/h5/static/vendor/chart.umd.js").want(t, http.StatusOK, "chart library").has(t, "chart library", "Chart.js v4.6.1")
		anyone.get("/h5/static/../h5.go").want(t, http.StatusNotFound, "outside the assets")
		// Admin pages beyond templates are the services' to refuse.
		agent.get("/h5/admin/rules").want(t, http.StatusForbidden, "rules as an agent")
		agent.get("/h5/admin/notices").want(t, http.StatusForbidden, "dead letters as an agent")
	})
}

// The list pages keyset-page: the next link carries the cursor and the
// filters, and the pages never repeat a ticket.
func TestH5ListPages(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		for i := range 7 {
			e.k.Create(t, "agent1", service.NewTicket{Subject: fmt.Sprintf("分页-%d", i)})
		}
		v := e.as("agent1")
		seen := map[string]bool{}
		path := "/h5/tickets?view=mine&q=" + url.QueryEscape("分页") + "&limit=3"
		for pages := 0; path != ""; pages++ {
			p := v.get(path).want(t, http.StatusOK, "list page")
			for _, m := range numberPattern.FindAllString(p.Body, -1) {
				if seen[m] {
					t.Fatalf("page %d repeats %s", pages, m)
				}
				seen[m] = true
			}
			path = ""
			if m := nextPattern.FindStringSubmatch(p.Body); m != nil {
				path = htmlUnescape(m[1])
			}
			if pages > 5 {
				t.Fatal("paging does not end")
			}
		}
		if len(seen) != 7 {
			t.Fatalf("the pages listed %d tickets, want 7", len(seen))
		}
		v.get("/h5/tickets?view=nonsense").want(t, http.StatusBadRequest, "an unknown view").has(t, "bad view", "筛选条件有误")
	})
}
