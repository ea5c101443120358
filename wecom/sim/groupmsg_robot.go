package sim

import (
	"net/http"
	"slices"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// RobotPerMinute is how many messages a group robot may send a minute.
const RobotPerMinute = 20

// RobotMessage is one message a group robot posted in its group.
type RobotMessage struct {
	MsgType string    `json:"msgtype"`
	Content string    `json:"content"`
	At      time.Time `json:"at"`
}

// AddRobot creates a group robot with the webhook key.
func (s *Server) AddRobot(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cust.robots[key]; !ok {
		s.cust.robots[key] = []RobotMessage{}
	}
}

// RobotMessages returns what the robot posted, oldest first.
func (s *Server) RobotMessages(key string) []RobotMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cust.robots[key])
}

type robotBody struct {
	MsgType  string  `json:"msgtype"`
	Text     *kfText `json:"text"`
	Markdown *kfText `json:"markdown"`
}

// robotSend is /cgi-bin/webhook/send?key=: no access token, the key is the
// credential; beyond RobotPerMinute a minute, 45009.
func (s *Server) robotSend(w http.ResponseWriter, _ *http.Request, req *Request) {
	var b robotBody
	if e := decodeBody(req, &b); e != nil {
		e.write(w)
		return
	}
	key := req.Query.Get("key")
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cust.robots[key]; !ok {
		apiError(w, wecom.CodeRobotBadKey, "invalid webhook url")
		return
	}
	m := RobotMessage{MsgType: b.MsgType, At: time.Now()}
	switch {
	case b.MsgType == "markdown" && b.Markdown != nil && b.Markdown.Content != "":
		m.Content = b.Markdown.Content
	case b.MsgType == "text" && b.Text != nil && b.Text.Content != "":
		m.Content = b.Text.Content
	default:
		apiError(w, codeEmptyContent, "empty content or unknown msgtype")
		return
	}
	if len(m.Content) > wecom.MaxRobotMarkdownBytes {
		apiError(w, codeContentTooLong, "content size out of limit")
		return
	}
	recent := slices.DeleteFunc(s.cust.robotWin[key], func(t time.Time) bool { return time.Since(t) >= time.Minute })
	if len(recent) >= RobotPerMinute {
		s.cust.robotWin[key] = recent
		apiError(w, wecom.CodeFreqLimit, "api freq out of limit")
		return
	}
	s.cust.robotWin[key] = append(recent, m.At)
	s.cust.robots[key] = append(s.cust.robots[key], m)
	writeJSON(w, http.StatusOK, ok(nil))
}

// customerAPIs are the endpoints of kf.go, groupmsg.go and this file.
func (s *Server) customerAPIs() map[string]func(http.ResponseWriter, *http.Request, *Request) {
	return map[string]func(http.ResponseWriter, *http.Request, *Request){
		"/cgi-bin/kf/send_msg":                          s.withToken(s.kfSendMsg),
		"/cgi-bin/kf/sync_msg":                          s.withToken(s.kfSyncMsg),
		"/cgi-bin/externalcontact/add_msg_template":     s.withToken(s.addMsgTemplate),
		"/cgi-bin/externalcontact/remind_groupmsg_send": s.withToken(s.remindGroupMsg),
		"/cgi-bin/webhook/send":                         s.robotSend,
	}
}
