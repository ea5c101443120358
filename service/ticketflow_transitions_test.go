package service_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// walk is one stack and the people the lifecycle walk acts as: the admin,
// who may do anything the lifecycle allows, and eng_east1, who owns the
// tickets made in progress (only the owner accepts).
type walk struct {
	t     *testing.T
	ctx   context.Context
	k     *servicetest.Ticketing
	admin service.Actor
	owner service.Actor
}

// fresh makes a ticket in progress with eng_east1 or, when the walk goes to
// pending allocation (no action leads there), a repair ticket waiting to
// be allocated.
func (w *walk) fresh(pendingAllocation bool) *service.Ticket {
	if pendingAllocation {
		return w.k.Create(w.t, "agent2", w.k.Repair(w.t, "待分配的维修"))
	}
	return w.k.Create(w.t, "eng_east1", service.NewTicket{Subject: "生命周期", OwnerID: w.owner.UserID})
}

func (w *walk) get(id int64) *service.Ticket {
	w.t.Helper()
	return servicetest.Must(w.k.Tickets.Get(w.ctx, w.admin, id))(w.t).Ticket
}

// events returns the ticket's own timeline entries (a ticket's timeline
// also shows the duplicates merged into it).
func (w *walk) events(id int64) []service.TimelineEvent {
	w.t.Helper()
	all := servicetest.Must(w.k.Tickets.Timeline(w.ctx, w.admin, id))(w.t)
	return slices.DeleteFunc(all, func(ev service.TimelineEvent) bool { return ev.TicketID != id })
}

// drive takes a new ticket to the state through the service.
func (w *walk) drive(id int64, to service.State) {
	w.t.Helper()
	if service.StateOf(w.get(id)) == to {
		return
	}
	steps := map[service.State][]func() (*service.Ticket, error){
		service.StatePendingDispatch: {func() (*service.Ticket, error) { return service.Requeue(w.k.Tickets, w.ctx, id, "SLA 超时") }},
		service.StateWaitingCustomer: {func() (*service.Ticket, error) { return w.k.Tickets.WaitForCustomer(w.ctx, w.admin, id, "") }},
		service.StateResolved:        {func() (*service.Ticket, error) { return w.k.Tickets.Resolve(w.ctx, w.admin, id, "已修复") }},
		service.StateClosed: {
			func() (*service.Ticket, error) { return w.k.Tickets.Resolve(w.ctx, w.admin, id, "已修复") },
			func() (*service.Ticket, error) { return w.k.Tickets.Close(w.ctx, w.admin, id, "") },
		},
		service.StateVoid: {func() (*service.Ticket, error) { return w.k.Tickets.Void(w.ctx, w.admin, id, "") }},
	}[to]
	for _, s := range steps {
		servicetest.Must(s())(w.t)
	}
}

// other is a second ticket in progress, for the actions on a pair.
func (w *walk) other() int64 { return w.fresh(false).ID }

// transfer opens a transfer on a ticket in progress.
func (w *walk) transfer(id int64, to service.TransferRequest) int64 {
	w.t.Helper()
	to.Reason = "对方更熟悉"
	return servicetest.Must(w.k.Tickets.RequestTransfer(w.ctx, w.admin, id, to))(w.t).ID
}

// probe attempts one action on a ticket through the service.
type probe struct {
	action service.Action
	// prepare runs on the new ticket before it is driven to its state and
	// returns what do needs (a transfer, the other ticket of a pair).
	prepare func(w *walk, id int64, to service.State) int64
	do      func(w *walk, tk *service.Ticket, arg int64) error
	// transfer marks the decisions on a transfer, which is opened while
	// the ticket is in progress: none can name a ticket that never left
	// pending allocation.
	transfer bool
	// pairSide marks actions that reach this ticket as the other side of a
	// pair: a timeline entry, but the ticket's row is not written.
	pairSide bool
}

func errOf[T any](_ T, err error) error { return err }

// noted is the probe of an action taken by the admin with a note.
func noted(a service.Action, act func(*service.TicketService, context.Context, service.Actor, int64, string) (*service.Ticket, error),
	note string) probe {
	return probe{action: a, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(act(w.k.Tickets, w.ctx, w.admin, tk.ID, note))
	}}
}

