package bot

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The time expressions people type in chat, each anchored at the start of
// what is left to read.
var (
	reISO      = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2})[:：](\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?`)
	reRelative = regexp.MustCompile(`^(\d{1,4}|半|一|两)\s*(分钟|分|个?小时|个?钟头|天)(?:以?后|之后)`)
	reIn       = regexp.MustCompile(`(?i)^in\s+(\d{1,4})\s*(minutes?|mins?|hours?|hrs?|days?)\b`)
	reDayWord  = regexp.MustCompile(`(?i)^(今天|明天|后天|大后天|today|tomorrow)`)
	reWeekday  = regexp.MustCompile(`^(下个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])`)
	reWeekdayE = regexp.MustCompile(`(?i)^(next\s+)?(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b`)
	reMonthDay = regexp.MustCompile(`^(\d{1,2})月(\d{1,2})[日号]?`)
	reClockZh  = regexp.MustCompile(`^(上午|早上|早晨|中午|下午|傍晚|晚上|凌晨)?\s*(\d{1,2})(?:[:：](\d{2})|[点时](?:(半)|(\d{1,2})分?)?)`)
	reClockEn  = regexp.MustCompile(`(?i)^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b`)
)

var zhWeekdays = map[string]time.Weekday{"一": time.Monday, "二": time.Tuesday, "三": time.Wednesday, "四": time.Thursday,
	"五": time.Friday, "六": time.Saturday, "日": time.Sunday, "天": time.Sunday, "1": time.Monday, "2": time.Tuesday,
	"3": time.Wednesday, "4": time.Thursday, "5": time.Friday, "6": time.Saturday, "7": time.Sunday}

var enWeekdays = map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday}

// defaultHour is when a day without a time means.
const defaultHour = 9

// parseWhen reads a whole answer as a time (see whenPrefix).
func parseWhen(s string, now time.Time) (time.Time, bool) {
	at, rest, ok := whenPrefix(s, now)
	return at, ok && rest == ""
}

// whenPrefix reads a time at the start of s, in now's location: 明天9点,
// 今天下午3点, 30分钟后, 周五10点, 下周一, 3月5日 14:00, 2026-03-05 14:00, RFC 3339,
// tomorrow 9am, in 2 hours. A day without a time is 9:00; a time without a
// day is its next occurrence. It returns the rest of s.
func whenPrefix(s string, now time.Time) (time.Time, string, bool) {
	s = strings.TrimSpace(s)
	if at, rest, ok := isoPrefix(s, now); ok {
		return at, rest, true
	}
	if m := reRelative.FindStringSubmatch(s); m != nil {
		return now.Add(relative(m[1], m[2])).Truncate(time.Minute), strings.TrimSpace(s[len(m[0]):]), true
	}
	if m := reIn.FindStringSubmatch(s); m != nil {
		return now.Add(relative(m[1], strings.ToLower(m[2][:1]))).Truncate(time.Minute), strings.TrimSpace(s[len(m[0]):]), true
	}
	day, rest, hasDay := dayPrefix(s, now)
	hour, minute, rest, hasClock := clockPrefix(strings.TrimSpace(rest))
	if !hasDay && !hasClock {
		return time.Time{}, s, false
	}
	if !hasClock {
		hour, minute = defaultHour, 0
	}
	if hour > 23 || minute > 59 {
		return time.Time{}, s, false
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, now.Location())
	if !hasDay && !at.After(now) {
		at = at.AddDate(0, 0, 1)
	}
	return at, strings.TrimSpace(rest), true
}

func isoPrefix(s string, now time.Time) (time.Time, string, bool) {
	m := reISO.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, s, false
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	loc := now.Location()
	switch z := strings.ReplaceAll(m[7], ":", ""); {
	case z == "Z":
		loc = time.UTC
	case len(z) == 5:
		hh, _ := strconv.Atoi(z[1:3])
		mm, _ := strconv.Atoi(z[3:])
		off := hh*3600 + mm*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone(z, off)
	}
	hour, minute := defaultHour, 0
	if m[4] != "" {
		hour, minute = n(4), n(5)
	}
	if n(2) < 1 || n(2) > 12 || n(3) < 1 || n(3) > 31 || hour > 23 || minute > 59 {
		return time.Time{}, s, false
	}
	at := time.Date(n(1), time.Month(n(2)), n(3), hour, minute, n(6), 0, loc)
	return at, strings.TrimSpace(s[len(m[0]):]), true
}

// relative is n units: 30 分钟, 两小时, 半天; h and d are English units.
func relative(n, unit string) time.Duration {
	d := time.Minute
	switch {
	case strings.Contains(unit, "小时"), strings.Contains(unit, "钟头"), unit == "h":
		d = time.Hour
	case unit == "天", unit == "d":
		d = 24 * time.Hour
	}
	switch n {
	case "半":
		return d / 2
	case "一":
		return d
	case "两":
		return 2 * d
	}
	v, _ := strconv.Atoi(n)
	return time.Duration(v) * d
}

// dayPrefix reads a day; without one it returns today.
func dayPrefix(s string, now time.Time) (time.Time, string, bool) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	if m := reDayWord.FindStringSubmatch(s); m != nil {
		ahead := map[string]int{"今天": 0, "today": 0, "明天": 1, "tomorrow": 1, "后天": 2, "大后天": 3}[strings.ToLower(m[1])]
		return today.AddDate(0, 0, ahead), s[len(m[0]):], true
	}
	if m := reWeekday.FindStringSubmatch(s); m != nil {
		return weekday(today, zhWeekdays[m[2]], m[1] != ""), s[len(m[0]):], true
	}
	if m := reWeekdayE.FindStringSubmatch(s); m != nil {
		return weekday(today, enWeekdays[strings.ToLower(m[2][:3])], m[1] != ""), s[len(m[0]):], true
	}
	if m := reMonthDay.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			return today, s, false
		}
		at := time.Date(now.Year(), time.Month(mo), d, 0, 0, 0, 0, now.Location())
		if at.Before(today) {
			at = at.AddDate(1, 0, 0)
		}
		return at, s[len(m[0]):], true
	}
	return today, s, false
}

// weekday is the coming day of that name (today counts); with next, the
// one in the week after this one (weeks start on Monday).
func weekday(today time.Time, wd time.Weekday, next bool) time.Time {
	iso := func(w time.Weekday) int { return (int(w) + 6) % 7 } // Monday 0
	if next {
		monday := today.AddDate(0, 0, -iso(today.Weekday()))
		return monday.AddDate(0, 0, 7+iso(wd))
	}
	return today.AddDate(0, 0, (iso(wd)-iso(today.Weekday())+7)%7)
}

// clockPrefix reads a time of day.
func clockPrefix(s string) (hour, minute int, rest string, ok bool) {
	if m := reClockZh.FindStringSubmatch(s); m != nil {
		hour, _ = strconv.Atoi(m[2])
		minute, _ = strconv.Atoi(m[3] + m[5])
		if m[4] == "半" {
			minute = 30
		}
		switch m[1] {
		case "下午", "傍晚", "晚上":
			if hour < 12 {
				hour += 12
			}
		case "中午":
			if hour < 11 {
				hour += 12
			}
		case "凌晨":
			if hour == 12 {
				hour = 0
			}
		}
		return hour, minute, s[len(m[0]):], true
	}
	if m := reClockEn.FindStringSubmatch(s); m != nil {
		hour, _ = strconv.Atoi(m[1])
		minute, _ = strconv.Atoi(m[2])
		if strings.EqualFold(m[3], "pm") && hour < 12 {
			hour += 12
		} else if strings.EqualFold(m[3], "am") && hour == 12 {
			hour = 0
		}
		return hour, minute, s[len(m[0]):], true
	}
	return 0, 0, s, false
}
