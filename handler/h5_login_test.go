package handler_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service/servicetest"
)

// WeCom OAuth (WECOM.md §7): the sign-in link is built by hand with our
// state and agentid; the callback exchanges the code at the emulator's
// auth/getuserinfo and comes back to the page asked for. Non-members and
// used codes are refused.
func TestH5SignInThroughWeComOAuth(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		tk := e.k.Create(t, "eng_east1", e.k.Complaint(t, "链接"))
		v := e.visitor()
		v.headers["User-Agent"] = "Mozilla/5.0 (iPhone) wxwork/4.1.20 MicroMessenger/7.0.1"
		r := v.get(ticketPath(tk.ID)).want(t, http.StatusFound, "a page opened from WeCom without a session")
		if loc := r.Header.Get("Location"); loc != "/h5/login/wecom?next="+url.QueryEscape(ticketPath(tk.ID)) {
			t.Fatalf("inside WeCom the page goes to %q", loc)
		}
		r = v.get(r.Header.Get("Location")).want(t, http.StatusFound, "to WeCom")
		u, err := url.Parse(r.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		o := emulator.Options()
		for k, want := range map[string]string{"appid": o.CorpID, "agentid": strconv.FormatInt(o.AgentID, 10),
			"response_type": "code", "scope": "snsapi_base",
			"redirect_uri": h5Base + "/h5/oauth/callback?next=" + url.QueryEscape(ticketPath(tk.ID))} {
			if q.Get(k) != want {
				t.Errorf("authorize URL %s = %q, want %q", k, q.Get(k), want)
			}
		}
		if u.Host != "open.weixin.qq.com" || u.Path != "/connect/oauth2/authorize" || u.Fragment != "wechat_redirect" || q.Get("state") == "" {
			t.Fatalf("authorize URL %s", u)
		}
		back, _ := url.Parse(q.Get("redirect_uri"))
		callback := back.Path + "?" + back.RawQuery + "&state=" + url.QueryEscape(q.Get("state"))

		emulator.AddLoginCode("h5-code-e1", "eng_east1")
		r = v.get(callback+"&code=h5-code-e1").want(t, http.StatusSeeOther, "callback")
		if r.Header.Get("Location") != ticketPath(tk.ID) {
			t.Fatalf("after sign-in went to %q", r.Header.Get("Location"))
		}
		v.get(ticketPath(tk.ID)).want(t, http.StatusOK, "the ticket after sign-in").has(t, "signed in", "陈工", tk.Number)

		// A used code, and a visitor who is not a member, are refused.
		w := e.visitor()
		state := w.get("/h5/login/wecom").Header.Get("Location")
		st := mustURL(t, state).Query().Get("state")
		if loc := w.get("/h5/oauth/callback?code=h5-code-e1&state=" + url.QueryEscape(st)).Header.Get("Location"); !strings.Contains(loc, "failed=1") {
			t.Fatalf("a used code went to %q", loc)
		}
		emulator.AddGuestLoginCode("h5-guest", "o-guest")
		if loc := w.get("/h5/oauth/callback?code=h5-guest&state=" + url.QueryEscape(st)).Header.Get("Location"); !strings.Contains(loc, "failed=1") {
			t.Fatalf("a non-member went to %q", loc)
		}
		w.get("/h5/login?failed=1").has(t, "failure", "登录失败")
		if _, ok := w.cookies["h5_session"]; ok {
			t.Fatal("a refused sign-in got a session")
		}
	})
}

// Without demo mode there is no demo sign-in, on the page or behind it.
func TestH5DemoSignInOnlyInDemoMode(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			e := newH5Env(t, st, envOptions{demoOff: true})
			v := e.visitor()
			v.get("/h5/login").want(t, http.StatusOK, "sign-in").lacks(t, "sign-in", "演示账号")
			v.post("/h5/login/demo", url.Values{"_csrf": {v.cookies["h5_pre"].Value}, "userid": {"admin"}}).
				want(t, http.StatusNotFound, "demo sign-in off")
			if _, ok := v.cookies["h5_session"]; ok {
				t.Fatal("demo sign-in worked with demo mode off")
			}
		})
	}
}

// Chinese by default; the switch (a cookie) or the browser's preference
// gives English, and the switch only ever goes back to this site's pages.
func TestH5LanguageSwitch(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		v := e.as("agent1")
		v.get("/h5/tickets").has(t, "default", `<html lang="zh-CN">`, "我负责的")
		r := v.get("/h5/lang/en?back="+url.QueryEscape("/h5/tickets?view=todo")).want(t, http.StatusSeeOther, "switch")
		if r.Header.Get("Location") != "/h5/tickets?view=todo" {
			t.Fatalf("switch went to %q", r.Header.Get("Location"))
		}
		v.get("/h5/tickets?view=todo").has(t, "English", `<html lang="en">`, "To do", "Sign out")
		for _, evil := range []string{"//evil.example/x", "https://evil.example/", "/h5/\\evil", "/other"} {
			if loc := v.get("/h5/lang/zh?back=" + url.QueryEscape(evil)).Header.Get("Location"); loc != "/h5/tickets" {
				t.Errorf("back=%q went to %q", evil, loc)
			}
		}
		w := e.as("agent2")
		w.headers["Accept-Language"] = "en-GB,en;q=0.9"
		w.get("/h5/tickets").has(t, "browser English", "Mine")
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
