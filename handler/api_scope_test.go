package handler_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// snapshot is what any change to a ticket moves: its version and the
// length of its timeline (records, costs, links and members all write one).
type snapshot struct {
	version int64
	events  int
}

func (e *apiEnv) snapshot(t *testing.T, id int64) snapshot {
	t.Helper()
	ctx := context.Background()
	tk, err := repoTickets(e).GetTicket(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := repoTickets(e).Events(ctx, []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{version: tk.Version, events: len(evs)}
}

// TestEveryTicketEndpointHidesOutOfScopeTickets: a user who may not read a
// ticket gets 404 from every endpoint that names it, exactly as for an id
// that does not exist, and the ticket does not change.
func TestEveryTicketEndpointHidesOutOfScopeTickets(t *testing.T) {
	forEachStack(t, func(t *testing.T, e *apiEnv) {
		f := e.k.SeedTickets(t)
		const outsider = "eng_west1"
		target := f.ByName["e1_open"] // eng_east1's: nothing relates eng_west1 to it
		own := f.ByName["w1_team_e2"] // eng_west1's own
		asking := f.ByName["s1_transfer_open"]
		reply := e.do("POST", "/api/v1/quick-replies", "admin",
			map[string]any{"scope": "company", "title": "进度", "body": "工单 {{ticket.number}} 正在处理"}).want(t, 201, "quick reply")
		replyID := int64(reply.JSON(t)["id"].(float64))
		id, ownID, userID := target.ID, own.ID, e.k.ID(t, "eng_east2")
		cases := []struct {
			method, path string
			body         any
			headers      []string
		}{
			{"GET", "/api/v1/tickets/%d", nil, nil},
			{"PATCH", "/api/v1/tickets/%d", map[string]any{"subject": "改"}, []string{"If-Match", fmt.Sprintf(`"%d"`, target.Version)}},
			{"GET", "/api/v1/tickets/%d/print", nil, nil},
			{"POST", "/api/v1/tickets/%d/clone", map[string]any{}, nil},
			{"GET", "/api/v1/tickets/%d/customer-notices", nil, nil},
			{"POST", "/api/v1/tickets/%d/accept", nil, nil},
			{"POST", "/api/v1/tickets/%d/resolve", map[string]any{"solution": "重启"}, nil},
			{"POST", "/api/v1/tickets/%d/close", map[string]any{"note": "x"}, nil},
			{"POST", "/api/v1/tickets/%d/reopen", map[string]any{"note": "x"}, nil},
			{"POST", "/api/v1/tickets/%d/wait", map[string]any{}, nil},
			{"POST", "/api/v1/tickets/%d/resume", map[string]any{}, nil},
			{"POST", "/api/v1/tickets/%d/lock", map[string]any{"note": "x"}, nil},
			{"POST", "/api/v1/tickets/%d/unlock", map[string]any{}, nil},
			{"POST", "/api/v1/tickets/%d/void", map[string]any{"note": "x"}, nil},
			{"POST", "/api/v1/tickets/%d/unmerge", nil, nil},
			{"POST", "/api/v1/tickets/%d/allocate", map[string]any{"receiving_dept_id": 4}, nil},
			{"POST", "/api/v1/tickets/%d/dispatch", map[string]any{"owner_id": userID}, nil},
			{"POST", "/api/v1/tickets/%d/merge", map[string]any{"into_id": ownID}, nil},
			{"POST", fmt.Sprintf("/api/v1/tickets/%d/merge", ownID), map[string]any{"into_id": id}, nil},
			{"POST", "/api/v1/tickets/%d/transfers", map[string]any{"to_user_id": userID, "reason": "x"}, nil},
			{"POST", fmt.Sprintf("/api/v1/transfers/%d/approve", asking.PendingTransfer.ID), map[string]any{}, nil},
			{"POST", fmt.Sprintf("/api/v1/transfers/%d/reject", asking.PendingTransfer.ID), map[string]any{}, nil},
			{"PUT", fmt.Sprintf("/api/v1/tickets/%%d/members/%d", userID), map[string]any{"role": "team", "access": "read"}, nil},
			{"DELETE", fmt.Sprintf("/api/v1/tickets/%%d/members/%d", userID), nil, nil},
			{"POST", "/api/v1/tickets/%d/links", map[string]any{"ticket_id": ownID}, nil},
			{"POST", fmt.Sprintf("/api/v1/tickets/%d/links", ownID), map[string]any{"ticket_id": id}, nil},
			{"DELETE", fmt.Sprintf("/api/v1/tickets/%%d/links/%d", ownID), nil, nil},
			{"POST", "/api/v1/tickets/%d/records", map[string]any{"body": "上门检查"}, nil},
			{"POST", "/api/v1/tickets/%d/costs", map[string]any{"kind": "parts", "amount_cents": 1200}, nil},
			{"POST", fmt.Sprintf("/api/v1/quick-replies/%d/render", replyID), map[string]any{"ticket_id": id}, nil},
		}
		path := func(p string) string {
			if strings.Contains(p, "%d") {
				return fmt.Sprintf(p, id)
			}
			return p
		}
		var named []string
		for _, c := range cases {
			named = append(named, c.method+" "+c.path)
		}
		coversEveryTicketRoute(t, e, named)
		watched := []int64{id, ownID, asking.ID}
		total := e.ticketCount(t) // a stray clone or import would not move the watched tickets
		before := map[int64]snapshot{}
		for _, w := range watched {
			before[w] = e.snapshot(t, w)
		}
		for _, c := range cases {
			p := path(c.path)
			r := e.do(c.method, p, outsider, c.body, c.headers...)
			if r.Status != 404 {
				t.Errorf("%s %s as an outsider: %d %s, want 404", c.method, p, r.Status, r.Body)
				continue
			}
			// An id that does not exist answers the same, byte for byte.
			if strings.Contains(c.path, "%d") {
				missing := e.do(c.method, fmt.Sprintf(c.path, 999999), outsider, c.body, c.headers...)
				if missing.Status != 404 || string(missing.Body) != string(r.Body) {
					t.Errorf("%s %s: a missing id answers %d %s, an out-of-scope one %s", c.method, p, missing.Status, missing.Body, r.Body)
				}
			}
		}
		batch := e.do("POST", "/api/v1/tickets/batch/owner", outsider,
			map[string]any{"ticket_ids": []int64{id}, "owner_id": e.k.ID(t, outsider)}).want(t, 200, "batch")
		var out struct {
			Items []struct {
				Status int
				Error  struct{ Code string }
			}
		}
		batch.Into(t, &out)
		if len(out.Items) != 1 || out.Items[0].Status != 404 || out.Items[0].Error.Code != "ticket.not_found" {
			t.Errorf("batch owner change as an outsider: %s", batch.Body)
		}
		for _, w := range watched {
			if got := e.snapshot(t, w); got != before[w] {
				t.Errorf("ticket %d changed under 404s: %+v -> %+v", w, before[w], got)
			}
		}
		if n := e.ticketCount(t); n != total {
			t.Errorf("%d tickets before the 404s, %d after", total, n)
		}
		// The same requests from someone in scope are not refused as
		// missing: the table cannot pass by always answering 404.
		for _, c := range cases {
			p := path(c.path)
			if r := e.do(c.method, p, "admin", c.body, c.headers...); r.Status == 404 {
				t.Errorf("%s %s as admin: 404 %s", c.method, p, r.Body)
			}
		}
	})
}

// routeShape is a route with every parameter or number as ":".
var routeShape = regexp.MustCompile(`/(:[a-z_]+|%d|[0-9]+)`)

// coversEveryTicketRoute fails unless every route the engine registers
// for one ticket (/api/v1/tickets/:id...) is among the named requests
// ("METHOD path"), so a new endpoint cannot skip the scope test.
func coversEveryTicketRoute(t *testing.T, e *apiEnv, named []string) {
	t.Helper()
	covered := map[string]bool{}
	for _, n := range named {
		covered[routeShape.ReplaceAllString(n, "/:")] = true
	}
	for _, rt := range e.engine.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1/tickets/:id") {
			continue
		}
		if key := rt.Method + " " + routeShape.ReplaceAllString(rt.Path, "/:"); !covered[key] {
			t.Errorf("%s %s is not in the scope test's table", rt.Method, rt.Path)
		}
	}
}
