package handler

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

func (a *api) registerCRM(g *gin.RouterGroup) {
	g.GET("/customers", a.lookupCustomers)
	g.POST("/customers", a.createCustomer)
	g.POST("/customers/import", a.importCustomers)
	g.GET("/customers/:id", a.customer360)
	g.PUT("/customers/:id", a.updateCustomer)
	g.POST("/customers/:id/contacts", a.addContact)
	g.GET("/contacts", a.lookupContacts)
	g.PUT("/contacts/:id", a.updateContact)
	g.POST("/customers/:id/opportunities", a.addOpportunity)
	g.GET("/opportunities", a.lookupOpportunities)
	g.PUT("/opportunities/:id", a.updateOpportunity)
}

type customerJSON struct {
	ID           int64     `json:"id"`
	Number       string    `json:"number"`
	Name         string    `json:"name"`
	Phone        string    `json:"phone"`
	RegionDeptID int64     `json:"region_dept_id"`
	Tags         []string  `json:"tags"`
	OwnerID      int64     `json:"owner_id"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toCustomerJSON(c *service.Customer) customerJSON {
	return customerJSON{ID: c.ID, Number: c.Number, Name: c.Name, Phone: c.Phone, RegionDeptID: c.RegionDeptID,
		Tags: nonNil(c.Tags), OwnerID: c.OwnerID, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

type lookupQuery struct {
	Q     string `form:"q" binding:"required,max=128"`
	Limit int    `form:"limit" binding:"gte=0,lte=50"`
}

// lookupCustomers finds customers by name, number or phone (a contact's
// phone too), fuzzily or exactly as the admins set.
func (a *api) lookupCustomers(c *gin.Context) {
	var q lookupQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, listOfRefs(toCustomerJSON))(a.d.CRM.LookupCustomers(c.Request.Context(), actor(c), q.Q, q.Limit))
	}
}

// lookupContacts finds contacts by name, phone or email, fuzzily or
// exactly as the admins set.
func (a *api) lookupContacts(c *gin.Context) {
	var q lookupQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, listOfRefs(toContactJSON))(a.d.CRM.LookupContacts(c.Request.Context(), actor(c), q.Q, q.Limit))
	}
}

// lookupOpportunities finds deals by name, fuzzily or exactly as the
// admins set.
func (a *api) lookupOpportunities(c *gin.Context) {
	var q lookupQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, listOfRefs(toOpportunityJSON))(a.d.CRM.LookupOpportunities(c.Request.Context(), actor(c), q.Q, q.Limit))
	}
}

type customerRequest struct {
	Number       string   `json:"number" binding:"max=32"`
	Name         string   `json:"name" binding:"required,max=128"`
	Phone        string   `json:"phone" binding:"max=32"`
	RegionDeptID int64    `json:"region_dept_id" binding:"gte=0"`
	Tags         []string `json:"tags" binding:"max=20,dive,max=32"`
	OwnerID      int64    `json:"owner_id" binding:"gte=0"`
}

func (r customerRequest) toService(id int64) service.Customer {
	return service.Customer{ID: id, Number: r.Number, Name: r.Name, Phone: r.Phone, RegionDeptID: r.RegionDeptID,
		Tags: r.Tags, OwnerID: r.OwnerID}
}

func (a *api) createCustomer(c *gin.Context) {
	var req customerRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusCreated, toCustomerJSON)(a.d.CRM.CreateCustomer(c.Request.Context(), actor(c), req.toService(0)))
	}
}

func (a *api) updateCustomer(c *gin.Context) {
	var req customerRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusOK, toCustomerJSON)(a.d.CRM.UpdateCustomer(c.Request.Context(), actor(c), req.toService(id)))
	}
}

type contactJSON struct {
	ID             int64  `json:"id"`
	CustomerID     int64  `json:"customer_id"`
	Name           string `json:"name"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	ExternalUserID string `json:"external_userid"`
}

type opportunityJSON struct {
	ID          int64  `json:"id"`
	CustomerID  int64  `json:"customer_id"`
	Name        string `json:"name"`
	Stage       string `json:"stage"`
	AmountCents int64  `json:"amount_cents"`
	OwnerID     int64  `json:"owner_id"`
}

type activityJSON struct {
	ID      int64      `json:"id"`
	Kind    string     `json:"kind"`
	Subject string     `json:"subject"`
	OwnerID int64      `json:"owner_id"`
	DueAt   *time.Time `json:"due_at"`
	DoneAt  *time.Time `json:"done_at"`
}

