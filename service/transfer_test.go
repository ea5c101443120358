package service_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestTransferApproveAndReject(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			as := func(u string) service.Actor { return k.As(t, u) }
			w1 := as("eng_west1")

			// No template: the owner's leader approves. Reject: nothing moves.
			tk := k.Create(t, "eng_west1", service.NewTicket{Subject: "转派测试", OwnerID: w1.UserID})
			tr := servicetest.Must(k.Tickets.RequestTransfer(ctx, w1, tk.ID, service.TransferRequest{ToUserID: k.ID(t, "eng_east1"), Reason: "不熟悉"}))(t)
			if tr.ApproverID != k.ID(t, "west_mgr") || tr.Status != service.TransferOpen {
				t.Fatalf("transfer = %+v, want open for west_mgr", tr)
			}
			_, err := k.Tickets.RequestTransfer(ctx, w1, tk.ID, service.TransferRequest{ToDeptID: 4, Reason: "再来一次"})
			expectKind(t, err, service.KindConflict)
			got := servicetest.Must(k.Tickets.RejectTransfer(ctx, as("west_mgr"), tr.ID, "自己处理"))(t)
			wantStatus(t, got, service.StatusInProgress, w1.UserID)
			_, err = k.Tickets.ApproveTransfer(ctx, as("west_mgr"), tr.ID, "")
			expectKind(t, err, service.KindConflict)

			// Approve to a person: it moves, and the old owner sees it as 已转.
			tr = servicetest.Must(k.Tickets.RequestTransfer(ctx, w1, tk.ID, service.TransferRequest{ToUserID: k.ID(t, "eng_east1"), Reason: "客户在上海"}))(t)
			got = servicetest.Must(k.Tickets.ApproveTransfer(ctx, as("west_mgr"), tr.ID, "同意"))(t)
			wantStatus(t, got, service.StatusInProgress, k.ID(t, "eng_east1"))
			if !inQueue(t, k, "eng_west1", service.ViewTransferred, tk.ID) || inQueue(t, k, "eng_west1", service.ViewMine, tk.ID) {
				t.Fatal("the old owner must see the ticket under 已转 and no longer own it")
			}

			// A template with target_manager: the target department's manager
			// approves; approving to a department puts it in that queue.
			r := k.Create(t, "agent1", k.ReturnRefund(t, "退货转区域", 4))
			r = servicetest.Must(k.Tickets.Dispatch(ctx, as("east_mgr"), r.ID, service.DispatchInput{OwnerID: k.ID(t, "eng_east2")}))(t)
			tr = servicetest.Must(k.Tickets.RequestTransfer(ctx, as("eng_east2"), r.ID, service.TransferRequest{ToDeptID: 6, Reason: "客户搬到华南"}))(t)
			if tr.ApproverID != k.ID(t, "south_mgr") {
				t.Fatalf("approver = %d, want south_mgr", tr.ApproverID)
			}
			if !inQueue(t, k, "south_mgr", service.ViewTransferPending, r.ID) || !inQueue(t, k, "eng_east2", service.ViewTransferPending, r.ID) {
				t.Fatal("待转 must list the transfer for its approver and its requester")
			}
			got = servicetest.Must(k.Tickets.ApproveTransfer(ctx, as("south_mgr"), tr.ID, ""))(t)
			if got.Status != service.StatusPendingDispatch || got.ReceivingDeptID != 6 || got.OwnerID != 0 {
				t.Fatalf("after approval to a department: %s in %d owned by %d", got.Status, got.ReceivingDeptID, got.OwnerID)
			}
			if !inQueue(t, k, "south_mgr", service.ViewPendingDispatch, r.ID) || !inQueue(t, k, "eng_east2", service.ViewTransferred, r.ID) {
				t.Fatal("the ticket must wait in South's queue and show as 已转 for eng_east2")
			}
		})
	}
}

func TestConcurrentUpdatesOneWins(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			e1 := k.As(t, "eng_east1")
			tk := k.Create(t, "eng_east1", service.NewTicket{Subject: "并发", OwnerID: e1.UserID})
			subjects := []string{"甲改的", "乙改的"}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Go(func() {
					_, errs[i] = k.Tickets.Update(ctx, e1, tk.ID, tk.Version, service.TicketPatch{Subject: &subjects[i]})
				})
			}
			wg.Wait()
			winner := -1
			for i, err := range errs {
				switch {
				case err == nil:
					winner = i
				case !service.IsKind(err, service.KindConflict):
					t.Fatalf("update %d: %v, want success or conflict", i, err)
				}
			}
			if winner < 0 || errs[1-winner] == nil {
				t.Fatalf("errors %v: want exactly one winner", errs)
			}
			got := servicetest.Must(k.Tickets.Get(ctx, e1, tk.ID))(t)
			if got.Subject != subjects[winner] || got.Version != tk.Version+1 {
				t.Fatalf("stored %q v%d, want the winner's %q at v%d", got.Subject, got.Version, subjects[winner], tk.Version+1)
			}
			// The loser retries from what it now reads, and nothing is lost.
			again := "丙在最新版本上改的"
			servicetest.Must(k.Tickets.Update(ctx, e1, tk.ID, got.Version, service.TicketPatch{Subject: &again}))(t)
		})
	}
}

func TestConcurrentCreatesGetDistinctNumbers(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			a := k.As(t, "agent1")
			const n = 50
			numbers := make([]string, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					c, err := k.Tickets.Create(ctx, a, service.NewTicket{Subject: "并发创建"})
					errs[i] = err
					if err == nil {
						numbers[i] = c.Ticket.Number
					}
				})
			}
			wg.Wait()
			seen := map[string]bool{}
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("create %d: %v", i, errs[i])
				}
				seen[numbers[i]] = true
			}
			if len(seen) != n {
				t.Fatalf("%d distinct numbers for %d tickets", len(seen), n)
			}
			// The clock is 2026-03-02 10:00 in China: numbers 0001 to 0050.
			for i := 1; i <= n; i++ {
				if num := fmt.Sprintf("GD20260302-%04d", i); !seen[num] {
					t.Fatalf("number %s missing from %v", num, seen)
				}
			}
		})
	}
}
