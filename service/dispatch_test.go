package service_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// inQueue reports whether a user's queue view lists the ticket.
func inQueue(t *testing.T, k *servicetest.Ticketing, user string, v service.View, id int64) bool {
	t.Helper()
	page := servicetest.Must(k.Tickets.List(context.Background(), k.As(t, user), service.ListQuery{View: v}))(t)
	for _, tk := range page.Tickets {
		if tk.ID == id {
			return true
		}
	}
	return false
}

func wantStatus(t *testing.T, tk *service.Ticket, st service.Status, owner int64) {
	t.Helper()
	if tk.Status != st || tk.OwnerID != owner {
		t.Fatalf("ticket is %s owned by %d, want %s owned by %d", tk.Status, tk.OwnerID, st, owner)
	}
}

func TestDispatchModesEndToEnd(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			as := func(u string) service.Actor { return k.As(t, u) }

			// Mode 1: the creator must pick the receiver and may not pick a
			// department; the ticket is in progress at once.
			it := service.NewTicket{TemplateID: k.Template(t, "it_fault_report"), Subject: "打印机卡纸",
				Description: "三楼打印机", CustomFields: map[string]any{"fault_kind": "printer"}, ReceivingDeptID: 4}
			_, err := k.Tickets.Create(ctx, as("agent1"), it)
			expectFields(t, err, "owner_id", "receiving_dept_id")
			it.ReceivingDeptID, it.OwnerID = 0, k.ID(t, "it_lead")
			wantStatus(t, k.Create(t, "agent1", it), service.StatusInProgress, k.ID(t, "it_lead"))

			// Mode 2: pending dispatch in the service managers' queue only.
			c := k.Create(t, "agent1", k.Complaint(t, "态度差"))
			wantStatus(t, c, service.StatusPendingDispatch, k.ID(t, "agent1")) // the creator's until dispatched
			if !inQueue(t, k, "svc_mgr", service.ViewPendingDispatch, c.ID) || inQueue(t, k, "east_mgr", service.ViewPendingDispatch, c.ID) {
				t.Fatal("a mode-2 ticket must wait in the service managers' queue and no region's")
			}
			_, err = k.Tickets.Dispatch(ctx, as("east_mgr"), c.ID, service.DispatchInput{OwnerID: k.ID(t, "eng_east1")})
			expectKind(t, err, service.KindNotFound)
			c = servicetest.Must(k.Tickets.Dispatch(ctx, as("svc_mgr"), c.ID, service.DispatchInput{
				OwnerID: k.ID(t, "eng_west1"), Assistants: []int64{k.ID(t, "eng_west2")}}))(t)
			wantStatus(t, c, service.StatusInProgress, k.ID(t, "eng_west1"))
			if m, ok := c.Member(k.ID(t, "eng_west2")); !ok || m.Role != service.MemberAssistant || m.Access != service.AccessWrite {
				t.Fatalf("dispatch did not add the assistant: %+v", c.Members)
			}

			// Mode 3: the creator picks a region; only its manager sees and
			// dispatches, and only to someone in it.
			r := k.Create(t, "agent1", k.ReturnRefund(t, "退货", 4))
			wantStatus(t, r, service.StatusPendingDispatch, k.ID(t, "agent1"))
			if !inQueue(t, k, "east_mgr", service.ViewPendingDispatch, r.ID) || inQueue(t, k, "svc_mgr", service.ViewPendingDispatch, r.ID) ||
				inQueue(t, k, "west_mgr", service.ViewPendingDispatch, r.ID) {
				t.Fatal("a mode-3 ticket must wait in East's queue only")
			}
			_, err = k.Tickets.Get(ctx, as("west_mgr"), r.ID)
			expectKind(t, err, service.KindNotFound)
			_, err = k.Tickets.Dispatch(ctx, as("east_mgr"), r.ID, service.DispatchInput{OwnerID: k.ID(t, "eng_west1")})
			expectFields(t, err, "owner_id")
			r = servicetest.Must(k.Tickets.Dispatch(ctx, as("east_mgr"), r.ID, service.DispatchInput{OwnerID: k.ID(t, "eng_sh1")}))(t)
			wantStatus(t, r, service.StatusInProgress, k.ID(t, "eng_sh1"))
			rr := k.ReturnRefund(t, "没有区域", 0)
			_, err = k.Tickets.Create(ctx, as("agent1"), rr)
			expectFields(t, err, "receiving_dept_id")

			// Mode 4: pending allocation; a service manager allocates to a
			// region, whose manager dispatches.
			a := k.Create(t, "agent2", k.Repair(t, "不开机"))
			wantStatus(t, a, service.StatusPendingAllocation, k.ID(t, "agent2"))
			_, err = k.Tickets.Allocate(ctx, as("west_mgr"), a.ID, 5)
			expectKind(t, err, service.KindNotFound)
			_, err = k.Tickets.Allocate(ctx, as("svc_mgr"), a.ID, 3)
			expectFields(t, err, "receiving_dept_id")
			a = servicetest.Must(k.Tickets.Allocate(ctx, as("svc_mgr"), a.ID, 5))(t)
			wantStatus(t, a, service.StatusPendingDispatch, k.ID(t, "agent2"))
			if !inQueue(t, k, "west_mgr", service.ViewPendingDispatch, a.ID) || inQueue(t, k, "svc_mgr", service.ViewPendingAllocation, a.ID) {
				t.Fatal("an allocated ticket must move to the region's queue")
			}
			a = servicetest.Must(k.Tickets.Dispatch(ctx, as("west_mgr"), a.ID, service.DispatchInput{OwnerID: k.ID(t, "eng_west2")}))(t)
			wantStatus(t, a, service.StatusInProgress, k.ID(t, "eng_west2"))
			if _, ok := a.Member(k.ID(t, "agent2")); !ok {
				t.Fatal("the creator must keep following a dispatched ticket")
			}

			// No template and nothing chosen: the creator owns it.
			own := k.Create(t, "agent2", service.NewTicket{Subject: "随手记录"})
			wantStatus(t, own, service.StatusInProgress, k.ID(t, "agent2"))
		})
	}
}

