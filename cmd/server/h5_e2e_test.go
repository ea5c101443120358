package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The acceptance in a real browser: agent1 signs in (demo mode)
// and files an after-sale repair from its template; a bad field comes
// back beside its input; the ticket shows in agent1's 我负责的; svc_mgr
// allocates it from the 待分配 queue and dispatches it from the 待派工
// queue with the engineer picker; svc_mgr's dashboard counts it.
// Screenshots of the list, the detail and the dashboard at 390×844 go to
// H5_SCREENSHOT_DIR.
func TestH5WorkbenchInChromium(t *testing.T) {
	chromium := chromiumPath(t)
	start := time.Now()
	e := newE2E(t, stacks(t)[0])
	e.start()
	b := newBrowser(t, chromium, fmt.Sprintf("http://127.0.0.1:%d", e.port))
	t.Logf("server and browser up in %s", time.Since(start).Round(time.Millisecond))
	lap := time.Now()

	// The customer the repair is for, set up through the JSON API.
	status, sess := e.call("POST", "/api/v1/auth/dev", "", map[string]any{"userid": "agent1"})
	if status != 200 {
		t.Fatalf("demo sign-in: %d %v", status, sess)
	}
	status, cust := e.call("POST", "/api/v1/customers", sess["token"].(string),
		map[string]any{"name": "华东精密仪器有限公司", "phone": "021-5555-0101", "region_dept_id": 4})
	if status != 201 {
		t.Fatalf("customer: %d %v", status, cust)
	}

	b.signIn("agent1")
	number := b.fileRepair()
	t.Logf("agent1 filed %s in %s", number, time.Since(lap).Round(time.Millisecond))
	lap = time.Now()

	// The ticket waits for allocation; until dispatch it is its creator's,
	// so it is in agent1's 我负责的.
	b.open("/h5/tickets?view=mine")
	if got := b.text("ul.cards"); !strings.Contains(got, number) || !strings.Contains(got, "空气净化器不开机") {
		t.Fatalf("我负责的 of agent1 does not list %s: %q", number, got)
	}
	b.shot("list")
	b.fitsWidth(360, "the ticket list")

	b.signOut()
	b.signIn("svc_mgr")
	b.fromQueue("pending_allocation", number, "allocate", "#alloc-dept", "速修外包服务商", "待派工")
	b.fromQueue("pending_dispatch", number, "dispatch", "#dispatch-owner", "朱师傅", "处理中")
	if got := b.text("#t-owner"); got != "朱师傅" {
		t.Fatalf("after dispatch the owner is %q, want 朱师傅", got)
	}
	if got := b.text(".flash"); got != "已派工。" {
		t.Fatalf("flash after dispatch: %q", got)
	}
	b.shot("detail")
	b.fitsWidth(360, "the ticket detail")
	t.Logf("svc_mgr allocated and dispatched in %s", time.Since(lap).Round(time.Millisecond))
	lap = time.Now()

	b.open("/h5/dashboard")
	b.do(waitDrawn())
	for tile, want := range map[string]string{"created": "1", "open": "1"} {
		if got := b.text("#tile-" + tile + " .tile-v"); got != want {
			t.Errorf("dashboard tile %s = %q, want %s", tile, got, want)
		}
	}
	if got := js[string](b, `[...document.querySelectorAll("#table-status tr")].find(r => r.textContent.includes("处理中")).cells[1].textContent`); got != "1" {
		t.Errorf("dashboard: 处理中 = %q, want 1", got)
	}
	if got := js[string](b, `document.querySelector("#table-engineers tbody").textContent`); !strings.Contains(got, "朱师傅") {
		t.Errorf("dashboard workload does not name 朱师傅: %q", got)
	}
	b.shot("dashboard")
	b.fitsWidth(360, "the dashboard")
	t.Logf("dashboard checked in %s", time.Since(lap).Round(time.Millisecond))
	lap = time.Now()

	// Every other page, as an admin, at 360 px too; and in English.
	b.signOut()
	b.signIn("admin")
	for name, path := range map[string]string{"pick": "/h5/tickets/new", "customers": "/h5/customers?q=" + "华东",
		"customer": fmt.Sprintf("/h5/customers/%v", cust["id"]), "admin": "/h5/admin", "templates": "/h5/admin/templates",
		"template": "/h5/admin/templates/1", "rules": "/h5/admin/rules", "sharing": "/h5/admin/sharing",
		"notices": "/h5/admin/notices", "forms": "/h5/admin/forms", "edit": "/h5/tickets/1/edit",
		"template-new": "/h5/admin/templates/new", "template-edit": "/h5/admin/templates/1/edit",
		"rule-new": "/h5/admin/rules/new", "form-new": "/h5/admin/forms/new"} {
		b.open(path)
		if got := b.text("main"); strings.Contains(got, "没有找到") || strings.Contains(got, "出错") {
			t.Errorf("%s: %q", path, got)
		}
		b.fitsWidth(360, path)
		b.shot("page-" + name)
	}
	b.open("/h5/lang/en?back=/h5/tickets/1")
	if got := b.text("#t-state"); got != "in progress" {
		t.Errorf("in English the state reads %q", got)
	}
	b.shot("detail-en")
	b.fitsWidth(360, "the English detail")
	t.Logf("other pages checked in %s; browser test %s in all", time.Since(lap).Round(time.Millisecond),
		time.Since(start).Round(time.Millisecond))
}

