package handler_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWebToCase(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		presale := e.k.Template(t, "presale_consultation")
		repair := e.k.Template(t, "after_sale_repair")
		e.do("POST", "/api/v1/admin/forms", "svc_mgr", map[string]any{"name": "官网咨询", "template_id": presale}).
			want(t, 403, "only admins make forms")
		r := e.do("POST", "/api/v1/admin/forms", "admin", map[string]any{"name": "维修", "template_id": repair}).want(t, 400, "needs a customer")
		if fields(t, r)["customer_id"] == nil {
			t.Errorf("form for a template that needs a customer: %s", r.Body)
		}
		form := e.do("POST", "/api/v1/admin/forms", "admin", map[string]any{"name": "官网咨询", "template_id": presale}).
			want(t, 201, "create form").JSON(t)
		token := form["token"].(string)
		if len(token) < 32 {
			t.Fatalf("token %q", token)
		}
		page := e.do("GET", "/public/forms/"+token, "", nil).want(t, 200, "public form").JSON(t)
		if page["name"] != "官网咨询" || len(page["fields"].([]any)) == 0 {
			t.Errorf("public form %v", page)
		}
		submit := func(ip string, body map[string]any) resp {
			req := httptest.NewRequest("POST", "/public/forms/"+token, strings.NewReader(toJSON(t, body)))
			req.RemoteAddr = ip + ":5000"
			req.Header.Set("X-Forwarded-For", "10.9.9.9") // no proxy is trusted: ignored
			w := httptest.NewRecorder()
			e.engine.ServeHTTP(w, req)
			return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
		}
		good := map[string]any{"subject": "想了解企业版价格", "description": "100人规模", "name": "王先生", "phone": "13912345678",
			"custom_fields": map[string]any{"interest": []string{"air_purifier"}}}
		// Check the template's real options before relying on one.
		opts := e.do("GET", fmt.Sprintf("/api/v1/templates/%d", presale), "agent1", nil).JSON(t)["fields"].([]any)
		first := opts[0].(map[string]any)
		good["custom_fields"] = map[string]any{first["key"].(string): []string{first["options"].([]any)[0].(map[string]any)["value"].(string)}}

		ok := submit("192.0.2.1", good).want(t, 201, "submit")
		number := ok.JSON(t)["number"].(string)
		var page1 listPage
		e.do("GET", "/api/v1/tickets?q="+number, "admin", nil).want(t, 200, "find it").Into(t, &page1)
		if len(page1.Items) != 1 {
			t.Fatalf("submitted ticket %s not found", number)
		}
		tk := e.do("GET", fmt.Sprintf("/api/v1/tickets/%d", page1.Items[0].ID), "admin", nil).JSON(t)
		if tk["origin"] != "web_form" || tk["status"] != "pending_dispatch" || !strings.Contains(tk["description"].(string), "王先生") {
			t.Errorf("submitted ticket %v", tk)
		}
		honey := map[string]any{"subject": "buy now", "name": "bot", "email": "bot@example.com", "website": "http://spam.example"}
		before := e.ticketCount(t)
		if r := submit("192.0.2.2", honey).want(t, 400, "honeypot"); fields(t, r)["website"] == nil {
			t.Errorf("honeypot: %s", r.Body)
		}
		bad := submit("192.0.2.2", map[string]any{"subject": "x", "name": "李", "email": "not-an-email"}).want(t, 400, "bad email")
		if fields(t, bad)["email"] == nil {
			t.Errorf("bad email: %s", bad.Body)
		}
		submit("192.0.2.2", map[string]any{"subject": "x", "name": "李"}).want(t, 400, "no way to reach them")
		if e.ticketCount(t) != before {
			t.Error("a refused submission created a ticket")
		}
		// Five per address per window (the env's limit): this address has
		// used three; the sixth is refused, another address is not.
		submit("192.0.2.2", good).want(t, 201, "fourth")
		submit("192.0.2.2", good).want(t, 201, "fifth")
		if r := submit("192.0.2.2", good).want(t, 429, "sixth"); r.JSON(t)["code"] != "webform.rate_limited" {
			t.Errorf("rate limit: %s", r.Body)
		}
		submit("192.0.2.3", good).want(t, 201, "another address")
		submit("192.0.2.4", good)
		r = e.do("POST", "/public/forms/not-a-token", "", good).want(t, 404, "unknown token")
		if r.JSON(t)["code"] != "webform.not_found" {
			t.Errorf("unknown token: %s", r.Body)
		}
		id := int64(form["id"].(float64))
		e.do("PUT", fmt.Sprintf("/api/v1/admin/forms/%d", id), "admin",
			map[string]any{"name": "官网咨询", "template_id": presale, "enabled": false}).want(t, 200, "disable")
		e.do("GET", "/public/forms/"+token, "", nil).want(t, 404, "disabled form")
		list := e.do("GET", "/api/v1/admin/forms", "admin", nil).want(t, 200, "forms").JSON(t)["items"].([]any)
		if len(list) != 1 || list[0].(map[string]any)["enabled"] != false {
			t.Errorf("forms %v", list)
		}
	})
}