type customer360JSON struct {
	Customer         customerJSON        `json:"customer"`
	CanEdit          bool                `json:"can_edit"`
	Contacts         []contactJSON       `json:"contacts"`
	Opportunities    []opportunityJSON   `json:"opportunities"`
	Tickets          []ticketSummaryJSON `json:"tickets"`
	OpenActivities   []activityJSON      `json:"open_activities"`
	ClosedActivities []activityJSON      `json:"closed_activities"`
}

func toContactJSON(ct *service.Contact) contactJSON {
	return contactJSON{ID: ct.ID, CustomerID: ct.CustomerID, Name: ct.Name, Phone: ct.Phone, Email: ct.Email,
		ExternalUserID: ct.ExternalUserID}
}

func toOpportunityJSON(o *service.Opportunity) opportunityJSON {
	return opportunityJSON{ID: o.ID, CustomerID: o.CustomerID, Name: o.Name, Stage: string(o.Stage),
		AmountCents: o.AmountCents, OwnerID: o.OwnerID}
}

func toActivityJSON(x service.Activity) activityJSON {
	return activityJSON{ID: x.ID, Kind: string(x.Kind), Subject: x.Subject, OwnerID: x.OwnerID, DueAt: x.DueAt, DoneAt: x.DoneAt}
}

func toCustomer360JSON(v *service.CustomerView) customer360JSON {
	return customer360JSON{Customer: toCustomerJSON(v.Customer), CanEdit: v.CanEdit,
		Contacts: listOfRefs(toContactJSON)(v.Contacts).Items, Opportunities: listOfRefs(toOpportunityJSON)(v.Opportunities).Items,
		Tickets: toTicketSummaries(v.Tickets), OpenActivities: listOf(toActivityJSON)(v.OpenActivities).Items,
		ClosedActivities: listOf(toActivityJSON)(v.ClosedActivities).Items}
}

// customer360 is the customer with contacts, deals, activities and the
// tickets the caller may read.
func (a *api) customer360(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		answer(a, c, http.StatusOK, toCustomer360JSON)(a.d.CRM.Customer360(c.Request.Context(), actor(c), id))
	}
}

type contactRequest struct {
	Name           string `json:"name" binding:"required,max=64"`
	Phone          string `json:"phone" binding:"max=32"`
	Email          string `json:"email" binding:"max=254"`
	ExternalUserID string `json:"external_userid" binding:"max=64"`
}

// toService is a new contact of customer (id 0) or a change to contact id.
func (r contactRequest) toService(customer, id int64) service.Contact {
	return service.Contact{ID: id, CustomerID: customer, Name: r.Name, Phone: r.Phone, Email: r.Email,
		ExternalUserID: r.ExternalUserID}
}

// addContact adds a contact to the customer in the path.
func (a *api) addContact(c *gin.Context) {
	var req contactRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusCreated, toContactJSON)(a.d.CRM.SaveContact(c.Request.Context(), actor(c), req.toService(id, 0)))
	}
}

func (a *api) updateContact(c *gin.Context) {
	var req contactRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusOK, toContactJSON)(a.d.CRM.SaveContact(c.Request.Context(), actor(c), req.toService(0, id)))
	}
}

type opportunityRequest struct {
	Name        string `json:"name" binding:"required,max=128"`
	Stage       string `json:"stage" binding:"required,oneof=prospecting qualification proposal negotiation won lost"`
	AmountCents int64  `json:"amount_cents" binding:"gte=0"`
	OwnerID     int64  `json:"owner_id" binding:"gte=0"`
}

// toService is a new deal of customer (id 0) or a change to deal id.
func (r opportunityRequest) toService(customer, id int64) service.Opportunity {
	return service.Opportunity{ID: id, CustomerID: customer, Name: r.Name, Stage: service.OpportunityStage(r.Stage),
		AmountCents: r.AmountCents, OwnerID: r.OwnerID}
}

// addOpportunity adds a deal to the customer in the path.
func (a *api) addOpportunity(c *gin.Context) {
	var req opportunityRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusCreated, toOpportunityJSON)(a.d.CRM.SaveOpportunity(c.Request.Context(), actor(c), req.toService(id, 0)))
	}
}

func (a *api) updateOpportunity(c *gin.Context) {
	var req opportunityRequest
	if id, ok := a.withID(c, &req); ok {
		answer(a, c, http.StatusOK, toOpportunityJSON)(a.d.CRM.SaveOpportunity(c.Request.Context(), actor(c), req.toService(0, id)))
	}
}
