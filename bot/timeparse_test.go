package bot

import (
	"testing"
	"time"
)

func TestWhenPrefix(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	// Wednesday 2026-03-04 14:20 in Shanghai.
	now := time.Date(2026, 3, 4, 14, 20, 30, 0, shanghai)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, shanghai) }
	cases := []struct {
		in   string
		want time.Time
		rest string
	}{
		{"明天9点", at(2026, 3, 5, 9, 0), ""},
		{"明天上午9点半 GD20260302-0001", at(2026, 3, 5, 9, 30), "GD20260302-0001"},
		{"今天下午3点", at(2026, 3, 4, 15, 0), ""},
		{"下午3点15分", at(2026, 3, 4, 15, 15), ""},
		{"下午2点", at(2026, 3, 5, 14, 0), ""}, // already past today: tomorrow
		{"晚上8点", at(2026, 3, 4, 20, 0), ""},
		{"中午12点", at(2026, 3, 5, 12, 0), ""},
		{"30分钟后", at(2026, 3, 4, 14, 50), ""},
		{"半小时后 带上配件", at(2026, 3, 4, 14, 50), "带上配件"},
		{"2小时后", at(2026, 3, 4, 16, 20), ""},
		{"两个小时以后", at(2026, 3, 4, 16, 20), ""},
		{"3天后", at(2026, 3, 7, 14, 20), ""},
		{"周五10点", at(2026, 3, 6, 10, 0), ""},
		{"星期三 16:00", at(2026, 3, 4, 16, 0), ""},
		{"周一", at(2026, 3, 9, 9, 0), ""},
		{"下周一 10:30", at(2026, 3, 9, 10, 30), ""},
		{"下周五", at(2026, 3, 13, 9, 0), ""},
		{"后天", at(2026, 3, 6, 9, 0), ""},
		{"3月10日 14:00", at(2026, 3, 10, 14, 0), ""},
		{"1月2号", at(2027, 1, 2, 9, 0), ""},
		{"2026-03-05 14:00", at(2026, 3, 5, 14, 0), ""},
		{"2026-03-05T14:00", at(2026, 3, 5, 14, 0), ""},
		{"2026/3/5", at(2026, 3, 5, 9, 0), ""},
		{"2026-03-05T06:00:00Z", time.Date(2026, 3, 5, 6, 0, 0, 0, time.UTC), ""},
		{"2026-03-05T14:00:00+08:00", at(2026, 3, 5, 14, 0), ""},
		{"tomorrow 9am", at(2026, 3, 5, 9, 0), ""},
		{"today 3pm", at(2026, 3, 4, 15, 0), ""},
		{"in 45 minutes", at(2026, 3, 4, 15, 5), ""},
		{"friday 10am", at(2026, 3, 6, 10, 0), ""},
		{"next monday", at(2026, 3, 9, 9, 0), ""},
	}
	for _, c := range cases {
		got, rest, ok := whenPrefix(c.in, now)
		if !ok || !got.Equal(c.want) || rest != c.rest {
			t.Errorf("whenPrefix(%q) = %v %q %v, want %v %q", c.in, got, rest, ok, c.want, c.rest)
		}
	}
	for _, bad := range []string{"", "随便", "25点", "2026-13-01", "明天25点", "GD20260302-0001", "13月1日"} {
		if at, ok := parseWhen(bad, now); ok {
			t.Errorf("parseWhen(%q) = %v, want no time", bad, at)
		}
	}
}

func FuzzWhen(f *testing.F) {
	for _, s := range []string{"明天9点", "2026-03-05T14:00:00+08:00", "in 3 hours", "下周日晚上8点半", "99月99日"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 4, 14, 20, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, in string) {
		_, _, _ = whenPrefix(in, now)
	})
}
