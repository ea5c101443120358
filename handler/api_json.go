package handler

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// The API's JSON shapes and their converters: snake_case names, times in
// RFC 3339 UTC, ids as numbers. The service types carry no JSON tags; the
// wire format is decided here.

type userJSON struct {
	ID           int64    `json:"id"`
	UserID       string   `json:"userid"`
	Name         string   `json:"name"`
	Position     string   `json:"position"`
	MainDeptID   int64    `json:"main_dept_id"`
	DeptIDs      []int64  `json:"dept_ids"`
	Roles        []string `json:"roles"`
	Enabled      bool     `json:"enabled"`
	LanguageCode string   `json:"lang,omitempty"`
}

func toUserJSON(u *service.User) userJSON {
	roles := make([]string, 0, len(u.Roles))
	for _, r := range u.Roles {
		roles = append(roles, string(r))
	}
	return userJSON{ID: u.ID, UserID: u.UserID, Name: u.Name, Position: u.Position, MainDeptID: u.MainDeptID,
		DeptIDs: nonNil(u.DeptIDs), Roles: roles, Enabled: u.Enabled, LanguageCode: u.Lang}
}

type departmentJSON struct {
	ID        int64   `json:"id"`
	Name      string  `json:"name"`
	NameEn    string  `json:"name_en,omitempty"`
	ParentID  int64   `json:"parent_id"`
	Kind      string  `json:"kind"`
	LeaderIDs []int64 `json:"leader_ids"`
}

func toDepartmentJSON(d *service.Department) departmentJSON {
	return departmentJSON{ID: d.ID, Name: d.Name, NameEn: d.NameEn, ParentID: d.ParentID, Kind: string(d.Kind),
		LeaderIDs: nonNil(d.LeaderIDs)}
}

