package handler

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/notices"
)

// The page-render benchmarks execute the shipped templates (templates/h5,
// and the customer pages in templates/notices/pages) through the
// handlers' own render functions, with synthetic data of a realistic
// size, so a template or view-method change shows up here. The services
// that fill the data in a request are not part of what is measured.

// discardWriter is a response writer that keeps nothing, so a reused gin
// context measures the render and the write, not a growing recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// benchContext is a request's context writing to w, in release mode as
// New sets it.
func benchContext(w http.ResponseWriter) *gin.Context {
	gin.SetMode(gin.ReleaseMode)
	c, _ := gin.CreateTestContext(w)
	c.Request, _ = http.NewRequest(http.MethodGet, "/h5/tickets", nil)
	return c
}

// demoIndex indexes the demo org (configs/demo-org.yaml) as the store
// would load it: ids in file order, leaders and departments resolved.
func demoIndex(b *testing.B) (*service.OrgIndex, map[string]int64) {
	b.Helper()
	snap, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		b.Fatal(err)
	}
	ids := map[string]int64{}
	for i, u := range snap.Users {
		ids[u.UserID] = int64(i + 1)
	}
	resolve := func(userids []string) []int64 {
		out := []int64{}
		for _, u := range userids {
			out = append(out, ids[u])
		}
		slices.Sort(out)
		return out
	}
	d := &service.OrgData{Settings: snap.Settings}
	for _, s := range snap.Departments {
		dep := service.Department{ID: s.ID, Name: s.Name, NameEn: s.NameEn, ParentID: s.Parent, Order: s.Order,
			LeaderIDs: resolve(s.Leaders)}
		if s.Kind != nil {
			dep.Kind = *s.Kind
		}
		d.Departments = append(d.Departments, dep)
	}
	for _, s := range snap.Users {
		depts := slices.Clone(s.Departments)
		slices.Sort(depts)
		roles := slices.Clone(s.Roles)
		slices.Sort(roles)
		d.Users = append(d.Users, service.User{ID: ids[s.UserID], UserID: s.UserID, Name: s.Name, Mobile: s.Mobile,
			Email: s.Email, Position: s.Position, MainDeptID: s.MainDepartment, DeptIDs: depts,
			LeaderIDs: resolve(s.Leaders), Roles: roles, Enabled: true, Lang: s.Lang})
	}
	return service.NewOrgIndex(d), ids
}

// benchH5 is the H5 edge with its parsed pages, as registerH5 builds it.
func benchH5() *h5 {
	asset := staticAssets()
	return &h5{log: slog.New(slog.NewTextHandler(io.Discard, nil)), asset: asset, pages: parseH5Pages(asset)}
}

func benchView(b *testing.B, page, title string, x *service.OrgIndex, me int64) *h5View {
	b.Helper()
	u, ok := x.User(me)
	if !ok {
		b.Fatalf("no user %d", me)
	}
	return &h5View{Page: page, TitleKey: title, Lang: "zh", Path: "/h5/tickets?view=mine", Me: u,
		CSRF: "q9Zb1o3kS0u2mJ7yFhXc4A", x: x, loc: service.DefaultBusinessHours().Location}
}

var benchBase = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

