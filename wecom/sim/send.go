package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/wecom-ticket/ticket/wecom"
)

// Error codes of message/send and update_template_card besides the ones
// package wecom names. Where WeCom's code for a rule is not documented
// (an invalid response_code, a reused task_id) the emulator answers 40058
// "invalid parameter" with the reason in errmsg.
const (
	codeBadMsgType      = 40008
	codeBadUserListLen  = 40032
	codeBadParam        = 40058
	codeNoAgentID       = 41011
	codeBadAgentID      = 40056
	codeEmptyContent    = 44004
	codeContentTooLong  = 45002
	codeBadJSON         = 47001
	codeTooManyParties  = 82002
	codeTooManyTags     = 82003
	codeInvalidMediaID  = 40007
	codeNoValidReceiver = wecom.CodeNoValidRecipients
)

// wireErr is an errcode with its errmsg.
type wireErr struct {
	code int64
	msg  string
}

func (e *wireErr) write(w http.ResponseWriter) { apiError(w, e.code, e.msg) }

type sendBody struct {
	ToUser       string              `json:"touser"`
	ToParty      string              `json:"toparty"`
	ToTag        string              `json:"totag"`
	MsgType      string              `json:"msgtype"`
	AgentID      json.RawMessage     `json:"agentid"`
	Text         *contentBody        `json:"text"`
	Markdown     *contentBody        `json:"markdown"`
	TextCard     *wecom.TextCard     `json:"textcard"`
	TemplateCard *wecom.TemplateCard `json:"template_card"`
}

type contentBody struct {
	Content string `json:"content"`
}

// messageSend is /cgi-bin/message/send.
func (s *Server) messageSend(w http.ResponseWriter, _ *http.Request, req *Request) {
	var b sendBody
	if e := s.decodeAppBody(req, &b); e != nil {
		e.write(w)
		return
	}
	if e := checkContent(&b); e != nil {
		e.write(w)
		return
	}
	to, e := s.resolve(b.ToUser, b.ToParty, b.ToTag)
	if e != nil {
		e.write(w)
		return
	}
	resp := map[string]any{
		"invaliduser": strings.Join(to.invalidUsers, "|"), "invalidparty": strings.Join(to.invalidParties, "|"),
		"invalidtag": strings.Join(to.invalidTags, "|"), "unlicenseduser": "",
	}
	if len(to.users) == 0 {
		resp["errcode"], resp["errmsg"] = codeNoValidReceiver, "no valid recipient (userid, partyid and tagid all invalid)"
		writeJSON(w, http.StatusOK, resp)
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	base := SentMessage{MsgID: s.nextID("msg"), MsgType: b.MsgType, TextCard: b.TextCard, Card: b.TemplateCard}
	switch {
	case b.Text != nil && b.MsgType == "text":
		base.Content = b.Text.Content
	case b.Markdown != nil && b.MsgType == "markdown":
		base.Content = b.Markdown.Content
	}
	if c := b.TemplateCard; c != nil && b.MsgType == "template_card" && c.TaskID != "" {
		if _, dup := s.cards[c.TaskID]; dup {
			apiError(w, codeBadParam, "invalid task_id: already used by this app")
			return
		}
		s.cards[c.TaskID] = newCard(c, to.users)
		base.TaskID = c.TaskID
		if c.Interactive() {
			base.ResponseCode = s.newResponseCode(c.TaskID)
		}
	}
	msgs := make([]SentMessage, len(to.users))
	for i, u := range to.users {
		msgs[i] = base
		msgs[i].UserID = u
	}
	s.record(msgs...)
	resp["msgid"], resp["response_code"] = base.MsgID, base.ResponseCode
	writeJSON(w, http.StatusOK, ok(resp))
}

// appBody is a request body that names the sending app.
type appBody interface{ agentID() json.RawMessage }

func (b *sendBody) agentID() json.RawMessage   { return b.AgentID }
func (b *updateBody) agentID() json.RawMessage { return b.AgentID }

// decodeAppBody rejects \uXXXX escapes (40033), bodies that are not JSON
// (47001) and a missing or foreign agentid.
func (s *Server) decodeAppBody(req *Request, b appBody) *wireErr {
	if hasUnicodeEscape(req.Raw) {
		return &wireErr{wecom.CodeUnicodeEscape, "invalid charset. please check your request, if include \\uxxxx will create fail!"}
	}
	if err := json.Unmarshal(req.Raw, b); err != nil {
		return &wireErr{codeBadJSON, "data format error: " + err.Error()}
	}
	return s.checkAgent(b.agentID())
}

// hasUnicodeEscape finds a \u escape in JSON text. Backslashes occur only
// inside strings, and each starts an escape, so `\\u` (an escaped
// backslash before a literal u) is correctly not one.
func hasUnicodeEscape(raw []byte) bool {
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] == '\\' {
			if raw[i+1] == 'u' {
				return true
			}
			i++
		}
	}
	return false
}

// checkAgent takes agentid as a number or a numeric string: WeCom
// documents an int, silenceper sends a string, and whether WeCom rejects
// the string is not known.
func (s *Server) checkAgent(raw json.RawMessage) *wireErr {
	v := strings.Trim(string(raw), `"`)
	if v == "" || v == "null" {
		return &wireErr{codeNoAgentID, "agentid missing"}
	}
	if id, err := strconv.ParseInt(v, 10, 64); err != nil || id != s.opts.AgentID {
		return &wireErr{codeBadAgentID, "invalid agentid"}
	}
	return nil
}

func checkContent(b *sendBody) *wireErr {
	text := func(c *contentBody, limit int) *wireErr {
		switch {
		case c == nil || c.Content == "":
			return &wireErr{codeEmptyContent, "empty content"}
		case len(c.Content) > limit:
			// WeCom cuts text silently; the emulator is stricter so that
			// the server's own truncation is what gets exercised.
			return &wireErr{codeContentTooLong, fmt.Sprintf("content size out of limit: %d > %d bytes", len(c.Content), limit)}
		}
		return nil
	}
	switch b.MsgType {
	case "text":
		return text(b.Text, wecom.MaxTextBytes)
	case "markdown":
		return text(b.Markdown, wecom.MaxMarkdownBytes)
	case "textcard":
		if b.TextCard == nil {
			return &wireErr{41016, "missing title"}
		}
		if err := b.TextCard.Validate(); err != nil {
			return &wireErr{codeBadParam, "invalid textcard: " + err.Error()}
		}
	case "template_card":
		if b.TemplateCard == nil {
			return &wireErr{codeBadParam, "template_card missing"}
		}
		if err := b.TemplateCard.Validate(); err != nil {
			return &wireErr{codeBadParam, "invalid template_card: " + err.Error()}
		}
	default:
		return &wireErr{codeBadMsgType, "invalid message type"}
	}
	return nil
}
