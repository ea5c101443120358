package handler_test

import (
	"fmt"
	"strings"
	"testing"
)

func fields(t *testing.T, r resp) map[string]any {
	t.Helper()
	f, _ := r.JSON(t)["fields"].(map[string]any)
	return f
}

func TestCreateValidatesEveryFieldAndRefusesMassAssignment(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		repair := e.k.Template(t, "after_sale_repair")
		// Every problem at once: required template fields, a bad custom
		// value, a field the template hides, an unknown priority.
		r := e.do("POST", "/api/v1/tickets", "agent1", map[string]any{
			"template_id": repair, "subject": "空调不制冷", "priority": "whenever", "opportunity_id": 3,
			"custom_fields": map[string]any{"serial_no": "坏 序列号", "warranty": "maybe"},
		}).want(t, 400, "bad ticket")
		got := fields(t, r)
		for _, k := range []string{"priority"} {
			if got[k] == nil {
				t.Errorf("binding did not report %s: %s", k, r.Body)
			}
		}
		r = e.do("POST", "/api/v1/tickets", "agent1", map[string]any{
			"template_id": repair, "subject": "空调不制冷", "opportunity_id": 3,
			"custom_fields": map[string]any{"serial_no": "坏 序列号", "warranty": "maybe"},
		}).want(t, 400, "bad ticket")
		got = fields(t, r)
		for _, k := range []string{"customer_id", "product", "description", "opportunity_id", "custom.serial_no", "custom.warranty"} {
			if got[k] == nil {
				t.Errorf("field %s not reported: %s", k, r.Body)
			}
		}
		if r.JSON(t)["code"] != "invalid" || r.JSON(t)["message"] != "提交的内容有误，请按提示修改后重试。" {
			t.Errorf("error body %s", r.Body)
		}
		// The repair template's dispatch mode decides the owner: a creator
		// cannot take it out of the allocation queue by naming one.
		in := e.k.Repair(t, "空调不制冷")
		r = e.do("POST", "/api/v1/tickets", "agent1", map[string]any{"template_id": repair, "subject": in.Subject,
			"customer_id": in.CustomerID, "product": in.Product, "description": in.Description, "custom_fields": in.CustomFields,
			"owner_id": e.k.ID(t, "agent1")}).want(t, 400, "an owner for a mode-4 template")
		if f := fields(t, r); len(f) != 1 || f["owner_id"] == nil {
			t.Errorf("owner on a repair: %s", r.Body)
		}
		for _, field := range []string{"status", "version", "creator_id", "id"} {
			r := e.do("POST", "/api/v1/tickets", "agent1", map[string]any{"subject": "x", field: "in_progress"}).want(t, 400, field)
			if fields(t, r)[field] != "unknown field" {
				t.Errorf("%s accepted: %s", field, r.Body)
			}
		}
		e.do("POST", "/api/v1/tickets", "agent1", `{"subject": "x"} {"subject": "y"}`).want(t, 400, "two objects")
		e.do("POST", "/api/v1/tickets", "agent1", `{"subject": 5}`).want(t, 400, "wrong type")
		e.do("POST", "/api/v1/tickets", "agent1", `{"subject": "`+strings.Repeat("长", 256)+`"}`).want(t, 400, "too long")

		ok := e.do("POST", "/api/v1/tickets", "agent1", map[string]any{"subject": "打印机卡纸", "owner_id": e.k.ID(t, "eng_east1")}).
			want(t, 201, "create")
		tk := ok.JSON(t)
		if tk["status"] != "in_progress" || tk["origin"] != "api" || tk["version"] != float64(1) || tk["number"] == "" {
			t.Errorf("created %s", ok.Body)
		}
	})
}

