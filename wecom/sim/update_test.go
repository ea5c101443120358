package sim_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

func buttonCard(task string) map[string]any {
	return map[string]any{
		"touser": "svc_mgr|east_mgr", "msgtype": "template_card", "agentid": sim.DefaultAgentID,
		"template_card": map[string]any{
			"card_type": "button_interaction", "task_id": task, "main_title": map[string]any{"title": "审批"},
			"button_list": []map[string]any{{"text": "批准", "key": "ok"}, {"text": "驳回", "key": "no"}},
		},
	}
}

func TestUpdateTemplateCard(t *testing.T) {
	notice := map[string]any{"touser": "agent1", "msgtype": "template_card", "agentid": sim.DefaultAgentID,
		"template_card": map[string]any{"card_type": "text_notice", "task_id": "n1", "main_title": map[string]any{"title": "t"},
			"action_menu": map[string]any{"action_list": []map[string]any{{"text": "静音", "key": "mute"}}}}}
	cases := []struct {
		name   string
		send   map[string]any
		update func(code string) map[string]any
		want   int64
		seen   map[string]string // userid -> ReplaceName of the update they saw ("" = none)
	}{
		{"grey out for all", buttonCard("t1"), func(c string) map[string]any {
			return map[string]any{"atall": 1, "agentid": sim.DefaultAgentID, "response_code": c, "button": map[string]any{"replace_name": "已批准"}}
		}, 0, map[string]string{"svc_mgr": "已批准", "east_mgr": "已批准"}},
		{"only the named user", buttonCard("t2"), func(c string) map[string]any {
			return map[string]any{"userids": []string{"svc_mgr", "stranger"}, "agentid": sim.DefaultAgentID, "response_code": c, "button": map[string]any{"replace_name": "已处理"}}
		}, 0, map[string]string{"svc_mgr": "已处理", "east_mgr": ""}},
		{"unknown response_code", buttonCard("t3"), func(string) map[string]any {
			return map[string]any{"atall": 1, "agentid": sim.DefaultAgentID, "response_code": "forged", "button": map[string]any{"replace_name": "x"}}
		}, 40058, nil},
		{"neither button nor card", buttonCard("t4"), func(c string) map[string]any {
			return map[string]any{"atall": 1, "agentid": sim.DefaultAgentID, "response_code": c}
		}, 40058, nil},
		{"button update on a notice", notice, func(c string) map[string]any {
			return map[string]any{"atall": 1, "agentid": sim.DefaultAgentID, "response_code": c, "button": map[string]any{"replace_name": "x"}}
		}, 40058, nil},
		{"whole-card update on a notice", notice, func(c string) map[string]any {
			return map[string]any{"atall": 1, "agentid": sim.DefaultAgentID, "response_code": c,
				"template_card": map[string]any{"card_type": "text_notice", "main_title": map[string]any{"title": "已静音"}}}
		}, 0, map[string]string{"agent1": ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, sim.Options{})
			sent := e.send(tc.send)
			code, _ := sent["response_code"].(string)
			if errcode(sent) != 0 || code == "" {
				t.Fatalf("send: %v", sent)
			}
			path := "/cgi-bin/message/update_template_card"
			got := e.call("POST", path, url.Values{"access_token": {e.token()}}, tc.update(code))
			if errcode(got) != tc.want {
				t.Fatalf("update: %v, want errcode %d", got, tc.want)
			}
			for u, name := range tc.seen {
				msgs := e.Sent(u)
				last := msgs[len(msgs)-1]
				switch {
				case name == "" && u != "agent1" && len(msgs) != 1:
					t.Errorf("%s saw an update it was not named in", u)
				case name != "" && (last.MsgType != "update_template_card" || last.ReplaceName != name):
					t.Errorf("%s last saw %+v", u, last)
				}
			}
			if tc.want == 0 {
				again := e.call("POST", path, url.Values{"access_token": {e.token()}}, tc.update(code))
				if errcode(again) != 40058 {
					t.Errorf("second use of the response_code: %v", again)
				}
			}
		})
	}
}

func TestClickCard(t *testing.T) {
	ctx := context.Background()
	a := newApp(t, nil)
	e := start(t, sim.Options{CallbackURL: a.URL})
	if r := e.send(buttonCard("t1")); errcode(r) != 0 {
		t.Fatal(r)
	}
	cases := []struct {
		name, from, task, key string
		want                  error
	}{
		{"recipient clicks", "svc_mgr", "t1", "ok", nil},
		{"other recipient, other button", "east_mgr", "t1", "no", nil},
		{"same again: the card is not greyed out yet", "svc_mgr", "t1", "ok", nil},
		{"not a recipient", "agent1", "t1", "ok", sim.ErrNotClickable},
		{"no such button", "svc_mgr", "t1", "maybe", sim.ErrNotClickable},
		{"no such card", "svc_mgr", "t9", "ok", sim.ErrNotClickable},
		{"no such member", "ghost", "t1", "ok", sim.ErrUnknownUser},
	}
	for _, tc := range cases {
		if err := e.ClickCard(ctx, tc.from, tc.task, tc.key, ""); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	got := a.received()
	if len(got) != 3 {
		t.Fatalf("app got %d callbacks, want 3", len(got))
	}
	codes := map[string]bool{}
	for _, m := range got {
		if m.Event != wecom.EventTemplateCard || m.TaskID != "t1" || m.CardType != "button_interaction" || m.ResponseCode == "" {
			t.Errorf("callback %+v", m)
		}
		codes[m.ResponseCode] = true
	}
	if len(codes) != 3 || got[0].DedupeKey() == got[2].DedupeKey() {
		t.Errorf("each click needs its own response_code and dedupe key")
	}
	// A click's response_code updates the card.
	upd := map[string]any{"userids": []string{"svc_mgr"}, "agentid": sim.DefaultAgentID, "response_code": got[0].ResponseCode, "button": map[string]any{"replace_name": "已批准"}}
	if r := e.call("POST", "/cgi-bin/message/update_template_card", url.Values{"access_token": {e.token()}}, upd); errcode(r) != 0 {
		t.Fatal(r)
	}
	if err := e.ClickCard(ctx, "svc_mgr", "t1", "ok", ""); !errors.Is(err, sim.ErrNotClickable) {
		t.Errorf("click after grey-out: %v", err)
	}
	if err := e.ClickCard(ctx, "east_mgr", "t1", "ok", ""); err != nil {
		t.Errorf("east_mgr's card was not updated, yet: %v", err)
	}
}
