package service_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// TestProtectedActionsChangeNothingWhenRefused checks a denial for each
// protected action beside those of TestProtectedActionsRefuseOutsiders,
// on a ticket eng_west1 owns with eng_east2 on its team read-only:
// eng_east2 and east_mgr (above eng_east2) may read it but not change it,
// eng_south1 may not even see it. A refused action leaves the ticket's
// version and timeline as they were.
func TestProtectedActionsChangeNothingWhenRefused(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			as := func(u string) service.Actor { return k.As(t, u) }
			owner, admin := as("eng_west1"), as("admin")
			mk := func(access service.Access) int64 {
				return k.Create(t, "eng_west1", service.NewTicket{Subject: "权限检查", OwnerID: owner.UserID,
					Team: []service.Member{{UserID: k.ID(t, "eng_east2"), Role: service.MemberTeam, Access: access}}}).ID
			}
			transfer := func(id int64) int64 { // west_mgr, eng_west1's leader, approves
				return servicetest.Must(k.Tickets.RequestTransfer(ctx, owner, id,
					service.TransferRequest{ToUserID: k.ID(t, "eng_west2"), Reason: "换人处理"}))(t).ID
			}
			resolve := func(id int64) { servicetest.Must(k.Tickets.Resolve(ctx, owner, id, "已修复"))(t) }
			cases := []struct {
				name string
				who  string
				kind service.Kind
				// setup brings the ticket to where the action is legal and
				// returns what do needs besides the ticket.
				setup func(id int64) int64
				do    func(a service.Actor, id, arg int64) error
			}{
				{"close by reader", "eng_east2", service.KindForbidden, func(id int64) int64 { resolve(id); return 0 },
					func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.Close(ctx, a, id, "")) }},
				{"close by outsider", "eng_south1", service.KindNotFound, func(id int64) int64 { resolve(id); return 0 },
					func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.Close(ctx, a, id, "")) }},
				{"reopen by a reader's leader", "east_mgr", service.KindForbidden, func(id int64) int64 {
					resolve(id)
					servicetest.Must(k.Tickets.Close(ctx, owner, id, ""))(t)
					return 0
				}, func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.Reopen(ctx, a, id, "没修好")) }},
				{"unlock by reader", "eng_east2", service.KindForbidden, func(id int64) int64 {
					servicetest.Must(k.Tickets.Lock(ctx, owner, id, ""))(t)
					return 0
				}, func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.Unlock(ctx, a, id, "")) }},
				{"wait for customer by reader", "eng_east2", service.KindForbidden, nil,
					func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.WaitForCustomer(ctx, a, id, "")) }},
				{"resume by a reader's leader", "east_mgr", service.KindForbidden, func(id int64) int64 {
					servicetest.Must(k.Tickets.WaitForCustomer(ctx, owner, id, ""))(t)
					return 0
				}, func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.Resume(ctx, a, id, "")) }},
				{"set member by reader", "eng_east2", service.KindForbidden, nil, func(a service.Actor, id, _ int64) error {
					return errOf(k.Tickets.SetMember(ctx, a, id, service.Member{UserID: a.UserID, Role: service.MemberTeam, Access: service.AccessWrite}))
				}},
				{"set member by outsider", "eng_south1", service.KindNotFound, nil, func(a service.Actor, id, _ int64) error {
					return errOf(k.Tickets.SetMember(ctx, a, id, service.Member{UserID: a.UserID, Role: service.MemberAssistant}))
				}},
				{"remove member by reader", "eng_east2", service.KindForbidden, nil, func(a service.Actor, id, _ int64) error {
					return errOf(k.Tickets.RemoveMember(ctx, a, id, a.UserID))
				}},
				{"unlink by reader", "eng_east2", service.KindForbidden, func(id int64) int64 {
					other := mk(service.AccessRead)
					servicetest.Must(0, k.Tickets.Link(ctx, owner, id, other))(t)
					return other
				}, func(a service.Actor, id, other int64) error { return k.Tickets.Unlink(ctx, a, id, other) }},
				{"unmerge by reader", "eng_east2", service.KindForbidden, func(id int64) int64 {
					servicetest.Must(k.Tickets.Merge(ctx, owner, id, mk(service.AccessRead)))(t)
					return 0
				}, func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.Unmerge(ctx, a, id)) }},
				{"unmerge by outsider", "eng_south1", service.KindNotFound, func(id int64) int64 {
					servicetest.Must(k.Tickets.Merge(ctx, owner, id, mk(service.AccessRead)))(t)
					return 0
				}, func(a service.Actor, id, _ int64) error { return errOf(k.Tickets.Unmerge(ctx, a, id)) }},
				{"reject transfer by reader", "eng_east2", service.KindForbidden, transfer,
					func(a service.Actor, _, tr int64) error { return errOf(k.Tickets.RejectTransfer(ctx, a, tr, "")) }},
				{"reject transfer by its requester", "eng_west1", service.KindForbidden, transfer,
					func(a service.Actor, _, tr int64) error { return errOf(k.Tickets.RejectTransfer(ctx, a, tr, "")) }},
				{"reject transfer by outsider", "eng_south1", service.KindNotFound, transfer,
					func(a service.Actor, _, tr int64) error { return errOf(k.Tickets.RejectTransfer(ctx, a, tr, "")) }},
			}
			for _, c := range cases {
				id := mk(service.AccessRead)
				var arg int64
				if c.setup != nil {
					arg = c.setup(id)
				}
				before := servicetest.Must(k.Tickets.Get(ctx, admin, id))(t)
				events := len(servicetest.Must(k.Tickets.Timeline(ctx, admin, id))(t))
				if err := c.do(as(c.who), id, arg); !service.IsKind(err, c.kind) {
					t.Errorf("%s = %v, want %s", c.name, err, c.kind)
				}
				after := servicetest.Must(k.Tickets.Get(ctx, admin, id))(t)
				if n := len(servicetest.Must(k.Tickets.Timeline(ctx, admin, id))(t)); after.Version != before.Version || n != events ||
					service.StateOf(after.Ticket) != service.StateOf(before.Ticket) || after.Locked != before.Locked ||
					len(after.Members) != len(before.Members) || after.MergedIntoID != before.MergedIntoID ||
					(before.PendingTransfer == nil) != (after.PendingTransfer == nil) {
					t.Errorf("%s: refused, yet the ticket changed (version %d→%d, %d→%d timeline entries)", c.name,
						before.Version, after.Version, events, n)
				}
			}

			// The leader of a read-write team member may change the ticket,
			// as the member may; the leader of a read-only one may not.
			rw := mk(service.AccessWrite)
			got := servicetest.Must(k.Tickets.WaitForCustomer(ctx, as("east_mgr"), rw, "已联系客户"))(t)
			if service.StateOf(got) != service.StateWaitingCustomer {
				t.Fatalf("east_mgr's change left the ticket %s", service.StateOf(got))
			}
			servicetest.Must(k.Tickets.Resume(ctx, as("eng_east2"), rw, ""))(t)
			_, err := k.Tickets.WaitForCustomer(ctx, as("east_mgr"), mk(service.AccessRead), "")
			expectKind(t, err, service.KindForbidden)
		})
	}
}
