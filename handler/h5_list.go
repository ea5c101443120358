package handler

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// listTabs are the views the list page offers, the everyday ones first;
// the dispatch queues come right after the personal work views.
var listTabs = []service.View{service.ViewMine, service.ViewTodo, service.ViewParticipating,
	service.ViewPendingDispatch, service.ViewPendingAllocation, service.ViewUnresolved, service.ViewUrgent,
	service.ViewShared, service.ViewMyDepartment, service.ViewSubordinatesOwn, service.ViewSubordinatesParticipate,
	service.ViewTransferPending, service.ViewTransferred, service.ViewDone, service.ViewClosed, service.ViewAll}

// option is one choice of a select or a group of boxes.
type option struct {
	Value, Label string
	Selected     bool
}

// optionGroup is a select's options under a heading (<optgroup>).
type optionGroup struct {
	Label   string
	Options []option
}

type listData struct {
	View       service.View
	Tabs       []service.View
	Query      listQuery
	Tickets    []*service.Ticket
	Statuses   []option
	Priorities []option
	Templates  []option
	NextURL    string // "" on the last page
	FirstURL   string // "" on the first page
	Filtered   bool   // a filter beyond the view is set: open the filter panel
	Errors     map[string]string
}

// listPage shows one page of a view (or dispatch queue) with the API's
// filters, text search and keyset paging.
func (h *h5) listPage(c *gin.Context) {
	v := h.view(c, "list", "tickets")
	if err := h.named(c, v); err != nil {
		h.fail(c, err)
		return
	}
	dropEmpty(c)
	var q listQuery
	err := h.api.query(c, &q)
	if q.View == "" {
		q.View = string(service.ViewMine)
	}
	d := listData{View: service.View(q.View), Tabs: listTabs, Query: q, Tickets: []*service.Ticket{},
		Filtered: len(q.Status)+len(q.Priority)+len(q.TemplateID) > 0 || q.CreatedFrom != "" || q.CreatedTo != "" || q.Sort != ""}
	if err == nil {
		var page *service.Page
		if page, err = h.api.d.Tickets.List(c.Request.Context(), actor(c), q.toService()); err == nil {
			d.Tickets = page.Tickets
			if page.Next != "" {
				d.NextURL = pageURL(c, page.Next)
			}
		}
	}
	status := http.StatusOK
	if d.Errors = invalidFields(err); d.Errors == nil && err != nil {
		h.fail(c, err)
		return
	}
	if d.Errors != nil {
		status = http.StatusBadRequest
	}
	if q.Cursor != "" {
		d.FirstURL = pageURL(c, "")
	}
	h.filterOptions(c, v, &d)
	v.Data = d
	h.render(c, status, v)
}

// pageURL is this list at another cursor ("" for the first page).
func pageURL(c *gin.Context, cursor string) string {
	q := c.Request.URL.Query()
	q.Del("cursor")
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	return "/h5/tickets?" + q.Encode()
}

// filterOptions fills the filter panel's choices, marking the chosen.
func (h *h5) filterOptions(c *gin.Context, v *h5View, d *listData) {
	for _, st := range []service.Status{service.StatusPendingAllocation, service.StatusPendingDispatch,
		service.StatusInProgress, service.StatusResolved, service.StatusClosed} {
		d.Statuses = append(d.Statuses, option{Value: string(st),
			Label: service.StateLabel(service.State(st), v.Lang), Selected: slices.Contains(d.Query.Status, string(st))})
	}
	for _, p := range service.Priorities {
		d.Priorities = append(d.Priorities, option{Value: string(p), Label: v.Prio(p),
			Selected: slices.Contains(d.Query.Priority, string(p))})
	}
	tpls, err := h.api.d.Templates.List(c.Request.Context())
	if err != nil {
		h.log.WarnContext(c.Request.Context(), "templates for the list filter", "err", err)
		return
	}
	for _, t := range tpls {
		if t.Enabled {
			d.Templates = append(d.Templates, option{Value: strconv.FormatInt(t.ID, 10), Label: templateName(t, v.Lang),
				Selected: slices.Contains(d.Query.TemplateID, t.ID)})
		}
	}
}

// templateName is a template's name in lang.
func templateName(t *service.Template, lang string) string {
	if lang == "en" && t.NameEn != "" {
		return t.NameEn
	}
	return t.Name
}

// dropEmpty removes empty parameters (a filter left at "any"), which
// the list query would read as bad values, and keeps paging links short.
func dropEmpty(c *gin.Context) {
	q := c.Request.URL.Query()
	for k, vs := range q {
		if vs = slices.DeleteFunc(vs, func(s string) bool { return s == "" }); len(vs) == 0 {
			delete(q, k)
		} else {
			q[k] = vs
		}
	}
	c.Request.URL.RawQuery = q.Encode()
}
