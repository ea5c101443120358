package handler_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// The create form is the template's: a refused form comes back with every
// problem beside its field, in the reader's language, with what was typed;
// a good one files the ticket with its custom fields in stored form.
func TestH5CreateFromTheTemplate(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		tpl := strconv.FormatInt(e.k.Template(t, "after_sale_repair"), 10)
		v := e.as("agent1")
		page := v.get("/h5/tickets/new?template="+tpl).want(t, http.StatusOK, "repair form")
		page.has(t, "required marks", `for="in-custom-serial_no">设备序列号<span class="req"`, `for="in-product">产品<span class="req"`)
		page.lacks(t, "mode 4 hides the receiver", `name="owner_id"`, `name="receiving_dept_id"`, `name="opportunity_id"`)
		form := url.Values{"_csrf": {page.csrf(t)}, "template_id": {tpl}, "subject": {"净化器报修"},
			"description": {"无法开机"}, "priority": {"high"}, "customer_id": {"503"},
			"custom.serial_no": {"AP 1000"}, "custom.warranty": {"in_warranty"}, "custom.parts_cost": {"12.345"},
			"custom.visit_time": {"2026-03-03T14:30"}}
		bad := v.post("/h5/tickets", form).want(t, http.StatusBadRequest, "bad fields")
		for slug, want := range map[string]string{"custom-serial_no": "格式不对", "product": "必填", "custom-parts_cost": "最多两位小数"} {
			if got := bad.errorBeside(slug); got != want {
				t.Errorf("beside %s: %q, want %q", slug, got, want)
			}
		}
		bad.has(t, "kept input", `value="净化器报修"`, `value="AP 1000"`, `<option value="high" selected>`, "提交的内容有误")
		v.headers["Accept-Language"] = "en-US,en"
		en := v.post("/h5/tickets", form).want(t, http.StatusBadRequest, "bad fields in English")
		if got := en.errorBeside("custom-serial_no"); got != "does not match the required format" {
			t.Errorf("English problem: %q", got)
		}
		delete(v.headers, "Accept-Language")

		form.Set("custom.serial_no", "AP-1000-77")
		form.Set("product", "空气净化器")
		form.Set("custom.parts_cost", "12.5")
		ok := v.post("/h5/tickets", form).want(t, http.StatusSeeOther, "good form")
		loc := ok.Header.Get("Location")
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/h5/tickets/"), "?ok=create"), 10, 64)
		if err != nil {
			t.Fatalf("created: went to %q", loc)
		}
		tk := servicetest.Must(e.k.Tickets.Get(context.Background(), e.k.As(t, "agent1"), id))(t)
		if tk.Status != service.StatusPendingAllocation || tk.Priority != service.PriorityHigh || tk.Origin != service.OriginAPI {
			t.Errorf("filed as %s %s %s", tk.Status, tk.Priority, tk.Origin)
		}
		want := map[string]any{"serial_no": "AP-1000-77", "warranty": "in_warranty", "parts_cost": "12.50",
			"visit_time": "2026-03-03T06:30:00Z"}
		for k, w := range want {
			if tk.CustomFields[k] != w {
				t.Errorf("custom field %s = %#v, want %#v", k, tk.CustomFields[k], w)
			}
		}
		v.get(loc).want(t, http.StatusOK, "the new ticket").has(t, "new ticket", "工单已创建。", "AP-1000-77", "¥12.50", "2026-03-03 14:30")
	})
}

// Edits go in at the version the form was filled at; a ticket changed
// since refuses the form with the conflict sentence and keeps the other
// change. Lifecycle actions check the version the page showed as well.
func TestH5StaleFormsAreRefused(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		tk := e.k.Create(t, "agent1", service.NewTicket{Subject: "版本"})
		v := e.as("agent1")
		edit := v.get(ticketPath(tk.ID)+"/edit").want(t, http.StatusOK, "edit form")
		detail := v.get(ticketPath(tk.ID)).want(t, http.StatusOK, "detail")
		subject := "别人改的"
		servicetest.Must(e.k.Tickets.Update(ctx, e.k.As(t, "agent1"), tk.ID, tk.Version, service.TicketPatch{Subject: &subject}))(t)

		form := url.Values{"_csrf": {edit.csrf(t)}, "template_id": {"0"}, "version": {edit.field(t, "version")},
			"subject": {"我改的"}, "priority": {"normal"}}
		v.post(ticketPath(tk.ID)+"/edit", form).want(t, http.StatusConflict, "stale edit").has(t, "stale edit", "已被他人修改")
		v.post(ticketPath(tk.ID)+"/do/resolve", url.Values{"_csrf": {detail.csrf(t)}, "version": {detail.field(t, "version")},
			"solution": {"好了"}}).want(t, http.StatusConflict, "stale action").has(t, "stale action", "已被他人修改")
		got := servicetest.Must(e.k.Tickets.Get(ctx, e.k.As(t, "agent1"), tk.ID))(t)
		if got.Subject != subject || got.Status != service.StatusInProgress {
			t.Fatalf("a stale form changed the ticket: %q %s", got.Subject, got.Status)
		}
		fresh := v.get(ticketPath(tk.ID)+"/edit").want(t, http.StatusOK, "fresh edit form")
		form.Set("version", fresh.field(t, "version"))
		v.post(ticketPath(tk.ID)+"/edit", form).want(t, http.StatusSeeOther, "fresh edit")
		if got := servicetest.Must(e.k.Tickets.Get(ctx, e.k.As(t, "agent1"), tk.ID))(t); got.Subject != "我改的" {
			t.Fatalf("the fresh edit did not save: %q", got.Subject)
		}
	})
}
