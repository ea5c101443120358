package bot

import "testing"

// Every key the bot writes reads back as itself; keys it never wrote,
// or whose numbers are gone, are not taken for clicks.
func TestCardKeys(t *testing.T) {
	for _, k := range []cardKey{
		{kind: "trf", yes: true, id: 7, ticket: 9},
		{kind: "trf", id: 7, ticket: 9},
		{kind: "asg", yes: true, id: 3},
		{kind: "offer", yes: true},
		{kind: "offer"},
		{kind: "pick", what: pickDispatch, ticket: 5, version: 4, id: 12},
		{kind: "pick", what: pickAllocate, ticket: 5, version: 1, id: 10},
	} {
		got, ok := parseCardKey(k.String())
		if !ok || got != k {
			t.Errorf("parseCardKey(%q) = %+v, %v; want %+v", k.String(), got, ok, k)
		}
	}
	for _, s := range []string{"", "pick", "pick:1:5:4", "pick:3:5:4:12", "pick:257:5:4:12", "pick:1:0:4:12",
		"pick:1:5:4:x", "asg:maybe:3", "trf:ok:7", "asg:ok:0", "nope:ok"} {
		if k, ok := parseCardKey(s); ok {
			t.Errorf("parseCardKey(%q) = %+v, want no key", s, k)
		}
	}
}
