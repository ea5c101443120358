package wecom

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/url"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

// App names one self-built app: whose token to use and which agent sends.
type App struct {
	CorpID  string
	Secret  string
	AgentID int64
}

// Client calls WeCom's API for one app. It is safe for concurrent use.
type Client struct {
	app    App
	tokens *tokenSource
	retry  retryPolicy
	limit  memberLimit
}

// retryPolicy is for busy errors (-1, 45009, 45033): attempts in total,
// exponential from base, capped at max, with jitter.
type retryPolicy struct {
	attempts  int
	base, max time.Duration
}

// Option adjusts a Client.
type Option func(*Client)

// WithRetry sets how many attempts a busy error gets in total and the
// first backoff delay (it doubles up to 30 s). Tests use a tiny base.
func WithRetry(attempts int, base time.Duration) Option {
	return func(c *Client) { c.retry.attempts, c.retry.base = max(attempts, 1), base }
}

// WithTokenPoll sets how often an instance waiting for another instance's
// token refresh looks in the store.
func WithTokenPoll(d time.Duration) Option { return func(c *Client) { c.tokens.poll = d } }

// NewClient builds the client on the shared store that holds the token.
// ConfigureSDK must have been called once before the first request.
func NewClient(app App, store service.SessionStore, opts ...Option) (*Client, error) {
	if app.CorpID == "" || app.Secret == "" || store == nil {
		return nil, errors.New("wecom client: corp id, secret and store are required")
	}
	c := &Client{
		app:    app,
		tokens: newTokenSource(app, store, defaultPoll),
		limit: memberLimit{store: store, agent: app.AgentID, now: time.Now,
			perMinute: MemberPerMinute, perHour: MemberPerHour},
		retry: retryPolicy{attempts: 4, base: 500 * time.Millisecond, max: 30 * time.Second},
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// AgentID is the app the client sends as.
func (c *Client) AgentID() int64 { return c.app.AgentID }

// do runs one API call under the error policy: a rejected token is
// dropped and refreshed once; busy codes back off and retry; the rest
// return at once. Transport errors are not retried here: a POST that
// timed out may have been delivered, and the outbox decides about that.
func (c *Client) do(ctx context.Context, call func(ctx context.Context, token string) error) error {
	refreshed := false
	for attempt := 1; ; attempt++ {
		tok, err := c.tokens.get(ctx)
		if err == nil {
			err = call(ctx, tok)
		}
		var ae *APIError
		if !errors.As(err, &ae) {
			return classify(err)
		}
		switch {
		case tokenCode(ae.Code) && !refreshed && tok != "":
			refreshed = true
			if err := c.tokens.invalidate(ctx, tok); err != nil {
				return classify(err)
			}
			attempt-- // a token refresh is not a busy retry
		case busyCode(ae.Code) && attempt < c.retry.attempts:
			if err := sleep(ctx, c.retry.delay(attempt)); err != nil {
				return classify(err)
			}
		default:
			return classify(err)
		}
	}
}

// delay is the wait before retry n (1-based): half fixed, half random, so
// instances that failed together do not come back together.
func (p retryPolicy) delay(n int) time.Duration {
	d := p.base << min(n-1, 20)
	if d <= 0 || d > p.max {
		d = p.max
	}
	half := d / 2
	return half + rand.N(half+1) // #nosec G404 -- jitter needs no cryptographic randomness.
}

func apiURL(api string, q url.Values) string {
	return DefaultAPIBase + "/cgi-bin/" + api + "?" + q.Encode()
}

// get calls a GET API and decodes into out, which embeds util.CommonError.
func (c *Client) get(ctx context.Context, api string, q url.Values, out any) error {
	return c.do(ctx, func(ctx context.Context, tok string) error {
		q := cloneWith(q, "access_token", tok)
		body, err := util.HTTPGetContext(ctx, apiURL(api, q))
		if err != nil {
			return redact(err)
		}
		return asAPIError(api, util.DecodeWithError(body, out, api))
	})
}

// post calls a JSON POST API. in is encoded with encodeBody, which keeps
// \uXXXX escapes out of the request (WeCom answers them with 40033).
func (c *Client) post(ctx context.Context, api string, in, out any) error {
	body, err := encodeBody(in)
	if err != nil {
		return service.Wrap(service.KindInternal, "wecom.encode", err)
	}
	return c.do(ctx, func(ctx context.Context, tok string) error {
		resp, err := util.PostJSONContext(ctx, apiURL(api, url.Values{"access_token": {tok}}), body)
		if err != nil {
			return redact(err)
		}
		return asAPIError(api, util.DecodeWithError(resp, out, api))
	})
}

func cloneWith(q url.Values, key, val string) url.Values {
	out := make(url.Values, len(q)+1)
	for k, v := range q {
		out[k] = v
	}
	out.Set(key, val)
	return out
}
