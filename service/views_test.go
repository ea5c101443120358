package service_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// wantViews is, for every demo user, what each view holds of the fixture
// set (servicetest.SeedTickets); a view not listed is empty. Worked out by
// hand from the org and the fixtures' comments.
var wantViews = map[string]map[service.View]string{
	"admin": {
		"all":                "agent1_for_w2 agent1_own e1_closed e1_open e1_urgent e2_resolved queue_alloc queue_east queue_sm s1_transfer_open sales_own sh1_assist_e1 svc_own vendor_own voided w1_team_e2 w1_transferred",
		"pending_allocation": "queue_alloc",
		"pending_dispatch":   "queue_east queue_sm",
	},
	"boss": {
		"all":                      "agent1_for_w2 agent1_own e1_closed e1_open e1_urgent e2_resolved queue_alloc queue_east queue_sm s1_transfer_open sales_own sh1_assist_e1 svc_own vendor_own w1_team_e2 w1_transferred",
		"subordinates_own":         "agent1_for_w2 agent1_own e1_closed e1_open e1_urgent e2_resolved queue_alloc queue_east queue_sm s1_transfer_open sales_own sh1_assist_e1 svc_own vendor_own w1_team_e2 w1_transferred",
		"subordinates_participate": "agent1_for_w2 sh1_assist_e1 w1_team_e2 w1_transferred",
	},
	"svc_mgr": {
		"all":                      "agent1_for_w2 e1_closed e1_open e1_urgent e2_resolved s1_transfer_open sh1_assist_e1 svc_own vendor_own w1_team_e2 w1_transferred",
		"mine":                     "svc_own",
		"my_department":            "svc_own",
		"subordinates_own":         "agent1_for_w2 e1_closed e1_open e1_urgent e2_resolved s1_transfer_open sh1_assist_e1 vendor_own w1_team_e2 w1_transferred",
		"subordinates_participate": "sh1_assist_e1 w1_team_e2 w1_transferred",
		"unresolved":               "svc_own",
		"pending_allocation":       "queue_alloc",
		"pending_dispatch":         "queue_sm",
		"todo":                     "svc_own",
	},
	"east_mgr": {
		"all":                      "e1_closed e1_open e1_urgent e2_resolved sales_own sh1_assist_e1 w1_team_e2",
		"my_department":            "e1_closed e1_open e1_urgent e2_resolved sh1_assist_e1 w1_team_e2",
		"subordinates_own":         "e1_closed e1_open e1_urgent e2_resolved sh1_assist_e1",
		"subordinates_participate": "sh1_assist_e1 w1_team_e2",
		"shared":                   "sales_own",
		"pending_dispatch":         "queue_east",
	},
	"eng_east1": {
		"all":           "e1_closed e1_open e1_urgent sales_own sh1_assist_e1",
		"mine":          "e1_closed e1_open e1_urgent",
		"participating": "sh1_assist_e1",
		"shared":        "sales_own",
		"unresolved":    "e1_open e1_urgent",
		"urgent":        "e1_urgent",
		"closed":        "e1_closed",
		"todo":          "e1_open e1_urgent",
		"done":          "e1_closed",
	},
	"eng_east2": {
		"all":           "e2_resolved sales_own w1_team_e2",
		"mine":          "e2_resolved",
		"participating": "w1_team_e2",
		"shared":        "sales_own",
		"done":          "e2_resolved",
	},
	"agent1": {
		"all":           "agent1_for_w2 agent1_own queue_east w1_team_e2 w1_transferred",
		"mine":          "agent1_own queue_east",
		"participating": "agent1_for_w2",
		"shared":        "agent1_for_w2 w1_team_e2 w1_transferred",
		"unresolved":    "agent1_own queue_east",
		"todo":          "agent1_own queue_east",
	},
	"agent2": {
		"all":        "queue_alloc queue_sm",
		"mine":       "queue_alloc queue_sm",
		"unresolved": "queue_alloc queue_sm",
		"todo":       "queue_alloc queue_sm",
	},
	"west_mgr": {
		"all":                      "agent1_for_w2 w1_team_e2 w1_transferred",
		"my_department":            "agent1_for_w2 w1_team_e2 w1_transferred",
		"subordinates_own":         "agent1_for_w2 w1_team_e2 w1_transferred",
		"subordinates_participate": "w1_transferred",
	},
	"eng_west1": {
		"all":           "w1_team_e2 w1_transferred",
		"mine":          "w1_team_e2",
		"participating": "w1_transferred",
		"unresolved":    "w1_team_e2",
		"todo":          "w1_team_e2",
		"transferred":   "w1_transferred",
	},
	"eng_west2": {
		"all":        "agent1_for_w2 w1_transferred",
		"mine":       "agent1_for_w2 w1_transferred",
		"unresolved": "agent1_for_w2 w1_transferred",
		"todo":       "agent1_for_w2 w1_transferred",
	},
	"south_mgr": {
		"all":              "s1_transfer_open",
		"my_department":    "s1_transfer_open",
		"subordinates_own": "s1_transfer_open",
		"transfer_pending": "s1_transfer_open",
	},
	"eng_south1": {
		"all":              "s1_transfer_open",
		"mine":             "s1_transfer_open",
		"unresolved":       "s1_transfer_open",
		"todo":             "s1_transfer_open",
		"transfer_pending": "s1_transfer_open",
	},
	"cs_lead": {
		"all":                      "agent1_for_w2 agent1_own queue_alloc queue_east queue_sm sales_own",
		"my_department":            "agent1_for_w2 agent1_own queue_alloc queue_east queue_sm",
		"subordinates_own":         "agent1_own queue_alloc queue_east queue_sm sales_own",
		"subordinates_participate": "agent1_for_w2",
	},
	"eng_east3": {
		"all":              "sales_own sh1_assist_e1",
		"my_department":    "sh1_assist_e1",
		"subordinates_own": "sh1_assist_e1",
		"shared":           "sales_own",
	},
	"sales1": {
		"all":        "sales_own",
		"mine":       "sales_own",
		"unresolved": "sales_own",
		"todo":       "sales_own",
	},
	"vendor1": {
		"all": "vendor_own", "mine": "vendor_own", "unresolved": "vendor_own", "todo": "vendor_own",
	},
	"it_lead": {},
	"sales_lead": {
		"all": "sales_own", "my_department": "sales_own", "subordinates_own": "sales_own",
	},
	"eng_sh1": {
		"all": "sales_own sh1_assist_e1", "mine": "sh1_assist_e1", "shared": "sales_own",
		"unresolved": "sh1_assist_e1", "todo": "sh1_assist_e1",
	},
}

