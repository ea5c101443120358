package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestLifecycleThroughTheService(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			e1 := k.As(t, "eng_east1")
			tk := k.Create(t, "eng_east1", service.NewTicket{Subject: "网络中断", OwnerID: e1.UserID})
			id := tk.ID

			// An illegal action names state and action, and changes nothing.
			_, err := k.Tickets.Close(ctx, e1, id, "")
			var te *service.TransitionError
			if !errors.As(err, &te) || te.State != service.StateInProgress || te.Action != service.ActionClose {
				t.Fatalf("close while in progress = %v, want an illegal transition", err)
			}
			if got := servicetest.Must(k.Tickets.Get(ctx, e1, id))(t); got.Version != tk.Version {
				t.Fatal("a refused action changed the ticket")
			}

			steps := []struct {
				name string
				do   func() (*service.Ticket, error)
				want service.State
			}{
				{"accept", func() (*service.Ticket, error) { return k.Tickets.Accept(ctx, e1, id) }, service.StateInProgress},
				{"wait", func() (*service.Ticket, error) { return k.Tickets.WaitForCustomer(ctx, e1, id, "等客户回电") }, service.StateWaitingCustomer},
				{"resume", func() (*service.Ticket, error) { return k.Tickets.Resume(ctx, e1, id, "") }, service.StateInProgress},
				{"lock", func() (*service.Ticket, error) { return k.Tickets.Lock(ctx, k.As(t, "east_mgr"), id, "审计") }, service.StateInProgress},
				{"unlock", func() (*service.Ticket, error) { return k.Tickets.Unlock(ctx, k.As(t, "east_mgr"), id, "") }, service.StateInProgress},
				{"resolve", func() (*service.Ticket, error) { return k.Tickets.Resolve(ctx, e1, id, "更换交换机") }, service.StateResolved},
				{"reopen", func() (*service.Ticket, error) { return k.Tickets.Reopen(ctx, e1, id, "又断了") }, service.StateInProgress},
				{"resolve again", func() (*service.Ticket, error) { return k.Tickets.Resolve(ctx, e1, id, "更换网线") }, service.StateResolved},
				{"close", func() (*service.Ticket, error) { return k.Tickets.Close(ctx, e1, id, "") }, service.StateClosed},
			}
			for _, s := range steps {
				got, err := s.do()
				if err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
				if service.StateOf(got) != s.want {
					t.Fatalf("%s: state %s, want %s", s.name, service.StateOf(got), s.want)
				}
			}
			final := servicetest.Must(k.Tickets.Get(ctx, e1, id))(t)
			if final.Solution != "更换网线" || final.ClosedBy != e1.UserID || final.ResolvedBy != e1.UserID || final.FirstResponseAt == nil {
				t.Fatalf("stamps after closing: %+v", final.Ticket)
			}
			_, err = k.Tickets.Accept(ctx, e1, id)
			expectKind(t, err, service.KindConflict)

			// Every change left one immutable timeline entry, in order.
			events := servicetest.Must(k.Tickets.Timeline(ctx, e1, id))(t)
			want := []service.Action{service.ActionCreate, service.ActionAccept, service.ActionWaitCustomer,
				service.ActionResume, service.ActionLock, service.ActionUnlock, service.ActionResolve,
				service.ActionReopen, service.ActionResolve, service.ActionClose}
			if len(events) != len(want) {
				t.Fatalf("timeline has %d entries, want %d", len(events), len(want))
			}
			for i, ev := range events {
				if ev.Action != want[i] || ev.Origin != service.OriginWebForm || ev.ActorID == 0 {
					t.Fatalf("entry %d = %s by %d via %s, want %s", i, ev.Action, ev.ActorID, ev.Origin, want[i])
				}
			}
			if close := events[len(events)-1]; close.Before["status"] != "resolved" || close.After["status"] != "closed" {
				t.Fatalf("close entry before/after = %v / %v", close.Before, close.After)
			}
		})
	}
}