// benchTickets are n tickets as a list page shows them: mixed states,
// priorities and owners, some waiting in a department's queue.
func benchTickets(ids map[string]int64, n int) []*service.Ticket {
	owners := []string{"eng_east1", "eng_east2", "eng_sh1", "eng_west1", "eng_south1", "east_mgr", "vendor1"}
	statuses := []service.Status{service.StatusInProgress, service.StatusInProgress, service.StatusPendingDispatch,
		service.StatusResolved, service.StatusInProgress, service.StatusClosed, service.StatusPendingAllocation}
	subjects := []string{"空气净化器无法开机", "打印机卡纸，纸盒二无法进纸", "门店收银机屏幕闪烁", "退货：包装破损，客户要求全额退款",
		"投诉：上门服务迟到两小时", "新装空调制冷效果差，外机噪音大", "IT：会议室投影仪无信号"}
	out := make([]*service.Ticket, 0, n)
	for i := range n {
		t := &service.Ticket{ID: int64(1000 - i), Number: fmt.Sprintf("GD20260302-%04d", 1000-i),
			Subject: subjects[i%len(subjects)], Priority: service.Priorities[i%len(service.Priorities)],
			Status: statuses[i%len(statuses)], CreatorID: ids["agent1"], CreatedAt: benchBase.Add(-time.Duration(i) * 37 * time.Minute),
			Locked: i%11 == 10}
		switch t.Status {
		case service.StatusPendingAllocation:
		case service.StatusPendingDispatch:
			t.ReceivingDeptID = 4 + int64(i%3)
		default:
			t.OwnerID, t.ReceivingDeptID = ids[owners[i%len(owners)]], 4
		}
		out = append(out, t)
	}
	return out
}

// BenchmarkH5ListPage renders the ticket list page (tabs, filter panel,
// one card per ticket) as listPage does once the service has answered.
func BenchmarkH5ListPage(b *testing.B) {
	h := benchH5()
	x, ids := demoIndex(b)
	for _, n := range []int{service.DefaultPageSize, service.MaxPageSize} {
		b.Run(fmt.Sprintf("tickets=%d", n), func(b *testing.B) {
			v := benchView(b, "list", "tickets", x, ids["east_mgr"])
			d := listData{View: service.ViewMine, Tabs: listTabs, Query: listQuery{}, Tickets: benchTickets(ids, n),
				NextURL: "/h5/tickets?cursor=980&view=mine"}
			for _, st := range []service.Status{service.StatusPendingAllocation, service.StatusPendingDispatch,
				service.StatusInProgress, service.StatusResolved, service.StatusClosed} {
				d.Statuses = append(d.Statuses, option{Value: string(st), Label: service.StateLabel(service.State(st), v.Lang)})
			}
			for _, p := range service.Priorities {
				d.Priorities = append(d.Priorities, option{Value: string(p), Label: v.Prio(p)})
			}
			for i, name := range []string{"售后维修", "退换货", "客户投诉", "IT故障报修", "售前咨询"} {
				d.Templates = append(d.Templates, option{Value: fmt.Sprint(i + 1), Label: name})
			}
			v.Data = d
			benchRender(b, h, v, fmt.Sprintf(`data-number="GD20260302-%04d"`, 1000-n+1))
		})
	}
}

// benchRender runs h.render on a reused context and fails on a page that
// did not render (render answers a template error with a 500 page).
func benchRender(b *testing.B, h *h5, v *h5View, want string) {
	b.Helper()
	w := &captureWriter{h: http.Header{}}
	c := benchContext(w)
	h.render(c, http.StatusOK, v)
	if w.status != http.StatusOK || !strings.Contains(w.body.String(), want) {
		b.Fatalf("render %s: status %d, %d bytes without %q", v.Page, w.status, w.body.Len(), want)
	}
	b.SetBytes(int64(w.body.Len()))
	c = benchContext(&discardWriter{h: http.Header{}})
	b.ReportAllocs()
	for b.Loop() {
		h.render(c, http.StatusOK, v)
	}
}

// captureWriter keeps one response, to check the page before timing it.
type captureWriter struct {
	h      http.Header
	status int
	body   strings.Builder
}

func (w *captureWriter) Header() http.Header { return w.h }
func (w *captureWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}
func (w *captureWriter) WriteHeader(code int) { w.status = code }

