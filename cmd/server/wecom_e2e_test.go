package main

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

func textXML(t *testing.T, corpID string, agentID int64, from, content string, msgID int64) []byte {
	t.Helper()
	m := wecom.Message{ToUserName: corpID, FromUserName: from, CreateTime: time.Now().Unix(),
		MsgType: wecom.MsgText, Content: content, MsgID: msgID, AgentID: agentID}
	raw, err := xml.Marshal(struct {
		XMLName xml.Name `xml:"xml"`
		wecom.Message
	}{Message: m})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestHelpIsAnsweredInTheUsersLanguage(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			e.start()
			ctx := context.Background()
			cases := []struct{ user, text, want string }{
				{"agent1", "帮助", "您可以发送以下命令"},
				{"agent2", "help", "You can send these commands"}, // agent2 reads English
			}
			for _, c := range cases {
				sent := time.Now()
				if _, err := e.sim.SendText(ctx, c.user, c.text); err != nil {
					t.Fatalf("deliver %q: %v", c.text, err)
				}
				got := e.waitSent(c.user, 1)
				t.Logf("%s %q answered in %v", c.user, c.text, got[0].At.Sub(sent))
				if got[0].MsgType != "text" || !strings.Contains(got[0].Content, c.want) {
					t.Fatalf("reply to %s = %+v, want text containing %q", c.user, got[0], c.want)
				}
			}
		})
	}
}

// WeCom retries a callback it thinks failed; three deliveries of one
// MsgId must have one effect. A later message is the barrier: replies are
// in order per user, so once its reply arrives any duplicate would have.
func TestRetriedCallbackHasOneEffect(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			e.start()
			ctx := context.Background()
			o := e.sim.Options()
			first := textXML(t, o.CorpID, o.AgentID, "agent1", "帮助", 7001)
			for range 3 {
				if _, err := e.sim.Deliver(ctx, first); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := e.sim.Deliver(ctx, textXML(t, o.CorpID, o.AgentID, "agent1", "help", 7002)); err != nil {
				t.Fatal(err)
			}
			e.waitSent("agent1", 2)
			if n := len(e.sim.Sent("agent1")); n != 2 {
				t.Fatalf("agent1 got %d replies, want 2 (one per distinct message)", n)
			}
		})
	}
}

// Killed after acknowledging but before answering, the server answers
// once after a restart.
func TestKilledAfterAckAnswersOnceAfterRestart(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			e.seedWithout("agent1")
			e.start()
			ctx := context.Background()
			o := e.sim.Options()
			// The server does not know agent1 yet and asks WeCom first; hold
			// that at the emulator so the kill lands between the ack and the
			// answer. (Once written, a reply is the outbox's to deliver; its
			// own crash tests are the notices'.)
			e.sim.SetLatency("user/get", time.Minute)
			if _, err := e.sim.Deliver(ctx, textXML(t, o.CorpID, o.AgentID, "agent1", "帮助", 8001)); err != nil {
				t.Fatal(err)
			}
			waitUntil(t, "the lookup to reach the emulator", func() bool { return len(e.sim.Requests("user/get")) > 0 })
			e.kill()
			e.sim.SetLatency("user/get", 0)
			if n := len(e.sim.Sent("agent1")); n != 0 {
				t.Fatalf("a reply was delivered before the kill (%d); the test did not hit the window", n)
			}
			e.start()
			if _, err := e.sim.Deliver(ctx, textXML(t, o.CorpID, o.AgentID, "agent1", "help", 8002)); err != nil {
				t.Fatal(err)
			}
			// With Redis the dead process's user lock must expire first
			// (InboxConfig.LockTTL); the in-process store died with it.
			got := e.waitSentWithin("agent1", 2, time.Minute)
			if len(e.sim.Sent("agent1")) != 2 || !strings.Contains(got[0].Content, "您可以发送") {
				t.Fatalf("after restart agent1 got %+v, want the first reply once, then the second", got)
			}
		})
	}
}

