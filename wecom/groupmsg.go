package wecom

import (
	"context"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

// MaxGroupMsgTextBytes is add_msg_template's text limit.
const MaxGroupMsgTextBytes = 4000

type groupMsgRequest struct {
	ChatType       string   `json:"chat_type"`
	ExternalUserID []string `json:"external_userid"`
	Sender         string   `json:"sender"`
	Text           kfText   `json:"text"`
}

type groupMsgResponse struct {
	util.CommonError
	FailList []string `json:"fail_list"`
	MsgID    string   `json:"msgid"`
}

var _ service.GroupMsgClient = (*Client)(nil)

// AddMsgTemplate creates a customer-contact group-send task that sender
// must confirm in their WeCom client (externalcontact/add_msg_template).
// failed lists the customers the task cannot reach.
func (c *Client) AddMsgTemplate(ctx context.Context, sender string, externalUserIDs []string, text string) (string, []string, error) {
	req := groupMsgRequest{ChatType: "single", ExternalUserID: externalUserIDs, Sender: sender,
		Text: kfText{Content: truncateUTF8(text, MaxGroupMsgTextBytes)}}
	var resp groupMsgResponse
	if err := c.post(ctx, "externalcontact/add_msg_template", req, &resp); err != nil {
		return "", nil, err
	}
	return resp.MsgID, resp.FailList, nil
}

// RemindGroupMsg reminds the sender of an unconfirmed task
// (externalcontact/remind_groupmsg_send).
func (c *Client) RemindGroupMsg(ctx context.Context, msgID string) error {
	var resp struct{ util.CommonError }
	return c.post(ctx, "externalcontact/remind_groupmsg_send", map[string]string{"msgid": msgID}, &resp)
}
