package service_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

// expectKind fails unless err is a domain error of kind k.
func expectKind(t *testing.T, err error, k service.Kind) {
	t.Helper()
	if !service.IsKind(err, k) {
		t.Fatalf("err = %v, want %s", err, k)
	}
}

// expectFields fails unless err is an invalid-input error naming exactly
// the fields.
func expectFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var de *service.Error
	if !errors.As(err, &de) || de.Kind != service.KindInvalid {
		t.Fatalf("err = %v, want invalid input", err)
	}
	got := make([]string, 0, len(de.Fields))
	for f := range de.Fields {
		got = append(got, f)
	}
	slices.Sort(got)
	slices.Sort(fields)
	if !slices.Equal(got, fields) {
		t.Fatalf("invalid fields = %v (%v), want %v", got, de.Fields, fields)
	}
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func equalIDs(a, b []int64) bool { return slices.Equal(a, b) }
