package service_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestCostPermissionsAndAttribution(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newOnTicket(t, st)
			k := e.k
			costs := service.NewCostService(st.DB, repo.NewCosts(st.DB), k.Tickets)
			for _, tc := range ticketAccessCases {
				_, err := costs.Add(ctx, k.As(t, tc.who), service.NewCost{TicketID: e.ticket.ID, Kind: service.CostTravel, AmountCents: 100})
				wantRefusal(t, "add by "+tc.who, err, tc.write)
				_, err = costs.List(ctx, k.As(t, tc.who), e.ticket.ID)
				wantRefusal(t, "list by "+tc.who, err, tc.read)
			}

			owner := k.As(t, "eng_east1")
			byHand, err := costs.Add(ctx, owner, service.NewCost{TicketID: e.ticket.ID, Kind: service.CostParts, AmountCents: 12_050,
				Note: "压缩机电容 ×2 🔩", UserID: k.ID(t, "eng_east2"), IncurredOn: "2026-03-01"})
			if err != nil || byHand.DeptID != 4 || byHand.AttributedBy != service.CostManual || byHand.Note != "压缩机电容 ×2 🔩" {
				t.Fatalf("by hand = %+v, %v", byHand, err)
			}
			fallback, err := costs.Add(ctx, owner, service.NewCost{TicketID: e.ticket.ID, Kind: service.CostLabour, AmountCents: 30_000})
			if err != nil || fallback.UserID != owner.UserID || fallback.DeptID != 4 || fallback.AttributedBy != service.CostFallback ||
				fallback.IncurredOn != "2026-03-02" { // the ticket clock's day in China time
				t.Fatalf("fallback = %+v, %v", fallback, err)
			}
			_, err = costs.Add(ctx, owner, service.NewCost{TicketID: e.ticket.ID, Kind: "bribe", AmountCents: 0, IncurredOn: "3月1日", DeptID: 999})
			var de *service.Error
			if !asDomain(err, &de) || len(de.Fields) != 4 {
				t.Fatalf("bad cost: %v", err)
			}

			// Template rules: the repair template (mode 4) waits for allocation with nobody handling it.
			admin := k.As(t, "admin")
			repair := k.Create(t, "agent2", k.Repair(t, "风扇异响"))
			tpl := k.Template(t, "after_sale_repair")
			rules := []service.CostRule{
				{Kind: service.CostTravel, Target: service.CostToReceivingDept},
				{Kind: service.CostParts, Target: service.CostToProject, Project: "备件库"},
				{Target: service.CostToOwner},
			}
			err = costs.SetCostRules(ctx, k.As(t, "svc_mgr"), tpl, rules)
			wantRefusal(t, "rules by a non-admin", err, refused(service.KindForbidden))
			err = costs.SetCostRules(ctx, admin, tpl, []service.CostRule{{Kind: "x", Target: service.CostToDept, TargetID: 999}, {Target: "moon"}})
			if !asDomain(err, &de) || len(de.Fields) != 3 {
				t.Fatalf("bad rules: %v", err)
			}
			if err := costs.SetCostRules(ctx, admin, tpl, rules); err != nil {
				t.Fatal(err)
			}
			parts, err := costs.Add(ctx, admin, service.NewCost{TicketID: repair.ID, Kind: service.CostParts, AmountCents: 800})
			if err != nil || parts.Project != "备件库" || parts.AttributedBy != service.CostByRule {
				t.Fatalf("parts by rule = %+v, %v", parts, err)
			}
			_, err = costs.Add(ctx, admin, service.NewCost{TicketID: repair.ID, Kind: service.CostTravel, AmountCents: 800})
			wantRefusal(t, "travel with nobody to charge", err, refused(service.KindInvalid))
			if _, err := k.Tickets.Allocate(ctx, k.As(t, "svc_mgr"), repair.ID, 4); err != nil {
				t.Fatalf("allocate: %v", err)
			}
			travel, err := costs.Add(ctx, admin, service.NewCost{TicketID: repair.ID, Kind: service.CostTravel, AmountCents: 800})
			if err != nil || travel.DeptID != 4 || travel.UserID != 0 || travel.AttributedBy != service.CostByRule {
				t.Fatalf("travel by rule = %+v, %v", travel, err)
			}
			labour, err := costs.Add(ctx, admin, service.NewCost{TicketID: repair.ID, Kind: service.CostLabour, AmountCents: 800})
			if err != nil || labour.DeptID != 4 || labour.AttributedBy != service.CostFallback {
				t.Fatalf("labour falls back to the receiving department = %+v, %v", labour, err)
			}
			list, err := costs.List(ctx, admin, repair.ID)
			if err != nil || len(list) != 3 {
				t.Fatalf("list = %+v, %v", list, err)
			}
		})
	}
}

