package sim

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// Callback errors.
var (
	ErrNoCallbackURL = errors.New("sim: no callback URL configured")
	ErrUndelivered   = errors.New("sim: callback not accepted")
	ErrUnknownUser   = errors.New("sim: no such active member")
)

// maxReply bounds what the emulator reads of the app's answer.
const maxReply = 1 << 20

// Deliver encrypts and signs innerXML with the app's token and key, POSTs
// it to the callback URL and behaves as WeCom does: an attempt that takes
// longer than CallbackTimeout or answers non-200 is retried, up to
// CallbackRetries more times, with the same payload (so the same MsgId);
// a 200 ends it. It returns the decrypted passive reply, or nil for an
// empty 200, and records a passive reply as a SentMessage.
func (s *Server) Deliver(ctx context.Context, innerXML []byte) ([]byte, error) {
	if s.opts.CallbackURL == "" {
		return nil, ErrNoCallbackURL
	}
	ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), randomHex(16)
	enc, sig, err := s.crypter.Seal(innerXML, ts, nonce)
	if err != nil {
		return nil, err
	}
	body, err := xml.Marshal(struct {
		XMLName    xml.Name `xml:"xml"`
		ToUserName string   `xml:"ToUserName"`
		AgentID    int64    `xml:"AgentID"`
		Encrypt    string   `xml:"Encrypt"`
	}{ToUserName: s.opts.CorpID, AgentID: s.opts.AgentID, Encrypt: enc})
	if err != nil {
		return nil, err
	}
	target := withQuery(s.opts.CallbackURL, url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}})

	attempts := 1 + max(s.opts.CallbackRetries, 0)
	var last error
	for range attempts {
		reply, err := s.post(ctx, target, body)
		if err == nil {
			return s.openReply(innerXML, reply)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		last = err
	}
	return nil, fmt.Errorf("%w after %d attempts: %w", ErrUndelivered, attempts, last)
}

// post makes one attempt, bounded as WeCom bounds it.
func (s *Server) post(ctx context.Context, target string, body []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.CallbackTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := s.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return reply, nil
}

// passiveReply is the inner XML of a passive reply.
type passiveReply struct {
	MsgType string `xml:"MsgType"`
	Content string `xml:"Content"`
	Button  struct {
		ReplaceName string `xml:"ReplaceName"`
	} `xml:"Button"`
}

// openReply checks a non-empty answer as WeCom would and records it.
func (s *Server) openReply(innerXML, reply []byte) ([]byte, error) {
	if len(bytes.TrimSpace(reply)) == 0 {
		return nil, nil
	}
	plain, err := s.crypter.OpenReply(reply)
	if err != nil {
		return nil, fmt.Errorf("sim: passive reply: %w", err)
	}
	var r passiveReply
	if err := xml.Unmarshal(plain, &r); err != nil || r.MsgType == "" {
		return nil, fmt.Errorf("sim: passive reply is not a message: %q", plain)
	}
	in, err := wecom.ParseMessage(innerXML)
	if err != nil {
		return plain, nil // a hand-made callback; nothing to attribute the reply to
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cards[in.TaskID]; c != nil && r.MsgType == "update_button" {
		c.userKeys[in.FromUserName] = nil
	}
	s.record(SentMessage{UserID: in.FromUserName, MsgType: r.MsgType, Content: r.Content, ReplaceName: r.Button.ReplaceName, TaskID: in.TaskID, Passive: true})
	return plain, nil
}

// VerifyURL performs the check WeCom's admin console runs when the URL is
// saved: a signed GET with an encrypted echostr, answered within
// CallbackTimeout by the bare plaintext.
func (s *Server) VerifyURL(ctx context.Context) error {
	if s.opts.CallbackURL == "" {
		return ErrNoCallbackURL
	}
	ts, nonce, echo := strconv.FormatInt(time.Now().Unix(), 10), randomHex(16), strconv.FormatInt(time.Now().UnixNano(), 10)
	enc, sig, err := s.crypter.Seal([]byte(echo), ts, nonce)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.CallbackTimeout)
	defer cancel()
	target := withQuery(s.opts.CallbackURL, url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {enc}})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	resp, err := s.opts.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if resp.StatusCode != http.StatusOK || string(got) != echo {
		return fmt.Errorf("sim: URL check failed: status %d, body %q, want %q", resp.StatusCode, got, echo)
	}
	return nil
}

func withQuery(base string, q url.Values) string {
	u, err := url.Parse(base)
	if err != nil {
		return base + "?" + q.Encode()
	}
	all := u.Query()
	for k, v := range q {
		all[k] = v
	}
	u.RawQuery = all.Encode()
	return u.String()
}
