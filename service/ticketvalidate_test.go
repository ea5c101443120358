package service_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// TestDepartmentAndLongTextFieldsReportedByKey: a department field takes
// only a department's id, and a long text its template's limit counted in
// characters (Chinese takes three bytes each), every bad field at once.
func TestDepartmentAndLongTextFieldsReportedByKey(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			itFault := func(fields map[string]any) service.NewTicket {
				fields["fault_kind"] = "printer"
				return service.NewTicket{TemplateID: k.Template(t, "it_fault_report"), Subject: "打印机卡纸",
					Description: "三楼打印机", OwnerID: k.ID(t, "it_lead"), CustomFields: fields}
			}
			repair := func(address string) service.NewTicket {
				in := k.Repair(t, "上门维修")
				in.CustomFields["site_address"] = address
				return in
			}
			refund := k.ReturnRefund(t, "退货取件", 4)
			refund.CustomFields["pickup_address"] = strings.Repeat("路", 501)
			cases := []struct {
				name   string
				in     service.NewTicket
				fields []string
			}{
				{"unknown department and too long a tag", itFault(map[string]any{"reporter_dept": 999,
					"asset_tag": strings.Repeat("A", 33)}), []string{"custom.reporter_dept", "custom.asset_tag"}},
				{"a department by name", itFault(map[string]any{"reporter_dept": "华东区"}), []string{"custom.reporter_dept"}},
				{"a fractional department id", itFault(map[string]any{"reporter_dept": 4.5}), []string{"custom.reporter_dept"}},
				{"site address over 500 characters", repair(strings.Repeat("号", 501)), []string{"custom.site_address"}},
				{"pickup address over 500 characters", refund, []string{"custom.pickup_address"}},
			}
			for _, c := range cases {
				_, err := k.Tickets.Create(ctx, k.As(t, "agent1"), c.in)
				t.Run(c.name, func(t *testing.T) { expectFields(t, err, c.fields...) })
			}
			ok := k.Create(t, "agent1", itFault(map[string]any{"reporter_dept": float64(4)}))
			if ok.CustomFields["reporter_dept"] != int64(4) && ok.CustomFields["reporter_dept"] != float64(4) {
				t.Fatalf("reporter_dept stored as %#v", ok.CustomFields["reporter_dept"])
			}
			k.Create(t, "agent1", repair(strings.Repeat("号", 500)))
		})
	}
}

// TestUpdateValidatesAgainstTheTicketsTemplateVersion: after an admin
// edits a template, a ticket made before is still checked against the
// version it was made with; new tickets against the new one.
func TestUpdateValidatesAgainstTheTicketsTemplateVersion(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			svc := k.As(t, "svc_mgr")
			old := k.Create(t, "agent1", k.Complaint(t, "旧版本的投诉"))

			// The edit drops the billing category, caps compensation at 100
			// and adds a required store code.
			tpl := servicetest.Must(k.Templates.ByCode(ctx, "complaint"))(t)
			def := tpl.TemplateDef
			def.Fields = slices.Clone(def.Fields)
			for i, f := range def.Fields {
				switch f.Key {
				case "category":
					f.Options = slices.DeleteFunc(slices.Clone(f.Options), func(o service.FieldOption) bool { return o.Value == "billing" })
				case "compensation":
					capped := 100.0
					f.Max = &capped
				}
				def.Fields[i] = f
			}
			def.Fields = append(def.Fields, service.FieldDef{Key: "store_code", Label: "门店编号", Kind: service.FieldText, Required: true})
			servicetest.Must(k.Templates.Update(ctx, k.As(t, "admin"), tpl.ID, def))(t)

			// The old ticket: what its version allowed is still allowed, and
			// the new field is not one of its fields.
			old = servicetest.Must(k.Tickets.Dispatch(ctx, svc, old.ID, service.DispatchInput{OwnerID: k.ID(t, "eng_east1")}))(t)
			e1 := k.As(t, "eng_east1")
			upd := servicetest.Must(k.Tickets.Update(ctx, e1, old.ID, old.Version, service.TicketPatch{
				CustomFields: map[string]any{"category": "billing", "compensation": "5000"}}))(t)
			if upd.CustomFields["category"] != "billing" || upd.CustomFields["compensation"] != "5000.00" {
				t.Fatalf("old ticket's fields after update: %v", upd.CustomFields)
			}
			_, err := k.Tickets.Update(ctx, e1, old.ID, upd.Version, service.TicketPatch{
				CustomFields: map[string]any{"store_code": "SH-01", "compensation": -1}})
			expectFields(t, err, "custom.store_code", "custom.compensation")

			// A new ticket meets the new version.
			in := k.Complaint(t, "新版本的投诉")
			in.CustomFields = map[string]any{"category": "billing", "compensation": "5000"}
			_, err = k.Tickets.Create(ctx, k.As(t, "agent1"), in)
			expectFields(t, err, "custom.category", "custom.compensation", "custom.store_code")
		})
	}
}