// ticketSummaryJSON is a ticket in a list: no long texts.
type ticketSummaryJSON struct {
	ID              int64      `json:"id"`
	Number          string     `json:"number"`
	Subject         string     `json:"subject"`
	Status          string     `json:"status"`
	State           string     `json:"state"`
	Priority        string     `json:"priority"`
	Type            string     `json:"type"`
	Origin          string     `json:"origin"`
	TemplateID      int64      `json:"template_id"`
	CustomerID      int64      `json:"customer_id"`
	OwnerID         int64      `json:"owner_id"`
	ReceivingDeptID int64      `json:"receiving_dept_id"`
	CreatorID       int64      `json:"creator_id"`
	Locked          bool       `json:"locked"`
	ResponseDueAt   *time.Time `json:"response_due_at"`
	ResolveDueAt    *time.Time `json:"resolve_due_at"`
	Version         int64      `json:"version"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

func toTicketSummary(t *service.Ticket) ticketSummaryJSON {
	return ticketSummaryJSON{ID: t.ID, Number: t.Number, Subject: t.Subject, Status: string(t.Status),
		State: string(service.StateOf(t)), Priority: string(t.Priority), Type: string(t.Type), Origin: string(t.Origin),
		TemplateID: t.TemplateID, CustomerID: t.CustomerID, OwnerID: t.OwnerID, ReceivingDeptID: t.ReceivingDeptID,
		CreatorID: t.CreatorID, Locked: t.Locked, ResponseDueAt: t.ResponseDueAt, ResolveDueAt: t.ResolveDueAt,
		Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

func toTicketSummaries(ts []*service.Ticket) []ticketSummaryJSON {
	return listOf(toTicketSummary)(ts).Items
}

type memberJSON struct {
	UserID int64  `json:"user_id"`
	Role   string `json:"role"`
	Access string `json:"access"`
}

// ticketJSON is one ticket in full.
type ticketJSON struct {
	ticketSummaryJSON
	Description      string         `json:"description"`
	Solution         string         `json:"solution"`
	InternalComment  string         `json:"internal_comment"`
	Reason           string         `json:"reason"`
	Product          string         `json:"product"`
	ContactID        int64          `json:"contact_id"`
	OpportunityID    int64          `json:"opportunity_id"`
	ReceiverID       int64          `json:"receiver_id"`
	TemplateVersion  int            `json:"template_version"`
	DispatchMode     int            `json:"dispatch_mode"`
	WaitingCustomer  bool           `json:"waiting_customer"`
	CustomFields     map[string]any `json:"custom_fields"`
	FirstResponseAt  *time.Time     `json:"first_response_at"`
	ResolvedAt       *time.Time     `json:"resolved_at"`
	ResolvedBy       int64          `json:"resolved_by"`
	ClosedAt         *time.Time     `json:"closed_at"`
	ClosedBy         int64          `json:"closed_by"`
	MergedIntoID     int64          `json:"merged_into_id"`
	Members          []memberJSON   `json:"members"`
	PendingTransfer  *transferJSON  `json:"pending_transfer"`
	LikelyDuplicates []int64        `json:"likely_duplicates,omitempty"`
}

func toTicketJSON(t *service.Ticket) ticketJSON {
	ms := make([]memberJSON, 0, len(t.Members))
	for _, m := range t.Members {
		ms = append(ms, memberJSON{UserID: m.UserID, Role: string(m.Role), Access: string(m.Access)})
	}
	custom := t.CustomFields
	if custom == nil {
		custom = map[string]any{}
	}
	out := ticketJSON{ticketSummaryJSON: toTicketSummary(t), Description: t.Description, Solution: t.Solution,
		InternalComment: t.InternalComment, Reason: t.Reason, Product: t.Product, ContactID: t.ContactID,
		OpportunityID: t.OpportunityID, ReceiverID: t.ReceiverID, TemplateVersion: t.TemplateVersion,
		DispatchMode: int(t.DispatchMode), WaitingCustomer: t.WaitingCustomer, CustomFields: custom,
		FirstResponseAt: t.FirstResponseAt, ResolvedAt: t.ResolvedAt, ResolvedBy: t.ResolvedBy, ClosedAt: t.ClosedAt,
		ClosedBy: t.ClosedBy, MergedIntoID: t.MergedIntoID, Members: ms}
	if t.PendingTransfer != nil {
		tr := toTransferJSON(t.PendingTransfer)
		out.PendingTransfer = &tr
	}
	return out
}

type transferJSON struct {
	ID          int64      `json:"id"`
	TicketID    int64      `json:"ticket_id"`
	FromUserID  int64      `json:"from_user_id"`
	RequestedBy int64      `json:"requested_by"`
	ToUserID    int64      `json:"to_user_id"`
	ToDeptID    int64      `json:"to_dept_id"`
	ApproverID  int64      `json:"approver_id"`
	Reason      string     `json:"reason"`
	Status      string     `json:"status"`
	DecidedBy   int64      `json:"decided_by"`
	DecidedAt   *time.Time `json:"decided_at"`
	Note        string     `json:"note"`
	CreatedAt   time.Time  `json:"created_at"`
}

func toTransferJSON(tr *service.Transfer) transferJSON {
	return transferJSON{ID: tr.ID, TicketID: tr.TicketID, FromUserID: tr.FromUserID, RequestedBy: tr.RequestedBy,
		ToUserID: tr.ToUserID, ToDeptID: tr.ToDeptID, ApproverID: tr.ApproverID, Reason: tr.Reason,
		Status: string(tr.Status), DecidedBy: tr.DecidedBy, DecidedAt: tr.DecidedAt, Note: tr.Note, CreatedAt: tr.CreatedAt}
}

type slaJSON struct {
	Response    string     `json:"response"`
	Resolution  string     `json:"resolution"`
	ResponseDue *time.Time `json:"response_due_at"`
	ResolveDue  *time.Time `json:"resolve_due_at"`
}

type eventJSON struct {
	ID        int64          `json:"id"`
	TicketID  int64          `json:"ticket_id"`
	ActorID   int64          `json:"actor_id"`
	Action    string         `json:"action"`
	Origin    string         `json:"origin"`
	Note      string         `json:"note"`
	Before    map[string]any `json:"before"`
	After     map[string]any `json:"after"`
	CreatedAt time.Time      `json:"created_at"`
}

type recordJSON struct {
	ID         int64     `json:"id"`
	TicketID   int64     `json:"ticket_id"`
	AuthorID   int64     `json:"author_id"`
	Body       string    `json:"body"`
	Minutes    int       `json:"minutes"`
	Visibility string    `json:"visibility"`
	Mentions   []int64   `json:"mentions"`
	CreatedAt  time.Time `json:"created_at"`
}

func toRecordJSON(r *service.ServiceRecord) recordJSON {
	return recordJSON{ID: r.ID, TicketID: r.TicketID, AuthorID: r.AuthorID, Body: r.Body, Minutes: r.Minutes,
		Visibility: string(r.Visibility), Mentions: nonNil(r.Mentions), CreatedAt: r.CreatedAt}
}

type costJSON struct {
	ID           int64     `json:"id"`
	TicketID     int64     `json:"ticket_id"`
	Kind         string    `json:"kind"`
	AmountCents  int64     `json:"amount_cents"`
	Note         string    `json:"note"`
	DeptID       int64     `json:"dept_id"`
	Project      string    `json:"project"`
	UserID       int64     `json:"user_id"`
	AttributedBy string    `json:"attributed_by"`
	IncurredOn   string    `json:"incurred_on"`
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

func toCostJSON(c *service.CostItem) costJSON {
	return costJSON{ID: c.ID, TicketID: c.TicketID, Kind: string(c.Kind), AmountCents: c.AmountCents, Note: c.Note,
		DeptID: c.DeptID, Project: c.Project, UserID: c.UserID, AttributedBy: string(c.AttributedBy),
		IncurredOn: c.IncurredOn, CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt}
}

// ticketSheetJSON is the detail page: the ticket with what the reader may
// do, its SLA clock, links, timeline, records and costs.
type ticketSheetJSON struct {
	ticketJSON
	Access   string       `json:"access"`
	SLA      slaJSON      `json:"sla"`
	Links    []int64      `json:"links"`
	Timeline []eventJSON  `json:"timeline"`
	Records  []recordJSON `json:"records"`
	Costs    []costJSON   `json:"costs"`
}

func toTicketSheetJSON(s *service.TicketSheet) ticketSheetJSON {
	out := ticketSheetJSON{ticketJSON: toTicketJSON(s.Ticket), Access: string(s.Access), Links: nonNil(s.Links),
		SLA: slaJSON{Response: string(s.SLA.Response), Resolution: string(s.SLA.Resolution),
			ResponseDue: s.SLA.ResponseDue, ResolveDue: s.SLA.ResolveDue},
		Timeline: make([]eventJSON, 0, len(s.Timeline)), Records: make([]recordJSON, 0, len(s.Records)),
		Costs: make([]costJSON, 0, len(s.Costs))}
	for _, e := range s.Timeline {
		out.Timeline = append(out.Timeline, eventJSON{ID: e.ID, TicketID: e.TicketID, ActorID: e.ActorID,
			Action: string(e.Action), Origin: string(e.Origin), Note: e.Note, Before: e.Before, After: e.After,
			CreatedAt: e.CreatedAt})
	}
	for i := range s.Records {
		out.Records = append(out.Records, toRecordJSON(&s.Records[i]))
	}
	for i := range s.Costs {
		out.Costs = append(out.Costs, toCostJSON(&s.Costs[i]))
	}
	return out
}

// listJSON is one page of a list. next_cursor is empty on the last page.
type listJSON[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// answer responds with status and conv of a service call's result, or
// with its error: answer(a, c, 200, toX)(a.d.S.Call(...)).
func answer[T, J any](a *api, c *gin.Context, status int, conv func(T) J) func(T, error) {
	return func(v T, err error) {
		if err != nil {
			fail(c, a.log, err)
			return
		}
		c.JSON(status, conv(v))
	}
}

// listOf converts a slice into a list body.
func listOf[S, J any](conv func(S) J) func([]S) listJSON[J] {
	return func(xs []S) listJSON[J] {
		out := make([]J, 0, len(xs))
		for _, x := range xs {
			out = append(out, conv(x))
		}
		return listJSON[J]{Items: out}
	}
}

// listOfRefs is listOf for a converter that takes a pointer.
func listOfRefs[S, J any](conv func(*S) J) func([]S) listJSON[J] {
	return func(xs []S) listJSON[J] {
		out := make([]J, 0, len(xs))
		for i := range xs {
			out = append(out, conv(&xs[i]))
		}
		return listJSON[J]{Items: out}
	}
}
