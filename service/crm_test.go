package service_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// crmEnv is a demo-org stack with the CRM wired and no ticket service
// (TestCustomer360TicketHistoryIsScoped covers the 360's tickets).
type crmEnv struct {
	st  *servicetest.Stack
	crm *service.CRMService
}

func newCRMEnv(t *testing.T, st *servicetest.Stack) *crmEnv {
	t.Helper()
	st.SeedDemo(t)
	return &crmEnv{st: st, crm: service.NewCRMService(st.DB, repo.NewCRM(st.DB), st.Org, nil)}
}

func (e *crmEnv) as(t *testing.T, userid string) service.Actor {
	t.Helper()
	return service.Actor{UserID: e.st.UserID(t, userid), Origin: service.OriginAPI}
}

// wantKind fails unless err carries kind (nil for success).
func wantRefusal(t *testing.T, what string, err error, kind *service.Kind) {
	t.Helper()
	switch {
	case kind == nil && err != nil:
		t.Fatalf("%s: %v", what, err)
	case kind != nil && !service.IsKind(err, *kind):
		t.Fatalf("%s: got %v (%v), want %v", what, err, service.KindOf(err), *kind)
	}
}

func refused(k service.Kind) *service.Kind { return &k }

func TestCustomerRoundTripAndValidation(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newCRMEnv(t, st)
			sales := e.as(t, "sales1")
			c, err := e.crm.CreateCustomer(ctx, sales, service.Customer{
				Name: "上海🚀精密机械有限公司", Phone: " 021-5555 0101 ", RegionDeptID: 4, Tags: []string{"VIP", " 重点 ", "VIP", ""},
			})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if c.Number != "KH000001" || c.Phone != "02155550101" || c.OwnerID != sales.UserID || !slices.Equal(c.Tags, []string{"VIP", "重点"}) {
				t.Fatalf("created = %+v", c)
			}
			got, err := e.crm.Customer(ctx, e.as(t, "agent1"), c.ID)
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			if got.Name != "上海🚀精密机械有限公司" || got.Number != c.Number || !slices.Equal(got.Tags, c.Tags) || got.RegionDeptID != 4 {
				t.Fatalf("round trip = %+v", got)
			}

			_, err = e.crm.CreateCustomer(ctx, sales, service.Customer{
				Name: "", Number: "有空格 no", RegionDeptID: 999, OwnerID: 99999, Tags: []string{strings.Repeat("长", 33)},
			})
			var de *service.Error
			if !asDomain(err, &de) || de.Kind != service.KindInvalid {
				t.Fatalf("bad customer: %v", err)
			}
			for _, f := range []string{"name", "number", "region_dept_id", "owner_id", "tags"} {
				if de.Fields[f] == "" {
					t.Errorf("no problem reported for %s (got %v)", f, de.Fields)
				}
			}

			_, err = e.crm.CreateCustomer(ctx, sales, service.Customer{Name: "另一家", Number: "KH000001"})
			wantRefusal(t, "taken number", err, refused(service.KindConflict))
			_, err = e.crm.Customer(ctx, sales, 424242)
			wantRefusal(t, "missing customer", err, refused(service.KindNotFound))
			_, err = e.crm.Customer(ctx, service.Actor{UserID: 424242}, c.ID)
			wantRefusal(t, "stranger", err, refused(service.KindUnauthenticated))
		})
	}
}

