package wecom

import (
	"context"
	"net/url"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

var _ service.LoginProvider = (*Client)(nil)

// codeSession is WeCom's miniprogram/jscode2session answer. session_key
// is read and dropped: it never leaves the server.
type codeSession struct {
	util.CommonError
	CorpID string `json:"corpid"`
	UserID string `json:"userid"`
}

// MiniProgramSession exchanges a wx.qy.login code for the corp and member
// it belongs to. silenceper's Code2Session calls WeChat's API instead
// (which answers an openid), so this is written on our own token and
// error policy. An invalid or used code is KindInvalid (40029).
func (c *Client) MiniProgramSession(ctx context.Context, code string) (string, string, error) {
	var out codeSession
	q := url.Values{"js_code": {code}, "grant_type": {"authorization_code"}}
	if err := c.get(ctx, "miniprogram/jscode2session", q, &out); err != nil {
		return "", "", err
	}
	return out.CorpID, out.UserID, nil
}

// oauthUser is auth/getuserinfo: userid for a member; openid or
// external_userid for anyone else.
type oauthUser struct {
	util.CommonError
	UserID string `json:"userid"`
}

// OAuthUser exchanges an H5 OAuth code for the member's userid, or ""
// when the visitor is not a member of the corp.
func (c *Client) OAuthUser(ctx context.Context, code string) (string, error) {
	var out oauthUser
	if err := c.get(ctx, "auth/getuserinfo", url.Values{"code": {code}}, &out); err != nil {
		return "", err
	}
	return out.UserID, nil
}
