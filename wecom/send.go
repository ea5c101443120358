package wecom

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/work/message"

	"github.com/wecom-ticket/ticket/service"
)

// WeCom's per-request recipient maxima for message/send.
const (
	MaxUsersPerSend   = 1000
	MaxPartiesPerSend = 100
	MaxTagsPerSend    = 100
)

// Recipients of one message. Lists longer than WeCom's maxima are split
// over several requests.
type Recipients struct {
	Users   []string
	Parties []int64
	Tags    []int64
	All     bool // "@all": everyone in the app's visibility scope
}

// ToUsers is the common case.
func ToUsers(userids ...string) Recipients { return Recipients{Users: userids} }

// Batch is one message/send request and what WeCom answered to it.
type Batch struct {
	To           Recipients
	MsgID        string // for message/recall
	ResponseCode string // interactive cards: single use, valid 72 h
}

// SendResult collects the batches of one send. WeCom still delivers to the
// valid recipients when some are invalid; those are listed here.
type SendResult struct {
	Batches         []Batch
	InvalidUsers    []string
	InvalidParties  []string
	InvalidTags     []string
	UnlicensedUsers []string
}

// MsgID is the first batch's msgid, for the usual single-batch send.
func (r SendResult) MsgID() string {
	if len(r.Batches) == 0 {
		return ""
	}
	return r.Batches[0].MsgID
}

// ResponseCode is the first batch's response_code.
func (r SendResult) ResponseCode() string {
	if len(r.Batches) == 0 {
		return ""
	}
	return r.Batches[0].ResponseCode
}

// sendRequest is message/send's body. silenceper's SendRequestCommon has
// agentid as a string; WeCom documents an integer.
type sendRequest struct {
	ToUser       string             `json:"touser,omitempty"`
	ToParty      string             `json:"toparty,omitempty"`
	ToTag        string             `json:"totag,omitempty"`
	MsgType      string             `json:"msgtype"`
	AgentID      int64              `json:"agentid"`
	Text         *message.TextField `json:"text,omitempty"`
	Markdown     *message.TextField `json:"markdown,omitempty"`
	TextCard     *TextCard          `json:"textcard,omitempty"`
	TemplateCard *TemplateCard      `json:"template_card,omitempty"`
}

// send splits to into batches and sends body to each. It stops at the first
// failing batch and returns the batches already sent with the error, so a
// caller retrying later can tell who already has the message. Members over
// WeCom's per-member limit are left out and reported in a *ThrottledError
// (beside the result for the others), since WeCom would drop them silently.
func (c *Client) send(ctx context.Context, to Recipients, body sendRequest) (SendResult, error) {
	var res SendResult
	over, err := c.limit.take(ctx, dedupe(to.Users))
	if err != nil {
		return res, err
	}
	if len(over) > 0 {
		to.Users = slices.DeleteFunc(slices.Clone(to.Users), func(u string) bool { return slices.Contains(over, u) })
		throttled := &ThrottledError{Users: over, RetryAfter: time.Until(c.limit.now().Truncate(time.Minute).Add(time.Minute))}
		if len(to.Users) == 0 && len(to.Parties) == 0 && len(to.Tags) == 0 && !to.All {
			return res, throttled
		}
		res, err := c.deliver(ctx, to, body)
		if err != nil {
			return res, err
		}
		return res, throttled
	}
	return c.deliver(ctx, to, body)
}