// Every refusal is a 4xx and stores nothing, on every stack: forgeries
// (signature, corp id), damage (ciphertext, inner XML), replays (stale
// timestamp) and floods (a body over the cap, refused before parsing).
func TestBadCallbacksAreRefusedAndChangeNothing(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			e.start()
			o := e.sim.Options()
			good, err := wecom.NewCrypter(o.Token, o.EncodingAESKey, o.CorpID)
			if err != nil {
				t.Fatal(err)
			}
			otherCorp, err := wecom.NewCrypter(o.Token, o.EncodingAESKey, "wwsomeoneelse0001")
			if err != nil {
				t.Fatal(err)
			}
			inner := textXML(t, o.CorpID, o.AgentID, "agent1", "帮助", 9001)
			now, stale, nonce := strconv.FormatInt(time.Now().Unix(), 10), strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10), "n0nce"
			envelope := func(enc string) string {
				return fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><AgentID>%d</AgentID><Encrypt><![CDATA[%s]]></Encrypt></xml>", o.CorpID, o.AgentID, enc)
			}
			cases := []struct {
				name    string
				crypter *wecom.Crypter
				inner   []byte
				ts      string
				tamper  func(enc, sig string) (body, signature string)
				reason  string // the refusal the server logs
			}{
				{"tampered signature", good, inner, now, func(enc, sig string) (string, string) { return envelope(enc), strings.Repeat("0", len(sig)) }, "signature mismatch"},
				{"wrong corp id", otherCorp, inner, now, func(enc, sig string) (string, string) { return envelope(enc), sig }, "not our corp id"},
				{"truncated ciphertext", good, inner, now, func(enc, _ string) (string, string) {
					enc = enc[:len(enc)-24]
					return envelope(enc), sign(o.Token, now, nonce, enc)
				}, "cannot decrypt"},
				{"stale timestamp", good, inner, stale, func(enc, sig string) (string, string) { return envelope(enc), sig }, "timestamp out of range"},
				{"malformed inner XML", good, []byte("<xml><MsgType>text</MsgType><Content>帮助"), now, func(enc, sig string) (string, string) { return envelope(enc), sig }, "malformed"},
				{"oversized body", good, inner, now, func(enc, sig string) (string, string) {
					// Well signed, but padded past the cap with whitespace
					// that would parse: the size alone refuses it.
					return strings.Replace(envelope(enc), "</xml>", strings.Repeat(" ", wecom.DefaultMaxBody)+"</xml>", 1), sig
				}, "body too large"},
			}
			for i, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					enc, sig, err := c.crypter.Seal(c.inner, c.ts, nonce)
					if err != nil {
						t.Fatal(err)
					}
					body, sig := c.tamper(enc, sig)
					q := url.Values{"msg_signature": {sig}, "timestamp": {c.ts}, "nonce": {nonce}}
					resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/wecom/callback?%s", e.port, q.Encode()), "text/xml", strings.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					_ = resp.Body.Close()
					if resp.StatusCode < 400 || resp.StatusCode >= 500 {
						t.Fatalf("status = %d, want 4xx", resp.StatusCode)
					}
					// Refused for its own fault, not an earlier one.
					waitUntil(t, "the refusal in the log", func() bool { return len(e.logged("wecom callback rejected")) > i })
					if got := fmt.Sprint(e.logged("wecom callback rejected")[i]["reason"]); !strings.Contains(got, c.reason) {
						t.Fatalf("refused because %q, want %q", got, c.reason)
					}
				})
			}
			// Nothing was stored: the next good message is the only thing answered.
			if _, err := e.sim.SendText(context.Background(), "agent1", "帮助"); err != nil {
				t.Fatal(err)
			}
			e.waitSent("agent1", 1)
			if n := len(e.sim.Sent("agent1")); n != 1 {
				t.Fatalf("agent1 got %d replies, want 1", n)
			}
			if n := e.inboxRows(); n != 1 {
				t.Fatalf("inbox holds %d rows, want only the good message", n)
			}
		})
	}
}

// WeCom's URL check, when the callback URL is saved in the admin console,
// gets the bare decrypted echostr from the real server; a check that is
// not WeCom's is refused.
func TestURLCheckIsAnsweredWithTheBareEcho(t *testing.T) {
	e := newE2E(t, stacks(t)[0])
	e.start()
	if err := e.sim.VerifyURL(context.Background()); err != nil {
		t.Fatalf("the emulator's URL check: %v", err)
	}
	o := e.sim.Options()
	good, err := wecom.NewCrypter(o.Token, o.EncodingAESKey, o.CorpID)
	if err != nil {
		t.Fatal(err)
	}
	now, stale, nonce := strconv.FormatInt(time.Now().Unix(), 10), strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10), "n0nce"
	cases := []struct {
		name       string
		ts         string
		tamper     func(sig string) string
		wantStatus int
		wantBody   string
	}{
		{"signed by WeCom", now, func(sig string) string { return sig }, http.StatusOK, "echo-1234567890"},
		{"bad signature", now, func(sig string) string { return strings.Repeat("0", len(sig)) }, http.StatusUnauthorized, ""},
		{"stale timestamp", stale, func(sig string) string { return sig }, http.StatusUnauthorized, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			enc, sig, err := good.Seal([]byte("echo-1234567890"), c.ts, nonce)
			if err != nil {
				t.Fatal(err)
			}
			q := url.Values{"msg_signature": {c.tamper(sig)}, "timestamp": {c.ts}, "nonce": {nonce}, "echostr": {enc}}
			status, body := fetch(t, fmt.Sprintf("http://127.0.0.1:%d/wecom/callback?%s", e.port, q.Encode()))
			if status != c.wantStatus || (c.wantBody != "" && body != c.wantBody) {
				t.Fatalf("URL check = %d %q, want %d %q", status, body, c.wantStatus, c.wantBody)
			}
		})
	}
}

// A member WeCom knows but we do not yet (added since the last sync) is
// fetched with user/get and answered.
func TestUnknownUserIsFetchedFromWeCom(t *testing.T) {
	e := newE2E(t, stackEnv{name: "embedded", env: map[string]string{}})
	e.seedWithout("sales1")
	e.start()
	if _, err := e.sim.SendText(context.Background(), "sales1", "帮助"); err != nil {
		t.Fatal(err)
	}
	e.waitSent("sales1", 1)
	fetched := false
	for _, r := range e.sim.Requests("user/get") {
		fetched = fetched || r.Query.Get("userid") == "sales1"
	}
	if !fetched {
		t.Fatal("the server answered without fetching sales1 from WeCom")
	}
}

// Loading the demo org and then syncing an address book with the same
// content changes nothing, on each stack.
func TestSyncOrgAfterSeedChangesNothing(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			e := newE2E(t, st)
			orgFile, err := filepath.Abs("../../configs/demo-org.yaml")
			if err != nil {
				t.Fatal(err)
			}
			e.run("seed", orgFile)
			out := e.run("sync-org")
			if !strings.Contains(out, `"changed":false`) {
				t.Fatalf("sync-org after seeding the same org changed something:\n%s", out)
			}
			if len(e.sim.Requests("department/list")) == 0 || len(e.sim.Requests("user/list")) == 0 {
				t.Fatal("sync-org did not read the emulator's address book")
			}
			out = e.run("sync-org")
			if !strings.Contains(out, `"changed":false`) {
				t.Fatalf("a second sync-org changed something:\n%s", out)
			}
		})
	}
}