var probes = []probe{
	{action: service.ActionEdit, do: func(w *walk, tk *service.Ticket, _ int64) error {
		s := "改过的标题"
		return errOf(w.k.Tickets.Update(w.ctx, w.admin, tk.ID, tk.Version, service.TicketPatch{Subject: &s}))
	}},
	{action: service.ActionAllocate, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(w.k.Tickets.Allocate(w.ctx, w.admin, tk.ID, 4))
	}},
	{action: service.ActionDispatch, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(w.k.Tickets.Dispatch(w.ctx, w.admin, tk.ID, service.DispatchInput{OwnerID: w.k.ID(w.t, "eng_east2")}))
	}},
	{action: service.ActionAccept, do: func(w *walk, tk *service.Ticket, _ int64) error {
		who := w.admin
		if tk.OwnerID == w.owner.UserID && !tk.Voided() {
			who = w.owner
		}
		return errOf(w.k.Tickets.Accept(w.ctx, who, tk.ID))
	}},
	noted(service.ActionWaitCustomer, (*service.TicketService).WaitForCustomer, "等客户回电"),
	noted(service.ActionResume, (*service.TicketService).Resume, ""),
	noted(service.ActionResolve, (*service.TicketService).Resolve, "更换配件"),
	noted(service.ActionClose, (*service.TicketService).Close, ""),
	noted(service.ActionReopen, (*service.TicketService).Reopen, "又坏了"),
	noted(service.ActionLock, (*service.TicketService).Lock, "审计"),
	noted(service.ActionUnlock, (*service.TicketService).Unlock, ""),
	noted(service.ActionVoid, (*service.TicketService).Void, "重复录入"),
	{action: service.ActionChangeOwner, do: func(w *walk, tk *service.Ticket, _ int64) error {
		res := servicetest.Must(w.k.Tickets.BatchChangeOwner(w.ctx, w.admin, []int64{tk.ID}, w.k.ID(w.t, "eng_east2")))(w.t)
		return res[0].Err
	}},
	{action: service.ActionTransferRequest, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(w.k.Tickets.RequestTransfer(w.ctx, w.admin, tk.ID,
			service.TransferRequest{ToUserID: w.k.ID(w.t, "eng_east2"), Reason: "对方更熟悉"}))
	}},
	{action: service.ActionTransferToUser, transfer: true,
		prepare: func(w *walk, id int64, _ service.State) int64 {
			return w.transfer(id, service.TransferRequest{ToUserID: w.k.ID(w.t, "eng_east2")})
		},
		do: func(w *walk, _ *service.Ticket, tr int64) error {
			return errOf(w.k.Tickets.ApproveTransfer(w.ctx, w.admin, tr, ""))
		}},
	{action: service.ActionTransferToDept, transfer: true,
		prepare: func(w *walk, id int64, _ service.State) int64 {
			return w.transfer(id, service.TransferRequest{ToDeptID: 5})
		},
		do: func(w *walk, _ *service.Ticket, tr int64) error {
			return errOf(w.k.Tickets.ApproveTransfer(w.ctx, w.admin, tr, ""))
		}},
	{action: service.ActionTransferReject, transfer: true,
		prepare: func(w *walk, id int64, _ service.State) int64 {
			return w.transfer(id, service.TransferRequest{ToUserID: w.k.ID(w.t, "eng_east2")})
		},
		do: func(w *walk, _ *service.Ticket, tr int64) error {
			return errOf(w.k.Tickets.RejectTransfer(w.ctx, w.admin, tr, "不必转"))
		}},
	{action: service.ActionMembers, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(w.k.Tickets.SetMember(w.ctx, w.admin, tk.ID,
			service.Member{UserID: w.k.ID(w.t, "eng_east2"), Role: service.MemberTeam, Access: service.AccessRead}))
	}},
	{action: service.ActionLink, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return w.k.Tickets.Link(w.ctx, w.admin, tk.ID, w.other())
	}},
	{action: service.ActionUnlink,
		prepare: func(w *walk, id int64, _ service.State) int64 {
			o := w.other()
			servicetest.Must(0, w.k.Tickets.Link(w.ctx, w.admin, id, o))(w.t)
			return o
		},
		do: func(w *walk, tk *service.Ticket, o int64) error { return w.k.Tickets.Unlink(w.ctx, w.admin, tk.ID, o) }},
	{action: service.ActionMerge, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(w.k.Tickets.Merge(w.ctx, w.admin, tk.ID, w.other()))
	}},
	{action: service.ActionAbsorb, pairSide: true, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(w.k.Tickets.Merge(w.ctx, w.admin, w.other(), tk.ID))
	}},
	{action: service.ActionUnmerge,
		// Only a merge closes a ticket so that it can be unmerged; in every
		// other state the ticket was never merged.
		prepare: func(w *walk, id int64, to service.State) int64 {
			if to == service.StateClosed {
				servicetest.Must(w.k.Tickets.Merge(w.ctx, w.admin, id, w.other()))(w.t)
			}
			return 0
		},
		do: func(w *walk, tk *service.Ticket, _ int64) error {
			return errOf(w.k.Tickets.Unmerge(w.ctx, w.admin, tk.ID))
		}},
	{action: service.ActionUnabsorb, pairSide: true,
		prepare: func(w *walk, id int64, _ service.State) int64 {
			dup := w.other()
			servicetest.Must(w.k.Tickets.Merge(w.ctx, w.admin, dup, id))(w.t)
			return dup
		},
		do: func(w *walk, _ *service.Ticket, dup int64) error {
			return errOf(w.k.Tickets.Unmerge(w.ctx, w.admin, dup))
		}},
	{action: service.ActionRequeue, do: func(w *walk, tk *service.Ticket, _ int64) error {
		return errOf(service.Requeue(w.k.Tickets, w.ctx, tk.ID, "SLA 超时"))
	}},
}

