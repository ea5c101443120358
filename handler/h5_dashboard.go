package handler

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// chart is one chart of the dashboard, drawn by dashboard.js with the
// vendored Chart.js; the page shows the same numbers as a table.
type chart struct {
	ID         string        `json:"id"`
	Kind       string        `json:"kind"` // bar, line, doughnut
	Title      string        `json:"title"`
	Labels     []string      `json:"labels"`
	Series     []chartSeries `json:"series"`
	Horizontal bool          `json:"horizontal,omitempty"`
}

type chartSeries struct {
	Label string    `json:"label"`
	Data  []float64 `json:"data"`
}

// tile is one headline number.
type tile struct {
	Key, Label, Value string
	Alert             bool
}

type dashboardData struct {
	From, To string
	Tiles    []tile
	Charts   []chart
	Problem  string
}

// dashboardDays is the default range: the last 30 days, today included.
const dashboardDays = 30

// dashboardPage charts the tickets in the reader's scope (the services
// decide the scope) over a range of days, and the costs they may see.
func (h *h5) dashboardPage(c *gin.Context) {
	v := h.view(c, "dashboard", "dashboard")
	today := time.Now().In(h.loc())
	d := dashboardData{From: c.DefaultQuery("from", today.AddDate(0, 0, 1-dashboardDays).Format(service.DayLayout)),
		To: c.DefaultQuery("to", today.Format(service.DayLayout))}
	if err := h.named(c, v); err != nil {
		h.fail(c, err)
		return
	}
	ctx, act := c.Request.Context(), actor(c)
	st, err := h.api.d.Stats.TicketStats(ctx, act, d.From, d.To)
	var costs []service.CostTotal
	if err == nil {
		costs, err = h.api.d.Costs.CostTotals(ctx, act, d.From, d.To, service.CostByDept)
	}
	if service.IsKind(err, service.KindInvalid) {
		d.Problem = msgInvalid.in(v.Lang)
		v.Data = d
		h.render(c, http.StatusBadRequest, v)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	d.Tiles, d.Charts = dashboardTiles(v, st, costs), dashboardCharts(v, st, costs)
	v.Data = d
	h.render(c, http.StatusOK, v)
}

func dashboardTiles(v *h5View, st *service.TicketStats, costs []service.CostTotal) []tile {
	open := 0
	for _, n := range st.OpenByStatus {
		open += n
	}
	var total int64
	for _, ct := range costs {
		total += ct.AmountCents
	}
	n := strconv.Itoa
	return []tile{
		{Key: "created", Label: v.T("d.created"), Value: n(st.Created)},
		{Key: "open", Label: v.T("d.open"), Value: n(open)},
		{Key: "breach_response", Label: v.T("d.breach_response"), Value: n(st.Breaches.Response), Alert: st.Breaches.Response > 0},
		{Key: "breach_resolution", Label: v.T("d.breach_resolution"), Value: n(st.Breaches.Resolution), Alert: st.Breaches.Resolution > 0},
		{Key: "resolve_median", Label: v.T("d.resolve_median"), Value: hours(st.Resolution.Median, st.Resolution.Count)},
		{Key: "costs", Label: v.T("d.costs"), Value: v.Money(total)},
	}
}

// hours is a duration in hours to one decimal, or "—" without data.
func hours(d time.Duration, count int) string {
	if count == 0 {
		return "—"
	}
	return strconv.FormatFloat(d.Hours(), 'f', 1, 64) + "h"
}

func dashboardCharts(v *h5View, st *service.TicketStats, costs []service.CostTotal) []chart {
	// The workload charts (status, engineers, regions) count what is open
	// now, whenever it was created; the rest are over the range.
	status := chart{ID: "status", Kind: "bar", Title: v.T("d.by_status")}
	counts := []float64{}
	for _, s := range service.OpenStatuses {
		status.Labels = append(status.Labels, service.StateLabel(service.State(s), v.Lang))
		counts = append(counts, float64(st.OpenByStatus[s]))
	}
	status.Series = []chartSeries{{Label: v.T("d.tickets"), Data: counts}}
	daily := chart{ID: "daily", Kind: "line", Title: v.T("d.daily")}
	created, resolved := []float64{}, []float64{}
	for _, day := range st.Daily {
		daily.Labels = append(daily.Labels, day.Day[5:])
		created, resolved = append(created, float64(day.Created)), append(resolved, float64(day.Resolved))
	}
	daily.Series = []chartSeries{{Label: v.T("d.series_created"), Data: created}, {Label: v.T("d.series_resolved"), Data: resolved}}
	sla := chart{ID: "sla", Kind: "bar", Title: v.T("d.sla"), Labels: []string{v.T("d.breach_response"), v.T("d.breach_resolution")},
		Series: []chartSeries{{Label: v.T("d.tickets"), Data: []float64{float64(st.Breaches.Response), float64(st.Breaches.Resolution)}}}}
	times := chart{ID: "times", Kind: "bar", Title: v.T("d.times"), Labels: []string{v.T("d.first_response"), v.T("d.resolution")},
		Series: []chartSeries{
			{Label: v.T("d.median"), Data: []float64{st.FirstResponse.Median.Hours(), st.Resolution.Median.Hours()}},
			{Label: "P90", Data: []float64{st.FirstResponse.P90.Hours(), st.Resolution.P90.Hours()}}}}
	spread := chart{ID: "resolve_hist", Kind: "bar", Title: v.T("d.resolve_hist"), Labels: bucketLabels(v, service.ResolutionBuckets),
		Series: []chartSeries{{Label: v.T("d.tickets"), Data: []float64{}}}}
	for _, n := range st.ResolutionHistogram {
		spread.Series[0].Data = append(spread.Series[0].Data, float64(n))
	}
	engineers := breakdown("engineers", v.T("d.by_engineer"), v.T("d.tickets"), st.OpenByOwner, func(id int64) string {
		return nameOr(v.Person(id), id, v.T("d.unassigned"))
	})
	regions := breakdown("regions", v.T("d.by_region"), v.T("d.tickets"), st.OpenByDept, func(id int64) string {
		return nameOr(v.DeptName(id), id, v.T("d.unassigned"))
	})
	cost := chart{ID: "costs", Kind: "bar", Title: v.T("d.costs_by_dept"), Horizontal: true}
	amounts := []float64{}
	for _, ct := range costs {
		id, _ := strconv.ParseInt(ct.Key, 10, 64)
		cost.Labels = append(cost.Labels, nameOr(v.DeptName(id), id, v.T("d.unattributed")))
		amounts = append(amounts, float64(ct.AmountCents)/100)
	}
	cost.Series = []chartSeries{{Label: v.T("d.amount"), Data: amounts}}
	return []chart{status, daily, sla, times, spread, engineers, regions, cost}
}

// bucketLabels names the histogram's buckets by their bounds: "<4h",
// "4h–8h", …, "≥7天".
func bucketLabels(v *h5View, bounds []time.Duration) []string {
	short := func(d time.Duration) string {
		if d < 24*time.Hour {
			return strconv.Itoa(int(d.Hours())) + "h"
		}
		return strconv.Itoa(int(d.Hours()/24)) + v.T("d.days")
	}
	out := []string{"<" + short(bounds[0])}
	for i := 1; i < len(bounds); i++ {
		out = append(out, short(bounds[i-1])+"–"+short(bounds[i]))
	}
	return append(out, "≥"+short(bounds[len(bounds)-1]))
}

// breakdown charts counts by id, largest first, as horizontal bars.
func breakdown(id, title, series string, by map[int64]int, name func(int64) string) chart {
	keys := make([]int64, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b int64) int { return cmp.Or(cmp.Compare(by[b], by[a]), cmp.Compare(a, b)) })
	ch := chart{ID: id, Kind: "bar", Title: title, Horizontal: true, Series: []chartSeries{{Label: series, Data: []float64{}}}}
	for _, k := range keys {
		ch.Labels = append(ch.Labels, name(k))
		ch.Series[0].Data = append(ch.Series[0].Data, float64(by[k]))
	}
	return ch
}

// nameOr is a name, or none's word for id 0.
func nameOr(name string, id int64, none string) string {
	if id == 0 {
		return none
	}
	return name
}
