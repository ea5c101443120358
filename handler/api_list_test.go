package handler_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

type listPage struct {
	Items []struct {
		ID      int64
		Number  string
		Subject string
		Status  string
	}
	NextCursor string `json:"next_cursor"`
}

// listAll pages through the list endpoint and returns the ids in order.
func (e *apiEnv) listAll(t *testing.T, as string, q url.Values) []int64 {
	t.Helper()
	var ids []int64
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("the list does not end")
		}
		var p listPage
		e.do("GET", "/api/v1/tickets?"+q.Encode(), as, nil).want(t, 200, "list "+q.Encode()).Into(t, &p)
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
		if p.NextCursor == "" {
			return ids
		}
		q.Set("cursor", p.NextCursor)
	}
}

// subjects names tickets by subject (the fixtures' names).
func (e *apiEnv) subjects(t *testing.T, ids []int64) []string {
	t.Helper()
	ts, err := repoTickets(e).GetTickets(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(ts))
	for _, tk := range ts {
		out = append(out, tk.Subject)
	}
	slices.Sort(out)
	return out
}

func TestListEqualsTheServiceViewForEveryDemoUser(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		e.k.SeedTickets(t)
		x, err := e.st.Org.Index(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		nonEmpty := 0
		for _, u := range x.Users() {
			for _, v := range service.Views {
				var want []int64
				q := service.ListQuery{View: v, Limit: 100}
				for {
					page, err := e.k.Tickets.List(context.Background(), service.Actor{UserID: u.ID}, q)
					if err != nil {
						t.Fatalf("%s %s: %v", u.UserID, v, err)
					}
					for _, tk := range page.Tickets {
						want = append(want, tk.ID)
					}
					if q.Cursor = page.Next; q.Cursor == "" {
						break
					}
				}
				got := e.listAll(t, u.UserID, url.Values{"view": {string(v)}, "limit": {"3"}})
				if !slices.Equal(got, want) {
					t.Errorf("%s, view %s: API %v, service %v", u.UserID, v, got, want)
				}
				if len(want) > 0 {
					nonEmpty++
				}
			}
		}
		if nonEmpty < 50 {
			t.Errorf("only %d user/view pairs list anything: the fixtures do not exercise the views", nonEmpty)
		}
		t.Logf("%d user/view pairs compared, %d non-empty", len(x.Users())*len(service.Views), nonEmpty)
	})
}

func TestListFiltersSortAndSearch(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		f := e.k.SeedTickets(t)
		repair := f.ByName["queue_alloc"]
		cases := []struct {
			name string
			as   string
			q    url.Values
			want []string
		}{
			{"status", "admin", url.Values{"status": {"resolved,closed"}}, []string{"e1_closed", "e2_resolved"}},
			{"status repeated", "admin", url.Values{"status": {"resolved", "closed"}}, []string{"e1_closed", "e2_resolved"}},
			{"priority", "eng_east1", url.Values{"view": {"mine"}, "priority": {"urgent"}}, []string{"e1_urgent"}},
			{"text in subject", "admin", url.Values{"q": {"w1_"}}, []string{"w1_team_e2", "w1_transferred"}},
			{"whole number", "admin", url.Values{"q": {repair.Number}}, []string{"queue_alloc"}},
			{"template", "admin", url.Values{"template_id": {fmt.Sprint(repair.TemplateID)}}, []string{"queue_alloc"}},
			{"customer", "admin", url.Values{"customer_id": {"502"}}, []string{"queue_east"}},
			{"owner", "admin", url.Values{"owner_id": {fmt.Sprint(e.k.ID(t, "eng_west2"))}}, []string{"agent1_for_w2", "w1_transferred"}},
			{"dept: owners and the department's queue", "admin", url.Values{"dept_id": {"4"}, "status": {"pending_dispatch,resolved"}},
				[]string{"e2_resolved", "queue_east"}},
			{"created range", "admin", url.Values{"created_from": {"2026-03-02"}, "created_to": {"2026-03-02"}, "q": {"e1_"}},
				[]string{"e1_closed", "e1_open", "e1_urgent"}},
			{"created range before", "admin", url.Values{"created_to": {"2026-03-01"}}, nil},
			{"resolved range", "admin", url.Values{"resolved_from": {"2026-03-02"}}, []string{"e1_closed", "e2_resolved"}},
			{"resolved by the last day, inclusive", "admin", url.Values{"resolved_to": {"2026-03-02"}}, []string{"e1_closed", "e2_resolved"}},
			{"resolved before", "admin", url.Values{"resolved_to": {"2026-03-01"}}, nil},
			{"type", "admin", url.Values{"type": {"complaint"}}, []string{"queue_sm"}},
			{"types", "admin", url.Values{"type": {"complaint,problem"}}, []string{"queue_alloc", "queue_east", "queue_sm"}},
			{"text in description", "admin", url.Values{"q": {"无法开机"}}, []string{"queue_alloc"}},
			{"text in description, narrowed by view", "svc_mgr", url.Values{"view": {"pending_dispatch"}, "q": {"来电投诉"}}, []string{"queue_sm"}},
			{"filters narrow the view", "eng_west1", url.Values{"view": {"mine"}, "q": {"e1_"}}, nil},
		}
		for _, c := range cases {
			got := e.subjects(t, e.listAll(t, c.as, c.q))
			if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}
		newest := e.listAll(t, "admin", url.Values{"limit": {"4"}})
		oldest := e.listAll(t, "admin", url.Values{"limit": {"4"}, "sort": {"oldest"}})
		slices.Reverse(oldest)
		if len(newest) < 10 || !slices.Equal(newest, oldest) {
			t.Errorf("oldest first is not newest first reversed: %v / %v", newest, oldest)
		}
		bad := e.do("GET", "/api/v1/tickets?view=nope&status=open&created_from=2026-13-01&limit=1000", "admin", nil).want(t, 400, "bad filters")
		fields, _ := bad.JSON(t)["fields"].(map[string]any)
		for _, k := range []string{"created_from", "limit"} {
			if _, ok := fields[k]; !ok {
				t.Errorf("field %s not reported: %s", k, bad.Body)
			}
		}
		bad = e.do("GET", "/api/v1/tickets?view=nope&status=open", "admin", nil).want(t, 400, "bad view and status")
		if !strings.Contains(string(bad.Body), `"view"`) || !strings.Contains(string(bad.Body), `"status"`) {
			t.Errorf("view and status not both reported: %s", bad.Body)
		}
	})
}
