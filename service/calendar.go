package service

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// BusinessHours is the weekly working pattern SLA clocks count in.
type BusinessHours struct {
	Location   *time.Location
	Start, End time.Duration // offsets from midnight
	Weekdays   []time.Weekday
}

// DefaultBusinessHours is 09:00-18:00, Monday to Friday, China time. A
// fixed zone is used because China has no daylight saving and the host may
// lack tzdata.
func DefaultBusinessHours() BusinessHours {
	return BusinessHours{
		Location: time.FixedZone("CST", 8*3600), Start: 9 * time.Hour, End: 18 * time.Hour,
		Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	}
}

// DayLayout is how calendar days are written.
const DayLayout = "2006-01-02"

// Calendar answers business-time questions over a loaded window of days.
type Calendar struct {
	hours BusinessHours
	days  map[string]bool // overrides: holidays (false) and make-up days (true)
}

// maxCalendarDays bounds a walk, so a calendar with no working days at all
// cannot loop forever.
const maxCalendarDays = 3660

func (c *Calendar) workday(day time.Time) bool {
	if w, ok := c.days[day.Format(DayLayout)]; ok {
		return w
	}
	return slices.Contains(c.hours.Weekdays, day.Weekday())
}

// window returns the working interval of the day that starts at midnight.
func (c *Calendar) window(midnight time.Time) (time.Time, time.Time, bool) {
	if !c.workday(midnight) {
		return time.Time{}, time.Time{}, false
	}
	return midnight.Add(c.hours.Start), midnight.Add(c.hours.End), true
}

func (c *Calendar) midnight(t time.Time) time.Time {
	t = t.In(c.hours.Location)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.hours.Location)
}

// Add returns the moment d of business time after from.
func (c *Calendar) Add(from time.Time, d time.Duration) time.Time {
	t := from
	for day, i := c.midnight(from), 0; i < maxCalendarDays; day, i = day.AddDate(0, 0, 1), i+1 {
		ws, we, ok := c.window(day)
		if !ok || !t.Before(we) {
			continue
		}
		if t.Before(ws) {
			t = ws
		}
		left := we.Sub(t)
		if d <= left {
			return t.Add(d).UTC()
		}
		d -= left
	}
	return t.UTC()
}

// Between returns the business time from a to b.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	var sum time.Duration
	for day, i := c.midnight(a), 0; day.Before(b) && i < maxCalendarDays; day, i = day.AddDate(0, 0, 1), i+1 {
		ws, we, ok := c.window(day)
		if !ok {
			continue
		}
		lo, hi := maxTime(ws, a), minTime(we, b)
		if hi.After(lo) {
			sum += hi.Sub(lo)
		}
	}
	return sum
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// CalendarService keeps the business calendar: the weekly hours and the
// holiday and make-up-day overrides admins enter.
type CalendarService struct {
	org   *OrgService
	store CalendarStore
	hours BusinessHours
}

// NewCalendarService wires the calendar.
func NewCalendarService(org *OrgService, store CalendarStore, hours BusinessHours) *CalendarService {
	return &CalendarService{org: org, store: store, hours: hours}
}

// Location is the calendar's time zone; ticket numbers use its dates.
func (s *CalendarService) Location() *time.Location { return s.hours.Location }

// Calendar loads the overrides for about a year from `from` on: every SLA
// question starts at a ticket's creation and rarely spans more.
func (s *CalendarService) Calendar(ctx context.Context, from time.Time) (*Calendar, error) {
	start := from.In(s.hours.Location).AddDate(0, 0, -1)
	days, err := s.store.CalendarDays(ctx, start.Format(DayLayout), start.AddDate(1, 1, 0).Format(DayLayout))
	if err != nil {
		return nil, fmt.Errorf("load calendar: %w", err)
	}
	return &Calendar{hours: s.hours, days: days}, nil
}

// SetDay marks a day as a holiday (workday false) or a make-up working
// day (true); admin only.
func (s *CalendarService) SetDay(ctx context.Context, actor Actor, day string, workday bool, note string) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	if _, err := time.Parse(DayLayout, day); err != nil {
		return Invalid(map[string]string{"day": "must be a date like 2026-10-01"})
	}
	return s.store.SetCalendarDay(ctx, day, workday, note)
}

// ClearDay returns a day to the weekly pattern; admin only.
func (s *CalendarService) ClearDay(ctx context.Context, actor Actor, day string) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	return s.store.DeleteCalendarDay(ctx, day)
}
