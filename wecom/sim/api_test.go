package sim_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

func TestGetToken(t *testing.T) {
	e := start(t, sim.Options{TokenRateLimit: 3, TokenTTL: 600e9})
	o := e.Options()
	cases := []struct {
		name         string
		corp, secret string
		want         int64
	}{
		{"no corpid", "", o.CorpSecret, 41002},
		{"wrong corpid", "ww_other", o.CorpSecret, wecom.CodeBadCorpID},
		{"no secret", o.CorpID, "", 41004},
		{"wrong secret", o.CorpID, "nope", wecom.CodeBadSecret},
		{"ok", o.CorpID, o.CorpSecret, 0},
		{"ok again", o.CorpID, o.CorpSecret, 0},
		{"ok a third time", o.CorpID, o.CorpSecret, 0},
		{"over the rate limit", o.CorpID, o.CorpSecret, wecom.CodeFreqLimit},
	}
	for _, tc := range cases {
		got := e.call("GET", "/cgi-bin/gettoken", url.Values{"corpid": {tc.corp}, "corpsecret": {tc.secret}}, nil)
		if errcode(got) != tc.want {
			t.Errorf("%s: %v, want errcode %d", tc.name, got, tc.want)
		}
		if tc.want == 0 && (got["access_token"] == "" || fmt.Sprint(got["expires_in"]) != "600") {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	if n := e.TokenCalls(); n != len(cases) {
		t.Errorf("TokenCalls = %d, want %d", n, len(cases))
	}
}

func TestTokenChecks(t *testing.T) {
	e := start(t, sim.Options{})
	tok := e.token()
	post := func(tok string) int64 {
		return errcode(e.call("POST", "/cgi-bin/message/send", url.Values{"access_token": {tok}}, text("agent1", "hi")))
	}
	if c := post(""); c != wecom.CodeNoToken {
		t.Errorf("no token: %d", c)
	}
	if c := post("forged"); c != wecom.CodeBadToken {
		t.Errorf("unknown token: %d", c)
	}
	if c := post(tok); c != 0 {
		t.Errorf("valid token: %d", c)
	}
	e.ExpireTokens()
	if c := post(tok); c != wecom.CodeTokenExpired {
		t.Errorf("expired token: %d", c)
	}
}

func TestMessageSendValidation(t *testing.T) {
	button := func(task string, n int) map[string]any {
		var list []map[string]any
		for i := range n {
			list = append(list, map[string]any{"text": "b", "key": fmt.Sprint("k", i)})
		}
		return map[string]any{"touser": "agent1", "msgtype": "template_card", "agentid": sim.DefaultAgentID,
			"template_card": map[string]any{"card_type": "button_interaction", "task_id": task, "main_title": map[string]any{"title": "t"}, "button_list": list}}
	}
	many := func(n int, f func(int) string) string {
		var s []string
		for i := range n {
			s = append(s, f(i))
		}
		return strings.Join(s, "|")
	}
	with := func(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }
	cases := []struct {
		name string
		body any
		want int64
		resp map[string]string // fields of the answer to check
	}{
		{"ok", text("agent1", "hi"), 0, nil},
		{"\\u escape", []byte(`{"touser":"agent1","msgtype":"text","agentid":1000002,"text":{"content":"\u003ca\u003e"}}`), wecom.CodeUnicodeEscape, nil},
		{"escaped backslash is fine", []byte(`{"touser":"agent1","msgtype":"text","agentid":1000002,"text":{"content":"C:\\users"}}`), 0, nil},
		{"not json", []byte(`{"touser":`), 47001, nil},
		{"agentid as string", with(text("agent1", "hi"), "agentid", "1000002"), 0, nil},
		{"no agentid", with(text("agent1", "hi"), "agentid", nil), 41011, nil},
		{"wrong agentid", with(text("agent1", "hi"), "agentid", 1), 40056, nil},
		{"unknown msgtype", with(text("agent1", "hi"), "msgtype", "fax"), 40008, nil},
		{"empty text", text("agent1", ""), 44004, nil},
		{"2048 bytes", text("agent1", strings.Repeat("a", 2048)), 0, nil},
		{"2049 bytes", text("agent1", strings.Repeat("a", 2049)), 45002, nil},
		{"markdown", map[string]any{"touser": "agent1", "msgtype": "markdown", "agentid": sim.DefaultAgentID, "markdown": map[string]any{"content": "**x**"}}, 0, nil},
		{"textcard relative url", map[string]any{"touser": "agent1", "msgtype": "textcard", "agentid": sim.DefaultAgentID,
			"textcard": map[string]any{"title": "t", "description": "d", "url": "/t/1"}}, 40058, nil},
		{"7 buttons", button("t7", 7), 40058, nil},
		{"interactive card without task_id", button("", 2), 40058, nil},
		{"some users unknown", text("agent1|Ghost|nobody", "hi"), 0, map[string]string{"invaliduser": "ghost|nobody"}},
		{"all unknown", text("ghost", "hi"), wecom.CodeNoValidRecipients, map[string]string{"invaliduser": "ghost"}},
		{"unknown party and tag", with(with(text("agent1", "hi"), "toparty", "999"), "totag", "5"), 0, map[string]string{"invalidparty": "999", "invalidtag": "5"}},
		{"1001 users", text(many(1001, func(i int) string { return fmt.Sprint("u", i) }), "hi"), 40032, nil},
		{"101 parties", with(text("agent1", "hi"), "toparty", many(101, func(i int) string { return fmt.Sprint(i) })), 82002, nil},
		{"101 tags", with(text("agent1", "hi"), "totag", many(101, func(i int) string { return fmt.Sprint(i) })), 82003, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, sim.Options{})
			got := e.send(tc.body)
			if errcode(got) != tc.want {
				t.Fatalf("answer %v, want errcode %d", got, tc.want)
			}
			for k, v := range tc.resp {
				if got[k] != v {
					t.Errorf("%s = %v, want %q", k, got[k], v)
				}
			}
			if tc.want == 0 && (got["msgid"] == "" || len(e.Sent("agent1")) != 1) {
				t.Errorf("not delivered: %v", got)
			}
		})
	}
}

func TestRecipientExpansion(t *testing.T) {
	off := false
	org := demoOrg(t)
	for i := range org.Users {
		if org.Users[i].UserID == "eng_sh1" {
			org.Users[i].Enabled = &off
		}
	}
	cases := []struct {
		name, touser, toparty string
		want                  []string
	}{
		{"department reaches its subtree, not disabled members", "", "4", []string{"east_mgr", "eng_east1", "eng_east2", "eng_east3"}},
		{"user and party overlap once", "east_mgr", "4", []string{"east_mgr", "eng_east1", "eng_east2", "eng_east3"}},
		{"@all", "@all", "", nil},
	}
	for _, tc := range cases {
		e := start(t, sim.Options{Org: org})
		body := text(tc.touser, "hi")
		body["toparty"] = tc.toparty
		if got := e.send(body); errcode(got) != 0 {
			t.Fatalf("%s: %v", tc.name, got)
		}
		var got []string
		for _, m := range e.SentSince("", 0) {
			got = append(got, m.UserID)
		}
		want := tc.want
		if want == nil { // @all: every active member
			for _, u := range org.Users {
				if u.Enabled == nil || *u.Enabled {
					want = append(want, u.UserID)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: delivered to %v, want %v", tc.name, got, want)
		}
	}
}
