package channel_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/channel"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestWebhookDeliveriesAreSignedAndClassified(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	st.SeedDemo(t)
	ctx := context.Background()
	hooks := service.NewWebhookService(st.Org, repo.NewWebhooks(st.DB), nil)
	admin := service.Actor{UserID: st.UserID(t, "admin")}

	var mu sync.Mutex // the server's goroutine and the test's
	var got http.Header
	var method string
	var body []byte
	status := http.StatusNoContent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got, method, body = r.Header.Clone(), r.Method, b
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	hook, err := hooks.Register(ctx, admin, srv.URL+"/hook", nil)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := hooks.Register(ctx, admin, srv.URL+"/moved", nil)
	if err != nil {
		t.Fatal(err)
	}
	d := channel.NewWebhooks(hooks, nil)
	n := service.Notice{DedupeKey: "webhook:1:7", Channel: service.ChannelWebhook, Recipient: service.WebhookRecipient(hook.ID),
		Kind: "resolve", Payload: []byte(`{"event":"resolve"}`)}
	if err := d.Deliver(ctx, []service.Notice{n}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	ts, _ := strconv.ParseInt(got.Get(service.WebhookHeaderTimestamp), 10, 64)
	if method != http.MethodPost || string(body) != `{"event":"resolve"}` || got.Get("Content-Type") != "application/json" ||
		got.Get(service.WebhookHeaderEvent) != "resolve" || got.Get(service.WebhookHeaderDelivery) != "webhook:1:7" ||
		got.Get(service.WebhookHeaderSignature) != service.SignWebhook(hook.Secret, ts, body) {
		t.Errorf("delivery %v %s", got, body)
	}
	mu.Unlock()
	var permanent *service.PermanentError
	cases := []struct {
		name      string
		status    int
		recipient string
		permanent bool
	}{
		{"server error: retried", 500, service.WebhookRecipient(hook.ID), false},
		{"too many requests: retried", 429, service.WebhookRecipient(hook.ID), false},
		{"timeout answer: retried", 408, service.WebhookRecipient(hook.ID), false},
		{"refused: given up", 400, service.WebhookRecipient(hook.ID), true},
		{"gone: given up", 410, service.WebhookRecipient(hook.ID), true},
		{"redirect: not followed, given up", 204, service.WebhookRecipient(moved.ID), true},
		{"deleted webhook: given up", 204, service.WebhookRecipient(99999), true},
		{"not a webhook: given up", 204, "agent1", true},
	}
	for _, c := range cases {
		mu.Lock()
		status = c.status
		mu.Unlock()
		n.Recipient = c.recipient
		err := d.Deliver(ctx, []service.Notice{n})
		if err == nil || errors.As(err, &permanent) != c.permanent {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
