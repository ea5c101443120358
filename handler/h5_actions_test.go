package handler_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// The detail page offers each reader only what the services would let
// them do, and each offered action works from its form.
func TestH5DetailOffersOnlyAllowedActions(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		f := e.k.SeedTickets(t)
		form := func(action string) string { return `/do/` + action + `"` }
		cases := []struct {
			who, ticket string
			has, lacks  []string
		}{
			{"agent1", "agent1_own", []string{form("accept"), form("resolve"), form("transfer"), form("lock"), form("wait"), "/edit"},
				[]string{form("void"), form("dispatch"), form("allocate"), form("approve")}},
			{"admin", "agent1_own", []string{form("void"), form("resolve")}, []string{form("dispatch"), form("accept")}},
			{"svc_mgr", "queue_alloc", []string{form("allocate")}, []string{form("dispatch"), form("resolve"), form("void")}},
			{"svc_mgr", "queue_sm", []string{form("dispatch"), "陈工"}, []string{form("allocate"), form("resolve")}},
			{"south_mgr", "s1_transfer_open", []string{form("approve"), form("reject")}, []string{form("void")}},
			{"eng_east1", "e1_closed", []string{form("reopen")}, []string{form("resolve"), form("close")}},
			{"eng_east2", "w1_team_e2", nil, []string{`class="actions"`}}, // a read-only team member
		}
		for _, c := range cases {
			page := e.as(c.who).get(ticketPath(f.ByName[c.ticket].ID)).want(t, http.StatusOK, c.who+" "+c.ticket)
			page.has(t, c.who+" on "+c.ticket, c.has...).lacks(t, c.who+" on "+c.ticket, c.lacks...)
		}
		e.as("eng_east2").get(ticketPath(f.ByName["w1_team_e2"].ID)+"/edit").
			want(t, http.StatusForbidden, "editing as a reader")
	})
}

// The queue work of the acceptance, through the pages: svc_mgr allocates
// a repair to the outsourced provider it manages and dispatches it with
// the engineer picker; the owner accepts and resolves; a refused action
// shows why beside its form.
func TestH5QueueWorkFromThePages(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		tk := e.k.Create(t, "agent1", e.k.Repair(t, "外包维修"))
		mgr := e.as("svc_mgr")
		mgr.act(tk.ID, "allocate", url.Values{"receiving_dept_id": {"10"}}).want(t, http.StatusSeeOther, "allocate")
		bad := mgr.act(tk.ID, "dispatch", url.Values{"owner_id": {strconv.FormatInt(e.k.ID(t, "eng_east1"), 10)}})
		bad.want(t, http.StatusBadRequest, "dispatch outside the department").has(t, "refused dispatch",
			"请选择受理部门的同事", `<details class="act" open>`)
		page := mgr.get(ticketPath(tk.ID)).want(t, http.StatusOK, "detail")
		page.has(t, "picker", "朱师傅").lacks(t, "picker", "陈工 ·")
		vendor := strconv.FormatInt(e.k.ID(t, "vendor1"), 10)
		mgr.act(tk.ID, "dispatch", url.Values{"owner_id": {vendor}, "note": {"请今天上门"}}).want(t, http.StatusSeeOther, "dispatch")
		got := servicetest.Must(e.k.Tickets.Get(ctx, e.k.As(t, "admin"), tk.ID))(t)
		if got.Status != service.StatusInProgress || got.OwnerID != e.k.ID(t, "vendor1") {
			t.Fatalf("after dispatch: %s owner %d", got.Status, got.OwnerID)
		}
		mgr.get(ticketPath(tk.ID)+"?ok=dispatch").has(t, "timeline", "已派工。", "请今天上门", "派工")

		v := e.as("vendor1")
		v.act(tk.ID, "accept", nil).want(t, http.StatusSeeOther, "accept")
		v.get(ticketPath(tk.ID)).lacks(t, "accepted already", `/do/accept"`)
		v.act(tk.ID, "resolve", url.Values{"solution": {""}}).want(t, http.StatusBadRequest, "resolve without a solution")
		v.act(tk.ID, "resolve", url.Values{"solution": {"更换电源板"}}).want(t, http.StatusSeeOther, "resolve")
		got = servicetest.Must(e.k.Tickets.Get(ctx, e.k.As(t, "admin"), tk.ID))(t)
		if got.Status != service.StatusResolved || got.Solution != "更换电源板" || got.FirstResponseAt == nil {
			t.Fatalf("after resolve: %s %q", got.Status, got.Solution)
		}
	})
}

// A transfer asked for on the page goes to its approver, who decides it
// on the page.
func TestH5TransferFromThePages(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		tk := e.k.Create(t, "eng_west1", service.NewTicket{Subject: "转派", OwnerID: e.k.ID(t, "eng_west1")})
		eng := e.as("eng_west1")
		eng.act(tk.ID, "transfer", url.Values{"reason": {"客户在华东"}}).want(t, http.StatusBadRequest, "no target").
			has(t, "no target", "请选择一位同事或一个部门（二选一）")
		eng.act(tk.ID, "transfer", url.Values{"to_user_id": {strconv.FormatInt(e.k.ID(t, "eng_west2"), 10)},
			"reason": {"擅长该产品"}}).want(t, http.StatusSeeOther, "transfer")
		mgr := e.as("west_mgr")
		page := mgr.get(ticketPath(tk.ID)).want(t, http.StatusOK, "approver's page").has(t, "approval", "擅长该产品")
		mgr.act(tk.ID, "approve", url.Values{"transfer_id": {page.field(t, "transfer_id")}}).want(t, http.StatusSeeOther, "approve")
		got := servicetest.Must(e.k.Tickets.Get(context.Background(), e.k.As(t, "admin"), tk.ID))(t)
		if got.OwnerID != e.k.ID(t, "eng_west2") || got.PendingTransfer != nil {
			t.Fatalf("after approval the owner is %d", got.OwnerID)
		}
	})
}
