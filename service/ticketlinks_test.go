package service_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestLinkMergeUnmergeCloneAndDuplicates(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			e1 := k.As(t, "eng_east1")
			mk := func(subject string) *service.Ticket {
				return k.Create(t, "eng_east1", service.NewTicket{Subject: subject, OwnerID: e1.UserID, CustomerID: 77})
			}
			a, b := mk("空调不制冷"), mk("打印机无法连接")

			// Likely duplicates: same customer, similar subject, still open.
			c, err := k.Tickets.Create(ctx, e1, service.NewTicket{Subject: "空调不制冷了", OwnerID: e1.UserID, CustomerID: 77})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.LikelyDuplicates) != 1 || c.LikelyDuplicates[0].ID != a.ID {
				t.Fatalf("likely duplicates = %v, want ticket %d", c.LikelyDuplicates, a.ID)
			}
			if others := servicetest.Must(k.Tickets.SuggestDuplicates(ctx, k.As(t, "agent1"), 77, "空调不制冷"))(t); len(others) != 0 {
				t.Fatal("suggestions must not show tickets the asker cannot read")
			}

			servicetest.Must(0, k.Tickets.Link(ctx, e1, a.ID, b.ID))(t)
			if got := servicetest.Must(k.Tickets.Get(ctx, e1, b.ID))(t).Links; len(got) != 1 || got[0] != a.ID {
				t.Fatalf("links of b = %v", got)
			}
			servicetest.Must(0, k.Tickets.Unlink(ctx, e1, b.ID, a.ID))(t)
			expectKind(t, k.Tickets.Unlink(ctx, e1, b.ID, a.ID), service.KindNotFound)

			// Merge the duplicate: it closes, points at a, and a's timeline
			// shows its history. Unmerge restores it.
			dup := servicetest.Must(k.Tickets.WaitForCustomer(ctx, e1, c.Ticket.ID, ""))(t)
			m := servicetest.Must(k.Tickets.Merge(ctx, e1, dup.ID, a.ID))(t)
			if m.Status != service.StatusClosed || m.MergedIntoID != a.ID {
				t.Fatalf("merged duplicate: %s into %d", m.Status, m.MergedIntoID)
			}
			_, err = k.Tickets.Merge(ctx, e1, b.ID, dup.ID)
			expectKind(t, err, service.KindConflict)
			tl := servicetest.Must(k.Tickets.Timeline(ctx, e1, a.ID))(t)
			var fromDup int
			for _, ev := range tl {
				if ev.TicketID == dup.ID {
					fromDup++
				}
			}
			if fromDup != 3 || tl[len(tl)-1].Action != service.ActionAbsorb { // create, wait, merge
				t.Fatalf("a's timeline holds %d of the duplicate's entries, last %s", fromDup, tl[len(tl)-1].Action)
			}
			u := servicetest.Must(k.Tickets.Unmerge(ctx, e1, dup.ID))(t)
			if service.StateOf(u) != service.StateWaitingCustomer || u.MergedIntoID != 0 || u.ClosedAt != nil {
				t.Fatalf("after unmerge: %s merged into %d", service.StateOf(u), u.MergedIntoID)
			}
			_, err = k.Tickets.Unmerge(ctx, e1, dup.ID)
			expectKind(t, err, service.KindConflict)

			// Clone: a copy with changes, numbered and placed anew.
			title := "空调不制冷(复制)"
			cl := servicetest.Must(k.Tickets.Clone(ctx, k.As(t, "east_mgr"), a.ID, service.TicketPatch{Subject: &title}))(t).Ticket
			if cl.ID == a.ID || cl.Number == a.Number || cl.Subject != title || cl.CustomerID != 77 || cl.CreatorID != k.ID(t, "east_mgr") {
				t.Fatalf("clone = %+v", cl)
			}
		})
	}
}
