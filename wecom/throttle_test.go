package wecom_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// WeCom silently drops what exceeds its per-member limit, so the client
// must hold those messages back and say so, never hand them to WeCom.
func TestPerMemberLimitHoldsBackAndReports(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	st := newStore(t)
	c := newClient(t, s, st, wecom.WithMemberLimits(3, 100))
	ctx := context.Background()
	for i := range 3 {
		if _, err := c.SendText(ctx, wecom.ToUsers("agent1"), "第"+string(rune('1'+i))+"条"); err != nil {
			t.Fatalf("send %d: %v", i+1, err)
		}
	}
	_, err := c.SendText(ctx, wecom.ToUsers("agent1"), "第4条")
	var th *wecom.ThrottledError
	if !errors.As(err, &th) || !slices.Equal(th.Users, []string{"agent1"}) || service.KindOf(err) != service.KindRateLimited {
		t.Fatalf("4th send err = %v, want a rate-limited ThrottledError for agent1", err)
	}
	if th.RetryAfter <= 0 {
		t.Fatalf("RetryAfter = %v, want the time to the next window", th.RetryAfter)
	}
	// A message for several members still reaches those under the limit.
	res, err := c.SendText(ctx, wecom.ToUsers("agent1", "agent2"), "群发")
	if !errors.As(err, &th) || !slices.Equal(th.Users, []string{"agent1"}) {
		t.Fatalf("mixed send err = %v, want agent1 throttled", err)
	}
	if len(res.Batches) != 1 || !slices.Equal(res.Batches[0].To.Users, []string{"agent2"}) {
		t.Fatalf("mixed send batches = %+v, want one to agent2", res.Batches)
	}
	if n := len(s.Sent("agent1")); n != 3 {
		t.Fatalf("agent1 received %d messages at WeCom, want 3", n)
	}
	if n := len(s.Sent("agent2")); n != 1 {
		t.Fatalf("agent2 received %d messages at WeCom, want 1", n)
	}
	// The budget is shared: a second client on the same store sees it spent.
	other := newClient(t, s, st, wecom.WithMemberLimits(3, 100))
	if _, err := other.SendText(ctx, wecom.ToUsers("agent1"), "again"); !errors.As(err, &th) {
		t.Fatalf("second instance err = %v, want throttled", err)
	}
}