// signIn uses the demo sign-in as userid.
func (b *browser) signIn(userid string) {
	b.t.Helper()
	b.open("/h5/login")
	b.choose("#userid", userid)
	b.submit(`form.demo button[type=submit]`)
	if got := b.text("footer"); !strings.Contains(got, "当前用户") {
		b.t.Fatalf("not signed in as %s: footer %q", userid, got)
	}
}

func (b *browser) signOut() {
	b.t.Helper()
	b.submit(`form[action="/h5/logout"] button`)
	if loc := b.location(); !strings.Contains(loc, "/h5/login") {
		b.t.Fatalf("signing out went to %s", loc)
	}
}

// fileRepair fills in the after-sale repair form: first with a serial
// number the template's pattern refuses, which must come back beside its
// input, then correctly. It returns the new ticket's number.
func (b *browser) fileRepair() string {
	b.t.Helper()
	b.open("/h5/tickets/new")
	b.submit(`a[data-code="after_sale_repair"]`)
	if got := b.text("form.ticket-form"); !strings.Contains(got, "设备序列号") || !strings.Contains(got, "保修状态") {
		b.t.Fatalf("the repair form lacks its template's fields: %q", got)
	}
	if js[bool](b, `document.querySelector("form.ticket-form [name=owner_id]") !== null`) {
		b.t.Fatal("the repair form offers an owner, which its dispatch mode decides")
	}
	b.fitsWidth(360, "the ticket form")
	b.do(sendKeys("#in-subject", "空气净化器不开机"),
		sendKeys("#in-description", "客户反映按电源键无反应，指示灯不亮。"),
		sendKeys("#in-product", "空气净化器 AP-1000"),
		sendKeys("#in-customer_id-q", "华东精密仪器有限公司"))
	b.waitFor(`document.getElementById("in-customer_id").value !== ""`, "the customer picker to find the customer")
	b.do(sendKeys("#in-custom-serial_no", "AP 1000 77"))
	if status := b.submit(`form.ticket-form button[type=submit]`); status != 400 {
		b.t.Fatalf("a bad serial number answered %d, want 400", status)
	}
	if got := b.text("#err-custom-serial_no"); got != "格式不对" {
		b.t.Fatalf("the serial number's problem beside it: %q, want 格式不对", got)
	}
	if got := js[string](b, `document.getElementById("in-subject").value`); got != "空气净化器不开机" {
		b.t.Fatalf("the refused form lost what was typed: subject %q", got)
	}
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#field-custom-serial_no")))
	b.shot("form-refused")
	b.do(clearValue("#in-custom-serial_no"), sendKeys("#in-custom-serial_no", "AP-1000-77"))
	b.submit(`form.ticket-form button[type=submit]`)
	if got := b.text(".flash"); got != "工单已创建。" {
		b.t.Fatalf("after creating: flash %q", got)
	}
	if got := b.text("#t-state"); got != "待分配" {
		b.t.Fatalf("a new repair is %q, want 待分配", got)
	}
	return strings.Fields(b.text(".t-head .num"))[0]
}

// fromQueue opens the ticket from a queue's list and takes the action,
// choosing label in its picker; the ticket must then be in state.
func (b *browser) fromQueue(view, number, action, picker, label, state string) {
	b.t.Helper()
	b.open("/h5/tickets?view=" + view)
	b.submit(fmt.Sprintf(`a[data-number=%q]`, number))
	b.do(openAction(action))
	b.choose(picker, label)
	b.submit(fmt.Sprintf(`form[action$="/do/%s"] button[type=submit]`, action))
	if got := b.text("#t-state"); got != state {
		b.t.Fatalf("after %s the state is %q, want %s", action, got, state)
	}
}

// waitFor polls a condition of the page.
func (b *browser) waitFor(cond, what string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !js[bool](b, cond) {
		if time.Now().After(deadline) {
			b.t.Fatalf("timed out waiting for %s at %s", what, b.location())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
