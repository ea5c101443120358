package wecom_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

func TestLoginCodes(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	ctx := context.Background()
	s.AddLoginCode("mp", "agent1")
	s.AddLoginCode("h5", "eng_east1")
	s.AddGuestLoginCode("guest", "o-visitor")

	corp, user, err := c.MiniProgramSession(ctx, "mp")
	if err != nil || corp != s.Options().CorpID || user != "agent1" {
		t.Errorf("jscode2session: %q %q %v", corp, user, err)
	}
	if _, _, err := c.MiniProgramSession(ctx, "mp"); !service.IsKind(err, service.KindInvalid) {
		t.Errorf("a used code: %v", err)
	}
	if user, err := c.OAuthUser(ctx, "h5"); err != nil || user != "eng_east1" {
		t.Errorf("getuserinfo: %q %v", user, err)
	}
	if user, err := c.OAuthUser(ctx, "guest"); err != nil || user != "" {
		t.Errorf("a visitor who is not a member: %q %v", user, err)
	}
	if _, err := c.OAuthUser(ctx, "nope"); !service.IsKind(err, service.KindInvalid) {
		t.Errorf("an unknown code: %v", err)
	}
	if reqs := s.Requests("miniprogram/jscode2session"); len(reqs) == 0 || reqs[0].Query.Get("grant_type") != "authorization_code" {
		t.Errorf("jscode2session request %+v", reqs)
	}
}

func TestJSConfigSignsAndCachesTickets(t *testing.T) {
	// The signature example of WeChat's JS-SDK documentation.
	got := wecom.SignJS("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
		"Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value#fragment")
	if got.Signature != "0f9de62fce790f9a083d5c99e95740ceb90c27ed" {
		t.Errorf("signature %s", got.Signature)
	}
	s := newSim(t, service.OrgSnapshot{})
	st := newStore(t)
	c := newClient(t, s, st)
	ctx := context.Background()
	page := "https://h5.example.com/tickets?id=7#top"
	for range 3 {
		cfg, err := c.JSConfig(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		want := wecom.SignJS(s.JSAPITicket(), cfg.Corp.NonceStr, cfg.Corp.Timestamp, "https://h5.example.com/tickets?id=7")
		agent := wecom.SignJS(s.AgentJSAPITicket(), cfg.Agent.NonceStr, cfg.Agent.Timestamp, page)
		if cfg.Corp != want || cfg.Agent != agent || cfg.CorpID != s.Options().CorpID || cfg.AgentID != s.Options().AgentID {
			t.Fatalf("config %+v", cfg)
		}
	}
	if n, m := len(s.Requests("get_jsapi_ticket")), len(s.Requests("ticket/get")); n != 1 || m != 1 {
		t.Errorf("tickets fetched %d and %d times, want once each (cached in the store)", n, m)
	}
	// Another instance on the same store reuses them too.
	if _, err := newClient(t, s, st).JSConfig(ctx, page); err != nil || len(s.Requests("get_jsapi_ticket")) != 1 {
		t.Errorf("second instance: %v, %d fetches", err, len(s.Requests("get_jsapi_ticket")))
	}
}