func TestUpdateNeedsTheVersionAndRefusesAStaleOne(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		c := e.do("POST", "/api/v1/tickets", "eng_east1", map[string]any{"subject": "网络故障"}).want(t, 201, "create")
		path := fmt.Sprintf("/api/v1/tickets/%d", int64(c.JSON(t)["id"].(float64)))
		get := e.do("GET", path, "eng_east1", nil).want(t, 200, "get")
		etag := get.Header.Get("ETag")
		if etag != `"1"` {
			t.Fatalf("ETag %q", etag)
		}
		e.do("PATCH", path, "eng_east1", map[string]any{"subject": "无 If-Match"}).want(t, 400, "no If-Match")
		e.do("PATCH", path, "eng_east1", map[string]any{"owner_id": 1}).want(t, 400, "owner is not a field of an update")
		up := e.do("PATCH", path, "eng_east1", map[string]any{"subject": "网络中断", "priority": "high"}, "If-Match", etag).want(t, 200, "update")
		if up.Header.Get("ETag") != `"2"` || up.JSON(t)["subject"] != "网络中断" || up.JSON(t)["priority"] != "high" {
			t.Errorf("update answered %s %s", up.Header.Get("ETag"), up.Body)
		}
		stale := e.do("PATCH", path, "eng_east1", map[string]any{"subject": "又改"}, "If-Match", etag).want(t, 409, "stale")
		if stale.JSON(t)["code"] != "ticket.version_conflict" {
			t.Errorf("stale update: %s", stale.Body)
		}
		e.do("PATCH", path, "eng_east1", map[string]any{"subject": "弱校验"}, "If-Match", `W/"2"`).want(t, 200, "weak ETag")
		sheet := e.do("GET", path, "eng_east1", nil).want(t, 200, "detail").JSON(t)
		if len(sheet["timeline"].([]any)) != 3 || sheet["access"] != "write" || sheet["sla"] == nil {
			t.Errorf("detail %v", sheet)
		}
	})
}

