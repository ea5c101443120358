package handler_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
	"github.com/wecom-ticket/ticket/templates/notices"
)

// get fetches a page and returns its status and body.
func get(t *testing.T, client *http.Client, u string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Referrer-Policy") != "no-referrer" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%s: the signed link could leak: headers %v", u, resp.Header)
	}
	return resp.StatusCode, string(body)
}

// The status page and the survey answer through the real engine, in
// Chinese by default and in English on request; a bad link says only
// that it does not work.
func TestCustomerPages(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	n := st.Noticing(t)
	n.Start(t)
	public, err := handler.NewPublicDeps(n.Pages, notices.Files)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler.New(handler.Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Registry: prometheus.NewRegistry(), Public: public}))
	t.Cleanup(srv.Close)
	client := srv.Client()
	ctx := context.Background()

	cust, contact := n.Contact(t, service.Contact{Name: "张三", Email: "zhang@example.com"})
	tk := n.Create(t, "agent1", service.NewTicket{Subject: "热水器漏水 <b>急</b>", CustomerID: cust, ContactID: contact,
		OwnerID: n.ID(t, "eng_east1")})
	records := service.NewRecordService(st.DB, repo.NewRecords(st.DB), n.Tickets)
	servicetest.Must(records.Add(ctx, n.As(t, "eng_east1"), service.NewRecord{TicketID: tk.ID,
		Body: "明天上午上门", Visibility: service.RecordCustomer}))(t)
	servicetest.Must(records.Add(ctx, n.As(t, "eng_east1"), service.NewRecord{TicketID: tk.ID, Body: "内部备注不外传"}))(t)

	var m service.CustomerMessage
	if err := json.Unmarshal(n.Sink.Wait(t, 1, func(x service.Notice) bool { return x.Kind == "customer_created" })[0].Payload, &m); err != nil {
		t.Fatal(err)
	}
	status := srv.URL + strings.TrimPrefix(m.Link, "https://tickets.example.com")
	code, body := get(t, client, status)
	if code != http.StatusOK || !strings.Contains(body, tk.Number) || !strings.Contains(body, "处理中") ||
		!strings.Contains(body, "明天上午上门") || strings.Contains(body, "内部备注") ||
		!strings.Contains(body, "热水器漏水 &lt;b&gt;急&lt;/b&gt;") {
		t.Fatalf("status page %d:\n%s", code, body)
	}
	if _, body := get(t, client, status+"?lang=en"); !strings.Contains(body, "Status: <span class=\"state\">in progress") {
		t.Fatalf("English page:\n%s", body)
	}
	if _, body := get(t, client, status, "Accept-Language", "en-US"); !strings.Contains(body, "Progress") {
		t.Fatalf("English by the browser:\n%s", body)
	}
	for _, bad := range []string{status + "x", srv.URL + service.StatusPagePath + "nonsense",
		srv.URL + service.CSATPagePath + strings.TrimPrefix(status, srv.URL+service.StatusPagePath)} {
		if code, body := get(t, client, bad); code != http.StatusNotFound || !strings.Contains(body, "链接无效或已过期") {
			t.Fatalf("%s: %d\n%s", bad, code, body)
		}
	}

	mustTicket(n.Tickets.Resolve(ctx, n.As(t, "eng_east1"), tk.ID, "更换阀门"))(t)
	_, body = get(t, client, status)
	i := strings.Index(body, service.CSATPagePath)
	if i < 0 {
		t.Fatalf("a resolved ticket's page has no survey link:\n%s", body)
	}
	survey := srv.URL + body[i:i+strings.IndexByte(body[i:], '"')]
	if code, body := get(t, client, survey); code != http.StatusOK || !strings.Contains(body, `name="score"`) {
		t.Fatalf("survey %d:\n%s", code, body)
	}
	post := func(form url.Values) (int, string) {
		t.Helper()
		resp, err := client.PostForm(survey, form)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(url.Values{"score": {"7"}}); code != http.StatusBadRequest || !strings.Contains(body, "请选择 1 到 5 分") {
		t.Fatalf("a bad score: %d\n%s", code, body)
	}
	if code, body := post(url.Values{"score": {"4"}, "comment": {"上门很准时"}}); code != http.StatusOK || !strings.Contains(body, "感谢您的评价") {
		t.Fatalf("answer: %d\n%s", code, body)
	}
	got := servicetest.Must(n.Store.CSATOf(ctx, tk.ID))(t)
	if got.Score != 4 || got.Comment != "上门很准时" || got.OwnerID != n.ID(t, "eng_east1") || got.DeptID != 4 {
		t.Fatalf("stored answer %+v", got)
	}
}

var mustTicket = servicetest.Must[*service.Ticket]
