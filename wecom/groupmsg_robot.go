package wecom

import (
	"context"
	"errors"
	"net/url"
	"regexp"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

// Group robots (webhook/send?key=) speak in a group chat; a human adds the
// robot to the group and gives us its key. 20 messages a minute per robot;
// WeCom answers 45009 beyond that.
const (
	MaxRobotMarkdownBytes = 4096
	CodeRobotBadKey       = 93000
)

// Robot posts to group chats through group robots. It needs no access
// token: the webhook key is the credential.
type Robot struct{}

var _ service.RobotSender = Robot{}

type robotRequest struct {
	MsgType  string `json:"msgtype"`
	Markdown kfText `json:"markdown"`
}

// SendRobotMarkdown posts markdown to the robot's group. A frequency
// limit is service.KindRateLimited; a bad key or content is permanent.
func (Robot) SendRobotMarkdown(ctx context.Context, key, text string) error {
	body, err := encodeBody(robotRequest{MsgType: "markdown", Markdown: kfText{Content: truncateUTF8(text, MaxRobotMarkdownBytes)}})
	if err != nil {
		return &service.PermanentError{Err: err}
	}
	target := DefaultAPIBase + "/cgi-bin/webhook/send?" + url.Values{"key": {key}}.Encode()
	resp, err := util.PostJSONContext(ctx, target, body)
	if err != nil {
		return classify(redactKey(err))
	}
	var out struct{ util.CommonError }
	err = classify(asAPIError("webhook/send", util.DecodeWithError(resp, &out, "webhook/send")))
	var ae *APIError
	if errors.As(err, &ae) && ae.Permanent() {
		return &service.PermanentError{Err: err}
	}
	return err
}

var robotKeyInURL = regexp.MustCompile(`key=[^&\s"]*`)

// redactKey hides the robot key, which is its only credential, from
// transport errors that quote the URL.
func redactKey(err error) error {
	return &redactedError{msg: robotKeyInURL.ReplaceAllString(err.Error(), "key=REDACTED"), err: err}
}