func TestLockedTicketRefusesAllButUnlock(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			e1 := k.As(t, "eng_east1")
			tk := k.Create(t, "eng_east1", service.NewTicket{Subject: "锁定测试", OwnerID: e1.UserID})
			locked := servicetest.Must(k.Tickets.Lock(ctx, e1, tk.ID, ""))(t)
			subject := "改标题"
			for name, do := range map[string]func() error{
				"update": func() error {
					_, err := k.Tickets.Update(ctx, e1, tk.ID, locked.Version, service.TicketPatch{Subject: &subject})
					return err
				},
				"resolve": func() error { _, err := k.Tickets.Resolve(ctx, e1, tk.ID, "x"); return err },
				"lock":    func() error { _, err := k.Tickets.Lock(ctx, e1, tk.ID, ""); return err },
				"member": func() error {
					_, err := k.Tickets.SetMember(ctx, e1, tk.ID, service.Member{UserID: k.ID(t, "eng_east2"), Role: service.MemberTeam, Access: service.AccessRead})
					return err
				},
			} {
				var te *service.TransitionError
				if err := do(); !errors.As(err, &te) || !te.Locked {
					t.Errorf("%s on a locked ticket = %v, want refused as locked", name, err)
				}
			}
			servicetest.Must(k.Tickets.Unlock(ctx, e1, tk.ID, ""))(t)
			servicetest.Must(k.Tickets.Resolve(ctx, e1, tk.ID, "好了"))(t)
		})
	}
}