func TestCustomerEditPermissions(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newCRMEnv(t, st)
			c, err := e.crm.CreateCustomer(ctx, e.as(t, "sales1"), service.Customer{Name: "杭州数控"})
			if err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				who  string
				want *service.Kind
			}{
				{"agent1", refused(service.KindForbidden)},    // not the owner's side
				{"eng_east1", refused(service.KindForbidden)}, // ditto
				{"sales1", nil},     // owner
				{"sales_lead", nil}, // owner's leader
				{"boss", nil},       // above everyone
				{"admin", nil},      // admin
			}
			for _, tc := range cases {
				upd := *c
				upd.Name, upd.Number, upd.OwnerID = "杭州数控 "+tc.who, "", 0 // empty keeps number and owner
				_, err := e.crm.UpdateCustomer(ctx, e.as(t, tc.who), upd)
				wantRefusal(t, "update by "+tc.who, err, tc.want)
				_, err = e.crm.SaveOpportunity(ctx, e.as(t, tc.who), service.Opportunity{CustomerID: c.ID, Name: "扩容 " + tc.who, AmountCents: 1})
				wantRefusal(t, "deal by "+tc.who, err, tc.want)
			}
			got, err := e.crm.Customer(ctx, e.as(t, "agent1"), c.ID)
			if err != nil || got.Name != "杭州数控 admin" || got.Number != c.Number || got.OwnerID != c.OwnerID {
				t.Fatalf("after updates = %+v, %v", got, err)
			}
			// Contacts and activities are anyone's to add.
			if _, err := e.crm.SaveContact(ctx, e.as(t, "agent1"), service.Contact{CustomerID: c.ID, Name: "王经理"}); err != nil {
				t.Fatalf("agent adds contact: %v", err)
			}
			_, err = e.crm.SaveContact(ctx, e.as(t, "agent1"), service.Contact{CustomerID: 4242, Name: "无主"})
			wantRefusal(t, "contact of missing customer", err, refused(service.KindNotFound))
		})
	}
}

func TestCustomerLookupFuzzyAndExact(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newCRMEnv(t, st)
			sales := e.as(t, "sales1")
			mk := func(c service.Customer) *service.Customer {
				t.Helper()
				out, err := e.crm.CreateCustomer(ctx, sales, c)
				if err != nil {
					t.Fatal(err)
				}
				return out
			}
			precise := mk(service.Customer{Name: "华东精密机械有限公司", Number: "ACME-01", Phone: "021-5555-0101"})
			longer := mk(service.Customer{Name: "华东精密机械有限公司苏州分公司"})
			odd := mk(service.Customer{Name: "100%_纯净水"})
			own, err := e.crm.CreateCustomer(ctx, e.as(t, "agent1"), service.Customer{Name: "李记精密五金"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.crm.SaveContact(ctx, sales, service.Contact{CustomerID: longer.ID, Name: "张三", Phone: "139 0000 1234"}); err != nil {
				t.Fatal(err)
			}

			cases := []struct {
				mode service.LookupMode
				who  string
				term string
				want []int64
			}{
				{service.LookupFuzzy, "agent1", "精密", []int64{own.ID, longer.ID, precise.ID}},
				{service.LookupFuzzy, "agent1", "华东精密机械有限公司", []int64{precise.ID, longer.ID}}, // whole value first
				{service.LookupFuzzy, "agent1", "%", []int64{odd.ID}},                         // LIKE metacharacters are literal
				{service.LookupFuzzy, "agent1", "_纯", []int64{odd.ID}},
				{service.LookupFuzzy, "agent1", "5555", []int64{precise.ID}},
				{service.LookupFuzzy, "agent1", "1390000", []int64{longer.ID}}, // a contact's phone
				{service.LookupExact, "agent1", "精密", []int64{own.ID}},         // only their own fuzzily
				{service.LookupExact, "agent1", "华东精密机械有限公司", []int64{precise.ID}},
				{service.LookupExact, "agent1", "ACME-01", []int64{precise.ID}},
				{service.LookupExact, "agent1", "ACME", nil},
				{service.LookupExact, "agent1", "021 5555 0101", []int64{precise.ID}},
				{service.LookupExact, "agent1", "5555", nil},
				{service.LookupExact, "agent1", "139-0000-1234", []int64{longer.ID}},
				{service.LookupExact, "eng_west1", "精密", nil},
				{service.LookupExact, "sales1", "精密", []int64{longer.ID, precise.ID}},     // owner
				{service.LookupExact, "sales_lead", "精密", []int64{longer.ID, precise.ID}}, // owner's leader
				{service.LookupExact, "admin", "精密", []int64{own.ID, longer.ID, precise.ID}},
			}
			for _, tc := range cases {
				if err := e.crm.SetLookupMode(ctx, e.as(t, "admin"), tc.mode); err != nil {
					t.Fatalf("set mode: %v", err)
				}
				got, err := e.crm.LookupCustomers(ctx, e.as(t, tc.who), tc.term, 0)
				if err != nil {
					t.Fatalf("%s %s %q: %v", tc.mode, tc.who, tc.term, err)
				}
				ids := []int64{}
				for _, c := range got {
					ids = append(ids, c.ID)
				}
				if !slices.Equal(ids, append([]int64{}, tc.want...)) {
					t.Errorf("%s: %s looks up %q = %v, want %v", tc.mode, tc.who, tc.term, ids, tc.want)
				}
			}
			err = e.crm.SetLookupMode(ctx, e.as(t, "agent1"), service.LookupFuzzy)
			wantRefusal(t, "agent sets the mode", err, refused(service.KindForbidden))
			err = e.crm.SetLookupMode(ctx, e.as(t, "admin"), "psychic")
			wantRefusal(t, "unknown mode", err, refused(service.KindInvalid))
			_, err = e.crm.LookupCustomers(ctx, e.as(t, "agent1"), "   ", 0)
			wantRefusal(t, "blank term", err, refused(service.KindInvalid))
		})
	}
}