// benchSheet is a ticket sheet as the detail page gets it: events
// timeline entries, records service records, the costs, a linked
// customer and contact, and an open transfer.
func benchSheet(ids map[string]int64, events, records int) *service.TicketSheet {
	at := func(m int) *time.Time { t := benchBase.Add(time.Duration(m) * time.Minute); return &t }
	t := &service.Ticket{ID: 1042, Number: "GD20260302-1042", Subject: "空气净化器无法开机，指示灯闪烁红色",
		Description: strings.Repeat("客户反映设备在更换滤网后无法开机，电源指示灯持续闪烁红色；已尝试断电重启，无效。", 4),
		Priority:    service.PriorityHigh, Type: service.TypeProblem, Origin: service.OriginWeComChat, Product: "AP-900 空气净化器",
		CustomerID: 7, ContactID: 9, OwnerID: ids["eng_east1"], ReceivingDeptID: 4, ReceiverID: ids["eng_east1"],
		CreatorID: ids["agent1"], Status: service.StatusInProgress, CustomFields: map[string]any{"serial": "AP9-2207-0042"},
		ResponseDueAt: at(60), ResolveDueAt: at(60 * 24), FirstResponseAt: at(12), Version: 7, CreatedAt: benchBase,
		UpdatedAt: *at(events * 20), Members: []service.Member{{UserID: ids["eng_east2"], Role: service.MemberAssistant,
			Access: service.AccessWrite}}}
	sheet := &service.TicketSheet{TicketDetail: &service.TicketDetail{Ticket: t, Access: service.AccessWrite,
		SLA: t.SLA(benchBase.Add(2 * time.Hour)), Links: []int64{1001, 1017}}}
	actions := []service.Action{service.ActionCreate, service.ActionAllocate, service.ActionDispatch, service.ActionAccept,
		service.ActionRecord, service.ActionWaitCustomer, service.ActionResume, service.ActionCost, service.ActionEdit, service.ActionMembers}
	people := []int64{ids["agent1"], ids["east_mgr"], ids["eng_east1"], 0}
	for i := range events {
		ev := service.TimelineEvent{ID: int64(i + 1), TicketID: t.ID, ActorID: people[i%len(people)], Action: actions[i%len(actions)],
			Origin: service.OriginMiniProgram, CreatedAt: *at(i * 20)}
		if i%3 == 1 {
			ev.Note = "客户要求周三上午上门"
		}
		sheet.Timeline = append(sheet.Timeline, ev)
	}
	for i := range records {
		r := service.ServiceRecord{ID: int64(i + 1), TicketID: t.ID, AuthorID: ids["eng_east1"], Minutes: 15 * (i%4 + 1),
			Body: "已上门检测：主板供电正常，滤网传感器接触不良，已重新插拔并清洁触点，设备恢复正常。", Visibility: service.RecordInternal,
			CreatedAt: *at(30 + i*45)}
		if i%2 == 1 {
			r.Visibility = service.RecordCustomer
		}
		sheet.Records = append(sheet.Records, r)
	}
	sheet.Costs = []service.CostItem{
		{ID: 1, TicketID: t.ID, Kind: service.CostParts, AmountCents: 12800, Note: "滤网传感器", UserID: ids["eng_east1"], IncurredOn: "2026-03-02"},
		{ID: 2, TicketID: t.ID, Kind: service.CostTravel, AmountCents: 4550, DeptID: 4, IncurredOn: "2026-03-02"},
		{ID: 3, TicketID: t.ID, Kind: service.CostLabour, AmountCents: 20000, Project: "华东保内服务", IncurredOn: "2026-03-03"},
	}
	return sheet
}

