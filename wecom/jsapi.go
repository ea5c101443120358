package wecom

import (
	"context"
	"crypto/rand"
	"crypto/sha1" // #nosec G505 -- the JS-SDK signature is SHA-1 by WeCom's definition
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// JSSignature signs one page for wx.config (corp) or wx.agentConfig (app).
type JSSignature struct {
	Timestamp int64
	NonceStr  string
	Signature string
}

// JSConfig is what an H5 page needs to use the JS-SDK inside WeCom.
type JSConfig struct {
	CorpID  string
	AgentID int64
	Corp    JSSignature // for wx.config
	Agent   JSSignature // for wx.agentConfig
}

// jsTicketMargin renews a ticket this long before WeCom expires it.
const jsTicketMargin = 5 * time.Minute

type jsTicket struct {
	util.CommonError
	Ticket    string `json:"ticket"`
	ExpiresIn int64  `json:"expires_in"`
}

// JSConfig signs pageURL with the corp's and the app's jsapi_tickets.
// Tickets are cached in the shared store for their lifetime: WeCom allows
// 400 fetches an hour per corp and 100 per app.
func (c *Client) JSConfig(ctx context.Context, pageURL string) (*JSConfig, error) {
	corp, err := c.jsTicket(ctx, "get_jsapi_ticket", nil)
	if err != nil {
		return nil, err
	}
	agent, err := c.jsTicket(ctx, "ticket/get", url.Values{"type": {"agent_config"}})
	if err != nil {
		return nil, err
	}
	now := time.Now().Unix()
	return &JSConfig{CorpID: c.app.CorpID, AgentID: c.app.AgentID,
		Corp: SignJS(corp, nonce(), now, pageURL), Agent: SignJS(agent, nonce(), now, pageURL)}, nil
}

func (c *Client) jsTicket(ctx context.Context, api string, q url.Values) (string, error) {
	key := fmt.Sprintf("wecom:jsapi_ticket:%s:%d:%s", c.app.CorpID, c.app.AgentID, api)
	if t, ok, err := c.tokens.store.Get(ctx, key); err == nil && ok && t != "" {
		return t, nil
	}
	v, err, _ := c.tokens.group.Do(key, func() (any, error) {
		var out jsTicket
		if err := c.get(ctx, api, q, &out); err != nil {
			return "", err
		}
		ttl := time.Duration(out.ExpiresIn)*time.Second - jsTicketMargin
		if ttl < time.Minute {
			ttl = time.Minute
		}
		if err := c.tokens.store.Set(ctx, key, out.Ticket, ttl); err != nil {
			return "", fmt.Errorf("cache jsapi ticket: %w", err)
		}
		return out.Ticket, nil
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// SignJS is the JS-SDK signature: SHA-1 over the four fields in this
// order, with the URL cut at '#' and not URL-encoded.
func SignJS(ticket, nonceStr string, ts int64, pageURL string) JSSignature {
	pageURL, _, _ = strings.Cut(pageURL, "#")
	s := "jsapi_ticket=" + ticket + "&noncestr=" + nonceStr + "&timestamp=" + strconv.FormatInt(ts, 10) + "&url=" + pageURL
	sum := sha1.Sum([]byte(s)) // #nosec G401 -- the JS-SDK signature is SHA-1 by WeCom's definition
	return JSSignature{Timestamp: ts, NonceStr: nonceStr, Signature: hex.EncodeToString(sum[:])}
}

func nonce() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
