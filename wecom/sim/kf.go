package sim

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// customers is what the emulator knows of external customers: 微信客服
// conversations, customer-contact relations, group-send tasks and robots.
// Callers hold Server.mu.
type customers struct {
	kfLog    []kfLogEntry         // every 微信客服 message, in order: sync_msg's cursor indexes it
	windows  map[string]*kfWindow // external_userid -> window
	kfSent   []KFMessage          // what the app sent to customers
	contacts map[string][]string  // member userid -> their customers' external_userids
	tasks    []GroupMsgTask       // group-send tasks
	reminds  []string             // msgids reminded
	robots   map[string][]RobotMessage
	robotWin map[string][]time.Time // robot key -> sends in the last minute
}

func newCustomers() *customers {
	return &customers{windows: map[string]*kfWindow{}, contacts: map[string][]string{},
		robots: map[string][]RobotMessage{}, robotWin: map[string][]time.Time{}}
}

type kfLogEntry struct {
	MsgID          string `json:"msgid"`
	OpenKfID       string `json:"open_kfid"`
	ExternalUserID string `json:"external_userid"`
	SendTime       int64  `json:"send_time"`
	Origin         int    `json:"origin"` // 3 customer, 5 servicer (the app)
	MsgType        string `json:"msgtype"`
	Text           kfText `json:"text"`
}

type kfText struct {
	Content string `json:"content"`
}

type kfWindow struct {
	last time.Time
	sent int
}

// KFMessage is one message the app sent a customer through 微信客服.
type KFMessage struct {
	OpenKfID       string    `json:"open_kfid"`
	ExternalUserID string    `json:"external_userid"`
	Content        string    `json:"content"`
	At             time.Time `json:"at"`
}

// CustomerWritesKF plays a WeChat customer writing to a 客服账号: the
// message is queued for kf/sync_msg, the customer's window opens (48 h,
// five replies), and the app is told with a kf_msg_or_event callback when
// a callback URL is set.
func (s *Server) CustomerWritesKF(ctx context.Context, openKfID, externalUserID, text string) error {
	s.mu.Lock()
	now := time.Now()
	s.cust.kfLog = append(s.cust.kfLog, kfLogEntry{MsgID: s.nextID("kf"), OpenKfID: openKfID, ExternalUserID: externalUserID,
		SendTime: now.Unix(), Origin: 3, MsgType: "text", Text: kfText{Content: text}})
	s.cust.windows[externalUserID] = &kfWindow{last: now}
	created := max(now.Unix(), s.lastTime[""]+1)
	s.lastTime[""] = created
	s.mu.Unlock()
	if s.opts.CallbackURL == "" {
		return nil
	}
	raw, err := xml.Marshal(struct {
		XMLName    xml.Name `xml:"xml"`
		ToUserName string   `xml:"ToUserName"`
		CreateTime int64    `xml:"CreateTime"`
		MsgType    string   `xml:"MsgType"`
		Event      string   `xml:"Event"`
		Token      string   `xml:"Token"`
		OpenKfID   string   `xml:"OpenKfId"`
	}{ToUserName: s.opts.CorpID, CreateTime: created, MsgType: wecom.MsgEvent, Event: wecom.EventKFMsg,
		Token: randomHex(8), OpenKfID: openKfID})
	if err != nil {
		return err
	}
	_, err = s.Deliver(ctx, raw)
	return err
}

// AgeKFWindow moves a customer's window back by d, as if time passed.
func (s *Server) AgeKFWindow(externalUserID string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w := s.cust.windows[externalUserID]; w != nil {
		w.last = w.last.Add(-d)
	}
}

// KFSent returns what the app sent the customer through 微信客服.
func (s *Server) KFSent(externalUserID string) []KFMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []KFMessage
	for _, m := range s.cust.kfSent {
		if m.ExternalUserID == externalUserID {
			out = append(out, m)
		}
	}
	return out
}

type kfSendBody struct {
	ToUser   string  `json:"touser"`
	OpenKfID string  `json:"open_kfid"`
	MsgType  string  `json:"msgtype"`
	Text     *kfText `json:"text"`
}

// kfSendMsg is /cgi-bin/kf/send_msg: only inside the customer's window.
func (s *Server) kfSendMsg(w http.ResponseWriter, _ *http.Request, req *Request) {
	var b kfSendBody
	if e := decodeBody(req, &b); e != nil {
		e.write(w)
		return
	}
	switch {
	case b.OpenKfID == "":
		apiError(w, 95000, "invalid open_kfid")
		return
	case b.ToUser == "":
		apiError(w, 40096, "invalid external userid")
		return
	case b.MsgType != "text" || b.Text == nil || b.Text.Content == "":
		apiError(w, codeEmptyContent, "empty content")
		return
	case len(b.Text.Content) > wecom.MaxTextBytes:
		apiError(w, codeContentTooLong, "content size out of limit")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	win := s.cust.windows[b.ToUser]
	switch {
	case win == nil || time.Since(win.last) >= service.KFWindow:
		apiError(w, wecom.CodeKFExpired, "send msg out of 48 hours since customer's last message")
		return
	case win.sent >= service.KFWindowMessages:
		apiError(w, wecom.CodeKFOverLimit, "send msg count out of limit since customer's last message")
		return
	}
	win.sent++
	id := s.nextID("kfmsg")
	s.cust.kfSent = append(s.cust.kfSent, KFMessage{OpenKfID: b.OpenKfID, ExternalUserID: b.ToUser, Content: b.Text.Content, At: time.Now()})
	s.cust.kfLog = append(s.cust.kfLog, kfLogEntry{MsgID: id, OpenKfID: b.OpenKfID, ExternalUserID: b.ToUser,
		SendTime: time.Now().Unix(), Origin: 5, MsgType: "text", Text: *b.Text})
	writeJSON(w, http.StatusOK, ok(map[string]any{"msgid": id}))
}

type kfSyncBody struct {
	Cursor   string `json:"cursor"`
	Token    string `json:"token"`
	Limit    int    `json:"limit"`
	OpenKfID string `json:"open_kfid"`
}

// kfSyncMsg is /cgi-bin/kf/sync_msg: the account's messages after cursor.
func (s *Server) kfSyncMsg(w http.ResponseWriter, _ *http.Request, req *Request) {
	var b kfSyncBody
	if e := decodeBody(req, &b); e != nil {
		e.write(w)
		return
	}
	limit := b.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	from, _ := strconv.Atoi(b.Cursor)
	s.mu.Lock()
	defer s.mu.Unlock()
	from = min(max(from, 0), len(s.cust.kfLog))
	list := []kfLogEntry{}
	i := from
	for ; i < len(s.cust.kfLog) && len(list) < limit; i++ {
		if m := s.cust.kfLog[i]; b.OpenKfID == "" || m.OpenKfID == b.OpenKfID {
			list = append(list, m)
		}
	}
	more := 0
	if i < len(s.cust.kfLog) {
		more = 1
	}
	writeJSON(w, http.StatusOK, ok(map[string]any{"next_cursor": strconv.Itoa(i), "has_more": more, "msg_list": list}))
}

// decodeBody reads a JSON body, refusing \uXXXX escapes as WeCom does.
func decodeBody(req *Request, v any) *wireErr {
	if hasUnicodeEscape(req.Raw) {
		return &wireErr{wecom.CodeUnicodeEscape, "invalid charset. please check your request, if include \\uxxxx will create fail!"}
	}
	if err := json.Unmarshal(req.Raw, v); err != nil {
		return &wireErr{codeBadJSON, "data format error: " + err.Error()}
	}
	return nil
}
