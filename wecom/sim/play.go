package sim

import (
	"context"
	"encoding/xml"
	"fmt"
	"slices"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// newMessage starts a callback from a member: MsgId and CreateTime are
// unique and increasing, so two callbacks never share a dedupe key even
// within one second. Callers hold s.mu.
func (s *Server) newMessage(from, msgType string) wecom.Message {
	now := time.Now()
	created := max(now.Unix(), s.lastTime[from]+1)
	s.lastTime[from] = created
	m := wecom.Message{ToUserName: s.opts.CorpID, FromUserName: from, CreateTime: created, MsgType: msgType, AgentID: s.opts.AgentID}
	if msgType != wecom.MsgEvent {
		s.lastMsg = max(now.UnixNano(), s.lastMsg+1)
		m.MsgID = s.lastMsg
	}
	return m
}

func (s *Server) start(from, msgType string) (wecom.Message, error) {
	if !s.org.active(from) {
		return wecom.Message{}, fmt.Errorf("%w: %q", ErrUnknownUser, from)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newMessage(from, msgType), nil
}

func (s *Server) deliverMessage(ctx context.Context, m wecom.Message) error {
	raw, err := xml.Marshal(m)
	if err != nil {
		return err
	}
	_, err = s.Deliver(ctx, raw)
	return err
}

// SendText delivers a text message from a member and returns its MsgId.
func (s *Server) SendText(ctx context.Context, fromUser, content string) (int64, error) {
	m, err := s.start(fromUser, wecom.MsgText)
	if err != nil {
		return 0, err
	}
	m.Content = content
	return m.MsgID, s.deliverMessage(ctx, m)
}

// SendEvent delivers an event such as enter_agent, click (eventKey = menu
// key) or view (eventKey = URL) from a member.
func (s *Server) SendEvent(ctx context.Context, fromUser, event, eventKey string) error {
	m, err := s.start(fromUser, wecom.MsgEvent)
	if err != nil {
		return err
	}
	m.Event, m.EventKey = event, eventKey
	return s.deliverMessage(ctx, m)
}

// ClickCard delivers a click on a card the member received: a callback
// button or submit key gives template_card_event, an action-menu key
// template_card_menu_event. Each click carries a fresh response_code.
// cardType "" means the card's own type.
func (s *Server) ClickCard(ctx context.Context, fromUser, taskID, eventKey, cardType string) error {
	m, err := s.start(fromUser, wecom.MsgEvent)
	if err != nil {
		return err
	}
	s.mu.Lock()
	c := s.cards[taskID]
	var keys []string
	if c != nil {
		keys = c.userKeys[fromUser]
	}
	menu := s.lastCard(fromUser, taskID)
	switch {
	case slices.Contains(keys, eventKey):
		m.Event = wecom.EventTemplateCard
	case c != nil && slices.Contains(menuKeys(menu), eventKey):
		m.Event = wecom.EventTemplateCardMenu
	default:
		s.mu.Unlock()
		return fmt.Errorf("%w: %s on %s", ErrNotClickable, eventKey, taskID)
	}
	if cardType == "" {
		cardType = c.cardType
	}
	m.EventKey, m.TaskID, m.CardType, m.ResponseCode = eventKey, taskID, cardType, s.newResponseCode(taskID)
	s.mu.Unlock()
	return s.deliverMessage(ctx, m)
}

// lastCard is the card as the member last saw it. Callers hold s.mu.
func (s *Server) lastCard(userid, taskID string) *wecom.TemplateCard {
	for i := len(s.sent) - 1; i >= 0; i-- {
		if m := s.sent[i]; m.UserID == userid && m.TaskID == taskID && m.Card != nil {
			return m.Card
		}
	}
	return nil
}
