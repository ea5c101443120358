package wecom_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

func TestSendTextIsRecorded(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	content := "报修 <a href=\"https://t.example/1?a=1&b=2\">#1</a>\u2028第二行\x01"
	res, err := c.SendText(context.Background(), wecom.ToUsers("agent1", "nobody"), content)
	if err != nil {
		t.Fatal(err)
	}
	if res.MsgID() == "" || len(res.Batches) != 1 || fmt.Sprint(res.InvalidUsers) != "[nobody]" {
		t.Errorf("result %+v", res)
	}
	got := s.Sent("agent1")
	want := "报修 <a href=\"https://t.example/1?a=1&b=2\">#1</a>\n第二行"
	if len(got) != 1 || got[0].MsgType != "text" || got[0].Content != want || got[0].MsgID != res.MsgID() {
		t.Fatalf("sent %+v", got)
	}
	req := s.Requests("message/send")[0]
	if strings.Contains(string(req.Raw), `\u`) {
		t.Errorf("body has a \\u escape: %s", req.Raw)
	}
	if fmt.Sprintf("%T", req.Body["agentid"]) != "json.Number" {
		t.Errorf("agentid sent as %T, WeCom documents an integer", req.Body["agentid"])
	}
}

func TestErrorPolicy(t *testing.T) {
	cases := []struct {
		name       string
		code       int64
		failures   int
		wantErr    bool
		wantSends  int // message/send requests
		wantTokens int // gettoken requests
		wantKind   service.Kind
		permanent  bool
	}{
		{"42001 once: one refresh", wecom.CodeTokenExpired, 1, false, 2, 2, 0, false},
		{"40014 once: one refresh", wecom.CodeBadToken, 1, false, 2, 2, 0, false},
		{"41001 once: one refresh", wecom.CodeNoToken, 1, false, 2, 2, 0, false},
		{"42001 twice: only one refresh", wecom.CodeTokenExpired, 2, true, 2, 2, service.KindUnavailable, false},
		{"45009 three times: 4th try", wecom.CodeFreqLimit, 3, false, 4, 1, 0, false},
		{"-1 three times: 4th try", wecom.CodeBusy, 3, false, 4, 1, 0, false},
		{"45033 four times: gives up", wecom.CodeConcurrencyLimit, 4, true, 4, 1, service.KindRateLimited, false},
		{"81013: one try", wecom.CodeNoValidRecipients, 1, true, 1, 1, service.KindInvalid, true},
		{"40003: one try", wecom.CodeBadUserID, 1, true, 1, 1, service.KindInvalid, true},
		{"60011: one try", wecom.CodeNoScope, 1, true, 1, 1, service.KindForbidden, true},
		{"48002: one try", wecom.CodeNoPermission, 1, true, 1, 1, service.KindForbidden, true},
		{"60020: one try", wecom.CodeIPNotAllowed, 1, true, 1, 1, service.KindForbidden, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSim(t, service.OrgSnapshot{})
			c := newClient(t, s, newStore(t))
			s.FailNext("message/send", tc.code, tc.failures)
			_, err := c.SendText(context.Background(), wecom.ToUsers("agent1"), "hi")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if n := len(s.Requests("message/send")); n != tc.wantSends {
				t.Errorf("message/send requests = %d, want %d", n, tc.wantSends)
			}
			if n := s.TokenCalls(); n != tc.wantTokens {
				t.Errorf("gettoken requests = %d, want %d", n, tc.wantTokens)
			}
			if !tc.wantErr {
				if len(s.Sent("agent1")) != 1 {
					t.Errorf("message not delivered")
				}
				return
			}
			var ae *wecom.APIError
			if !errors.As(err, &ae) || ae.Code != tc.code || ae.Permanent() != tc.permanent {
				t.Errorf("err = %v, want *APIError %d permanent=%v", err, tc.code, tc.permanent)
			}
			if k := service.KindOf(err); k != tc.wantKind {
				t.Errorf("kind = %v, want %v", k, tc.wantKind)
			}
		})
	}
}