func TestContactsDealsAndActivities(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newCRMEnv(t, st)
			sales, agent := e.as(t, "sales1"), e.as(t, "agent1")
			c, err := e.crm.CreateCustomer(ctx, sales, service.Customer{Name: "广州🌸花卉"})
			if err != nil {
				t.Fatal(err)
			}
			ct, err := e.crm.SaveContact(ctx, agent, service.Contact{CustomerID: c.ID, Name: "陈小姐 🌼", Email: "chen@flower.example.cn", ExternalUserID: "wmABC-123_x"})
			if err != nil {
				t.Fatalf("contact: %v", err)
			}
			_, err = e.crm.SaveContact(ctx, agent, service.Contact{CustomerID: c.ID, Name: "冒名", ExternalUserID: "wmABC-123_x"})
			wantRefusal(t, "same WeCom id twice", err, refused(service.KindConflict))
			_, err = e.crm.SaveContact(ctx, agent, service.Contact{CustomerID: c.ID, Name: "", Email: "not-an-email", ExternalUserID: "../x"})
			var de *service.Error
			if !asDomain(err, &de) || len(de.Fields) != 3 {
				t.Fatalf("bad contact: %v", err)
			}
			found, owner, err := e.crm.ContactByExternalUserID(ctx, agent, "wmABC-123_x")
			if err != nil || found.ID != ct.ID || owner.ID != c.ID || found.Name != "陈小姐 🌼" {
				t.Fatalf("by WeCom id = %+v %+v %v", found, owner, err)
			}
			_, _, err = e.crm.ContactByExternalUserID(ctx, agent, "wmNOPE")
			wantRefusal(t, "unknown WeCom id", err, refused(service.KindNotFound))

			deal, err := e.crm.SaveOpportunity(ctx, sales, service.Opportunity{CustomerID: c.ID, Name: "年度维保合同", AmountCents: 12_345_600})
			if err != nil || deal.Stage != service.StageProspecting || deal.OwnerID != sales.UserID {
				t.Fatalf("deal = %+v, %v", deal, err)
			}
			deal.Stage, deal.AmountCents = service.StageWon, 99_900
			if _, err := e.crm.SaveOpportunity(ctx, sales, *deal); err != nil {
				t.Fatalf("win deal: %v", err)
			}
			_, err = e.crm.SaveOpportunity(ctx, sales, service.Opportunity{CustomerID: c.ID, Name: "x", Stage: "dreaming", AmountCents: -1})
			if !asDomain(err, &de) || de.Fields["stage"] == "" || de.Fields["amount_cents"] == "" {
				t.Fatalf("bad deal: %v", err)
			}

			call, err := e.crm.AddActivity(ctx, agent, service.Activity{CustomerID: c.ID, Kind: service.ActivityCall, Subject: "回访满意度"})
			if err != nil {
				t.Fatalf("activity: %v", err)
			}
			visit, err := e.crm.AddActivity(ctx, sales, service.Activity{CustomerID: c.ID, Kind: service.ActivityVisit, Subject: "上门拜访"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.crm.CompleteActivity(ctx, e.as(t, "eng_west1"), call.ID)
			wantRefusal(t, "stranger completes", err, refused(service.KindForbidden))
			if _, err := e.crm.CompleteActivity(ctx, agent, call.ID); err != nil {
				t.Fatalf("complete: %v", err)
			}
			_, err = e.crm.CompleteActivity(ctx, agent, call.ID)
			wantRefusal(t, "complete twice", err, refused(service.KindConflict))

			v, err := e.crm.Customer360(ctx, e.as(t, "eng_west1"), c.ID)
			if err != nil {
				t.Fatalf("360: %v", err)
			}
			if v.CanEdit || len(v.Contacts) != 1 || len(v.Opportunities) != 1 || v.Opportunities[0].Stage != service.StageWon ||
				v.Opportunities[0].AmountCents != 99_900 || len(v.OpenActivities) != 1 || v.OpenActivities[0].ID != visit.ID ||
				len(v.ClosedActivities) != 1 || v.ClosedActivities[0].ID != call.ID || len(v.Tickets) != 0 {
				t.Fatalf("360 = %+v", v)
			}
			if v, err := e.crm.Customer360(ctx, sales, c.ID); err != nil || !v.CanEdit {
				t.Fatalf("owner's 360 = %+v, %v", v, err)
			}
		})
	}
}