// BenchmarkH5DetailPage renders the ticket detail page (actions, fields,
// customer, records, costs, customer notices, timeline) as showDetail
// does once the services have answered, for its owner.
func BenchmarkH5DetailPage(b *testing.B) {
	h := benchH5()
	x, ids := demoIndex(b)
	for _, c := range []struct {
		name            string
		events, records int
	}{{"timeline=5/records=1", 5, 1}, {"timeline=40/records=10", 40, 10}} {
		b.Run(c.name, func(b *testing.B) {
			v := benchView(b, "detail", "ticket", x, ids["eng_east1"])
			sheet := benchSheet(ids, c.events, c.records)
			d := detailData{Sheet: sheet, Template: "售后维修",
				Custom:   []shownField{{"设备序列号", "AP9-2207-0042"}, {"购买日期", "2025-11-18"}, {"保修状态", "保内"}, {"故障类型", "无法开机"}},
				Customer: &service.Customer{ID: 7, Number: "KH000007", Name: "上海示例贸易有限公司", Phone: "02161234567"},
				Contact:  &service.Contact{ID: 9, CustomerID: 7, Name: "刘女士", Phone: "13900000009", Email: "liu@example.com"},
				CustomerNotices: []service.CustomerDelivery{
					{Node: service.NoticeCreated, Channel: service.ChannelCustomer, Status: "sent", CreatedAt: benchBase},
					{Node: service.NoticeDispatched, Channel: service.ChannelCustomer, Status: "failed", Detail: "window closed",
						CreatedAt: benchBase.Add(20 * time.Minute)}},
			}
			d.Offers = offersFor(sheet.TicketDetail, v.Me)
			for _, id := range []string{"eng_east2", "eng_east3", "eng_sh1", "eng_west1", "eng_west2", "eng_south1", "vendor1"} {
				d.Offers.Engineers = append(d.Offers.Engineers, option{Value: fmt.Sprint(ids[id]), Label: v.Person(ids[id])})
				d.Offers.People = append(d.Offers.People, option{Value: fmt.Sprint(ids[id]), Label: v.Person(ids[id])})
			}
			for _, dep := range x.Departments() {
				d.Offers.Depts = append(d.Offers.Depts, option{Value: fmt.Sprint(dep.ID), Label: v.DeptName(dep.ID)})
			}
			for _, it := range sheet.Costs {
				d.CostTotal += it.AmountCents
			}
			v.Data = d
			benchRender(b, h, v, `id="h-timeline"`)
		})
	}
}

// BenchmarkCustomerStatusPage renders the signed status page a customer
// notice links to (templates/notices/pages), as publicPages.status does.
func BenchmarkCustomerStatusPage(b *testing.B) {
	deps, err := NewPublicDeps(nil, notices.Files)
	if err != nil {
		b.Fatal(err)
	}
	p := &publicPages{d: deps, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	st := &service.PublicStatus{TicketID: 1042, Number: "GD20260302-1042", Subject: "空气净化器无法开机，指示灯闪烁红色",
		State: service.State(service.StatusResolved), CreatedAt: benchBase, UpdatedAt: benchBase.Add(26 * time.Hour),
		CanRate: true, CSATURL: "https://tickets.example.com/p/csat/eyJ0IjoxMDQyfQ.sig"}
	for i := range 5 {
		st.Records = append(st.Records, service.PublicRecord{At: benchBase.Add(time.Duration(i) * 3 * time.Hour),
			Body: "工程师已上门检测，更换滤网传感器后设备恢复正常。"})
	}
	for _, lang := range []string{service.LangZh, service.LangEn} {
		b.Run("lang="+lang, func(b *testing.B) {
			v := statusView(lang, st)
			v.Title, v.CSATLink = st.Number, st.CSATURL
			w := &captureWriter{h: http.Header{}}
			c := benchContext(w)
			p.render(c, http.StatusOK, "status", v)
			if w.status != http.StatusOK || !strings.Contains(w.body.String(), st.Number) {
				b.Fatalf("status page: %d, %d bytes without the ticket number", w.status, w.body.Len())
			}
			b.SetBytes(int64(w.body.Len()))
			c = benchContext(&discardWriter{h: http.Header{}})
			b.ReportAllocs()
			for b.Loop() {
				p.render(c, http.StatusOK, "status", v)
			}
		})
	}
}