func TestAutomaticDispatchRules(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			admin := k.As(t, "admin")
			complaint := k.Template(t, "complaint")
			repair := k.Template(t, "after_sale_repair")
			rules := []service.DispatchRule{
				{Name: "紧急投诉给杨工", Position: 1, Enabled: true, TargetKind: service.PartyUser, TargetID: k.ID(t, "eng_south1"),
					When: service.RuleConditions{TemplateIDs: []int64{complaint}, Priorities: []service.Priority{service.PriorityUrgent}}},
				{Name: "维修轮流派给华西", Position: 2, Enabled: true, TargetKind: service.PartyDept, TargetID: 5,
					Strategy: service.RuleRoundRobin, When: service.RuleConditions{TemplateIDs: []int64{repair}, Products: []string{"空气净化器"}}},
				{Name: "其余维修分到华南", Position: 3, Enabled: true, TargetKind: service.PartyDept, TargetID: 6,
					Strategy: service.RuleAllocate, When: service.RuleConditions{TemplateIDs: []int64{repair}}},
			}
			for _, r := range rules {
				servicetest.Must(k.Rules.Save(ctx, admin, r))(t)
			}
			urgent := k.Complaint(t, "紧急投诉")
			urgent.Priority = service.PriorityUrgent
			wantStatus(t, k.Create(t, "agent1", urgent), service.StatusInProgress, k.ID(t, "eng_south1"))
			// Not urgent: no rule matches, so it waits in the mode's queue.
			wantStatus(t, k.Create(t, "agent1", k.Complaint(t, "普通投诉")), service.StatusPendingDispatch, k.ID(t, "agent1"))

			// Round robin over West's enabled engineers, in id order.
			var got []int64
			for range 4 {
				got = append(got, k.Create(t, "agent1", k.Repair(t, "净化器坏了")).OwnerID)
			}
			w := []int64{k.ID(t, "west_mgr"), k.ID(t, "eng_west1"), k.ID(t, "eng_west2")}
			pool := sortedIDs(w)
			want := []int64{pool[0], pool[1], pool[2], pool[0]}
			if !equalIDs(got, want) {
				t.Fatalf("round robin picked %v, want %v", got, want)
			}
			other := k.Repair(t, "洗衣机坏了")
			other.Product = "洗衣机"
			tk := k.Create(t, "agent1", other)
			if tk.Status != service.StatusPendingDispatch || tk.ReceivingDeptID != 6 {
				t.Fatalf("allocate rule: %s in %d, want pending dispatch in 6", tk.Status, tk.ReceivingDeptID)
			}

			// Least load: the engineer with the fewest open tickets.
			_ = servicetest.Must(k.Rules.Save(ctx, admin, service.DispatchRule{Name: "最少负载", Position: 0, Enabled: true,
				TargetKind: service.PartyDept, TargetID: 5, Strategy: service.RuleLeastLoad,
				When: service.RuleConditions{Types: []service.TicketType{service.TypeFeatureRequest}}}))(t)
			load := k.Create(t, "agent1", service.NewTicket{Subject: "想要新功能", Type: service.TypeFeatureRequest})
			if load.OwnerID != pool[1] && load.OwnerID != pool[2] {
				t.Fatalf("least load picked %d; %d already has two open tickets", load.OwnerID, pool[0])
			}
			_, err := k.Rules.Save(ctx, k.As(t, "svc_mgr"), rules[0])
			expectKind(t, err, service.KindForbidden)
		})
	}
}

