package service

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// Status is where a ticket stands in its lifecycle (lifecycle.go).
type Status string

// The statuses of the requirement documents.
const (
	StatusPendingAllocation Status = "pending_allocation" // 待分配
	StatusPendingDispatch   Status = "pending_dispatch"   // 待派工
	StatusInProgress        Status = "in_progress"        // 处理中
	StatusResolved          Status = "resolved"           // 已解决
	StatusClosed            Status = "closed"             // 已关闭
	StatusVoid              Status = "void"               // 作废
)

// OpenStatuses are the statuses of a ticket nobody has resolved yet.
var OpenStatuses = []Status{StatusPendingAllocation, StatusPendingDispatch, StatusInProgress}

// Open reports whether s is one of OpenStatuses.
func (s Status) Open() bool { return slices.Contains(OpenStatuses, s) }

// Queued reports whether a ticket with this status waits in a dispatch
// queue, with no one handling it yet.
func (s Status) Queued() bool {
	return s == StatusPendingAllocation || s == StatusPendingDispatch
}

// Priority orders the work; the template's SLA is set per priority.
type Priority string

// The priorities.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent" // 紧急
)

// Priorities lists every priority, lowest first.
var Priorities = []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return slices.Contains(Priorities, p) }

// TicketType is what kind of request a ticket is. The list is
// configurable (TicketDeps.Types); DefaultTicketTypes is the seed list.
type TicketType string

// The default ticket types.
const (
	TypeQuestion       TicketType = "question"
	TypeProblem        TicketType = "problem"
	TypeFeatureRequest TicketType = "feature_request"
	TypeComplaint      TicketType = "complaint"
	TypeOther          TicketType = "other"
)

// DefaultTicketTypes is used when no list is configured.
var DefaultTicketTypes = []TicketType{TypeQuestion, TypeProblem, TypeFeatureRequest, TypeComplaint, TypeOther}

// Origin is the channel a ticket or a change came through.
type Origin string

// The origins. OriginSystem marks changes the system made on its own
// (automatic dispatch); it is never a ticket's origin.
const (
	OriginWeComChat   Origin = "wecom_chat"
	OriginMiniProgram Origin = "miniprogram"
	OriginWebForm     Origin = "web_form"
	OriginEmail       Origin = "email"
	OriginPhone       Origin = "phone"
	OriginImport      Origin = "import"
	OriginAPI         Origin = "api"
	OriginSystem      Origin = "system"
)

// TicketOrigins lists the origins a ticket may have.
var TicketOrigins = []Origin{OriginWeComChat, OriginMiniProgram, OriginWebForm, OriginEmail, OriginPhone, OriginImport, OriginAPI}

// Valid reports whether o may be a ticket's origin.
func (o Origin) Valid() bool { return slices.Contains(TicketOrigins, o) }

// MemberRole says why someone is on a ticket's team.
type MemberRole string

// Member roles: assistants (协助人) help the owner and may always change
// the ticket; team members (相关团队) follow it with the access they got.
const (
	MemberAssistant MemberRole = "assistant"
	MemberTeam      MemberRole = "team"
)

// Access is read or read-write.
type Access string

// Access levels, in increasing order of power.
const (
	AccessNone  Access = ""
	AccessRead  Access = "read"
	AccessWrite Access = "write"
)

// Valid reports whether a is read or write.
func (a Access) Valid() bool { return a == AccessRead || a == AccessWrite }

// max returns the stronger of a and b.
func (a Access) max(b Access) Access {
	if a == AccessWrite || b == AccessWrite {
		return AccessWrite
	}
	if a == AccessRead || b == AccessRead {
		return AccessRead
	}
	return AccessNone
}

// Member is one person on a ticket's team.
type Member struct {
	UserID int64
	Role   MemberRole
	Access Access
}

// Ticket is a support ticket (工单).
type Ticket struct {
	ID              int64
	Number          string
	Subject         string
	Description     string
	Solution        string
	InternalComment string
	Priority        Priority
	Type            TicketType
	Origin          Origin
	Reason          string
	Product         string
	CustomerID      int64
	ContactID       int64
	OpportunityID   int64
	OwnerID         int64 // 负责人; 0 while the ticket waits in a queue
	ReceivingDeptID int64 // the department whose queue holds it, or that got it
	ReceiverID      int64 // whom it was last dispatched to
	CreatorID       int64
	TemplateID      int64
	TemplateVersion int
	DispatchMode    DispatchMode
	Status          Status
	WaitingCustomer bool // 待客户反馈: the SLA clock is paused
	WaitingSince    *time.Time
	SLAPaused       time.Duration // business time spent waiting, before WaitingSince
	Locked          bool
	CustomFields    map[string]any
	ResponseDueAt   *time.Time
	ResolveDueAt    *time.Time
	FirstResponseAt *time.Time
	ResolvedAt      *time.Time
	ResolvedBy      int64
	ClosedAt        *time.Time
	ClosedBy        int64
	MergedIntoID    int64
	// StateBeforeMerge is what undoing a merge restores.
	StateBeforeMerge State
	Version          int64
	CreatedAt        time.Time
	UpdatedAt        time.Time

	Members []Member // sorted by user id
	// PendingTransfer is the open transfer, if any; read-only here.
	PendingTransfer *Transfer
}

// Voided reports whether an admin voided the ticket.
func (t *Ticket) Voided() bool { return t.Status == StatusVoid }

// Handler is who works the ticket: its owner, except while it waits in a
// queue, where its owner is only the creator who recorded it (place).
func (t *Ticket) Handler() int64 {
	if t.Status.Queued() {
		return 0
	}
	return t.OwnerID
}

// Member returns the user's membership, if any.
func (t *Ticket) Member(userID int64) (Member, bool) {
	i := slices.IndexFunc(t.Members, func(m Member) bool { return m.UserID == userID })
	if i < 0 {
		return Member{}, false
	}
	return t.Members[i], true
}

// setMember adds or replaces a membership, keeping Members sorted.
func (t *Ticket) setMember(m Member) {
	t.Members = slices.DeleteFunc(t.Members, func(x Member) bool { return x.UserID == m.UserID })
	t.Members = append(t.Members, m)
	slices.SortFunc(t.Members, func(a, b Member) int { return cmp.Compare(a.UserID, b.UserID) })
}

// follow keeps someone who handed the ticket on able to read it: the
// creator of a dispatched ticket, the owner who transferred it away.
func (t *Ticket) follow(userID int64) {
	if userID == 0 || userID == t.OwnerID {
		return
	}
	if _, ok := t.Member(userID); !ok {
		t.setMember(Member{UserID: userID, Role: MemberTeam, Access: AccessRead})
	}
}

// clone returns a deep copy, so a change can be diffed against the original.
func (t *Ticket) clone() *Ticket {
	c := *t
	c.CustomFields = maps.Clone(t.CustomFields)
	c.Members = slices.Clone(t.Members)
	return &c
}
