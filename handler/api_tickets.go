package handler

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

func (a *api) registerTickets(g *gin.RouterGroup) {
	g.GET("/tickets", a.listTickets)
	g.POST("/tickets", a.createTicket)
	g.GET("/tickets/export", a.exportTickets)
	g.POST("/tickets/import", a.importTickets)
	g.GET("/tickets/duplicates", a.suggestDuplicates)
	g.POST("/tickets/batch/owner", a.batchChangeOwner)
	g.GET("/tickets/:id", a.getTicket)
	g.PATCH("/tickets/:id", a.updateTicket)
	g.GET("/tickets/:id/print", a.printTicket)
	g.POST("/tickets/:id/clone", a.cloneTicket)
	g.GET("/tickets/:id/customer-notices", a.customerNotices)
	a.registerTicketActions(g)
}

// filterQuery is the filters of the list and the export. They take
// repeated parameters or comma-separated values.
type filterQuery struct {
	Status       []string `form:"status" collection_format:"csv" binding:"max=10,dive,max=32"`
	Priority     []string `form:"priority" collection_format:"csv" binding:"max=10,dive,max=16"`
	Type         []string `form:"type" collection_format:"csv" binding:"max=20,dive,max=32"`
	TemplateID   []int64  `form:"template_id" collection_format:"csv" binding:"max=50,dive,gt=0"`
	CustomerID   int64    `form:"customer_id" binding:"gte=0"`
	OwnerID      []int64  `form:"owner_id" collection_format:"csv" binding:"max=50,dive,gt=0"`
	DeptID       int64    `form:"dept_id" binding:"gte=0"`
	CreatedFrom  string   `form:"created_from" binding:"omitempty,datetime=2006-01-02"`
	CreatedTo    string   `form:"created_to" binding:"omitempty,datetime=2006-01-02"`
	ResolvedFrom string   `form:"resolved_from" binding:"omitempty,datetime=2006-01-02"`
	ResolvedTo   string   `form:"resolved_to" binding:"omitempty,datetime=2006-01-02"`
	Q            string   `form:"q" binding:"max=100"`
}

func (q filterQuery) toService() service.ListFilter {
	f := service.ListFilter{DeptID: q.DeptID, CreatedFrom: q.CreatedFrom, CreatedTo: q.CreatedTo,
		ResolvedFrom: q.ResolvedFrom, ResolvedTo: q.ResolvedTo, Text: q.Q}
	f.TemplateIDs, f.CustomerID, f.OwnerIDs = q.TemplateID, q.CustomerID, q.OwnerID
	for _, s := range q.Status {
		f.Statuses = append(f.Statuses, service.Status(s))
	}
	for _, p := range q.Priority {
		f.Priorities = append(f.Priorities, service.Priority(p))
	}
	for _, t := range q.Type {
		f.Types = append(f.Types, service.TicketType(t))
	}
	return f
}

// viewQuery picks the view and its order.
type viewQuery struct {
	View string `form:"view" binding:"max=32"`
	Sort string `form:"sort" binding:"omitempty,oneof=newest oldest"`
}

func (q viewQuery) toService(f filterQuery) service.ListQuery {
	view := service.View(q.View)
	if view == "" {
		view = service.ViewAll
	}
	return service.ListQuery{View: view, Filter: f.toService(), Oldest: q.Sort == "oldest"}
}

// listQuery is the list's query string.
type listQuery struct {
	viewQuery
	filterQuery
	Cursor string `form:"cursor" binding:"max=32"`
	Limit  int    `form:"limit" binding:"gte=0,lte=100"`
}

func (q listQuery) toService() service.ListQuery {
	lq := q.viewQuery.toService(q.filterQuery)
	lq.Cursor, lq.Limit = q.Cursor, q.Limit
	return lq
}

func (a *api) listTickets(c *gin.Context) {
	var q listQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, func(p *service.Page) listJSON[ticketSummaryJSON] {
			return listJSON[ticketSummaryJSON]{Items: toTicketSummaries(p.Tickets), NextCursor: p.Next}
		})(a.d.Tickets.List(c.Request.Context(), actor(c), q.toService()))
	}
}

func (a *api) getTicket(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		answer(a, c, http.StatusOK, func(sh *service.TicketSheet) ticketSheetJSON {
			c.Header("ETag", etag(sh.Version))
			return toTicketSheetJSON(sh)
		})(a.d.Sheets.Sheet(c.Request.Context(), actor(c), id))
	}
}

type memberRequest struct {
	UserID int64  `json:"user_id" binding:"gt=0"`
	Role   string `json:"role" binding:"required,oneof=assistant team"`
	Access string `json:"access" binding:"required,oneof=read write"`
}

