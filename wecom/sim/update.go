package sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

type updateBody struct {
	UserIDs      []string            `json:"userids"`
	PartyIDs     []int64             `json:"partyids"`
	TagIDs       []int64             `json:"tagids"`
	AtAll        int                 `json:"atall"`
	AgentID      json.RawMessage     `json:"agentid"`
	ResponseCode string              `json:"response_code"`
	Button       *replaceButton      `json:"button"`
	TemplateCard *wecom.TemplateCard `json:"template_card"`
}

type replaceButton struct {
	ReplaceName string `json:"replace_name"`
}

// updateTemplateCard is /cgi-bin/message/update_template_card. The
// response_code must have been issued (by a send or a click), be unused
// and younger than 72 h; it is spent even if no recipient matches.
func (s *Server) updateTemplateCard(w http.ResponseWriter, _ *http.Request, req *Request) {
	var b updateBody
	if e := s.decodeAppBody(req, &b); e != nil {
		e.write(w)
		return
	}
	if (b.Button == nil) == (b.TemplateCard == nil) {
		apiError(w, codeBadParam, "invalid parameter: need exactly one of button and template_card")
		return
	}
	if b.TemplateCard != nil {
		if err := b.TemplateCard.Validate(); err != nil {
			apiError(w, codeBadParam, "invalid template_card: "+err.Error())
			return
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	rc := s.codes[b.ResponseCode]
	switch {
	case rc == nil:
		apiError(w, codeBadParam, "invalid response_code")
		return
	case rc.used:
		apiError(w, codeBadParam, "invalid response_code: already used")
		return
	case time.Now().After(rc.expires):
		apiError(w, codeBadParam, "invalid response_code: expired")
		return
	}
	rc.used = true
	c := s.cards[rc.taskID]
	if b.Button != nil && c.cardType != wecom.CardButtonInteraction && c.cardType != wecom.CardVoteInteraction && c.cardType != wecom.CardMultipleInteraction {
		apiError(w, codeBadParam, "invalid parameter: button update needs an interactive card")
		return
	}
	targets, invalid := s.updateTargets(c, &b)
	if len(targets) == 0 {
		writeJSON(w, http.StatusOK, map[string]any{"errcode": codeNoValidReceiver, "errmsg": "no valid recipient", "invaliduser": nonNil(invalid)})
		return
	}
	msgs := make([]SentMessage, len(targets))
	for i, u := range targets {
		msgs[i] = SentMessage{UserID: u, MsgType: "update_template_card", TaskID: rc.taskID, Card: b.TemplateCard}
		if b.Button != nil {
			msgs[i].ReplaceName = b.Button.ReplaceName
			c.userKeys[u] = nil // greyed out
		} else {
			c.userKeys[u] = clickKeys(b.TemplateCard)
		}
	}
	s.record(msgs...)
	writeJSON(w, http.StatusOK, ok(map[string]any{"invaliduser": nonNil(invalid)}))
}

// updateTargets picks the card's recipients the update names. Callers
// hold s.mu.
func (s *Server) updateTargets(c *card, b *updateBody) (targets, invalid []string) {
	has := func(u string) bool { _, ok := c.userKeys[u]; return ok }
	add := func(u string) {
		if !slices.Contains(targets, u) {
			targets = append(targets, u)
		}
	}
	if b.AtAll == 1 {
		for _, u := range s.org.users {
			if has(u.UserID) {
				add(u.UserID)
			}
		}
		return targets, nil
	}
	for _, u := range b.UserIDs {
		if has(u) {
			add(u)
		} else {
			invalid = append(invalid, u)
		}
	}
	for _, p := range b.PartyIDs {
		for _, u := range s.org.members(s.org.subtree(p)) {
			if has(u.UserID) {
				add(u.UserID)
			}
		}
	}
	return targets, invalid
}
