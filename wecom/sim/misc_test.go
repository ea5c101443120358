package sim_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/wecom/sim"
)

func TestMediaAndLogin(t *testing.T) {
	e := start(t, sim.Options{})
	e.AddMedia("m1", sim.Media{ContentType: "image/jpeg", FileName: "报修.jpg", Data: []byte("\xff\xd8\xffjpeg")})
	e.AddLoginCode("code-mp", "agent1")
	e.AddLoginCode("code-h5", "eng_east1")
	tok := e.token()

	resp, err := http.Get(e.srv.URL + "/cgi-bin/media/get?" + url.Values{"access_token": {tok}, "media_id": {"m1"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "\xff\xd8\xffjpeg" || resp.Header.Get("Content-Type") != "image/jpeg" || resp.Header.Get("Content-Disposition") == "" {
		t.Errorf("media/get: %q %v", body, resp.Header)
	}

	cases := []struct {
		name, path string
		q          url.Values
		code       int64
		field      string
		want       string
	}{
		{"unknown media", "/cgi-bin/media/get", url.Values{"media_id": {"nope"}}, 40007, "", ""},
		{"jscode2session", "/cgi-bin/miniprogram/jscode2session", url.Values{"js_code": {"code-mp"}, "grant_type": {"authorization_code"}}, 0, "userid", "agent1"},
		{"jscode2session corpid", "/cgi-bin/miniprogram/jscode2session", url.Values{"js_code": {"code-mp"}}, 40029, "", ""}, // single use
		{"getuserinfo", "/cgi-bin/auth/getuserinfo", url.Values{"code": {"code-h5"}}, 0, "userid", "eng_east1"},
		{"getuserinfo twice", "/cgi-bin/auth/getuserinfo", url.Values{"code": {"code-h5"}}, 40029, "", ""},
		{"getuserinfo empty code", "/cgi-bin/auth/getuserinfo", url.Values{"code": {""}}, 40029, "", ""},
	}
	for _, tc := range cases {
		tc.q.Set("access_token", tok)
		got := e.call("GET", tc.path, tc.q, nil)
		if errcode(got) != tc.code || (tc.field != "" && got[tc.field] != tc.want) {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestFaultsAndRecording(t *testing.T) {
	e := start(t, sim.Options{})
	e.FailNext("message/send", 45009, 2)
	var codes []int64
	for range 3 {
		codes = append(codes, errcode(e.send(text("agent1", "hi"))))
	}
	if codes[0] != 45009 || codes[1] != 45009 || codes[2] != 0 {
		t.Errorf("errcodes %v, want [45009 45009 0]", codes)
	}
	reqs := e.Requests("/cgi-bin/message/send")
	if len(reqs) != 3 || reqs[0].Method != "POST" || reqs[0].Body["touser"] != "agent1" || reqs[0].Query.Get("access_token") == "" || reqs[0].At.IsZero() {
		t.Errorf("recorded %+v", reqs)
	}
	if n := len(e.Requests("")); n != 6 {
		t.Errorf("all requests: %d, want 6 (3 gettoken, 3 send)", n)
	}

	e.SetLatency("user/get", time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/cgi-bin/user/get?userid=agent1&access_token="+e.token(), nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("a request under an hour of latency answered")
	}
	e.SetLatency("user/get", 0)
	if got := e.call("GET", "/cgi-bin/user/get", url.Values{"userid": {"agent1"}, "access_token": {e.token()}}, nil); errcode(got) != 0 {
		t.Errorf("after removing latency: %v", got)
	}
}

func TestWaitForSent(t *testing.T) {
	e := start(t, sim.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() {
		for range 2 {
			e.send(text("agent1", "hi"))
		}
	}()
	got, err := e.WaitForSent(ctx, "agent1", 2)
	if err != nil || len(got) != 2 {
		t.Fatalf("WaitForSent: %d, %v", len(got), err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if got, err := e.WaitForSent(short, "agent1", 3); err == nil || len(got) != 2 {
		t.Errorf("waiting for more than arrives: %d, %v", len(got), err)
	}
}
