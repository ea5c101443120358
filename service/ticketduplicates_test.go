package service_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// TestDuplicateSuggestionsLeaveOutClosedAndOtherCustomers: only the same
// customer's tickets still open are suggested, however alike the subject.
func TestDuplicateSuggestionsLeaveOutClosedAndOtherCustomers(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			e1 := k.As(t, "eng_east1")
			mk := func(customer int64) int64 {
				return k.Create(t, "eng_east1", service.NewTicket{Subject: "空调不制冷", OwnerID: e1.UserID, CustomerID: customer}).ID
			}
			open, closed, merged, elsewhere := mk(88), mk(88), mk(88), mk(89)
			servicetest.Must(k.Tickets.Resolve(ctx, e1, closed, "加氟"))(t)
			servicetest.Must(k.Tickets.Close(ctx, e1, closed, ""))(t)
			servicetest.Must(k.Tickets.Merge(ctx, e1, merged, open))(t)
			suggested := func() []int64 {
				var ids []int64
				for _, tk := range servicetest.Must(k.Tickets.SuggestDuplicates(ctx, e1, 88, "空调不制冷了"))(t) {
					ids = append(ids, tk.ID)
				}
				return ids
			}
			if got := suggested(); !equalIDs(got, []int64{open}) {
				t.Fatalf("suggested %v, want only the open ticket %d (closed %d, merged %d, other customer's %d)",
					got, open, closed, merged, elsewhere)
			}
			c := servicetest.Must(k.Tickets.Create(ctx, e1, service.NewTicket{Subject: "空调不制冷了", OwnerID: e1.UserID, CustomerID: 89}))(t)
			if len(c.LikelyDuplicates) != 1 || c.LikelyDuplicates[0].ID != elsewhere {
				t.Fatalf("a new ticket of customer 89 was offered %v, want only %d", c.LikelyDuplicates, elsewhere)
			}
			// Reopened, the closed ticket is a candidate again.
			servicetest.Must(k.Tickets.Reopen(ctx, e1, closed, "又不制冷了"))(t)
			if got := suggested(); !equalIDs(sortedIDs(got), sortedIDs([]int64{open, closed})) {
				t.Fatalf("after reopening, suggested %v, want %d and %d", got, open, closed)
			}
		})
	}
}
