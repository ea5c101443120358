package wecom

import (
	"context"
	"errors"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

// 微信客服 error codes. WeCom documents that a customer may be written to
// at most five times within 48 hours of their last message; which of the
// two codes means which limit is UNCONFIRMED, and both mean "the window is
// shut" here.
const (
	CodeKFOverLimit = 95001
	CodeKFExpired   = 95002
)

// KF message origins (kf/sync_msg).
const kfOriginCustomer = 3

type kfText struct {
	Content string `json:"content"`
}

type kfSendRequest struct {
	ToUser   string  `json:"touser"`
	OpenKfID string  `json:"open_kfid"`
	MsgType  string  `json:"msgtype"`
	Text     *kfText `json:"text"`
}

type kfSendResponse struct {
	util.CommonError
	MsgID string `json:"msgid"`
}

var _ service.KFClient = (*Client)(nil)

// SendKFText sends text through 微信客服 (kf/send_msg). A window WeCom
// considers shut is a service.ChannelClosed error.
func (c *Client) SendKFText(ctx context.Context, openKfID, externalUserID, text string) error {
	req := kfSendRequest{ToUser: externalUserID, OpenKfID: openKfID, MsgType: "text",
		Text: &kfText{Content: truncateUTF8(text, MaxTextBytes)}}
	var resp kfSendResponse
	err := c.post(ctx, "kf/send_msg", req, &resp)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Code == CodeKFOverLimit || ae.Code == CodeKFExpired) {
		return &service.Error{Kind: service.KindConflict, Code: service.CodeChannelClosed,
			Message: "the 微信客服 window is shut", Err: err}
	}
	return err
}

type kfSyncRequest struct {
	Cursor   string `json:"cursor,omitempty"`
	Token    string `json:"token,omitempty"`
	Limit    int    `json:"limit"`
	OpenKfID string `json:"open_kfid"`
}

type kfSyncResponse struct {
	util.CommonError
	NextCursor string `json:"next_cursor"`
	HasMore    int    `json:"has_more"`
	MsgList    []struct {
		MsgID          string `json:"msgid"`
		OpenKfID       string `json:"open_kfid"`
		ExternalUserID string `json:"external_userid"`
		SendTime       int64  `json:"send_time"`
		Origin         int    `json:"origin"`
	} `json:"msg_list"`
}

// SyncKF pulls a page of 微信客服 messages (kf/sync_msg).
func (c *Client) SyncKF(ctx context.Context, cursor, token, openKfID string) (service.KFPage, error) {
	var resp kfSyncResponse
	err := c.post(ctx, "kf/sync_msg", kfSyncRequest{Cursor: cursor, Token: token, Limit: 1000, OpenKfID: openKfID}, &resp)
	if err != nil {
		return service.KFPage{}, err
	}
	page := service.KFPage{NextCursor: resp.NextCursor, HasMore: resp.HasMore == 1}
	for _, m := range resp.MsgList {
		page.Messages = append(page.Messages, service.KFMessage{MsgID: m.MsgID, OpenKfID: m.OpenKfID,
			ExternalUserID: m.ExternalUserID, SendTime: time.Unix(m.SendTime, 0).UTC(), FromCustomer: m.Origin == kfOriginCustomer})
	}
	return page, nil
}
