package handler_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// Each member reads and replaces their own notice preferences; what they
// save is what the notifier reads, and nobody else's changes.
func TestNoticePreferencesAPI(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		ctx := context.Background()
		type prefs struct {
			Muted      []string `json:"muted"`
			QuietStart string   `json:"quiet_start"`
			QuietEnd   string   `json:"quiet_end"`
		}
		var got prefs
		e.do("GET", "/api/v1/me/notice-preferences", "agent1", nil).want(t, 200, "defaults").Into(t, &got)
		if !reflect.DeepEqual(got, prefs{Muted: []string{}}) {
			t.Fatalf("default preferences %+v", got)
		}
		want := prefs{Muted: []string{"chase", "queued"}, QuietStart: "22:00", QuietEnd: "08:30"}
		e.do("PUT", "/api/v1/me/notice-preferences", "agent1",
			prefs{Muted: []string{"queued", "chase", "queued"}, QuietStart: "22:00", QuietEnd: "08:30"}).want(t, 200, "save").Into(t, &got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("saved %+v, want %+v", got, want)
		}
		e.do("GET", "/api/v1/me/notice-preferences", "agent1", nil).want(t, 200, "read back").Into(t, &got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read back %+v, want %+v", got, want)
		}
		stored := servicetest.Must(repo.NewNotices(e.st.DB).Preferences(ctx, []int64{e.k.ID(t, "agent1"), e.k.ID(t, "agent2")}))(t)
		p := stored[e.k.ID(t, "agent1")]
		if p.QuietStart != 22*60 || p.QuietEnd != 8*60+30 || p.Wants(service.NoticeQueued) || !p.Wants(service.NoticeAssigned) {
			t.Fatalf("stored %+v", p)
		}
		if _, ok := stored[e.k.ID(t, "agent2")]; ok {
			t.Fatalf("agent2 got preferences from agent1's request: %+v", stored)
		}

		for _, c := range []struct {
			name  string
			body  any
			field string
		}{
			{"an unmutable kind", map[string]any{"muted": []string{"sla_breached"}}, "muted"},
			{"an unknown kind", map[string]any{"muted": []string{"gossip"}}, "muted"},
			{"one end of quiet hours", map[string]any{"quiet_start": "22:00"}, "quiet_end"},
			{"not a time", map[string]any{"quiet_start": "late", "quiet_end": "08:00"}, "quiet_start"},
			{"an unknown field", map[string]any{"user_id": 7}, "user_id"},
		} {
			r := e.do("PUT", "/api/v1/me/notice-preferences", "agent1", c.body)
			var body struct{ Fields map[string]string }
			r.Into(t, &body)
			if r.Status != 400 || body.Fields[c.field] == "" {
				t.Errorf("%s: %d %s, want 400 naming %s", c.name, r.Status, r.Body, c.field)
			}
		}
		e.do("GET", "/api/v1/me/notice-preferences", "agent1", nil).want(t, 200, "after refusals").Into(t, &got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("refused requests changed the preferences to %+v", got)
		}
		e.do("GET", "/api/v1/me/notice-preferences", "", nil).want(t, 401, "signed out")
	})
}

// lockedBuffer is a log sink the engine writes to from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Only admins name a department's group robot; the key is stored but
// never answered back or logged.
func TestGroupChatAPI(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			logs := &lockedBuffer{}
			e := newAPIEnv(t, st, envOptions{log: logs})
			ctx := context.Background()
			const key = "5f3c2a9e-1b7d-4c8e-9a0f-6d2e8b4c1a73"
			chats := func() map[int64]string {
				return servicetest.Must(repo.NewNotices(e.st.DB).GroupChats(ctx))(t)
			}
			for _, who := range []string{"agent1", "east_mgr"} {
				e.do("PUT", "/api/v1/departments/4/group-chat", who, map[string]any{"robot_key": key}).want(t, 403, who+" setting a group chat")
			}
			if got := chats(); len(got) != 0 {
				t.Fatalf("a refused request stored %v", got)
			}
			r := e.do("PUT", "/api/v1/departments/4/group-chat", "admin", map[string]any{"robot_key": key}).want(t, 204, "admin sets")
			if got := chats(); got[4] != key {
				t.Fatalf("group chats after setting: %v", got)
			}
			bad := e.do("PUT", "/api/v1/departments/99999/group-chat", "admin", map[string]any{"robot_key": key}).want(t, 400, "no such department")
			worse := e.do("PUT", "/api/v1/departments/4/group-chat", "admin", map[string]any{"robot_key": key + "/../x"}).want(t, 400, "not a key")
			e.do("PUT", "/api/v1/departments/4/group-chat", "admin", map[string]any{}).want(t, 400, "no key at all")
			for _, a := range []resp{r, bad, worse} {
				if strings.Contains(string(a.Body), key[:8]) {
					t.Errorf("an answer echoes the robot key: %s", a.Body)
				}
			}
			e.do("PUT", "/api/v1/departments/4/group-chat", "admin", map[string]any{"robot_key": ""}).want(t, 204, "admin clears")
			if got := chats(); got[4] != "" {
				t.Fatalf("group chats after clearing: %v", got)
			}
			if !strings.Contains(logs.String(), "/group-chat") {
				t.Fatalf("the access log did not reach the test, so it cannot tell what was logged:\n%s", logs)
			}
			if strings.Contains(logs.String(), key[:8]) {
				t.Fatalf("the robot key was logged:\n%s", logs)
			}
		})
	}
}
