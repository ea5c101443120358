package service_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

// legal is the lifecycle written out by hand, independently of the table in
// lifecycle.go: "state: action>next ...". Anything not listed is illegal.
var legal = map[service.State]string{
	service.StatePendingAllocation: "edit>pending_allocation allocate>pending_dispatch merge>closed void>void",
	service.StatePendingDispatch:   "edit>pending_dispatch dispatch>in_progress merge>closed void>void",
	service.StateInProgress: "edit>in_progress accept>in_progress wait_customer>waiting_customer resolve>resolved " +
		"change_owner>in_progress transfer_request>in_progress transfer_to_user>in_progress " +
		"transfer_to_dept>pending_dispatch requeue>pending_dispatch merge>closed void>void",
	service.StateWaitingCustomer: "edit>waiting_customer resume>in_progress resolve>resolved change_owner>waiting_customer " +
		"transfer_request>waiting_customer transfer_to_user>in_progress transfer_to_dept>pending_dispatch " +
		"merge>closed void>void",
	service.StateResolved: "close>closed reopen>in_progress change_owner>resolved merge>closed void>void",
	service.StateClosed:   "reopen>in_progress unmerge>(restore) void>void",
	service.StateVoid:     "",
}

// sideActions are legal in every state but void and keep the state.
var sideActions = []service.Action{service.ActionLock, service.ActionUnlock, service.ActionMembers,
	service.ActionLink, service.ActionUnlink, service.ActionAbsorb, service.ActionUnabsorb, service.ActionTransferReject}

var allActions = []service.Action{
	service.ActionEdit, service.ActionAllocate, service.ActionDispatch, service.ActionAccept,
	service.ActionWaitCustomer, service.ActionResume, service.ActionResolve, service.ActionClose,
	service.ActionReopen, service.ActionLock, service.ActionUnlock, service.ActionVoid, service.ActionChangeOwner,
	service.ActionTransferRequest, service.ActionTransferToUser, service.ActionTransferToDept,
	service.ActionTransferReject, service.ActionMembers, service.ActionLink, service.ActionUnlink,
	service.ActionMerge, service.ActionAbsorb, service.ActionUnmerge, service.ActionUnabsorb, service.ActionRequeue,
}

func expected(st service.State, locked bool, a service.Action) (service.State, bool) {
	want := map[service.Action]service.State{}
	for _, f := range strings.Fields(legal[st]) {
		a, next, _ := strings.Cut(f, ">")
		want[service.Action(a)] = service.State(next)
	}
	if st != service.StateVoid {
		for _, s := range sideActions {
			want[s] = st
		}
	}
	next, ok := want[a]
	if locked != (a == service.ActionUnlock) {
		return "", false
	}
	return next, ok
}

func TestTransitionEveryPair(t *testing.T) {
	for _, st := range service.States {
		for _, locked := range []bool{false, true} {
			for _, a := range allActions {
				wantNext, wantOK := expected(st, locked, a)
				got, err := service.Transition(st, locked, a)
				if wantOK {
					if err != nil || got != wantNext {
						t.Errorf("%s (locked=%v) + %s = %q, %v; want %q", st, locked, a, got, err, wantNext)
					}
					continue
				}
				var de *service.Error
				var te *service.TransitionError
				if !errors.As(err, &de) || de.Kind != service.KindConflict || de.Code != service.CodeIllegalTransition ||
					!errors.As(err, &te) || te.State != st || te.Action != a {
					t.Errorf("%s (locked=%v) + %s = %q, %v; want an illegal-transition conflict", st, locked, a, got, err)
					continue
				}
				if !strings.Contains(err.Error(), string(st)) || !strings.Contains(err.Error(), string(a)) {
					t.Errorf("error %q does not name state %s and action %s", err, st, a)
				}
			}
		}
	}
}
