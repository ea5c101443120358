package wecom

import (
	"context"
	"errors"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

// CardUpdate is one update_template_card call (not in silenceper). Set
// exactly one of ReplaceName (grey out the buttons with this label;
// interactive cards only) and Card (replace the whole card).
type CardUpdate struct {
	ResponseCode string // from the send or from the click; single use
	UserIDs      []string
	PartyIDs     []int64
	TagIDs       []int64
	AtAll        bool // every recipient of the card
	ReplaceName  string
	Card         *TemplateCard
}

type updateRequest struct {
	UserIDs      []string      `json:"userids,omitempty"`
	PartyIDs     []int64       `json:"partyids,omitempty"`
	TagIDs       []int64       `json:"tagids,omitempty"`
	AtAll        int           `json:"atall,omitempty"`
	AgentID      int64         `json:"agentid"`
	ResponseCode string        `json:"response_code"`
	Button       *replaceName  `json:"button,omitempty"`
	TemplateCard *TemplateCard `json:"template_card,omitempty"`
}

type replaceName struct {
	ReplaceName string `json:"replace_name"`
}

// updateResponse reads only errcode: the shape of invaliduser here
// (array, unlike message/send's "a|b") is not something we rely on.
type updateResponse struct {
	util.CommonError
}

// UpdateTemplateCard changes a sent card for the listed users. The
// response_code is single use, so the lists cannot be split over several
// calls: more than WeCom's maxima is an error (use AtAll).
func (c *Client) UpdateTemplateCard(ctx context.Context, u CardUpdate) error {
	if err := u.validate(); err != nil {
		return service.Wrap(service.KindInvalid, "wecom.update_card", err)
	}
	req := updateRequest{
		UserIDs: u.UserIDs, PartyIDs: u.PartyIDs, TagIDs: u.TagIDs,
		AgentID: c.app.AgentID, ResponseCode: u.ResponseCode, TemplateCard: u.Card,
	}
	if u.AtAll {
		req.AtAll = 1
	}
	if u.ReplaceName != "" {
		req.Button = &replaceName{u.ReplaceName}
	}
	return c.post(ctx, "message/update_template_card", req, &updateResponse{})
}

func (u *CardUpdate) validate() error {
	switch {
	case u.ResponseCode == "":
		return errors.New("response_code required")
	case (u.ReplaceName == "") == (u.Card == nil):
		return errors.New("set exactly one of ReplaceName and Card")
	case !u.AtAll && len(u.UserIDs)+len(u.PartyIDs)+len(u.TagIDs) == 0:
		return errors.New("no recipients")
	case len(u.UserIDs) > MaxUsersPerSend || len(u.PartyIDs) > MaxPartiesPerSend || len(u.TagIDs) > MaxTagsPerSend:
		return errors.New("too many recipients for one response_code")
	}
	if u.Card != nil {
		return u.Card.Validate()
	}
	return nil
}
