package bot

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

// Every refusal is a sentence in the reader's language that names the
// ticket by number and never an internal id; what the user cannot act on
// is left to the caller to retry.
func TestRefusal(t *testing.T) {
	_, illegal := service.Transition(service.StateClosed, false, service.ActionResolve)
	cases := []struct {
		err    error
		zh, en string
	}{
		{service.E(service.KindNotFound, "ticket.not_found", "ticket 42 not found"), "没有找到GD20260302-0001", "could not find GD20260302-0001"},
		{fmt.Errorf("resolve: %w", illegal), "当前「已关闭」，不能解决", "is closed now, so you cannot resolve it"},
		{service.E(service.KindForbidden, "ticket.forbidden", "user 7 may not change ticket 42"), "您没有权限", "You may not"},
		{service.E(service.KindForbidden, "transfer.not_approver", "x"), "不由您审批", "not yours to decide"},
		{service.E(service.KindRateLimited, "nudge.too_often", "x"), "10 分钟后再催", "wait 10 minutes"},
		{service.Invalid(map[string]string{"solution": "must be 1 to 32000 characters", "custom.serial_no": "required"}),
			"「serial_no」必须填写；「解决方案」长度不对", "serial_no required; solution must be 1 to 32000 characters"},
	}
	for _, c := range cases {
		for l, want := range map[lang]string{zh: c.zh, en: c.en} {
			got, ok := refusal(l, c.err, "GD20260302-0001")
			if !ok || !strings.Contains(got, want) || strings.Contains(got, "42") || strings.Contains(got, "%!") {
				t.Errorf("refusal(%s, %v) = %q, %v; want a sentence with %q", l, c.err, got, ok, want)
			}
		}
	}
	for _, err := range []error{errors.New("connection refused"), service.E(service.KindUnavailable, "db", "down"),
		service.Wrap(service.KindInternal, "x", errors.New("boom"))} {
		if got, ok := refusal(zh, err, ""); ok {
			t.Errorf("refusal(%v) = %q: an error the user cannot act on must be retried, not answered", err, got)
		}
	}
}
