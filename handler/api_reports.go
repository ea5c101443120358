package handler

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

func (a *api) registerReports(g *gin.RouterGroup) {
	g.GET("/stats/tickets", a.ticketStats)
	g.GET("/costs/totals", a.costTotals)
}

type rangeQuery struct {
	From string `form:"from" binding:"required,datetime=2006-01-02"`
	To   string `form:"to" binding:"required,datetime=2006-01-02"`
}

type durationJSON struct {
	Count         int   `json:"count"`
	MedianSeconds int64 `json:"median_seconds"`
	P90Seconds    int64 `json:"p90_seconds"`
}

type dailyJSON struct {
	Day      string `json:"day"`
	Created  int    `json:"created"`
	Resolved int    `json:"resolved"`
}

type statsJSON struct {
	From          string         `json:"from"`
	To            string         `json:"to"`
	Created       int            `json:"created"`
	ByStatus      map[string]int `json:"by_status"`
	ByType        map[string]int `json:"by_type"`
	ByTemplate    map[string]int `json:"by_template"`
	ByDept        map[string]int `json:"by_dept"`
	ByOwner       map[string]int `json:"by_owner"`
	OpenByStatus  map[string]int `json:"open_by_status"`
	OpenByDept    map[string]int `json:"open_by_dept"`
	OpenByOwner   map[string]int `json:"open_by_owner"`
	Daily         []dailyJSON    `json:"daily"`
	FirstResponse durationJSON   `json:"first_response"`
	Resolution    durationJSON   `json:"resolution"`
	// ResolutionHistogram counts times to resolve per bucket; the buckets'
	// upper bounds in seconds are ResolutionBuckets (the last is open).
	ResolutionHistogram []int          `json:"resolution_histogram"`
	ResolutionBuckets   []int64        `json:"resolution_bucket_seconds"`
	Breaches            map[string]int `json:"sla_breaches"`
}

// counts keys a breakdown by the text of its key (a status, a type, an id).
func counts[K comparable](m map[K]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[fmt.Sprint(k)] = v
	}
	return out
}

func toDurationJSON(d service.DurationStats) durationJSON {
	return durationJSON{Count: d.Count, MedianSeconds: int64(d.Median.Seconds()), P90Seconds: int64(d.P90.Seconds())}
}

// ticketStats answers the numbers of the caller's tickets over a range of
// days: created and resolved per day, breakdowns, response and resolution
// times, SLA breaches.
func (a *api) ticketStats(c *gin.Context) {
	var q rangeQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, toStatsJSON)(a.d.Stats.TicketStats(c.Request.Context(), actor(c), q.From, q.To))
	}
}

func toStatsJSON(st *service.TicketStats) statsJSON {
	out := statsJSON{From: st.From, To: st.To, Created: st.Created, ByStatus: counts(st.ByStatus), ByType: counts(st.ByType),
		ByTemplate: counts(st.ByTemplate), ByDept: counts(st.ByDept), ByOwner: counts(st.ByOwner),
		OpenByStatus: counts(st.OpenByStatus), OpenByDept: counts(st.OpenByDept), OpenByOwner: counts(st.OpenByOwner),
		ResolutionHistogram: st.ResolutionHistogram,
		Daily:               make([]dailyJSON, 0, len(st.Daily)), FirstResponse: toDurationJSON(st.FirstResponse),
		Resolution: toDurationJSON(st.Resolution),
		Breaches:   map[string]int{"response": st.Breaches.Response, "resolution": st.Breaches.Resolution}}
	for _, b := range service.ResolutionBuckets {
		out.ResolutionBuckets = append(out.ResolutionBuckets, int64(b.Seconds()))
	}
	for _, d := range st.Daily {
		out.Daily = append(out.Daily, dailyJSON{Day: d.Day, Created: d.Created, Resolved: d.Resolved})
	}
	return out
}

type costTotalsQuery struct {
	rangeQuery
	By string `form:"by" binding:"required,oneof=dept person project kind day month"`
}

type costTotalJSON struct {
	Key         string `json:"key"`
	AmountCents int64  `json:"amount_cents"`
	Items       int    `json:"items"`
}

// costTotals answers the settlement: costs incurred in the range, summed
// by the chosen group, within the caller's scope.
func (a *api) costTotals(c *gin.Context) {
	var q costTotalsQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, listOf(func(t service.CostTotal) costTotalJSON {
			return costTotalJSON{Key: t.Key, AmountCents: t.AmountCents, Items: t.Items}
		}))(a.d.Costs.CostTotals(c.Request.Context(), actor(c), q.From, q.To, service.CostGroup(q.By)))
	}
}
