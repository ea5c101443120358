package handler_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// charts reads the dashboard's charts from the JSON the page embeds for
// its script (the same numbers as its tables).
func (s shown) charts(t *testing.T) map[string]map[string]float64 {
	t.Helper()
	_, rest, ok := strings.Cut(s.Body, `id="chart-data">`)
	raw, _, ok2 := strings.Cut(rest, "</script>")
	var cs []struct {
		ID     string
		Labels []string
		Series []struct{ Data []float64 }
	}
	if !ok || !ok2 || json.Unmarshal([]byte(raw), &cs) != nil {
		t.Fatalf("no chart data on the dashboard: %s", clip(s.Body))
	}
	out := map[string]map[string]float64{}
	for _, c := range cs {
		out[c.ID] = map[string]float64{}
		for i, l := range c.Labels {
			out[c.ID][l] = c.Series[0].Data[i]
		}
	}
	return out
}

// TestDashboardWorkloadIsWhatIsOpenNow: the status, engineer and region
// charts count every ticket open now, an old one included and a closed
// one of the range left out; time to resolve is a histogram over the
// range.
func TestDashboardWorkloadIsWhatIsOpenNow(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		cst := time.FixedZone("CST", 8*3600)
		at := func(day, hour int) { e.k.Clock.Set(time.Date(2026, 3, 1+day, hour, 0, 0, 0, cst)) }
		own := func(subject, userid string) *service.Ticket {
			return e.k.Create(t, userid, service.NewTicket{Subject: subject, OwnerID: e.k.ID(t, userid)})
		}
		resolve := func(tk *service.Ticket, userid string) {
			if _, err := e.k.Tickets.Resolve(ctx, e.k.As(t, userid), tk.ID, "已处理"); err != nil {
				t.Fatal(err)
			}
		}
		at(-28, 10)
		own("上月遗留", "eng_west1") // open since February: still on eng_west1's desk
		at(0, 10)
		slow := own("慢单", "eng_east2")
		at(1, 10)
		quick := own("快单", "eng_east1")
		at(1, 12)
		resolve(quick, "eng_east1") // 2h
		if _, err := e.k.Tickets.Close(ctx, e.k.As(t, "eng_east1"), quick.ID, ""); err != nil {
			t.Fatal(err)
		}
		at(2, 10)
		e.k.Create(t, "agent2", e.k.Repair(t, "待分配报修")) // in the allocation queue: nobody's yet
		at(3, 10)
		resolve(slow, "eng_east2") // exactly 72h: the 3-7 day bucket
		at(5, 9)

		x, err := e.st.Org.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		west1, _ := x.User(e.k.ID(t, "eng_west1"))
		west, _ := x.Dept(5)
		page := e.as("admin").get("/h5/dashboard?from=2026-03-01&to=2026-03-31").want(t, http.StatusOK, "dashboard")
		page.has(t, "dashboard", `id="tile-open"><span class="tile-v">2<`, `id="tile-created"><span class="tile-v">3<`)
		got := page.charts(t)
		want := map[string]map[string]float64{
			"status":       {"待分配": 1, "待派工": 0, "处理中": 1},
			"engineers":    {west1.Name: 1, "未分配": 1},
			"regions":      {west.Name: 1, "未分配": 1},
			"resolve_hist": {"<4h": 1, "4h–8h": 0, "8h–1天": 0, "1天–3天": 0, "3天–7天": 1, "≥7天": 0},
		}
		for id, w := range want {
			if !maps.Equal(got[id], w) {
				t.Errorf("chart %s: %v, want %v", id, got[id], w)
			}
		}
		if daily := got["daily"]; daily["03-02"] != 1 || daily["03-04"] != 0 {
			t.Errorf("created per day stays over the range: %v", daily)
		}
	})
}