func TestLifecycleDispatchAndTransferThroughTheAPI(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		// Mode 4: pending allocation → a service manager allocates to East →
		// East's manager dispatches → the engineer works it.
		in := e.k.Repair(t, "净化器无法开机")
		c := e.do("POST", "/api/v1/tickets", "agent2", map[string]any{"template_id": in.TemplateID, "subject": in.Subject,
			"customer_id": in.CustomerID, "product": in.Product, "description": in.Description,
			"custom_fields": in.CustomFields}).want(t, 201, "create repair")
		id := int64(c.JSON(t)["id"].(float64))
		p := func(action string) string { return fmt.Sprintf("/api/v1/tickets/%d/%s", id, action) }
		if c.JSON(t)["status"] != "pending_allocation" {
			t.Fatalf("created %s", c.Body)
		}
		e.do("POST", p("allocate"), "eng_east1", map[string]any{"receiving_dept_id": 4}).want(t, 404, "an engineer cannot even see it")
		e.do("POST", p("allocate"), "svc_mgr", map[string]any{"receiving_dept_id": 4}).want(t, 200, "allocate")
		e.do("POST", p("dispatch"), "east_mgr", map[string]any{"owner_id": e.k.ID(t, "eng_west1")}).want(t, 400, "not East's engineer")
		e.do("POST", p("dispatch"), "east_mgr", map[string]any{"owner_id": e.k.ID(t, "eng_east1")}).want(t, 200, "dispatch")
		e.do("POST", p("accept"), "east_mgr", nil).want(t, 403, "only the owner accepts")
		e.do("POST", p("accept"), "eng_east1", nil).want(t, 200, "accept")
		e.do("POST", p("close"), "eng_east1", nil).want(t, 409, "close before resolve")
		e.do("POST", p("records"), "eng_east1", map[string]any{"body": "上门检测，更换电源板", "minutes": 45}).want(t, 201, "record")
		e.do("POST", p("costs"), "eng_east1", map[string]any{"kind": "parts", "amount_cents": 18000, "note": "电源板"}).want(t, 201, "cost")
		e.do("POST", p("resolve"), "eng_east1", map[string]any{}).want(t, 400, "resolve needs a solution")
		e.do("POST", p("resolve"), "eng_east1", map[string]any{"solution": "更换电源板"}).want(t, 200, "resolve")
		closed := e.do("POST", p("close"), "eng_east1", map[string]any{"note": "客户确认"}).want(t, 200, "close")
		if closed.JSON(t)["status"] != "closed" {
			t.Errorf("closed: %s", closed.Body)
		}
		sheet := e.do("GET", fmt.Sprintf("/api/v1/tickets/%d", id), "eng_east1", nil).want(t, 200, "detail").JSON(t)
		if len(sheet["records"].([]any)) != 1 || len(sheet["costs"].([]any)) != 1 {
			t.Errorf("records/costs missing: %v", sheet)
		}
		e.do("POST", p("reopen"), "eng_east1", map[string]any{"note": "又坏了"}).want(t, 200, "reopen")

		// Transfer with approval: eng_east1 asks, the approver decides.
		tr := e.do("POST", p("transfers"), "eng_east1", map[string]any{"to_user_id": e.k.ID(t, "eng_east2"), "reason": "出差"}).
			want(t, 201, "request transfer").JSON(t)
		tp := fmt.Sprintf("/api/v1/transfers/%d/", int64(tr["id"].(float64)))
		approver := tr["approver_id"].(float64)
		e.do("POST", tp+"approve", "eng_east1", map[string]any{}).want(t, 403, "the requester does not approve")
		var who string
		x, _ := e.st.Org.Index(t.Context())
		for _, u := range x.Users() {
			if float64(u.ID) == approver {
				who = u.UserID
			}
		}
		moved := e.do("POST", tp+"approve", who, map[string]any{"note": "同意"}).want(t, 200, "approve").JSON(t)
		if moved["owner_id"] != float64(e.k.ID(t, "eng_east2")) {
			t.Errorf("after approval: %v", moved)
		}
		e.do("POST", tp+"reject", who, map[string]any{}).want(t, 409, "decided already")

		// Lock refuses everything but unlock; clone copies; void is admin's.
		e.do("POST", p("lock"), "eng_east2", map[string]any{"note": "审计"}).want(t, 200, "lock")
		e.do("POST", p("wait"), "eng_east2", nil).want(t, 409, "locked")
		e.do("POST", p("unlock"), "eng_east2", nil).want(t, 200, "unlock")
		cl := e.do("POST", p("clone"), "eng_east2", map[string]any{"subject": "同客户另一台"}).want(t, 201, "clone").JSON(t)
		if cl["subject"] != "同客户另一台" || cl["id"] == float64(id) {
			t.Errorf("clone %v", cl)
		}
		e.do("POST", p("void"), "eng_east2", map[string]any{"note": "重复"}).want(t, 403, "void is for admins")
		e.do("POST", p("void"), "admin", map[string]any{"note": "重复"}).want(t, 200, "void")
		e.do("GET", fmt.Sprintf("/api/v1/tickets/%d", id), "eng_east2", nil).want(t, 404, "voided tickets are the admins'")
	})
}

