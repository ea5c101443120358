package handler_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// receiver is a webhook endpoint that records what it got and answers
// with status.
type receiver struct {
	mu     sync.Mutex
	status int
	got    []delivery
}

type delivery struct {
	header http.Header
	body   []byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.got = append(rc.got, delivery{header: r.Header.Clone(), body: body})
	status := rc.status
	rc.mu.Unlock()
	w.WriteHeader(status)
}

func (rc *receiver) deliveries() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.got...)
}

func TestWebhooksAreSignedRetriedAndListed(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		ok := &receiver{status: 200}
		okSrv := httptest.NewServer(ok)
		defer okSrv.Close()
		down := &receiver{status: 503}
		downSrv := httptest.NewServer(down)
		defer downSrv.Close()

		e.do("POST", "/api/v1/admin/webhooks", "svc_mgr", map[string]any{"url": okSrv.URL}).want(t, 403, "admins only")
		e.do("POST", "/api/v1/admin/webhooks", "admin", map[string]any{"url": "ftp://x", "events": []string{"explode"}}).
			want(t, 400, "bad url and event")
		hook := e.do("POST", "/api/v1/admin/webhooks", "admin", map[string]any{"url": okSrv.URL, "events": []string{"create", "resolve"}}).
			want(t, 201, "register").JSON(t)
		secret := hook["secret"].(string)
		hookID := int64(hook["id"].(float64))
		failing := e.do("POST", "/api/v1/admin/webhooks", "admin", map[string]any{"url": downSrv.URL, "events": []string{"create"}}).
			want(t, 201, "register failing").JSON(t)
		listed := e.do("GET", "/api/v1/admin/webhooks", "admin", nil).want(t, 200, "list")
		if len(listed.JSON(t)["items"].([]any)) != 2 || strings.Contains(string(listed.Body), secret) {
			t.Errorf("list: %s", listed.Body)
		}
		e.runOutbox()
		c := e.do("POST", "/api/v1/tickets", "eng_east1", map[string]any{"subject": "硬盘告警"}).want(t, 201, "create").JSON(t)
		id := int64(c["id"].(float64))
		e.do("POST", fmt.Sprintf("/api/v1/tickets/%d/accept", id), "eng_east1", nil).want(t, 200, "accept (not subscribed)")
		e.do("POST", fmt.Sprintf("/api/v1/tickets/%d/resolve", id), "eng_east1", map[string]any{"solution": "换盘"}).want(t, 200, "resolve")
		servicetest.Eventually(t, "two deliveries", func() bool { return len(ok.deliveries()) >= 2 })
		got := ok.deliveries()
		for i, wantEvent := range []string{"create", "resolve"} {
			d := got[i]
			ts, _ := strconv.ParseInt(d.header.Get(service.WebhookHeaderTimestamp), 10, 64)
			if d.header.Get(service.WebhookHeaderSignature) != service.SignWebhook(secret, ts, d.body) {
				t.Errorf("delivery %d: bad signature", i)
			}
			var p service.WebhookPayload
			if err := json.Unmarshal(d.body, &p); err != nil || string(p.Event) != wantEvent || p.Ticket.ID != id ||
				d.header.Get(service.WebhookHeaderEvent) != wantEvent || d.header.Get(service.WebhookHeaderDelivery) != p.ID {
				t.Errorf("delivery %d: %s %v", i, d.body, d.header)
			}
		}
		servicetest.Eventually(t, "the failing hook to be given up", func() bool {
			r := e.do("GET", fmt.Sprintf("/api/v1/admin/webhooks/%d/deliveries", int64(failing["id"].(float64))), "admin", nil)
			items := r.JSON(t)["items"].([]any)
			return len(items) == 1 && items[0].(map[string]any)["status"] == "dead"
		})
		if n := len(down.deliveries()); n != 3 {
			t.Errorf("the failing hook was tried %d times, want 3 (the env's attempts)", n)
		}
		sent := e.do("GET", fmt.Sprintf("/api/v1/admin/webhooks/%d/deliveries", hookID), "admin", nil).want(t, 200, "deliveries").JSON(t)
		items := sent["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["status"] != "sent" {
			t.Errorf("deliveries %v", items)
		}
		dead := e.do("GET", "/api/v1/admin/notices/dead", "admin", nil).want(t, 200, "dead letters").JSON(t)["items"].([]any)
		if len(dead) != 1 {
			t.Fatalf("dead letters %v", dead)
		}
		e.do("GET", "/api/v1/admin/notices/dead", "svc_mgr", nil).want(t, 403, "dead letters are admins'")
		down.mu.Lock()
		down.status = 204
		down.mu.Unlock()
		e.do("POST", fmt.Sprintf("/api/v1/admin/notices/%d/retry", int64(dead[0].(map[string]any)["id"].(float64))), "admin", nil).
			want(t, 204, "retry")
		servicetest.Eventually(t, "the retried delivery", func() bool { return len(down.deliveries()) == 4 })
		e.do("PUT", fmt.Sprintf("/api/v1/admin/webhooks/%d/enabled", hookID), "admin", map[string]any{"enabled": false}).want(t, 204, "pause")
		e.do("POST", "/api/v1/tickets", "eng_east1", map[string]any{"subject": "内存告警"}).want(t, 201, "create")
		e.do("DELETE", fmt.Sprintf("/api/v1/admin/webhooks/%d", hookID), "admin", nil).want(t, 204, "delete")
		e.do("DELETE", fmt.Sprintf("/api/v1/admin/webhooks/%d", hookID), "admin", nil).want(t, 404, "deleted")
		if n := len(ok.deliveries()); n != 2 {
			t.Errorf("a paused hook got %d deliveries", n)
		}
	})
}
