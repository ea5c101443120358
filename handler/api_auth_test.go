package handler_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/wecom-ticket/ticket/service/servicetest"
	"github.com/wecom-ticket/ticket/wecom"
)

func TestSignInAndOut(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		emulator.AddLoginCode("mp-"+e.st.Name, "agent1")
		emulator.AddLoginCode("h5-"+e.st.Name, "eng_east1")
		emulator.AddGuestLoginCode("guest-"+e.st.Name, "o-wechat-visitor")
		emulator.AddLoginCode("gone-"+e.st.Name, "someone_who_left")

		mp := e.do("POST", "/api/v1/auth/miniprogram", "", map[string]any{"code": "mp-" + e.st.Name}).want(t, 200, "mini-program sign-in")
		var sess struct {
			Token     string
			TokenType string `json:"token_type"`
			User      struct{ UserID string }
		}
		mp.Into(t, &sess)
		if sess.Token == "" || sess.TokenType != "Bearer" || sess.User.UserID != "agent1" {
			t.Fatalf("session %+v", sess)
		}
		me := func(tok string) resp {
			return e.do("GET", "/api/v1/me", "", nil, "Authorization", "Bearer "+tok)
		}
		if got := me(sess.Token).want(t, 200, "me").JSON(t)["userid"]; got != "agent1" {
			t.Errorf("me = %v", got)
		}
		// The code is single-use.
		again := e.do("POST", "/api/v1/auth/miniprogram", "", map[string]any{"code": "mp-" + e.st.Name})
		if again.want(t, 401, "reused code").JSON(t)["code"] != "auth.bad_code" {
			t.Errorf("reused code: %s", again.Body)
		}
		e.do("POST", "/api/v1/auth/oauth", "", map[string]any{"code": "h5-" + e.st.Name}).want(t, 200, "H5 sign-in")
		for code, want := range map[string]string{"guest-": "auth.not_member", "gone-": "auth.not_member"} {
			r := e.do("POST", "/api/v1/auth/oauth", "", map[string]any{"code": code + e.st.Name}).want(t, 401, code)
			if r.JSON(t)["code"] != want {
				t.Errorf("%s: %s", code, r.Body)
			}
		}
		e.do("POST", "/api/v1/auth/logout", "", nil, "Authorization", "Bearer "+sess.Token).want(t, 204, "logout")
		r := me(sess.Token).want(t, 401, "after logout")
		if r.JSON(t)["message"] != "请先登录。" {
			t.Errorf("message %s", r.Body)
		}
		r = e.do("GET", "/api/v1/tickets", "", nil, "Accept-Language", "en-US,en;q=0.9")
		if r.want(t, 401, "no token").JSON(t)["message"] != "Please sign in first." {
			t.Errorf("english message: %s", r.Body)
		}
		bad := e.do("POST", "/api/v1/auth/miniprogram", "", map[string]any{"code": "", "corp": "x"}).want(t, 400, "bad body")
		if f, _ := bad.JSON(t)["fields"].(map[string]any); f["corp"] != "unknown field" {
			t.Errorf("unknown field not named: %s", bad.Body)
		}
	})
}

func TestSignInRefusesAnotherCorpAndDemoOff(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	e := newAPIEnv(t, st, envOptions{corpID: "ww-not-this-corp", demoOff: true})
	emulator.AddLoginCode("mp-other-corp", "agent1")
	r := e.do("POST", "/api/v1/auth/miniprogram", "", map[string]any{"code": "mp-other-corp"}).want(t, 401, "other corp")
	if r.JSON(t)["code"] != "auth.other_corp" {
		t.Errorf("other corp: %s", r.Body)
	}
	e.do("POST", "/api/v1/auth/dev", "", map[string]any{"userid": "admin"}).want(t, 404, "demo sign-in with demo off")
}

func TestJSSDKSignature(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	e := newAPIEnv(t, st, envOptions{baseURL: "https://tickets.example.com"})
	page := "https://tickets.example.com/h5/tickets/7?x=1#detail"
	r := e.do("GET", "/api/v1/jssdk/signature?url="+url.QueryEscape(page), "agent1", nil).want(t, 200, "signature")
	var cfg struct {
		CorpID string `json:"corp_id"`
		Corp   struct {
			Timestamp int64
			NonceStr  string `json:"nonce_str"`
			Signature string
		}
		Agent struct {
			Timestamp int64
			NonceStr  string `json:"nonce_str"`
			Signature string
		}
	}
	r.Into(t, &cfg)
	want := wecom.SignJS(emulator.JSAPITicket(), cfg.Corp.NonceStr, cfg.Corp.Timestamp, "https://tickets.example.com/h5/tickets/7?x=1")
	if cfg.Corp.Signature != want.Signature || cfg.CorpID != emulator.Options().CorpID {
		t.Errorf("corp signature %+v, want %s", cfg, want.Signature)
	}
	agent := wecom.SignJS(emulator.AgentJSAPITicket(), cfg.Agent.NonceStr, cfg.Agent.Timestamp, page)
	if cfg.Agent.Signature != agent.Signature {
		t.Errorf("agent signature %s, want %s", cfg.Agent.Signature, agent.Signature)
	}
	e.do("GET", "/api/v1/jssdk/signature?url="+url.QueryEscape("https://evil.example.net/x"), "agent1", nil).want(t, 400, "other host")
	e.do("GET", "/api/v1/jssdk/signature", "agent1", nil).want(t, http.StatusBadRequest, "no url")
}
