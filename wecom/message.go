package wecom

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// Message types and events the bot handles. Anything else still parses:
// MsgType and Event are plain strings, so a type WeCom adds tomorrow (or
// the undocumented "file") reaches the bot instead of failing the callback.
const (
	MsgText     = "text"
	MsgImage    = "image"
	MsgVoice    = "voice"
	MsgVideo    = "video"
	MsgFile     = "file"
	MsgLocation = "location"
	MsgLink     = "link"
	MsgEvent    = "event"

	EventEnterAgent       = "enter_agent"
	EventClick            = "click"
	EventView             = "view"
	EventTemplateCard     = "template_card_event"
	EventTemplateCardMenu = "template_card_menu_event"
	EventChangeContact    = "change_contact"
	ChangeCreateUser      = "create_user"
	ChangeUpdateUser      = "update_user"
	ChangeDeleteUser      = "delete_user"
	ChangeCreateParty     = "create_party"
	ChangeUpdateParty     = "update_party"
	ChangeDeleteParty     = "delete_party"
	ChangeUpdateTag       = "update_tag"
)

// Message is the decrypted inner XML of an app callback: every message
// type and event in one flat struct, as WeCom itself sends them. Fields a
// type does not use stay zero. The same struct marshals back to the wire
// form (the emulator builds its callbacks with it).
type Message struct {
	XMLName xml.Name `xml:"xml"`

	// Common to all.
	ToUserName   string `xml:"ToUserName"`   // our corp id
	FromUserName string `xml:"FromUserName"` // member userid, or "sys"
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"`
	AgentID      int64  `xml:"AgentID,omitempty"`
	MsgID        int64  `xml:"MsgId,omitempty"` // messages only

	Content      string  `xml:"Content,omitempty"`      // text
	PicURL       string  `xml:"PicUrl,omitempty"`       // image, link
	MediaID      string  `xml:"MediaId,omitempty"`      // image, voice, video, file; expires in 3 days
	Format       string  `xml:"Format,omitempty"`       // voice: amr, speex
	ThumbMediaID string  `xml:"ThumbMediaId,omitempty"` // video
	FileName     string  `xml:"FileName,omitempty"`     // file (undocumented)
	LocationX    float64 `xml:"Location_X,omitempty"`   // latitude
	LocationY    float64 `xml:"Location_Y,omitempty"`   // longitude
	Scale        int     `xml:"Scale,omitempty"`
	Label        string  `xml:"Label,omitempty"`
	AppType      string  `xml:"AppType,omitempty"`
	Title        string  `xml:"Title,omitempty"` // link
	Description  string  `xml:"Description,omitempty"`
	URL          string  `xml:"Url,omitempty"`

	// Events.
	Event         string         `xml:"Event,omitempty"`
	EventKey      string         `xml:"EventKey,omitempty"` // menu key, view URL, or card button key
	TaskID        string         `xml:"TaskId,omitempty"`
	CardType      string         `xml:"CardType,omitempty"`
	ResponseCode  string         `xml:"ResponseCode,omitempty"` // single use, for update_template_card
	SelectedItems []SelectedItem `xml:"SelectedItems>SelectedItem,omitempty"`

	// change_contact. User and party events share Name, as on the wire.
	ChangeType     string `xml:"ChangeType,omitempty"`
	UserID         string `xml:"UserID,omitempty"`
	NewUserID      string `xml:"NewUserID,omitempty"`
	Name           string `xml:"Name,omitempty"`
	Department     string `xml:"Department,omitempty"` // "1,2"
	MainDepartment int64  `xml:"MainDepartment,omitempty"`
	IsLeaderInDept string `xml:"IsLeaderInDept,omitempty"` // "1,0", aligned with Department
	DirectLeader   string `xml:"DirectLeader,omitempty"`   // "a,b"
	Position       string `xml:"Position,omitempty"`
	Mobile         string `xml:"Mobile,omitempty"`
	Email          string `xml:"Email,omitempty"`
	Status         int    `xml:"Status,omitempty"` // 1 active, 2 disabled, 4 not activated, 5 quit
	PartyID        int64  `xml:"Id,omitempty"`
	ParentID       int64  `xml:"ParentId,omitempty"`
	Order          int64  `xml:"Order,omitempty"`
	TagID          int64  `xml:"TagId,omitempty"`
	AddUserItems   string `xml:"AddUserItems,omitempty"`
	DelUserItems   string `xml:"DelUserItems,omitempty"`
	AddPartyItems  string `xml:"AddPartyItems,omitempty"`
	DelPartyItems  string `xml:"DelPartyItems,omitempty"`
}

// SelectedItem is one answered question of a vote or multiple-choice card.
type SelectedItem struct {
	QuestionKey string   `xml:"QuestionKey"`
	OptionIDs   []string `xml:"OptionIds>OptionId"`
}

// ParseMessage decodes inner callback XML.
func ParseMessage(raw []byte) (*Message, error) {
	var m Message
	if err := xml.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if m.MsgType == "" {
		return nil, fmt.Errorf("%w: no MsgType", ErrMalformed)
	}
	return &m, nil
}

// IsEvent reports whether m is an event rather than a user message.
func (m *Message) IsEvent() bool { return m.MsgType == MsgEvent }

// DedupeKey names one delivery so WeCom's retries (same payload, up to
// three more times) are processed once. Messages carry a unique MsgId.
// Events have none; WeCom documents FromUserName+CreateTime for them, but
// CreateTime has one-second resolution and a fast user can click two
// different buttons, or two cards, within a second, so Event, EventKey
// and TaskId are part of the key too. change_contact events all come
// from "sys", and one edit in the admin console (a batch import, a
// department moved) sends many within a second, so what changed is part
// of their key.
func (m *Message) DedupeKey() string {
	if m.MsgType != MsgEvent && m.MsgID != 0 {
		return "msg:" + strconv.FormatInt(m.MsgID, 10)
	}
	key := fmt.Sprintf("evt:%s:%d:%s:%s:%s", m.FromUserName, m.CreateTime, m.Event, m.EventKey, m.TaskID)
	if m.Event == EventChangeContact {
		key += fmt.Sprintf(":%s:%s:%s:%d:%d", m.ChangeType, m.UserID, m.NewUserID, m.PartyID, m.TagID)
	}
	return key
}

// Departments parses change_contact's Department list ("1,2").
func (m *Message) Departments() ([]int64, error) {
	if strings.TrimSpace(m.Department) == "" {
		return nil, nil
	}
	parts := strings.Split(m.Department, ",")
	out := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: Department %q", ErrMalformed, m.Department)
		}
		out = append(out, id)
	}
	return out, nil
}
