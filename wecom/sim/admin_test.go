package sim_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/wecom-ticket/ticket/wecom/sim"
)

func TestAdminEndpoints(t *testing.T) {
	a := newApp(t, nil)
	e := start(t, sim.Options{CallbackURL: a.URL})
	post := func(path string, body any) (int, map[string]any) {
		raw, _ := json.Marshal(body)
		resp, err := http.Post(e.srv.URL+path, "application/json", bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if r := e.send(buttonCard("t1")); errcode(r) != 0 {
		t.Fatal(r)
	}
	cases := []struct {
		name   string
		path   string
		body   any
		status int
	}{
		{"fail", "/sim/fail", sim.FailRequest{Path: "user/get", ErrCode: -1, N: 1}, 200},
		{"latency", "/sim/latency", sim.LatencyRequest{Path: "user/list", Latency: "1ms"}, 200},
		{"latency not a duration", "/sim/latency", sim.LatencyRequest{Path: "user/list", Latency: "soon"}, 400},
		{"not json", "/sim/fail", "[", 400},
		{"text", "/sim/text", sim.TextRequest{From: "agent1", Content: "你好"}, 200},
		{"text from a stranger", "/sim/text", sim.TextRequest{From: "ghost", Content: "hi"}, 404},
		{"event", "/sim/event", sim.EventRequest{From: "agent1", Event: "enter_agent"}, 200},
		{"click", "/sim/click", sim.ClickRequest{From: "svc_mgr", TaskID: "t1", EventKey: "ok"}, 200},
		{"click on nothing", "/sim/click", sim.ClickRequest{From: "svc_mgr", TaskID: "t1", EventKey: "nope"}, 404},
		{"media", "/sim/media", sim.MediaRequest{MediaID: "m1", ContentType: "image/png", Data: []byte("png")}, 200},
		{"login code", "/sim/login-code", sim.LoginCodeRequest{Code: "c1", UserID: "agent1"}, 200},
		{"expire tokens", "/sim/expire-tokens", struct{}{}, 200},
	}
	for _, tc := range cases {
		if status, out := post(tc.path, tc.body); status != tc.status {
			t.Errorf("%s: status %d (%v), want %d", tc.name, status, out, tc.status)
		}
	}
	if got := e.call("GET", "/cgi-bin/user/get", url.Values{"userid": {"agent1"}, "access_token": {e.token()}}, nil); errcode(got) != -1 {
		t.Errorf("injected fault via /sim/fail not applied: %v", got)
	}
	if n := len(a.received()); n != 3 {
		t.Errorf("app received %d callbacks, want 3 (text, event, click)", n)
	}

	resp, err := http.Get(e.srv.URL + "/sim/sent?userid=svc_mgr&after=0")
	if err != nil {
		t.Fatal(err)
	}
	var sent sim.SentResponse
	_ = json.NewDecoder(resp.Body).Decode(&sent)
	resp.Body.Close()
	if len(sent.Messages) != 1 || sent.Messages[0].Card == nil || sent.Messages[0].Card.TaskID != "t1" {
		t.Fatalf("sent %+v", sent)
	}
	resp, _ = http.Get(e.srv.URL + "/sim/sent?userid=svc_mgr&after=" + strconv.FormatInt(sent.Messages[0].Seq, 10))
	_ = json.NewDecoder(resp.Body).Decode(&sent)
	resp.Body.Close()
	if len(sent.Messages) != 0 {
		t.Errorf("after the last seq: %+v", sent.Messages)
	}
}