func TestEveryViewHoldsExactlyTheExpectedTickets(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			f := k.SeedTickets(t)
			for user, views := range wantViews {
				readable := map[string]bool{}
				for _, v := range service.Views {
					page, err := k.Tickets.List(ctx, k.As(t, user), service.ListQuery{View: v, Limit: service.MaxPageSize})
					if err != nil {
						t.Fatalf("%s/%s: %v", user, v, err)
					}
					got := strings.Join(f.Names(page.Tickets), " ")
					if want := views[v]; got != want {
						t.Errorf("%s sees %s = [%s], want [%s]", user, v, got, want)
					}
					for _, n := range f.Names(page.Tickets) {
						readable[n] = true
					}
				}
				// Authorize and the views are one rule: a user opens exactly
				// the tickets some view shows them, and gets "not found" for
				// the rest.
				for name, tk := range f.ByName {
					_, err := k.Tickets.Get(ctx, k.As(t, user), tk.ID)
					switch {
					case readable[name] && err != nil:
						t.Errorf("%s cannot open %s, which a view lists: %v", user, name, err)
					case !readable[name] && !service.IsKind(err, service.KindNotFound):
						t.Errorf("%s opening %s = %v, want not found", user, name, err)
					}
				}
			}
		})
	}
}

func TestKeysetPagingWalksAViewOnce(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			f := k.SeedTickets(t)
			var seen []string
			q := service.ListQuery{View: service.ViewAll, Limit: 3}
			for pages := 0; ; pages++ {
				page, err := k.Tickets.List(ctx, k.As(t, "boss"), q)
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Tickets) > 3 || pages > 10 {
					t.Fatalf("page %d holds %d tickets", pages, len(page.Tickets))
				}
				for i := 1; i < len(page.Tickets); i++ {
					if page.Tickets[i].ID >= page.Tickets[i-1].ID {
						t.Fatalf("page %d is not newest first", pages)
					}
				}
				seen = append(seen, f.Names(page.Tickets)...)
				if page.Next == "" {
					break
				}
				q.Cursor = page.Next
			}
			slices.Sort(seen)
			if got, want := strings.Join(seen, " "), wantViews["boss"][service.ViewAll]; got != want {
				t.Fatalf("paging saw [%s], want [%s]", got, want)
			}
			for _, bad := range []service.ListQuery{{View: "everything"}, {View: service.ViewAll, Limit: 101}, {View: service.ViewAll, Cursor: "abc"}} {
				if _, err := k.Tickets.List(ctx, k.As(t, "boss"), bad); !service.IsKind(err, service.KindInvalid) {
					t.Errorf("List(%+v) = %v, want invalid", bad, err)
				}
			}
		})
	}
}
