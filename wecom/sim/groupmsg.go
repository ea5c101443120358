package sim

import (
	"net/http"
	"slices"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// GroupMsgTask is one customer-contact group-send task: it waits for the
// sender to confirm it in their client.
type GroupMsgTask struct {
	MsgID           string    `json:"msgid"`
	Sender          string    `json:"sender"`
	ExternalUserIDs []string  `json:"external_userid"`
	Content         string    `json:"content"`
	At              time.Time `json:"at"`
}

// AddCustomer makes externalUserID a customer of the member, so group-send
// tasks from that member can reach them.
func (s *Server) AddCustomer(member, externalUserID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cust.contacts[member] = append(s.cust.contacts[member], externalUserID)
}

// GroupMsgTasks returns every task created, oldest first.
func (s *Server) GroupMsgTasks() []GroupMsgTask {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cust.tasks)
}

// GroupMsgReminders returns the msgids reminded, in order.
func (s *Server) GroupMsgReminders() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cust.reminds)
}

type groupMsgBody struct {
	ChatType       string   `json:"chat_type"`
	ExternalUserID []string `json:"external_userid"`
	Sender         string   `json:"sender"`
	Text           *kfText  `json:"text"`
}

// addMsgTemplate is /cgi-bin/externalcontact/add_msg_template (chat_type
// single): customers who are not the sender's go to fail_list.
func (s *Server) addMsgTemplate(w http.ResponseWriter, _ *http.Request, req *Request) {
	var b groupMsgBody
	if e := decodeBody(req, &b); e != nil {
		e.write(w)
		return
	}
	switch {
	case b.ChatType != "" && b.ChatType != "single":
		apiError(w, codeBadParam, "only chat_type single is emulated")
		return
	case b.Text == nil || b.Text.Content == "":
		apiError(w, codeEmptyContent, "empty content")
		return
	case len(b.Text.Content) > wecom.MaxGroupMsgTextBytes:
		apiError(w, codeContentTooLong, "content size out of limit")
		return
	}
	if !s.org.active(b.Sender) {
		apiError(w, wecom.CodeBadUserID, "invalid sender userid")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var reach, fail []string
	for _, ext := range b.ExternalUserID {
		if slices.Contains(s.cust.contacts[b.Sender], ext) {
			reach = append(reach, ext)
		} else {
			fail = append(fail, ext)
		}
	}
	if fail == nil {
		fail = []string{}
	}
	id := ""
	if len(reach) > 0 {
		id = s.nextID("msgGROUP")
		s.cust.tasks = append(s.cust.tasks, GroupMsgTask{MsgID: id, Sender: b.Sender, ExternalUserIDs: reach,
			Content: b.Text.Content, At: time.Now()})
	}
	writeJSON(w, http.StatusOK, ok(map[string]any{"fail_list": fail, "msgid": id}))
}

// remindGroupMsg is /cgi-bin/externalcontact/remind_groupmsg_send.
func (s *Server) remindGroupMsg(w http.ResponseWriter, _ *http.Request, req *Request) {
	var b struct {
		MsgID string `json:"msgid"`
	}
	if e := decodeBody(req, &b); e != nil {
		e.write(w)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.ContainsFunc(s.cust.tasks, func(t GroupMsgTask) bool { return t.MsgID == b.MsgID }) {
		apiError(w, codeBadParam, "invalid msgid")
		return
	}
	s.cust.reminds = append(s.cust.reminds, b.MsgID)
	writeJSON(w, http.StatusOK, ok(nil))
}