// TestQueuedTicketIsItsCreatorsUntilDispatch: a ticket waiting in a queue
// is in its creator's 我负责的 and 未解决的, and they may still correct it,
// but nobody handles it, so workload counts leave it out; dispatch hands
// it to the engineer and the creator keeps following it.
func TestQueuedTicketIsItsCreatorsUntilDispatch(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			stats := service.NewStatsService(repo.NewStats(st.DB), k.Tickets)
			agent1 := k.As(t, "agent1")
			tk := k.Create(t, "agent1", k.Complaint(t, "态度差"))
			wantStatus(t, tk, service.StatusPendingDispatch, k.ID(t, "agent1"))
			for _, v := range []service.View{service.ViewMine, service.ViewUnresolved} {
				if !inQueue(t, k, "agent1", v, tk.ID) {
					t.Errorf("agent1's %s does not list the ticket they filed", v)
				}
			}
			subject := "服务态度差，要求回访"
			tk = servicetest.Must(k.Tickets.Update(ctx, agent1, tk.ID, tk.Version, service.TicketPatch{Subject: &subject}))(t)

			day := k.Clock.Now().Format(service.DayLayout)
			before := servicetest.Must(stats.TicketStats(ctx, k.As(t, "admin"), day, day))(t)
			if before.OpenByOwner[0] != 1 || before.OpenByOwner[k.ID(t, "agent1")] != 0 || before.ByOwner[0] != 1 {
				t.Errorf("a queued ticket counts for its creator: open %v, created %v", before.OpenByOwner, before.ByOwner)
			}

			tk = servicetest.Must(k.Tickets.Dispatch(ctx, k.As(t, "svc_mgr"), tk.ID, service.DispatchInput{OwnerID: k.ID(t, "eng_west1")}))(t)
			wantStatus(t, tk, service.StatusInProgress, k.ID(t, "eng_west1"))
			if inQueue(t, k, "agent1", service.ViewMine, tk.ID) || !inQueue(t, k, "agent1", service.ViewParticipating, tk.ID) {
				t.Error("after dispatch the ticket must leave agent1's 我负责的 for 我参与的")
			}
			after := servicetest.Must(stats.TicketStats(ctx, k.As(t, "admin"), day, day))(t)
			if after.OpenByOwner[k.ID(t, "eng_west1")] != 1 || after.OpenByOwner[0] != 0 {
				t.Errorf("after dispatch the workload is %v", after.OpenByOwner)
			}
		})
	}
}
