package service_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// TestRulesOnCustomerRegionAndTags matches rules on the customer's region
// and tags, read from the CRM when the ticket is created.
func TestRulesOnCustomerRegionAndTags(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			crm := repo.NewCRM(st.DB)
			k := st.TicketingWith(t, func(_ *servicetest.Ticketing, d *service.TicketDeps) {
				d.Customers = service.NewCustomerFacts(crm)
			})
			admin := k.As(t, "admin")
			question := []service.TicketType{service.TypeQuestion}
			for _, r := range []service.DispatchRule{
				{Name: "华西客户", Position: 1, Enabled: true, TargetKind: service.PartyUser, TargetID: k.ID(t, "eng_south1"),
					When: service.RuleConditions{Types: question, Regions: []string{"5"}}},
				{Name: "重点客户", Position: 2, Enabled: true, TargetKind: service.PartyUser, TargetID: k.ID(t, "eng_sh1"),
					When: service.RuleConditions{Types: question, Tags: []string{"vip", "key_account"}}},
			} {
				servicetest.Must(k.Rules.Save(ctx, admin, r))(t)
			}
			customer := func(region int64, tags ...string) int64 {
				now := k.Clock.Now()
				c := &service.Customer{Name: "客户", RegionDeptID: region, Tags: tags, CreatedBy: admin.UserID, CreatedAt: now, UpdatedAt: now}
				if err := crm.InsertCustomer(ctx, c); err != nil {
					t.Fatal(err)
				}
				return c.ID
			}
			cases := []struct {
				name     string
				customer int64
				owner    string
			}{
				{"customer in West", customer(5), "eng_south1"},
				{"a vip in East", customer(4, "vip"), "eng_sh1"},
				{"one tag of several", customer(4, "new", "key_account"), "eng_sh1"},
				{"a vip in West: the first rule wins", customer(5, "vip"), "eng_south1"},
				{"no matching region or tag", customer(4, "new"), "agent1"},
				{"no region at all", customer(0), "agent1"},
				{"no customer", 0, "agent1"},
			}
			for _, c := range cases {
				tk := k.Create(t, "agent1", service.NewTicket{Subject: c.name, Type: service.TypeQuestion, CustomerID: c.customer})
				if tk.OwnerID != k.ID(t, c.owner) {
					t.Errorf("%s: owner %d, want %s", c.name, tk.OwnerID, c.owner)
				}
			}
		})
	}
}

// TestRulesSkipDisabledEngineers: neither round robin nor least load hands
// a ticket to an engineer who has left, even the one with no load.
func TestRulesSkipDisabledEngineers(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			admin := k.As(t, "admin")
			for _, r := range []service.DispatchRule{
				{Name: "轮流", Position: 1, Enabled: true, TargetKind: service.PartyDept, TargetID: 5, Strategy: service.RuleRoundRobin,
					When: service.RuleConditions{Types: []service.TicketType{service.TypeProblem}}},
				{Name: "最少负载", Position: 2, Enabled: true, TargetKind: service.PartyDept, TargetID: 5, Strategy: service.RuleLeastLoad,
					When: service.RuleConditions{Types: []service.TicketType{service.TypeFeatureRequest}}},
			} {
				servicetest.Must(k.Rules.Save(ctx, admin, r))(t)
			}
			gone := k.ID(t, "eng_west1")
			if err := st.Org.DisableUser(ctx, "eng_west1"); err != nil {
				t.Fatal(err)
			}
			pool := sortedIDs([]int64{k.ID(t, "west_mgr"), k.ID(t, "eng_west2")})
			var got []int64
			for range 4 {
				got = append(got, k.Create(t, "agent1", service.NewTicket{Subject: "故障", Type: service.TypeProblem}).OwnerID)
			}
			if want := []int64{pool[0], pool[1], pool[0], pool[1]}; !equalIDs(got, want) {
				t.Fatalf("round robin picked %v, want %v (without %d, who left)", got, want, gone)
			}
			// The one who left owns nothing, so least load would pick them.
			for range 2 {
				tk := k.Create(t, "agent1", service.NewTicket{Subject: "新需求", Type: service.TypeFeatureRequest})
				if tk.OwnerID == gone || tk.Status != service.StatusInProgress {
					t.Fatalf("least load gave the ticket to %d (%s); %d has left", tk.OwnerID, tk.Status, gone)
				}
			}
		})
	}
}