// TestEveryActionInEveryStateThroughTheService drives real tickets into
// every state, locked and not, and attempts every action there through the
// service: the outcome must agree with the lifecycle table (checked on its
// own in TestTransitionEveryPair). An allowed action moves the ticket where
// the table says, bumps its version and writes one timeline entry; a
// refused one names state and action and leaves the ticket as it was.
func TestEveryActionInEveryStateThroughTheService(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			k := st.Ticketing(t)
			w := &walk{t: t, ctx: context.Background(), k: k, admin: k.As(t, "admin"), owner: k.As(t, "eng_east1")}
			tried := map[service.Action]bool{}
			for _, state := range service.States {
				for _, locked := range []bool{false, true} {
					if locked && state == service.StateVoid {
						continue // a voided ticket cannot be locked, nor a locked one voided
					}
					// Refusals change nothing (which is checked), so those
					// needing no preparation share one ticket.
					var shared int64
					for _, p := range probes {
						if p.transfer && state == service.StatePendingAllocation {
							continue
						}
						tried[p.action] = true
						name := fmt.Sprintf("%s (locked=%v) + %s", state, locked, p.action)
						want, refused := service.Transition(state, locked, p.action)
						id, arg := shared, int64(0)
						if id == 0 || refused == nil || p.prepare != nil {
							id = w.fresh(state == service.StatePendingAllocation).ID
							if p.prepare != nil {
								arg = p.prepare(w, id, state)
							}
							w.drive(id, state)
							if locked {
								servicetest.Must(k.Tickets.Lock(w.ctx, w.admin, id, ""))(t)
							}
							if refused != nil && p.prepare == nil {
								shared = id
							}
						}
						before, events := w.get(id), len(w.events(id))
						if service.StateOf(before) != state || before.Locked != locked {
							t.Fatalf("%s: the walk reached %s (locked=%v)", name, service.StateOf(before), before.Locked)
						}
						err := p.do(w, before, arg)
						after, got := w.get(id), w.events(id)
						if refused != nil {
							var te *service.TransitionError
							var de *service.Error
							if !errors.As(err, &te) || te.State != state || te.Action != p.action || te.Locked != locked ||
								!errors.As(err, &de) || de.Code != service.CodeIllegalTransition || de.Kind != service.KindConflict {
								t.Errorf("%s = %v, want refused naming the state and action", name, err)
							}
							if after.Version != before.Version || len(got) != events {
								t.Errorf("%s: refused, yet version %d→%d and %d→%d timeline entries", name,
									before.Version, after.Version, events, len(got))
							}
							continue
						}
						if !slices.Contains(service.States, want) {
							want = service.StateInProgress // unmerge restores the state before the merge
						}
						bump := int64(1)
						if p.pairSide {
							bump = 0
						}
						switch {
						case err != nil:
							t.Errorf("%s = %v, want allowed", name, err)
						case service.StateOf(after) != want:
							t.Errorf("%s: now %s, want %s", name, service.StateOf(after), want)
						case after.Version != before.Version+bump:
							t.Errorf("%s: version %d→%d, want +%d", name, before.Version, after.Version, bump)
						case len(got) != events+1 || got[len(got)-1].Action != p.action:
							t.Errorf("%s: %d→%d timeline entries, want one more for the action", name, events, len(got))
						}
					}
				}
			}
			for _, a := range allActions {
				if !tried[a] && a != service.ActionCreate {
					t.Errorf("no probe tries %s", a)
				}
			}
		})
	}
}
