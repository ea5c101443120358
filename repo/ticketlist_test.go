package repo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/repo/repotest"
	"github.com/wecom-ticket/ticket/service"
)

// TestViewPlansAgree checks that the per-part index ranges and the
// primary-key walk (taken when a view names many people) return the same
// pages.
func TestViewPlansAgree(t *testing.T) {
	for _, be := range repotest.Backends(t) {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			st := repo.NewTickets(be.DB)
			now := time.Now().UTC().Truncate(time.Millisecond)
			for i := range 40 {
				tk := &service.Ticket{Number: fmt.Sprintf("T%03d", i), Subject: "s", Priority: service.PriorityNormal,
					Type: service.TypeQuestion, Origin: service.OriginAPI, OwnerID: int64(i%5 + 1), CreatorID: 1,
					Status: service.OpenStatuses[i%3], CreatedAt: now, UpdatedAt: now,
					Members: []service.Member{{UserID: int64(i%7 + 10), Role: service.MemberTeam, Access: service.AccessRead}}}
				if i%11 == 0 {
					tk.Status = service.StatusVoid
				}
				if err := st.InsertTicket(ctx, tk); err != nil {
					t.Fatal(err)
				}
			}
			many := []int64{}
			for i := int64(1000); i < 1200; i++ {
				many = append(many, i) // nobody: only widens the scope past the threshold
			}
			for _, statuses := range [][]service.Status{nil, {service.StatusPendingDispatch}} {
				narrow := service.TicketQuery{Statuses: statuses, Limit: 7, Parts: []service.ScopePart{
					{Kind: service.PartOwner, IDs: []int64{1, 2}}, {Kind: service.PartMember, IDs: []int64{10, 13}}}}
				broad := narrow
				broad.Parts = []service.ScopePart{{Kind: service.PartOwner, IDs: append([]int64{1, 2}, many...)}, narrow.Parts[1]}
				var pages [2][]int64
				for i, q := range []service.TicketQuery{narrow, broad} {
					for {
						ids, err := st.ListTicketIDs(ctx, q)
						if err != nil {
							t.Fatal(err)
						}
						pages[i] = append(pages[i], ids...)
						if len(ids) < q.Limit {
							break
						}
						q.Before = ids[len(ids)-1]
					}
				}
				if len(pages[0]) == 0 || !slices.Equal(pages[0], pages[1]) {
					t.Fatalf("statuses %v: ranges %v, walk %v", statuses, pages[0], pages[1])
				}
				if !slices.IsSortedFunc(pages[0], func(a, b int64) int { return int(b - a) }) || len(slices.Compact(slices.Clone(pages[0]))) != len(pages[0]) {
					t.Fatalf("pages are not newest first without repeats: %v", pages[0])
				}
			}
		})
	}
}