// createTicketRequest is what a creator fills in. owner_id is the
// receiver and receiving_dept_id the department, where the template lets
// the creator choose them; status, version and the like are never input.
type createTicketRequest struct {
	TemplateID      int64           `json:"template_id" binding:"gte=0"`
	Subject         string          `json:"subject" binding:"required,max=255"`
	Description     string          `json:"description" binding:"max=32000"`
	InternalComment string          `json:"internal_comment" binding:"max=3000"`
	Priority        string          `json:"priority" binding:"omitempty,oneof=low normal high urgent"`
	Type            string          `json:"type" binding:"max=32"`
	Reason          string          `json:"reason" binding:"max=255"`
	Product         string          `json:"product" binding:"max=128"`
	CustomerID      int64           `json:"customer_id" binding:"gte=0"`
	ContactID       int64           `json:"contact_id" binding:"gte=0"`
	OpportunityID   int64           `json:"opportunity_id" binding:"gte=0"`
	OwnerID         int64           `json:"owner_id" binding:"gte=0"`
	ReceivingDeptID int64           `json:"receiving_dept_id" binding:"gte=0"`
	Assistants      []int64         `json:"assistants" binding:"max=20,dive,gt=0"`
	Team            []memberRequest `json:"team" binding:"max=50,dive"`
	CustomFields    map[string]any  `json:"custom_fields" binding:"max=100"`
}

func (r createTicketRequest) toService() service.NewTicket {
	in := service.NewTicket{TemplateID: r.TemplateID, Subject: r.Subject, Description: r.Description,
		InternalComment: r.InternalComment, Priority: service.Priority(r.Priority), Type: service.TicketType(r.Type),
		Reason: r.Reason, Product: r.Product, CustomerID: r.CustomerID, ContactID: r.ContactID,
		OpportunityID: r.OpportunityID, OwnerID: r.OwnerID, ReceivingDeptID: r.ReceivingDeptID,
		Assistants: r.Assistants, CustomFields: r.CustomFields}
	for _, m := range r.Team {
		in.Team = append(in.Team, service.Member{UserID: m.UserID, Role: service.MemberRole(m.Role), Access: service.Access(m.Access)})
	}
	return in
}

func (a *api) createTicket(c *gin.Context) {
	var req createTicketRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusCreated, createdJSON)(a.d.Tickets.Create(c.Request.Context(), actor(c), req.toService()))
	}
}

func createdJSON(created *service.Created) ticketJSON {
	out := toTicketJSON(created.Ticket)
	out.LikelyDuplicates = []int64{}
	for _, d := range created.LikelyDuplicates {
		out.LikelyDuplicates = append(out.LikelyDuplicates, d.ID)
	}
	return out
}

// patchTicketRequest changes some of a ticket's own fields; an absent
// field stays. A custom field set to null is cleared.
type patchTicketRequest struct {
	Subject         *string        `json:"subject" binding:"omitempty,max=255"`
	Description     *string        `json:"description" binding:"omitempty,max=32000"`
	InternalComment *string        `json:"internal_comment" binding:"omitempty,max=3000"`
	Reason          *string        `json:"reason" binding:"omitempty,max=255"`
	Product         *string        `json:"product" binding:"omitempty,max=128"`
	Priority        *string        `json:"priority" binding:"omitempty,oneof=low normal high urgent"`
	Type            *string        `json:"type" binding:"omitempty,max=32"`
	CustomerID      *int64         `json:"customer_id" binding:"omitempty,gte=0"`
	ContactID       *int64         `json:"contact_id" binding:"omitempty,gte=0"`
	OpportunityID   *int64         `json:"opportunity_id" binding:"omitempty,gte=0"`
	CustomFields    map[string]any `json:"custom_fields" binding:"max=100"`
}

func (r patchTicketRequest) toService() service.TicketPatch {
	p := service.TicketPatch{Subject: r.Subject, Description: r.Description, InternalComment: r.InternalComment,
		Reason: r.Reason, Product: r.Product, CustomerID: r.CustomerID, ContactID: r.ContactID,
		OpportunityID: r.OpportunityID, CustomFields: r.CustomFields}
	if r.Priority != nil {
		pr := service.Priority(*r.Priority)
		p.Priority = &pr
	}
	if r.Type != nil {
		t := service.TicketType(*r.Type)
		p.Type = &t
	}
	return p
}

// updateTicket changes a ticket at the version named by If-Match (the
// ETag of the detail); a stale version is 409.
func (a *api) updateTicket(c *gin.Context) {
	var req patchTicketRequest
	id, ok := a.withID(c, &req)
	if !ok {
		return
	}
	version, ok := ifMatch(c.GetHeader("If-Match"))
	if !ok {
		fail(c, a.log, service.Invalid(map[string]string{"If-Match": "required: the ETag (version) you last read"}))
		return
	}
	a.ticketResult(c, http.StatusOK)(a.d.Tickets.Update(c.Request.Context(), actor(c), id, version, req.toService()))
}

func (a *api) cloneTicket(c *gin.Context) {
	var req patchTicketRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusCreated, createdJSON)(a.d.Tickets.Clone(c.Request.Context(), actor(c), id, req.toService()))
	}
}

type duplicatesQuery struct {
	CustomerID int64  `form:"customer_id" binding:"gt=0"`
	Subject    string `form:"subject" binding:"required,max=255"`
}

func (a *api) suggestDuplicates(c *gin.Context) {
	var q duplicatesQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, listOf(toTicketSummary))(
			a.d.Tickets.SuggestDuplicates(c.Request.Context(), actor(c), q.CustomerID, q.Subject))
	}
}

func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch reads a version from If-Match: "3", W/"3" or 3.
func ifMatch(h string) (int64, bool) {
	v := strings.Trim(strings.TrimPrefix(strings.TrimSpace(h), "W/"), `"`)
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n > 0
}
