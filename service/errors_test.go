package service_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

func asDomain(err error, target **service.Error) bool { return errors.As(err, target) }

func TestKindOfSeesThroughWrapping(t *testing.T) {
	cases := []struct {
		err  error
		want service.Kind
	}{
		{service.E(service.KindNotFound, "x", "gone"), service.KindNotFound},
		{fmt.Errorf("load ticket 7: %w", service.E(service.KindConflict, "x", "stale")), service.KindConflict},
		{errors.New("disk on fire"), service.KindInternal},
		{service.Invalid(map[string]string{"a": "b"}), service.KindInvalid},
	}
	for _, c := range cases {
		if got := service.KindOf(c.err); got != c.want {
			t.Errorf("KindOf(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
