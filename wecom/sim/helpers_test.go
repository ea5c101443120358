package sim_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// emu is an emulator on a real loopback listener.
type emu struct {
	*sim.Server
	srv *httptest.Server
	t   *testing.T
}

func demoOrg(t *testing.T) service.OrgSnapshot {
	t.Helper()
	org, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		t.Fatal(err)
	}
	return org
}

func start(t *testing.T, opts sim.Options) *emu {
	t.Helper()
	if opts.Org.Users == nil {
		opts.Org = demoOrg(t)
	}
	s := sim.New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &emu{Server: s, srv: srv, t: t}
}

// call makes one request; body, when not nil, is sent as JSON (or as is
// when it is []byte). It returns the decoded JSON answer.
func (e *emu) call(method, path string, q url.Values, body any) map[string]any {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path+"?"+q.Encode(), rd)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		e.t.Fatalf("%s %s: status %d, not JSON: %v", method, path, resp.StatusCode, err)
	}
	return out
}

func (e *emu) token() string {
	e.t.Helper()
	o := e.Options()
	got := e.call("GET", "/cgi-bin/gettoken", url.Values{"corpid": {o.CorpID}, "corpsecret": {o.CorpSecret}}, nil)
	tok, _ := got["access_token"].(string)
	if tok == "" {
		e.t.Fatalf("gettoken: %v", got)
	}
	return tok
}

// send posts to message/send with a fresh token.
func (e *emu) send(body any) map[string]any {
	e.t.Helper()
	return e.call("POST", "/cgi-bin/message/send", url.Values{"access_token": {e.token()}}, body)
}

func errcode(m map[string]any) int64 {
	n, _ := m["errcode"].(json.Number).Int64()
	return n
}

func text(to, content string) map[string]any {
	return map[string]any{"touser": to, "msgtype": "text", "agentid": sim.DefaultAgentID, "text": map[string]any{"content": content}}
}
