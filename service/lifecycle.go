package service

import "fmt"

// State is a ticket's place in the lifecycle: its Status, with 处理中 split
// into working and waiting on the customer (the SLA clock is paused then).
type State string

// The lifecycle states. Every Status except in_progress maps to the state
// of the same name.
const (
	StatePendingAllocation State = State(StatusPendingAllocation)
	StatePendingDispatch   State = State(StatusPendingDispatch)
	StateInProgress        State = State(StatusInProgress)
	StateWaitingCustomer   State = "waiting_customer" // 待客户反馈, a sub-state of in_progress
	StateResolved          State = State(StatusResolved)
	StateClosed            State = State(StatusClosed)
	StateVoid              State = State(StatusVoid)
)

// States lists every state.
var States = []State{StatePendingAllocation, StatePendingDispatch, StateInProgress, StateWaitingCustomer,
	StateResolved, StateClosed, StateVoid}

// stateRestore is a target meaning "the status the ticket had before it
// was merged", which only the ticket knows.
const stateRestore State = "(restore)"

// Action is something done to a ticket. Every action is a timeline entry;
// the ones in the transitions table are also checked against it.
type Action string

// The actions.
const (
	ActionCreate          Action = "create"
	ActionEdit            Action = "edit"
	ActionAllocate        Action = "allocate"         // to a department's queue
	ActionDispatch        Action = "dispatch"         // to a person
	ActionAccept          Action = "accept"           // the owner acknowledges: first response
	ActionWaitCustomer    Action = "wait_customer"    // 待客户反馈
	ActionResume          Action = "resume"           // the customer answered
	ActionResolve         Action = "resolve"          // with a solution
	ActionClose           Action = "close"            // after resolution
	ActionReopen          Action = "reopen"           // back to in progress
	ActionLock            Action = "lock"             // refuse every change but unlock
	ActionUnlock          Action = "unlock"           //
	ActionVoid            Action = "void"             // admin only
	ActionChangeOwner     Action = "change_owner"     // batch owner change
	ActionTransferRequest Action = "transfer_request" // 待转
	ActionTransferToUser  Action = "transfer_to_user" // approved, to a person
	ActionTransferToDept  Action = "transfer_to_dept" // approved, to a department's queue
	ActionTransferReject  Action = "transfer_reject"  // nothing moves
	ActionMembers         Action = "members"          // team and assistants
	ActionLink            Action = "link"             // related tickets
	ActionUnlink          Action = "unlink"           //
	ActionMerge           Action = "merge"            // this duplicate into another
	ActionAbsorb          Action = "absorb"           // another ticket merged into this one
	ActionUnmerge         Action = "unmerge"          // undo a merge
	ActionUnabsorb        Action = "unabsorb"         // the other side of unmerge
	ActionRequeue         Action = "requeue"          // SLA escalation hands an overdue ticket back to its queue
)

// transitions is the lifecycle: for each state, the actions allowed in it
// and the state they lead to. An action missing here is illegal in that
// state. Whether a ticket is locked is checked beside it (see Transition).
var transitions = map[State]map[Action]State{
	StatePendingAllocation: live(StatePendingAllocation, map[Action]State{
		ActionEdit: StatePendingAllocation, ActionAllocate: StatePendingDispatch,
		ActionMerge: StateClosed, ActionVoid: StateVoid,
	}),
	StatePendingDispatch: live(StatePendingDispatch, map[Action]State{
		ActionEdit: StatePendingDispatch, ActionDispatch: StateInProgress,
		ActionMerge: StateClosed, ActionVoid: StateVoid,
	}),
	StateInProgress: live(StateInProgress, map[Action]State{
		ActionEdit: StateInProgress, ActionAccept: StateInProgress, ActionWaitCustomer: StateWaitingCustomer,
		ActionResolve: StateResolved, ActionChangeOwner: StateInProgress,
		ActionTransferRequest: StateInProgress, ActionTransferToUser: StateInProgress,
		ActionTransferToDept: StatePendingDispatch, ActionRequeue: StatePendingDispatch,
		ActionMerge: StateClosed, ActionVoid: StateVoid,
	}),
	StateWaitingCustomer: live(StateWaitingCustomer, map[Action]State{
		ActionEdit: StateWaitingCustomer, ActionResume: StateInProgress,
		ActionResolve: StateResolved, ActionChangeOwner: StateWaitingCustomer,
		ActionTransferRequest: StateWaitingCustomer, ActionTransferToUser: StateInProgress,
		ActionTransferToDept: StatePendingDispatch,
		ActionMerge:          StateClosed, ActionVoid: StateVoid,
	}),
	StateResolved: live(StateResolved, map[Action]State{
		ActionClose: StateClosed, ActionReopen: StateInProgress, ActionChangeOwner: StateResolved,
		ActionMerge: StateClosed, ActionVoid: StateVoid,
	}),
	StateClosed: live(StateClosed, map[Action]State{
		ActionReopen: StateInProgress, ActionUnmerge: stateRestore, ActionVoid: StateVoid,
	}),
	StateVoid: {},
}

// live adds the actions every state but void allows without moving: they
// touch what surrounds a ticket (its lock, team, links, a transfer
// refusal), not its progress.
func live(st State, row map[Action]State) map[Action]State {
	for _, a := range []Action{ActionLock, ActionUnlock, ActionMembers, ActionLink, ActionUnlink,
		ActionAbsorb, ActionUnabsorb, ActionTransferReject} {
		row[a] = st
	}
	return row
}

// StateOf returns the ticket's lifecycle state.
func StateOf(t *Ticket) State {
	if t.Status == StatusInProgress && t.WaitingCustomer {
		return StateWaitingCustomer
	}
	return State(t.Status)
}

// TransitionError says which action was refused in which state. It is
// carried inside a KindConflict *Error with code "ticket.illegal_transition".
type TransitionError struct {
	State  State
	Action Action
	Locked bool
}

func (e *TransitionError) Error() string {
	if e.Locked && e.Action != ActionUnlock {
		return fmt.Sprintf("cannot %s a locked ticket (%s)", e.Action, e.State)
	}
	return fmt.Sprintf("cannot %s a ticket that is %s", e.Action, e.State)
}

// CodeIllegalTransition is the code of every refused lifecycle action.
const CodeIllegalTransition = "ticket.illegal_transition"

// Transition returns the state action leads to from st, or a conflict
// naming both. A locked ticket refuses every action but unlock, and only a
// locked ticket can be unlocked.
func Transition(st State, locked bool, a Action) (State, error) {
	if next, ok := transitions[st][a]; ok && locked == (a == ActionUnlock) {
		return next, nil
	}
	te := &TransitionError{State: st, Action: a, Locked: locked}
	return "", &Error{Kind: KindConflict, Code: CodeIllegalTransition, Message: te.Error(), Err: te}
}

// apply moves t to state next (the result of Transition).
func (t *Ticket) apply(next State) {
	switch next {
	case stateRestore:
		prev := t.StateBeforeMerge
		t.StateBeforeMerge = ""
		t.apply(prev)
	case StateWaitingCustomer:
		t.Status, t.WaitingCustomer = StatusInProgress, true
	default:
		t.Status, t.WaitingCustomer = Status(next), false
	}
}