func TestExpiredTokenIsRefreshed(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	ctx := context.Background()
	for i := range 2 {
		if i == 1 {
			s.ExpireTokens()
		}
		if _, err := c.SendText(ctx, wecom.ToUsers("agent1"), "hi"); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.TokenCalls(); n != 2 {
		t.Errorf("gettoken requests = %d, want 2", n)
	}
}

func TestRecipientsAreSplit(t *testing.T) {
	var org service.OrgSnapshot
	org.Departments = []service.DeptSpec{{ID: 1, Name: "root"}}
	var users []string
	for i := range 2500 {
		id := fmt.Sprintf("u%04d", i)
		users = append(users, id)
		org.Users = append(org.Users, service.UserSpec{UserID: id, Name: id, MainDepartment: 1, Departments: []int64{1}})
	}
	s := newSim(t, org)
	c := newClient(t, s, newStore(t))
	res, err := c.SendText(context.Background(), wecom.ToUsers(append(users, users[:10]...)...), "hi")
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests("message/send")
	var sizes []int
	for _, r := range reqs {
		sizes = append(sizes, len(strings.Split(r.Body["touser"].(string), "|")))
	}
	if fmt.Sprint(sizes) != "[1000 1000 500]" || len(res.Batches) != 3 {
		t.Errorf("batch sizes %v, batches %d; want [1000 1000 500]", sizes, len(res.Batches))
	}
	for _, u := range []string{"u0000", "u1999", "u2499"} {
		if n := len(s.Sent(u)); n != 1 {
			t.Errorf("%s received %d messages, want 1", u, n)
		}
	}
}

func TestTokenIsShared(t *testing.T) {
	ctx := context.Background()
	t.Run("sequential", func(t *testing.T) {
		s := newSim(t, service.OrgSnapshot{})
		st := newStore(t)
		for _, c := range []*wecom.Client{newClient(t, s, st), newClient(t, s, st)} {
			if _, err := c.SendText(ctx, wecom.ToUsers("agent1"), "hi"); err != nil {
				t.Fatal(err)
			}
		}
		if n := s.TokenCalls(); n != 1 {
			t.Errorf("gettoken requests = %d, want 1", n)
		}
		key := fmt.Sprintf("gowechat_work__access_token_%s_%d", s.Options().CorpID, s.Options().AgentID)
		if tok, ok, _ := st.Get(ctx, key); !ok || tok == "" {
			t.Errorf("token not under the SDK's key %q", key)
		}
	})
	t.Run("concurrent, two instances", func(t *testing.T) {
		s := newSim(t, service.OrgSnapshot{})
		s.SetLatency("gettoken", 20*time.Millisecond) // widen the window a stampede would need
		st := newStore(t)
		clients := []*wecom.Client{newClient(t, s, st), newClient(t, s, st)}
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Go(func() {
				_, err := clients[i%2].SendText(ctx, wecom.ToUsers("agent1"), "hi")
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := s.TokenCalls(); n != 1 {
			t.Errorf("gettoken requests = %d, want 1", n)
		}
	})
}

func TestBadSecret(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	c, err := wecom.NewClient(wecom.App{CorpID: s.Options().CorpID, Secret: "wrong-secret-value", AgentID: s.Options().AgentID}, newStore(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SendText(context.Background(), wecom.ToUsers("agent1"), "hi")
	var ae *wecom.APIError
	if !errors.As(err, &ae) || ae.Code != wecom.CodeBadSecret || !ae.Permanent() || service.KindOf(err) != service.KindInternal {
		t.Fatalf("err = %v, want permanent 40001", err)
	}
	if strings.Contains(err.Error(), "wrong-secret-value") {
		t.Errorf("error text leaks the secret: %v", err)
	}
	// WeCom bans an IP after repeated bad-secret calls: the client must
	// not ask again on the next send.
	if _, again := c.SendText(context.Background(), wecom.ToUsers("agent1"), "hi"); !errors.As(again, &ae) || ae.Code != wecom.CodeBadSecret {
		t.Errorf("second send: %v", again)
	}
	if n := s.TokenCalls(); n != 1 {
		t.Errorf("gettoken requests = %d, want 1", n)
	}
}

func TestTransportErrorHidesToken(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	st := newStore(t)
	c := newClient(t, s, st)
	if _, err := c.SendText(context.Background(), wecom.ToUsers("agent1"), "warm up"); err != nil {
		t.Fatal(err)
	}
	tok := s.Requests("message/send")[0].Query.Get("access_token")
	s.SetLatency("message/send", time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.SendText(ctx, wecom.ToUsers("agent1"), "hi")
	if !errors.Is(err, context.DeadlineExceeded) || service.KindOf(err) != service.KindUnavailable {
		t.Fatalf("err = %v, want an Unavailable deadline error", err)
	}
	if strings.Contains(err.Error(), tok) {
		t.Errorf("error text leaks the access token: %v", err)
	}
	if n := len(s.Requests("message/send")); n > 2 {
		t.Errorf("message/send requests = %d: a transport error must not be retried here", n)
	}
}