// deliver sends body to every batch of to.
func (c *Client) deliver(ctx context.Context, to Recipients, body sendRequest) (SendResult, error) {
	var res SendResult
	batches, err := to.batches()
	if err != nil {
		return res, err
	}
	body.AgentID = c.app.AgentID
	for _, b := range batches {
		body.ToUser, body.ToParty, body.ToTag = b.wire()
		var resp message.SendResponse
		if err := c.post(ctx, "message/send", body, &resp); err != nil {
			return res, err
		}
		res.Batches = append(res.Batches, Batch{To: b, MsgID: resp.MsgID, ResponseCode: resp.ResponseCode})
		res.InvalidUsers = append(res.InvalidUsers, splitBar(resp.InvalidUser)...)
		res.InvalidParties = append(res.InvalidParties, splitBar(resp.InvalidParty)...)
		res.InvalidTags = append(res.InvalidTags, splitBar(resp.InvalidTag)...)
		res.UnlicensedUsers = append(res.UnlicensedUsers, splitBar(resp.UnlicensedUser)...)
	}
	return res, nil
}

// SendText sends plain text (links as <a href>, newlines kept). Text over
// WeCom's 2048 bytes is cut at a character boundary here rather than mid
// character by WeCom.
func (c *Client) SendText(ctx context.Context, to Recipients, content string) (SendResult, error) {
	return c.send(ctx, to, sendRequest{MsgType: "text", Text: &message.TextField{Content: truncateUTF8(content, MaxTextBytes)}})
}

// SendMarkdown sends WeCom's markdown subset, cut like SendText.
func (c *Client) SendMarkdown(ctx context.Context, to Recipients, content string) (SendResult, error) {
	return c.send(ctx, to, sendRequest{MsgType: "markdown", Markdown: &message.TextField{Content: truncateUTF8(content, MaxMarkdownBytes)}})
}

// SendTextCard sends a text card with one link.
func (c *Client) SendTextCard(ctx context.Context, to Recipients, card TextCard) (SendResult, error) {
	if err := card.Validate(); err != nil {
		return SendResult{}, service.Wrap(service.KindInvalid, "wecom.textcard", err)
	}
	return c.send(ctx, to, sendRequest{MsgType: "textcard", TextCard: &card})
}

// SendTemplateCard sends a template card. For interactive cards each
// batch carries its own single-use response_code.
func (c *Client) SendTemplateCard(ctx context.Context, to Recipients, card TemplateCard) (SendResult, error) {
	if err := card.Validate(); err != nil {
		return SendResult{}, service.Wrap(service.KindInvalid, "wecom.template_card", err)
	}
	return c.send(ctx, to, sendRequest{MsgType: "template_card", TemplateCard: &card})
}

// batches splits the lists over WeCom's maxima. Batch i takes the i-th
// slice of each list, so every recipient is named in exactly one request.
func (r Recipients) batches() ([]Recipients, error) {
	if r.All {
		return []Recipients{{All: true}}, nil
	}
	users, parties, tags := dedupe(r.Users), dedupe(r.Parties), dedupe(r.Tags)
	n := max(chunks(len(users), MaxUsersPerSend), chunks(len(parties), MaxPartiesPerSend), chunks(len(tags), MaxTagsPerSend))
	if n == 0 {
		return nil, service.E(service.KindInvalid, "wecom.no_recipients", "message has no recipients")
	}
	out := make([]Recipients, n)
	for i := range out {
		out[i] = Recipients{
			Users:   window(users, i, MaxUsersPerSend),
			Parties: window(parties, i, MaxPartiesPerSend),
			Tags:    window(tags, i, MaxTagsPerSend),
		}
	}
	return out, nil
}

// wire renders the lists as WeCom's "a|b" strings.
func (r Recipients) wire() (touser, toparty, totag string) {
	if r.All {
		return "@all", "", ""
	}
	return strings.Join(r.Users, "|"), joinIDs(r.Parties), joinIDs(r.Tags)
}

func chunks(n, size int) int { return (n + size - 1) / size }

func window[T any](s []T, i, size int) []T {
	lo := i * size
	if lo >= len(s) {
		return nil
	}
	return s[lo:min(lo+size, len(s))]
}

func dedupe[T comparable](s []T) []T {
	seen := make(map[T]bool, len(s))
	out := make([]T, 0, len(s))
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return slices.Clip(out)
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, "|")
}

func splitBar(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
