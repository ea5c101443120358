package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// maxRequestBody bounds what the emulator reads of one API request;
// maxKept bounds the request and message logs of a long-running wecomsim
// (the oldest half is dropped when it is reached).
const (
	maxRequestBody = 1 << 20
	maxKept        = 50_000
)

// Request is one recorded API call.
type Request struct {
	Method string         `json:"method"`
	Path   string         `json:"path"`
	Query  url.Values     `json:"query"`
	Body   map[string]any `json:"body,omitempty"` // parsed JSON body; numbers are json.Number
	Raw    []byte         `json:"-"`
	At     time.Time      `json:"at"`
}

// SentMessage is one message as a member received it: from message/send,
// from update_template_card (MsgType "update_template_card"), or as the
// passive reply to a callback (Passive).
type SentMessage struct {
	Seq          int64               `json:"seq"` // global order, for polling
	UserID       string              `json:"userid"`
	MsgID        string              `json:"msgid,omitempty"`
	MsgType      string              `json:"msgtype"`
	Content      string              `json:"content,omitempty"` // text, markdown
	TextCard     *wecom.TextCard     `json:"textcard,omitempty"`
	Card         *wecom.TemplateCard `json:"template_card,omitempty"`
	ReplaceName  string              `json:"replace_name,omitempty"` // button updates
	TaskID       string              `json:"task_id,omitempty"`
	ResponseCode string              `json:"response_code,omitempty"`
	Passive      bool                `json:"passive,omitempty"`
	At           time.Time           `json:"at"`
}

// api wraps an endpoint: record, then injected latency, then an injected
// error code, then the handler.
func (s *Server) api(h func(http.ResponseWriter, *http.Request, *Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
		req := &Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Raw: raw, At: time.Now()}
		if len(raw) > 0 {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			_ = dec.Decode(&req.Body) // a body that is not JSON is answered by the handler
		}
		s.mu.Lock()
		s.requests = keep(append(s.requests, *req))
		delay := s.latency[req.Path]
		code, failing := s.takeFault(req.Path)
		s.mu.Unlock()

		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if failing {
			apiError(w, code, "injected by wecomsim")
			return
		}
		h(w, r, req)
	}
}

// Requests returns the recorded calls to path ("message/send" or
// "/cgi-bin/message/send"); "" means all.
func (s *Server) Requests(path string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if path == "" {
		return slices.Clone(s.requests)
	}
	path = normPath(path)
	var out []Request
	for _, r := range s.requests {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// Sent returns what userid received, oldest first.
func (s *Server) Sent(userid string) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentTo(userid, 0)
}

// SentSince returns what userid received with Seq > after ("" = anyone).
func (s *Server) SentSince(userid string, after int64) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentTo(userid, after)
}

func (s *Server) sentTo(userid string, after int64) []SentMessage {
	var out []SentMessage
	for _, m := range s.sent {
		if m.Seq > after && (userid == "" || m.UserID == userid) {
			out = append(out, m)
		}
	}
	return out
}

// WaitForSent blocks until userid has received at least n messages and
// returns them, or returns ctx's error with what has arrived so far.
func (s *Server) WaitForSent(ctx context.Context, userid string, n int) ([]SentMessage, error) {
	for {
		s.mu.Lock()
		got := s.sentTo(userid, 0)
		changed := s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return got, ctx.Err()
		}
	}
}

// record appends messages and wakes waiters. Callers hold s.mu.
func (s *Server) record(msgs ...SentMessage) {
	for _, m := range msgs {
		s.sentSeq++
		m.Seq = s.sentSeq
		m.At = time.Now()
		s.sent = keep(append(s.sent, m))
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// apiError answers like WeCom: HTTP 200 with a non-zero errcode.
func apiError(w http.ResponseWriter, code int64, msg string) {
	writeJSON(w, http.StatusOK, map[string]any{"errcode": code, "errmsg": msg})
}

func ok(extra map[string]any) map[string]any {
	out := map[string]any{"errcode": 0, "errmsg": "ok"}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// keep trims a log to its newer half once it reaches maxKept.
func keep[T any](log []T) []T {
	if len(log) < maxKept {
		return log
	}
	return slices.Clone(log[len(log)-maxKept/2:])
}
