package handler

import (
	"context"
	"strconv"

	"github.com/wecom-ticket/ticket/service"
)

// ticketOffers are the actions the detail page offers its reader, with
// what their forms pick from.
type ticketOffers struct {
	Accept, Wait, Resume, Resolve, Close, Reopen, Lock, Unlock, Void bool
	Edit, Allocate, Dispatch, Transfer, Decide                       bool
	TransferID                                                       int64
	Engineers, Depts, People                                         []option
}

// Any reports whether the reader may do anything at all.
func (o ticketOffers) Any() bool {
	return o.Accept || o.Wait || o.Resume || o.Resolve || o.Close || o.Reopen || o.Lock || o.Unlock || o.Void ||
		o.Allocate || o.Dispatch || o.Transfer || o.Decide
}

// offersFor works out the actions from what the service says of this
// reader and ticket: the access Get granted, the lifecycle table
// (service.Transition) and the facts the service's own checks read (who
// owns it, who approves its transfer, who is an admin). The service
// still decides every post; an offer only spares a click that would be
// refused.
func offersFor(d *service.TicketDetail, me *service.User) ticketOffers {
	t := d.Ticket
	can := func(a service.Action) bool {
		_, err := service.Transition(service.StateOf(t), t.Locked, a)
		return err == nil
	}
	write := d.Access == service.AccessWrite
	admin := me.HasRole(service.RoleAdmin)
	o := ticketOffers{
		Accept: can(service.ActionAccept) && t.OwnerID == me.ID && t.FirstResponseAt == nil,
		Wait:   write && can(service.ActionWaitCustomer), Resume: write && can(service.ActionResume),
		Resolve: write && can(service.ActionResolve), Close: write && can(service.ActionClose),
		Reopen: write && can(service.ActionReopen), Lock: write && can(service.ActionLock),
		Unlock: write && can(service.ActionUnlock), Void: admin && can(service.ActionVoid),
		Edit: write && can(service.ActionEdit), Allocate: write && can(service.ActionAllocate),
		Dispatch: write && can(service.ActionDispatch),
		Transfer: write && can(service.ActionTransferRequest) && t.PendingTransfer == nil,
	}
	if tr := t.PendingTransfer; tr != nil && (tr.ApproverID == me.ID || admin) && can(service.ActionTransferReject) {
		o.Decide, o.TransferID = true, tr.ID
	}
	return o
}

// pickers fills the choices of the offered forms: the engineers a
// dispatch may go to (the service's candidates), the departments that
// receive tickets, and the people a transfer may go to.
func (h *h5) pickers(ctx context.Context, act service.Actor, v *h5View, t *service.Ticket, o *ticketOffers) error {
	if o.Dispatch {
		users, err := h.api.d.Tickets.DispatchCandidates(ctx, act, t.ID)
		if err != nil {
			return err
		}
		for _, u := range users {
			o.Engineers = append(o.Engineers, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " · " + v.DeptName(u.MainDeptID)})
		}
	}
	if o.Allocate || o.Transfer {
		depts, err := h.api.d.Tickets.ReceivingDepartments(ctx)
		if err != nil {
			return err
		}
		for _, d := range depts {
			o.Depts = append(o.Depts, option{Value: strconv.FormatInt(d.ID, 10), Label: v.DeptName(d.ID)})
		}
	}
	if o.Transfer && v.x != nil {
		for _, id := range v.x.UsersWithRole(service.RoleEngineer) {
			if id != t.OwnerID {
				o.People = append(o.People, option{Value: strconv.FormatInt(id, 10), Label: v.Person(id)})
			}
		}
	}
	return nil
}
