package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// bot stands in for the server: it answers "hi" with a button card and a
// click with a text and a card update, through the emulator's API.
type bot struct {
	t    *testing.T
	cr   *wecom.Crypter
	mu   sync.Mutex
	base string // the emulator, known once it runs
}

func (b *bot) api(path string, body any) map[string]any {
	b.mu.Lock()
	base := b.base
	b.mu.Unlock()
	tok := getJSON(b.t, base+"/cgi-bin/gettoken?"+url.Values{"corpid": {sim.DefaultCorpID}, "corpsecret": {sim.DefaultCorpSecret}}.Encode())["access_token"].(string)
	raw, _ := json.Marshal(body)
	resp, err := http.Post(base+path+"?access_token="+tok, "application/json", bytes.NewReader(raw))
	if err != nil {
		b.t.Error(err)
		return nil
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if out["errcode"] != float64(0) {
		b.t.Errorf("%s: %v", path, out)
	}
	return out
}

func (b *bot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	body, _ := io.ReadAll(r.Body)
	m, err := b.cr.Decrypt(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
	if err != nil {
		b.t.Errorf("callback: %v", err)
		w.WriteHeader(http.StatusForbidden)
		return
	}
	agent := sim.DefaultAgentID
	switch {
	case m.Content == "hi":
		b.api("/cgi-bin/message/send", map[string]any{"touser": m.FromUserName, "msgtype": "template_card", "agentid": agent,
			"template_card": wecom.TemplateCard{CardType: wecom.CardButtonInteraction, TaskID: "t1",
				MainTitle:             &wecom.CardTitle{Title: "工单 #1", Desc: "打印机"},
				HorizontalContentList: []wecom.HorizontalContent{{KeyName: "优先级", Value: "高"}},
				ButtonList: []wecom.CardButton{{Text: "批准", Key: "approve"}, {Text: "驳回", Key: "reject"},
					{Type: wecom.ButtonURL, Text: "详情", URL: "https://t.example/1"}}}})
	case m.Event == wecom.EventTemplateCard:
		b.api("/cgi-bin/message/send", map[string]any{"touser": m.FromUserName, "msgtype": "text", "agentid": agent, "text": map[string]string{"content": "clicked " + m.EventKey}})
		b.api("/cgi-bin/message/update_template_card", map[string]any{"atall": 1, "agentid": agent, "response_code": m.ResponseCode, "button": map[string]string{"replace_name": "已批准"}})
	}
}

func TestChat(t *testing.T) {
	cr, err := wecom.NewCrypter(sim.DefaultToken, sim.DefaultAESKey, sim.DefaultCorpID)
	if err != nil {
		t.Fatal(err)
	}
	b := &bot{t: t, cr: cr}
	app := httptest.NewServer(b)
	defer app.Close()
	base, _ := startServe(t, []string{"-callback", app.URL}, nil)
	b.mu.Lock()
	b.base = base
	b.mu.Unlock()

	stdin, typing := io.Pipe()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"chat", "--as", "agent1", "-sim", base, "-poll", "5ms"}, stdin, out, env(nil))
	}()
	steps := []struct{ typed, want string }{
		{"", "chatting as agent1"},
		{"/click 1", "! no clickable card"},
		{"hi", "│ [1] 批准  [2] 驳回  [3] 详情 ↗ https://t.example/1"},
		{"/click 3", "! [3] 详情 opens https://t.example/1"},
		{"/click 7", "! /click takes a button number from 1 to 3"},
		{"/click 1", "bot> clicked approve"},
		{"", `bot> [card t1] buttons now read "已批准"`},
		{"/click 2", "! no clickable card"},
	}
	for _, s := range steps {
		if s.typed != "" {
			if _, err := io.WriteString(typing, s.typed+"\n"); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, out, s.want)
	}
	for _, want := range []string{"bot> ┌ 工单 #1 — 打印机", "│ 优先级: 高", "└ task t1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("card rendering lacks %q:\n%s", want, out.String())
		}
	}
	_ = typing.Close()
	if err := <-done; err != nil {
		t.Errorf("chat returned %v", err)
	}
}
