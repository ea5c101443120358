package service

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// cleanTags trims, drops empties and duplicates, and reports a list over
// the limits in bad["tags"].
func cleanTags(bad map[string]string, in []string) []string {
	out := []string{}
	for _, t := range in {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) > maxTags {
		bad["tags"] = fmt.Sprintf("at most %d tags", maxTags)
	}
	for _, t := range out {
		if utf8.RuneCountInString(t) > maxTag {
			bad["tags"] = fmt.Sprintf("each tag at most %d characters", maxTag)
		}
	}
	return out
}

// normalizePhone keeps digits and a leading +, so "138-0000 0001" and
// "13800000001" are the same number to an exact lookup.
func normalizePhone(p string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(p) {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkLen reports a text field whose length in characters is out of range.
func checkLen(bad map[string]string, key, val string, lo, hi int) {
	if n := utf8.RuneCountInString(val); n < lo || n > hi {
		bad[key] = fmt.Sprintf("must be %d to %d characters", lo, hi)
	}
}

// invalidIf returns the problems in bad as one invalid-input error, or nil.
func invalidIf(bad map[string]string) error {
	if len(bad) > 0 {
		return Invalid(bad)
	}
	return nil
}
