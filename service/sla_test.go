package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// cst is China time, the calendar's zone.
var cst = time.FixedZone("CST", 8*3600)

func at(day, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, cst)
	if err != nil {
		panic(err)
	}
	return t
}

func TestBusinessCalendar(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			admin := k.As(t, "admin")
			// Friday 2026-03-06 is a holiday; Saturday 2026-03-07 a make-up day.
			if err := k.Calendar.SetDay(ctx, admin, "2026-03-06", false, "假日"); err != nil {
				t.Fatal(err)
			}
			if err := k.Calendar.SetDay(ctx, admin, "2026-03-07", true, "调休"); err != nil {
				t.Fatal(err)
			}
			cal := servicetest.Must(k.Calendar.Calendar(ctx, at("2026-03-02", "00:00")))(t)
			cases := []struct {
				from  time.Time
				hours float64
				want  time.Time
			}{
				{at("2026-03-02", "10:00"), 4, at("2026-03-02", "14:00")},
				{at("2026-03-02", "16:00"), 4, at("2026-03-03", "11:00")},  // overnight
				{at("2026-03-02", "07:00"), 1, at("2026-03-02", "10:00")},  // before opening
				{at("2026-03-05", "17:00"), 2, at("2026-03-07", "10:00")},  // over the holiday onto the make-up day
				{at("2026-03-07", "17:00"), 2, at("2026-03-09", "10:00")},  // over Sunday
				{at("2026-03-02", "09:00"), 45, at("2026-03-07", "18:00")}, // five working days: Mon-Thu and the make-up Saturday
			}
			for _, c := range cases {
				got := cal.Add(c.from, time.Duration(c.hours*float64(time.Hour)))
				if !got.Equal(c.want) {
					t.Errorf("Add(%s, %vh) = %s, want %s", c.from, c.hours, got.In(cst), c.want)
				}
				if back := cal.Between(c.from, got); back != time.Duration(c.hours*float64(time.Hour)) {
					t.Errorf("Between(%s, %s) = %s, want %vh", c.from, got.In(cst), back, c.hours)
				}
			}
		})
	}
}

func TestSLAPausesWhileWaitingOnTheCustomer(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			k.Clock.Set(at("2026-03-02", "10:00"))
			in := service.NewTicket{TemplateID: k.Template(t, "it_fault_report"), Subject: "电脑蓝屏", Description: "开机蓝屏",
				OwnerID: k.ID(t, "it_lead"), Priority: service.PriorityHigh, CustomFields: map[string]any{"fault_kind": "computer"}}
			tk := k.Create(t, "agent1", in)
			// high: respond in 1 business hour, resolve in 4.
			if !tk.ResponseDueAt.Equal(at("2026-03-02", "11:00")) || !tk.ResolveDueAt.Equal(at("2026-03-02", "14:00")) {
				t.Fatalf("due %s / %s", tk.ResponseDueAt.In(cst), tk.ResolveDueAt.In(cst))
			}
			lead := k.As(t, "it_lead")
			k.Clock.Set(at("2026-03-02", "10:30"))
			w := servicetest.Must(k.Tickets.WaitForCustomer(ctx, lead, tk.ID, "请客户提供截图"))(t)
			k.Clock.Set(at("2026-03-02", "17:00"))
			clock := servicetest.Must(k.Tickets.Get(ctx, lead, tk.ID))(t).SLA
			if clock.Response != service.SLAMet || clock.Resolution != service.SLAPaused || w.FirstResponseAt == nil {
				t.Fatalf("while waiting: %+v", clock)
			}
			// Waiting 10:30 -> next day 10:30 is 9 business hours; the
			// resolution target moves from 14:00 to the next day 14:00.
			k.Clock.Set(at("2026-03-03", "10:30"))
			r := servicetest.Must(k.Tickets.Resume(ctx, lead, tk.ID, "客户已回复"))(t)
			if !r.ResolveDueAt.Equal(at("2026-03-03", "14:00")) {
				t.Fatalf("resolve due after the pause = %s", r.ResolveDueAt.In(cst))
			}
			k.Clock.Set(at("2026-03-03", "15:00"))
			d := servicetest.Must(k.Tickets.Get(ctx, lead, tk.ID))(t)
			if d.SLA.Resolution != service.SLABreached {
				t.Fatalf("an hour past due: %+v", d.SLA)
			}
			// Raising the priority reschedules from creation: urgent resolves in 2h.
			urgent := service.PriorityUrgent
			u := servicetest.Must(k.Tickets.Update(ctx, lead, tk.ID, d.Version, service.TicketPatch{Priority: &urgent}))(t)
			if !u.ResolveDueAt.Equal(at("2026-03-03", "12:00")) {
				t.Fatalf("urgent resolve due = %s", u.ResolveDueAt.In(cst))
			}
		})
	}
}
