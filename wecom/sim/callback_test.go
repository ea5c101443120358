package sim_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// counter is a callback endpoint that answers attempt n (1-based) with
// behave(n, w, r) and remembers every body it was sent.
type counter struct {
	mu     sync.Mutex
	bodies []string
}

func (c *counter) serve(t *testing.T, behave func(n int, w http.ResponseWriter, r *http.Request)) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c.mu.Lock()
		c.bodies = append(c.bodies, r.URL.RawQuery+"\n"+string(body))
		n := len(c.bodies)
		c.mu.Unlock()
		behave(n, w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func (c *counter) attempts() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.bodies...)
}

func TestDeliverRetries(t *testing.T) {
	status := func(code int) func(int, http.ResponseWriter, *http.Request) {
		return func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(code) }
	}
	cases := []struct {
		name     string
		retries  int
		timeout  time.Duration // 0: WeCom's 5 s, so only the slow case waits for it
		behave   func(n int, w http.ResponseWriter, r *http.Request)
		attempts int
		wantErr  bool
	}{
		{"empty 200 stops at once", 0, 0, status(http.StatusOK), 1, false},
		{"500 twice, then 200", 0, 0, func(n int, w http.ResponseWriter, _ *http.Request) {
			if n <= 2 {
				w.WriteHeader(http.StatusInternalServerError)
			}
		}, 3, false},
		{"always 503: three retries", 0, 0, status(http.StatusServiceUnavailable), 4, true},
		{"slower than the timeout: three retries", 0, 100 * time.Millisecond, func(_ int, _ http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // hold the request until WeCom gives up on it
		}, 4, true},
		{"retries off", -1, 0, status(http.StatusBadGateway), 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c counter
			e := start(t, sim.Options{CallbackURL: c.serve(t, tc.behave) + "/wecom/callback?app=1", CallbackTimeout: tc.timeout, CallbackRetries: tc.retries})
			_, err := e.SendText(context.Background(), "agent1", "hi")
			if (err != nil) != tc.wantErr || (tc.wantErr && !errors.Is(err, sim.ErrUndelivered)) {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			got := c.attempts()
			if len(got) != tc.attempts {
				t.Fatalf("%d attempts, want %d", len(got), tc.attempts)
			}
			for _, b := range got[1:] {
				if b != got[0] {
					t.Errorf("a retry differs from the first attempt: WeCom resends the same payload")
				}
			}
			if !strings.Contains(got[0], "app=1") {
				t.Errorf("the callback URL's own query was dropped: %s", got[0])
			}
		})
	}
}

func TestDeliverToRealApp(t *testing.T) {
	ctx := context.Background()
	a := newApp(t, func(m *wecom.Message) []byte {
		switch {
		case m.Content == "ping":
			return []byte("<xml><ToUserName>" + m.FromUserName + "</ToUserName><FromUserName>" + sim.DefaultCorpID + "</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>pong</Content></xml>")
		case m.Event == wecom.EventTemplateCard:
			return []byte("<xml><ToUserName>" + m.FromUserName + "</ToUserName><FromUserName>" + sim.DefaultCorpID + "</FromUserName><CreateTime>1</CreateTime><MsgType>update_button</MsgType><Button><ReplaceName>处理中</ReplaceName></Button></xml>")
		}
		return nil
	})
	e := start(t, sim.Options{CallbackURL: a.URL})

	if err := e.VerifyURL(ctx); err != nil {
		t.Fatalf("VerifyURL: %v", err)
	}
	var ids []int64
	for _, msg := range []string{"hello", "ping", "again"} {
		id, err := e.SendText(ctx, "agent1", msg)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := e.SendEvent(ctx, "agent1", wecom.EventEnterAgent, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.SendText(ctx, "ghost", "hi"); !errors.Is(err, sim.ErrUnknownUser) {
		t.Errorf("a callback from a non-member: %v", err)
	}

	got := a.received()
	if len(got) != 4 {
		t.Fatalf("app received %d callbacks", len(got))
	}
	for i, m := range got[:3] {
		if m.MsgID != ids[i] || m.FromUserName != "agent1" || m.ToUserName != sim.DefaultCorpID || m.AgentID != sim.DefaultAgentID {
			t.Errorf("callback %d: %+v", i, m)
		}
		if i > 0 && (m.MsgID <= got[i-1].MsgID || m.CreateTime <= got[i-1].CreateTime) {
			t.Errorf("MsgId and CreateTime must increase: %+v after %+v", m, got[i-1])
		}
	}
	if got[3].Event != wecom.EventEnterAgent || got[3].MsgID != 0 {
		t.Errorf("event %+v", got[3])
	}
	sent := e.Sent("agent1")
	if len(sent) != 1 || !sent[0].Passive || sent[0].Content != "pong" {
		t.Errorf("passive reply recorded as %+v", sent)
	}

	// A passive update_button greys the card out for the clicker only.
	if r := e.send(buttonCard("t1")); errcode(r) != 0 {
		t.Fatal(r)
	}
	if err := e.ClickCard(ctx, "svc_mgr", "t1", "ok", ""); err != nil {
		t.Fatal(err)
	}
	last := e.Sent("svc_mgr")[1]
	if !last.Passive || last.MsgType != "update_button" || last.ReplaceName != "处理中" || last.TaskID != "t1" {
		t.Errorf("recorded %+v", last)
	}
	if err := e.ClickCard(ctx, "svc_mgr", "t1", "no", ""); !errors.Is(err, sim.ErrNotClickable) {
		t.Errorf("clicking after update_button: %v", err)
	}
	if err := e.ClickCard(ctx, "east_mgr", "t1", "no", ""); err != nil {
		t.Errorf("the other approver's card must stay live: %v", err)
	}
}

func TestDeliverChecksTheReply(t *testing.T) {
	cases := []struct {
		name  string
		reply string
		check func(error) bool
	}{
		{"plain 'success' is not a WeCom reply", "success", func(err error) bool { return errors.Is(err, wecom.ErrMalformed) }},
		{"envelope with a forged signature", "<xml><Encrypt>abc</Encrypt><MsgSignature>0</MsgSignature><TimeStamp>1</TimeStamp><Nonce>n</Nonce></xml>", func(err error) bool { return errors.Is(err, wecom.ErrSignature) }},
	}
	for _, tc := range cases {
		var c counter
		url := c.serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, tc.reply) })
		e := start(t, sim.Options{CallbackURL: url})
		if _, err := e.SendText(context.Background(), "agent1", "hi"); !tc.check(err) {
			t.Errorf("%s: err = %v", tc.name, err)
		}
		if n := len(c.attempts()); n != 1 {
			t.Errorf("%s: %d attempts; a 200 is never retried", tc.name, n)
		}
	}
	if _, err := start(t, sim.Options{}).Deliver(context.Background(), []byte("<xml/>")); !errors.Is(err, sim.ErrNoCallbackURL) {
		t.Errorf("no URL: %v", err)
	}
}

func TestVerifyURLRejectsSloppyEcho(t *testing.T) {
	cr, _ := wecom.NewCrypter(sim.DefaultToken, sim.DefaultAESKey, sim.DefaultCorpID)
	var c counter
	url := c.serve(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		echo, _ := cr.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
		_, _ = io.WriteString(w, echo+"\n") // a trailing newline fails WeCom's check
	})
	if err := start(t, sim.Options{CallbackURL: url}).VerifyURL(context.Background()); err == nil {
		t.Error("echo with a trailing newline accepted")
	}
}
