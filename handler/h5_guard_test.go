package handler_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// A member outside a ticket's scope gets the not-found page for every
// page and action of it, exactly as for an id that does not exist, and
// nothing changes.
func TestH5OutsideTheScopeIsNotFound(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		f := e.k.SeedTickets(t)
		target := f.ByName["agent1_own"]
		outsider := e.as("eng_west1")
		token := outsider.get("/h5/tickets").want(t, http.StatusOK, "own list").csrf(t)
		before := servicetest.Must(e.k.Tickets.Get(context.Background(), e.k.As(t, "admin"), target.ID))(t)
		same := url.Values{"_csrf": {token}, "version": {itoa64(before.Version)}}
		with := func(kv ...string) url.Values {
			out := url.Values{}
			for k, v := range same {
				out[k] = v
			}
			for i := 0; i+1 < len(kv); i += 2 {
				out.Set(kv[i], kv[i+1])
			}
			return out
		}
		missing := outsider.get("/h5/tickets/999999").want(t, http.StatusNotFound, "no such ticket")
		for _, c := range []struct {
			name string
			got  shown
		}{
			{"detail", outsider.get(ticketPath(target.ID))},
			{"edit page", outsider.get(ticketPath(target.ID) + "/edit")},
			{"edit", outsider.post(ticketPath(target.ID)+"/edit", with("subject", "改掉"))},
			{"resolve", outsider.post(ticketPath(target.ID)+"/do/resolve", with("solution", "已处理"))},
			{"close", outsider.post(ticketPath(target.ID)+"/do/close", same)},
			{"lock", outsider.post(ticketPath(target.ID)+"/do/lock", same)},
			{"void", outsider.post(ticketPath(target.ID)+"/do/void", same)},
			{"transfer", outsider.post(ticketPath(target.ID)+"/do/transfer", with("to_user_id", "1", "reason", "x"))},
			{"dispatch", outsider.post(ticketPath(target.ID)+"/do/dispatch", with("owner_id", "1"))},
		} {
			c.got.want(t, http.StatusNotFound, c.name).has(t, c.name, "没有找到该记录，或您无权查看。")
			if withoutPath(c.got.Body) != withoutPath(missing.Body) {
				t.Errorf("%s: the page differs from a missing ticket's, so the id can be probed", c.name)
			}
		}
		after := servicetest.Must(e.k.Tickets.Get(context.Background(), e.k.As(t, "admin"), target.ID))(t)
		if after.Version != before.Version || after.Subject != before.Subject || after.Status != before.Status {
			t.Fatalf("the ticket changed: %+v → %+v", before.Ticket, after.Ticket)
		}
		list := outsider.get("/h5/tickets?view=all&q="+url.QueryEscape(target.Number)).want(t, http.StatusOK, "search")
		list.lacks(t, "the outsider's search", `data-number="`+target.Number)
	})
}

// Posts without the session's form token are refused and change nothing:
// no token, another session's token, a sign-in form from elsewhere, a
// forged OAuth return.
func TestH5FormsNeedTheSessionToken(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		tk := e.k.Create(t, "agent1", service.NewTicket{Subject: "令牌"})
		agent, other := e.as("agent1"), e.as("agent2")
		page := agent.get(ticketPath(tk.ID)).want(t, http.StatusOK, "detail")
		version := page.field(t, "version")
		for name, token := range map[string]string{"none": "", "another session's": other.get("/h5/tickets").csrf(t),
			"made up": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
			r := agent.post(ticketPath(tk.ID)+"/do/resolve", url.Values{"_csrf": {token}, "version": {version}, "solution": {"好了"}})
			r.want(t, http.StatusForbidden, name+" token").has(t, name, "页面已过期或来源不明")
		}
		agent.post("/h5/tickets", url.Values{"subject": {"伪造"}}).want(t, http.StatusForbidden, "create without a token")
		agent.post("/h5/logout", url.Values{}).want(t, http.StatusForbidden, "logout without a token")
		agent.get("/h5/tickets").want(t, http.StatusOK, "still signed in")
		got := servicetest.Must(e.k.Tickets.Get(context.Background(), e.k.As(t, "agent1"), tk.ID))(t)
		if got.Status != service.StatusInProgress || got.Version != tk.Version {
			t.Fatalf("a refused post changed the ticket: %s v%d", got.Status, got.Version)
		}
		// The demo sign-in needs the nonce its page set in this browser.
		stranger := e.visitor()
		stranger.post("/h5/login/demo", url.Values{"userid": {"admin"}, "_csrf": {"x"}}).
			want(t, http.StatusForbidden, "demo sign-in from another site")
		if _, ok := stranger.cookies["h5_session"]; ok {
			t.Fatal("a forged sign-in got a session")
		}
		// The OAuth return must carry this browser's state.
		emulator.AddLoginCode("h5-forged", "admin")
		stranger.get("/h5/oauth/callback?code=h5-forged&state=guess").want(t, http.StatusForbidden, "forged state")
		// Signing out with the token ends the session.
		agent.post("/h5/logout", url.Values{"_csrf": {page.csrf(t)}}).want(t, http.StatusSeeOther, "logout")
		if r := agent.get("/h5/tickets"); r.Status != http.StatusFound {
			t.Fatalf("after logout the list answers %d, want a redirect to sign in", r.Status)
		}
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// withoutPath drops the page's own address (the language switch's way
// back), which is all that may differ between two not-found pages.
func withoutPath(body string) string { return backPattern.ReplaceAllString(body, "") }

var backPattern = regexp.MustCompile(`\?back=[^"]*`)