func TestBatchOwnerChangeAndMembersAndLinks(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		f := e.k.SeedTickets(t)
		a, b := f.ByName["e1_open"].ID, f.ByName["e1_urgent"].ID
		r := e.do("POST", "/api/v1/tickets/batch/owner", "east_mgr",
			map[string]any{"ticket_ids": []int64{a, b, 999999}, "owner_id": e.k.ID(t, "eng_east2")}).want(t, 200, "batch")
		var out struct {
			Items []struct {
				TicketID int64 `json:"ticket_id"`
				Status   int
				Ticket   *struct {
					OwnerID int64 `json:"owner_id"`
				}
			}
		}
		r.Into(t, &out)
		if len(out.Items) != 3 || out.Items[0].Status != 200 || out.Items[0].Ticket.OwnerID != e.k.ID(t, "eng_east2") ||
			out.Items[2].Status != 404 {
			t.Errorf("batch: %s", r.Body)
		}
		e.do("POST", "/api/v1/tickets/batch/owner", "east_mgr", map[string]any{"ticket_ids": []int64{}, "owner_id": 1}).want(t, 400, "empty batch")
		m := fmt.Sprintf("/api/v1/tickets/%d/members/%d", a, e.k.ID(t, "eng_sh1"))
		e.do("PUT", m, "east_mgr", map[string]any{"role": "assistant"}).want(t, 200, "add assistant")
		e.do("PUT", m, "east_mgr", map[string]any{"role": "boss"}).want(t, 400, "bad role")
		e.do("DELETE", m, "east_mgr", nil).want(t, 200, "remove member")
		e.do("DELETE", m, "east_mgr", nil).want(t, 404, "not a member any more")
		e.do("POST", fmt.Sprintf("/api/v1/tickets/%d/links", a), "east_mgr", map[string]any{"ticket_id": b}).want(t, 204, "link")
		sheet := e.do("GET", fmt.Sprintf("/api/v1/tickets/%d", a), "east_mgr", nil).JSON(t)
		if links := sheet["links"].([]any); len(links) != 1 || links[0] != float64(b) {
			t.Errorf("links %v", sheet["links"])
		}
		e.do("DELETE", fmt.Sprintf("/api/v1/tickets/%d/links/%d", a, b), "east_mgr", nil).want(t, 204, "unlink")
		dups := e.do("GET", "/api/v1/tickets/duplicates?customer_id=501&subject=queue_sm", "svc_mgr", nil).want(t, 200, "duplicates")
		if len(dups.JSON(t)["items"].([]any)) != 1 {
			t.Errorf("duplicates %s", dups.Body)
		}
	})
}

// TestWaitResumeMergeAndUnmergeSucceed: the actions the scope test only
// sees refused do their work for someone allowed to take them.
func TestWaitResumeMergeAndUnmergeSucceed(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		create := func(subject string) int64 {
			c := e.do("POST", "/api/v1/tickets", "eng_east1", map[string]any{"subject": subject, "customer_id": 501}).
				want(t, 201, "create "+subject)
			return int64(c.JSON(t)["id"].(float64))
		}
		dup, into := create("打印机卡纸"), create("打印机卡纸（重复报）")
		p := func(id int64, action string) string { return fmt.Sprintf("/api/v1/tickets/%d/%s", id, action) }
		sheet := fmt.Sprintf("/api/v1/tickets/%d", into)

		waiting := e.do("POST", p(dup, "wait"), "eng_east1", map[string]any{"note": "等客户回电"}).want(t, 200, "wait").JSON(t)
		if waiting["waiting_customer"] != true {
			t.Errorf("after wait: %v", waiting)
		}
		resumed := e.do("POST", p(dup, "resume"), "eng_east1", map[string]any{"note": "客户已回电"}).want(t, 200, "resume").JSON(t)
		if resumed["waiting_customer"] != false || resumed["status"] != "in_progress" {
			t.Errorf("after resume: %v", resumed)
		}
		e.do("POST", p(dup, "resume"), "eng_east1", nil).want(t, 409, "resume when not waiting")

		before := len(e.do("GET", sheet, "eng_east1", nil).want(t, 200, "target").JSON(t)["timeline"].([]any))
		merged := e.do("POST", p(dup, "merge"), "eng_east1", map[string]any{"into_id": into}).want(t, 200, "merge").JSON(t)
		if merged["merged_into_id"] != float64(into) || merged["status"] == "in_progress" {
			t.Errorf("after merge: %v", merged)
		}
		// The target's timeline now carries the duplicate's history.
		after := len(e.do("GET", sheet, "eng_east1", nil).JSON(t)["timeline"].([]any))
		if after <= before+1 {
			t.Errorf("target timeline %d -> %d entries: the duplicate's history is missing", before, after)
		}
		e.do("POST", p(into, "merge"), "eng_east1", map[string]any{"into_id": dup}).want(t, 409, "no chains")

		restored := e.do("POST", p(dup, "unmerge"), "eng_east1", nil).want(t, 200, "unmerge").JSON(t)
		if restored["merged_into_id"] != float64(0) || restored["status"] != "in_progress" {
			t.Errorf("after unmerge: %v", restored)
		}
		e.do("POST", p(dup, "unmerge"), "eng_east1", nil).want(t, 409, "unmerge twice")
	})
}
