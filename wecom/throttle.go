package wecom

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// WeCom's per-app, per-member limits. Beyond them WeCom drops messages
// silently with errcode 0, so we must count ourselves.
const (
	MemberPerMinute = 30
	MemberPerHour   = 1000
)

// memberLimit counts sends per member in the shared store, so every
// server instance draws on one budget. The minute is a sliding window:
// WeCom does not say whether it counts calendar minutes or any 60 s
// (WECOM.md), and fixed windows let up to twice the limit through across
// a minute's boundary (issue 9's burst benchmark saw 37 sends inside 60 s),
// which WeCom would drop without a word if it slides. The hour stays a
// fixed window: its log would hold 1,000 entries per busy member.
type memberLimit struct {
	store              service.SessionStore
	agent              int64
	perMinute, perHour int64
	now                func() time.Time
}

// WithMemberLimits overrides the per-member limits (tests use small ones);
// 0 turns the throttle off.
func WithMemberLimits(perMinute, perHour int) Option {
	return func(c *Client) { c.limit.perMinute, c.limit.perHour = int64(perMinute), int64(perHour) }
}

// take reserves one message for each user and returns those over a limit.
// Parties, tags and @all expand inside WeCom and cannot be counted here.
func (l *memberLimit) take(ctx context.Context, users []string) ([]string, error) {
	if l.perMinute <= 0 && l.perHour <= 0 {
		return nil, nil
	}
	hour := l.now().Unix() / 3600
	var over []string
	for _, u := range users {
		ok, err := l.inMinute(ctx, fmt.Sprintf("wecom:rate:m:%d:%s", l.agent, u))
		if err == nil && ok {
			ok, err = l.within(ctx, fmt.Sprintf("wecom:rate:h:%d:%s:%d", l.agent, u, hour), time.Hour, l.perHour)
		}
		if err != nil {
			return nil, fmt.Errorf("member rate limit: %w", err)
		}
		if !ok {
			over = append(over, u)
		}
	}
	return over, nil
}

func (l *memberLimit) inMinute(ctx context.Context, key string) (bool, error) {
	if l.perMinute <= 0 {
		return true, nil
	}
	return l.store.Admit(ctx, key, time.Minute, int(l.perMinute))
}

func (l *memberLimit) within(ctx context.Context, key string, window time.Duration, limit int64) (bool, error) {
	if limit <= 0 {
		return true, nil
	}
	n, err := l.store.Incr(ctx, key, window+time.Second)
	return n <= limit, err
}

// ThrottledError reports members who were not sent to because they reached
// WeCom's per-member limit; the caller retries them after RetryAfter.
type ThrottledError struct {
	Users      []string
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return "wecom: per-member limit reached for " + strconv.Itoa(len(e.Users)) + " member(s)"
}

// Unwrap classifies it as rate limited for the service layer.
func (e *ThrottledError) Unwrap() error {
	return service.E(service.KindRateLimited, "wecom.member_rate_limit", "WeCom per-member message limit reached")
}
