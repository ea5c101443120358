package wecom

import (
	"fmt"
	"testing"
)

func ids(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

func users(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("u%d", i)
	}
	return out
}

func TestBatches(t *testing.T) {
	cases := []struct {
		name string
		in   Recipients
		want string // per batch: users/parties/tags counts
	}{
		{"one user", ToUsers("a"), "[1/0/0]"},
		{"duplicates collapse", ToUsers("a", "b", "a"), "[2/0/0]"},
		{"exactly at the maxima", Recipients{Users: users(1000), Parties: ids(100), Tags: ids(100)}, "[1000/100/100]"},
		{"users over", Recipients{Users: users(2500)}, "[1000/0/0 1000/0/0 500/0/0]"},
		{"mixed", Recipients{Users: users(10), Parties: ids(150), Tags: ids(250)}, "[10/100/100 0/50/100 0/0/50]"},
		{"@all ignores the lists", Recipients{All: true, Users: users(3)}, "[all]"},
	}
	for _, tc := range cases {
		got, err := tc.in.batches()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var desc []string
		for _, b := range got {
			if b.All {
				desc = append(desc, "all")
				continue
			}
			desc = append(desc, fmt.Sprintf("%d/%d/%d", len(b.Users), len(b.Parties), len(b.Tags)))
		}
		if fmt.Sprint(desc) != tc.want {
			t.Errorf("%s: batches %v, want %s", tc.name, desc, tc.want)
		}
	}
	if _, err := (Recipients{}).batches(); err == nil {
		t.Error("no recipients accepted")
	}
}

func TestEncodeBodyHasNoUnicodeEscapes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<a href=\"x?a=1&b=2\">", `"<a href=\"x?a=1&b=2\">"`},
		{"line\u2028sep\u2029end", `"line\nsep\nend"`},
		{"bell\x07tab\t", `"belltab\t"`},
		{"bad\xffutf8", "\"bad\uFFFDutf8\""},
		{`back\slash \u0041`, `"back\\slash \\u0041"`},
	}
	for _, tc := range cases {
		got, err := encodeBody(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("encodeBody(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	p := retryPolicy{attempts: 10, base: 100, max: 1000}
	for n, bounds := range map[int][2]int64{1: {50, 100}, 2: {100, 200}, 4: {400, 800}, 5: {500, 1000}, 30: {500, 1000}} {
		for range 50 {
			if d := int64(p.delay(n)); d < bounds[0] || d > bounds[1] {
				t.Fatalf("delay(%d) = %d, want within %v", n, d, bounds)
			}
		}
	}
}
