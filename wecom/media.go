package wecom

import (
	"bytes"
	"context"
	"net/http"
	"net/url"

	"github.com/silenceper/wechat/v2/util"
)

// GetMedia downloads a temporary media file (image, voice, video, file)
// by the MediaId of a callback; WeCom keeps them for three days.
//
// The content type is sniffed from the bytes: the SDK's HTTP helper, which
// carries the API host and client from ConfigureSDK, does not expose the
// response headers. Voice arrives as AMR, which net/http does not know.
func (c *Client) GetMedia(ctx context.Context, mediaID string) ([]byte, string, error) {
	var data []byte
	err := c.do(ctx, func(ctx context.Context, tok string) error {
		body, err := util.HTTPGetContext(ctx, apiURL("media/get", url.Values{"access_token": {tok}, "media_id": {mediaID}}))
		if err != nil {
			return redact(err)
		}
		// An error comes back as JSON with errcode; the file as raw bytes.
		data, err = util.HandleFileResponse(body, "media/get")
		return asAPIError("media/get", err)
	})
	if err != nil {
		return nil, "", err
	}
	return data, sniff(data), nil
}

var amrMagic = []byte("#!AMR")

func sniff(data []byte) string {
	if bytes.HasPrefix(data, amrMagic) {
		return "audio/amr"
	}
	return http.DetectContentType(data)
}