// TestProtectedActionsRefuseOutsiders checks one denial per protected
// action: outsiders get "not found", readers without write "forbidden".
func TestProtectedActionsRefuseOutsiders(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			f := k.SeedTickets(t)
			as := func(u string) service.Actor { return k.As(t, u) }
			e1 := f.ByName["e1_open"] // eng_east1's; east_mgr leads; west_mgr is an outsider
			sub := "x"
			cases := []struct {
				name string
				kind service.Kind
				do   func() error
			}{
				{"get by outsider", service.KindNotFound, func() error { _, err := k.Tickets.Get(ctx, as("west_mgr"), e1.ID); return err }},
				{"update by outsider", service.KindNotFound, func() error {
					_, err := k.Tickets.Update(ctx, as("west_mgr"), e1.ID, e1.Version, service.TicketPatch{Subject: &sub})
					return err
				}},
				{"update by reader", service.KindForbidden, func() error {
					_, err := k.Tickets.Update(ctx, as("eng_east2"), f.ByName["w1_team_e2"].ID, 1, service.TicketPatch{Subject: &sub})
					return err
				}},
				{"resolve by reader", service.KindForbidden, func() error {
					_, err := k.Tickets.Resolve(ctx, as("east_mgr"), f.ByName["sales_own"].ID, "x")
					return err
				}},
				{"accept by non-owner", service.KindForbidden, func() error { _, err := k.Tickets.Accept(ctx, as("east_mgr"), e1.ID); return err }},
				{"void by non-admin", service.KindForbidden, func() error { _, err := k.Tickets.Void(ctx, as("east_mgr"), e1.ID, ""); return err }},
				{"lock by reader", service.KindForbidden, func() error {
					_, err := k.Tickets.Lock(ctx, as("eng_east2"), f.ByName["w1_team_e2"].ID, "")
					return err
				}},
				{"dispatch outside the queue", service.KindForbidden, func() error {
					_, err := k.Tickets.Dispatch(ctx, as("agent1"), f.ByName["queue_east"].ID, service.DispatchInput{OwnerID: k.ID(t, "eng_east1")})
					return err
				}},
				{"allocate by a region", service.KindNotFound, func() error {
					_, err := k.Tickets.Allocate(ctx, as("east_mgr"), f.ByName["queue_alloc"].ID, 4)
					return err
				}},
				{"transfer by reader", service.KindForbidden, func() error {
					_, err := k.Tickets.RequestTransfer(ctx, as("eng_east2"), f.ByName["w1_team_e2"].ID, service.TransferRequest{ToDeptID: 4, Reason: "x"})
					return err
				}},
				{"approve by non-approver", service.KindForbidden, func() error {
					tr := f.ByName["s1_transfer_open"].PendingTransfer
					_, err := k.Tickets.ApproveTransfer(ctx, as("eng_south1"), tr.ID, "")
					return err
				}},
				{"merge into unwritable", service.KindForbidden, func() error {
					_, err := k.Tickets.Merge(ctx, as("eng_east1"), e1.ID, f.ByName["sales_own"].ID) // shared to East read-only
					return err
				}},
				{"link to invisible", service.KindNotFound, func() error { return k.Tickets.Link(ctx, as("agent1"), f.ByName["agent1_own"].ID, e1.ID) }},
				{"timeline of invisible", service.KindNotFound, func() error { _, err := k.Tickets.Timeline(ctx, as("agent2"), e1.ID); return err }},
				{"clone invisible", service.KindNotFound, func() error { _, err := k.Tickets.Clone(ctx, as("agent2"), e1.ID, service.TicketPatch{}); return err }},
				{"voided to non-admin", service.KindNotFound, func() error { _, err := k.Tickets.Get(ctx, as("eng_south1"), f.ByName["voided"].ID); return err }},
				{"template by non-admin", service.KindForbidden, func() error {
					_, err := k.Templates.Create(ctx, as("svc_mgr"), service.TemplateDef{Code: "x"})
					return err
				}},
				{"share by non-admin", service.KindForbidden, func() error { _, err := k.Sharing.Share(ctx, as("svc_mgr"), service.SharingRule{}); return err }},
				{"holiday by non-admin", service.KindForbidden, func() error { return k.Calendar.SetDay(ctx, as("svc_mgr"), "2026-10-01", false, "") }},
			}
			for _, c := range cases {
				if err := c.do(); !service.IsKind(err, c.kind) {
					t.Errorf("%s = %v, want %s", c.name, err, c.kind)
				}
			}
			// Writers who are not the owner: the owner's leader, a
			// read-write share recipient, an assistant.
			for _, w := range []struct{ user, ticket string }{{"east_mgr", "e1_open"}, {"agent1", "agent1_for_w2"}, {"eng_east1", "sh1_assist_e1"}} {
				servicetest.Must(k.Tickets.WaitForCustomer(ctx, as(w.user), f.ByName[w.ticket].ID, ""))(t)
			}
		})
	}
}

func TestBatchOwnerChangeReportsEachTicket(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			f := k.SeedTickets(t)
			ids := []int64{f.ByName["e1_open"].ID, f.ByName["e1_closed"].ID, f.ByName["w1_team_e2"].ID,
				f.ByName["agent1_own"].ID, f.ByName["e2_resolved"].ID}
			res := servicetest.Must(k.Tickets.BatchChangeOwner(ctx, k.As(t, "east_mgr"), ids, k.ID(t, "eng_east2")))(t)
			// moved; closed (illegal); only readable; invisible; already theirs
			want := []service.Kind{-1, service.KindConflict, service.KindForbidden, service.KindNotFound, service.KindConflict}
			if len(res) != len(ids) {
				t.Fatalf("%d results for %d tickets", len(res), len(ids))
			}
			for i, r := range res {
				switch {
				case want[i] == -1 && (r.Err != nil || r.Ticket.OwnerID != k.ID(t, "eng_east2")):
					t.Errorf("ticket %d: %v, want moved to eng_east2", r.TicketID, r.Err)
				case want[i] != -1 && !service.IsKind(r.Err, want[i]):
					t.Errorf("ticket %d: %v, want %s", r.TicketID, r.Err, want[i])
				}
			}
		})
	}
}