func TestCustomer360TicketHistoryIsScoped(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			crm := service.NewCRMService(st.DB, repo.NewCRM(st.DB), st.Org, k.Tickets)
			c, err := crm.CreateCustomer(ctx, k.As(t, "sales1"), service.Customer{Name: "成都熊猫酒店 🐼"})
			if err != nil {
				t.Fatal(err)
			}
			mk := func(subject, owner string) *service.Ticket {
				return k.Create(t, owner, service.NewTicket{Subject: subject, OwnerID: k.ID(t, owner), CustomerID: c.ID})
			}
			east := mk("东区报修", "eng_east1")
			west := mk("西区报修", "eng_west1")
			voided := mk("误建", "eng_south1")
			if _, err := k.Tickets.Void(ctx, k.As(t, "admin"), voided.ID, "误建"); err != nil {
				t.Fatal(err)
			}
			k.Create(t, "eng_east1", service.NewTicket{Subject: "别的客户", OwnerID: k.ID(t, "eng_east1")})
			cases := []struct {
				who  string
				want []int64
			}{
				{"eng_east1", []int64{east.ID}},
				{"east_mgr", []int64{east.ID}},
				{"west_mgr", []int64{west.ID}},
				{"svc_mgr", []int64{west.ID, east.ID}}, // leads the whole after-sales tree
				{"eng_south1", []int64{}},              // their ticket is void: admins only
				{"admin", []int64{voided.ID, west.ID, east.ID}},
				{"sales1", []int64{}}, // owns the customer, not its tickets
			}
			for _, tc := range cases {
				v, err := crm.Customer360(ctx, k.As(t, tc.who), c.ID)
				if err != nil {
					t.Fatalf("%s: %v", tc.who, err)
				}
				ids := []int64{}
				for _, tk := range v.Tickets {
					ids = append(ids, tk.ID)
				}
				if !slices.Equal(ids, tc.want) {
					t.Errorf("%s sees history %v, want %v", tc.who, ids, tc.want)
				}
			}
		})
	}
}
