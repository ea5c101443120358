package service_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// TestTicketStats builds a week with known answers (times China time; IT
// fault reports have a 2h/8h SLA at normal priority, 0.5h/2h when urgent,
// in business hours 09:00-18:00):
//
//	T5 Fri 02-27 10:00 eng_east1, plain; answered 10:10 Fri; resolved Mon 16:00 (78h)
//	T1 Mon 03-02 10:00 IT, eng_east1; answered 10:30; resolved 12:00 (2h)
//	T2 Mon 03-02 11:00 plain, by agent1 for eng_east2; answered 15:00 (4h)
//	T3 Tue 03-03 09:30 IT urgent, eng_west1; answered 11:30 (2h, late); resolved Wed 10:00 (24.5h, late)
//	T4 Wed 03-04 10:00 IT, by eng_east1 for eng_east2; never answered (late by 17:00)
//	T0 Thu 02-26 10:00 plain, eng_west1; still open: in the workload now, in no range count
func TestTicketStats(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			stats := service.NewStatsService(repo.NewStats(st.DB), k.Tickets)
			it := k.Template(t, "it_fault_report")
			itReport := func(subject, owner string, p service.Priority) service.NewTicket {
				return service.NewTicket{TemplateID: it, Subject: subject, Description: "无法上网", Priority: p,
					OwnerID: k.ID(t, owner), CustomFields: map[string]any{"fault_kind": "network"}}
			}
			step := func(when time.Time, f func() error) {
				t.Helper()
				k.Clock.Set(when)
				if err := f(); err != nil {
					t.Fatalf("at %s: %v", when, err)
				}
			}
			var t1, t2, t3, t4, t5 *service.Ticket
			k.Clock.Set(at("2026-02-26", "10:00"))
			k.Create(t, "eng_west1", service.NewTicket{Subject: "T0", OwnerID: k.ID(t, "eng_west1")})
			k.Clock.Set(at("2026-02-27", "10:00"))
			t5 = k.Create(t, "eng_east1", service.NewTicket{Subject: "T5", Type: service.TypeOther, OwnerID: k.ID(t, "eng_east1")})
			accept := func(tk **service.Ticket, who string) func() error {
				return func() error { _, err := k.Tickets.Accept(ctx, k.As(t, who), (*tk).ID); return err }
			}
			resolve := func(tk **service.Ticket, who string) func() error {
				return func() error { _, err := k.Tickets.Resolve(ctx, k.As(t, who), (*tk).ID, "已处理"); return err }
			}
			step(at("2026-02-27", "10:10"), accept(&t5, "eng_east1"))
			k.Clock.Set(at("2026-03-02", "10:00"))
			t1 = k.Create(t, "eng_east1", itReport("T1", "eng_east1", service.PriorityNormal))
			step(at("2026-03-02", "10:30"), accept(&t1, "eng_east1"))
			k.Clock.Set(at("2026-03-02", "11:00"))
			t2 = k.Create(t, "agent1", service.NewTicket{Subject: "T2", OwnerID: k.ID(t, "eng_east2")})
			step(at("2026-03-02", "12:00"), resolve(&t1, "eng_east1"))
			step(at("2026-03-02", "15:00"), accept(&t2, "eng_east2"))
			step(at("2026-03-02", "16:00"), resolve(&t5, "eng_east1"))
			k.Clock.Set(at("2026-03-03", "09:30"))
			t3 = k.Create(t, "eng_west1", itReport("T3", "eng_west1", service.PriorityUrgent))
			step(at("2026-03-03", "11:30"), accept(&t3, "eng_west1"))
			step(at("2026-03-04", "10:00"), resolve(&t3, "eng_west1"))
			t4 = k.Create(t, "eng_east1", itReport("T4", "eng_east2", service.PriorityNormal))
			k.Clock.Set(at("2026-03-04", "17:00"))
			_ = t4

			got, err := stats.TicketStats(ctx, k.As(t, "admin"), "2026-03-02", "2026-03-04")
			if err != nil {
				t.Fatalf("stats: %v", err)
			}
			east1, east2, west1 := k.ID(t, "eng_east1"), k.ID(t, "eng_east2"), k.ID(t, "eng_west1")
			want := &service.TicketStats{
				From: "2026-03-02", To: "2026-03-04", Created: 4,
				ByStatus:   map[service.Status]int{service.StatusResolved: 2, service.StatusInProgress: 2},
				ByType:     map[service.TicketType]int{service.TypeProblem: 3, service.TypeQuestion: 1},
				ByTemplate: map[int64]int{it: 3, 0: 1},
				ByDept:     map[int64]int{4: 3, 5: 1},
				ByOwner:    map[int64]int{east1: 1, east2: 2, west1: 1},
				// Open now: T2 and T4 (eng_east2), T0 (eng_west1, created
				// before the range); not the resolved T1, T3, T5.
				OpenByStatus: map[service.Status]int{service.StatusInProgress: 3},
				OpenByOwner:  map[int64]int{east2: 2, west1: 1},
				OpenByDept:   map[int64]int{4: 2, 5: 1},
				Daily: []service.DailyCount{{Day: "2026-03-02", Created: 2, Resolved: 2},
					{Day: "2026-03-03", Created: 1}, {Day: "2026-03-04", Created: 1, Resolved: 1}},
				FirstResponse: service.DurationStats{Count: 3, Median: 2 * time.Hour, P90: 4 * time.Hour},
				Resolution:    service.DurationStats{Count: 3, Median: 24*time.Hour + 30*time.Minute, P90: 78 * time.Hour},
				// <4h: T1 (2h); 1-3 days: T3 (24.5h); 3-7 days: T5 (78h).
				ResolutionHistogram: []int{1, 0, 0, 1, 1, 0},
				Breaches:            service.SLABreaches{Response: 2, Resolution: 1},
			}
			checkStats(t, got, want)

			// Each caller counts only what their 全部 view holds.
			for who, created := range map[string]int{
				"eng_east1": 2, // T1 owned, T4 raised (creators follow their tickets)
				"east_mgr":  3, // T1, T2, T4 through subordinates
				"west_mgr":  1, // T3
				"agent1":    1, // T2 raised
				"vendor1":   0,
			} {
				s, err := stats.TicketStats(ctx, k.As(t, who), "2026-03-02", "2026-03-04")
				if err != nil || s.Created != created {
					t.Errorf("%s: created %v (%v), want %d", who, s, err, created)
				}
			}
			_, err = stats.TicketStats(ctx, service.Actor{UserID: 424242}, "2026-03-02", "2026-03-04")
			wantRefusal(t, "stranger", err, refused(service.KindUnauthenticated))
			for _, r := range [][2]string{{"2026-03-05", "2026-03-04"}, {"2026-01-01", "2027-01-02"}, {"三月", "2026-03-04"}} {
				_, err := stats.TicketStats(ctx, k.As(t, "admin"), r[0], r[1])
				wantRefusal(t, "range "+r[0]+".."+r[1], err, refused(service.KindInvalid))
			}
		})
	}
}

func checkStats(t *testing.T, got, want *service.TicketStats) {
	t.Helper()
	same := got.From == want.From && got.To == want.To && got.Created == want.Created &&
		maps.Equal(got.ByStatus, want.ByStatus) && maps.Equal(got.ByType, want.ByType) &&
		maps.Equal(got.ByTemplate, want.ByTemplate) && maps.Equal(got.ByDept, want.ByDept) &&
		maps.Equal(got.ByOwner, want.ByOwner) && slices.Equal(got.Daily, want.Daily) &&
		maps.Equal(got.OpenByStatus, want.OpenByStatus) && maps.Equal(got.OpenByOwner, want.OpenByOwner) &&
		maps.Equal(got.OpenByDept, want.OpenByDept) && slices.Equal(got.ResolutionHistogram, want.ResolutionHistogram) &&
		got.FirstResponse == want.FirstResponse && got.Resolution == want.Resolution && got.Breaches == want.Breaches
	if !same {
		t.Fatalf("stats\n got  %+v\n want %+v", got, want)
	}
}