func TestCostTotals(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newOnTicket(t, st)
			k := e.k
			costs := service.NewCostService(st.DB, repo.NewCosts(st.DB), k.Tickets)
			east1, east2 := k.ID(t, "eng_east1"), k.ID(t, "eng_east2")
			for _, c := range []service.NewCost{
				{Kind: service.CostParts, AmountCents: 10_000, UserID: east1, IncurredOn: "2026-03-01"},  // dept 4
				{Kind: service.CostTravel, AmountCents: 5_000, UserID: east2, IncurredOn: "2026-03-15"},  // dept 4
				{Kind: service.CostLabour, AmountCents: 20_000, DeptID: 5, IncurredOn: "2026-04-02"},     // West
				{Kind: service.CostOther, AmountCents: -1_000, Project: "X项目", IncurredOn: "2026-03-20"}, // a correction
				{Kind: service.CostOther, AmountCents: 99_999, DeptID: 5, IncurredOn: "2026-05-01"},      // out of range
			} {
				c.TicketID = e.ticket.ID
				if _, err := costs.Add(ctx, k.As(t, "admin"), c); err != nil {
					t.Fatal(err)
				}
			}
			id := func(n int64) string { return strconv.FormatInt(n, 10) }
			cases := []struct {
				who      string
				from, to string
				by       service.CostGroup
				want     []service.CostTotal
			}{
				{"admin", "2026-03-01", "2026-04-30", service.CostByDept, []service.CostTotal{{"5", 20_000, 1}, {"4", 15_000, 2}, {"0", -1_000, 1}}},
				{"admin", "2026-03-01", "2026-04-30", service.CostByPerson, []service.CostTotal{{"0", 19_000, 2}, {id(east1), 10_000, 1}, {id(east2), 5_000, 1}}},
				{"admin", "2026-03-01", "2026-04-30", service.CostByMonth, []service.CostTotal{{"2026-03", 14_000, 3}, {"2026-04", 20_000, 1}}},
				{"admin", "2026-03-02", "2026-03-31", service.CostByDay, []service.CostTotal{{"2026-03-15", 5_000, 1}, {"2026-03-20", -1_000, 1}}},
				{"admin", "2026-03-01", "2026-04-30", service.CostByProject, []service.CostTotal{{"", 35_000, 3}, {"X项目", -1_000, 1}}},
				{"admin", "2026-03-01", "2026-04-30", service.CostByKind, []service.CostTotal{{"labour", 20_000, 1}, {"parts", 10_000, 1}, {"travel", 5_000, 1}, {"other", -1_000, 1}}},
				{"svc_mgr", "2026-03-01", "2026-04-30", service.CostByMonth, []service.CostTotal{{"2026-03", 14_000, 3}, {"2026-04", 20_000, 1}}},
				{"east_mgr", "2026-03-01", "2026-04-30", service.CostByDept, []service.CostTotal{{"4", 15_000, 2}}}, // leads 4 (and 7)
				{"eng_east1", "2026-03-01", "2026-04-30", service.CostByPerson, []service.CostTotal{{id(east1), 10_000, 1}}},
				{"west_mgr", "2026-03-01", "2026-05-31", service.CostByDept, []service.CostTotal{{"5", 119_999, 2}}},
				{"agent1", "2026-03-01", "2026-04-30", service.CostByDept, []service.CostTotal{}},
			}
			for _, c := range cases {
				got, err := costs.CostTotals(ctx, k.As(t, c.who), c.from, c.to, c.by)
				if err != nil {
					t.Fatalf("%s by %s: %v", c.who, c.by, err)
				}
				if len(got) != len(c.want) {
					t.Errorf("%s by %s = %+v, want %+v", c.who, c.by, got, c.want)
					continue
				}
				for i := range got {
					if got[i] != c.want[i] {
						t.Errorf("%s by %s = %+v, want %+v", c.who, c.by, got, c.want)
						break
					}
				}
			}
			for _, bad := range [][3]string{{"2026-04-01", "2026-03-01", "day"}, {"2026-03-01", "2027-06-01", "day"},
				{"昨天", "2026-03-01", "day"}, {"2026-03-01", "2026-03-02", "year"}} {
				_, err := costs.CostTotals(ctx, k.As(t, "admin"), bad[0], bad[1], service.CostGroup(bad[2]))
				wantRefusal(t, "totals "+bad[0]+".."+bad[1]+" by "+bad[2], err, refused(service.KindInvalid))
			}
		})
	}
}
