package service_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
	"github.com/wecom-ticket/ticket/templates/tickets"
)

func TestTemplateLibraryLoadsOnceAndKeepsAdminEdits(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t) // loads the library once
			rep := servicetest.Must(k.Templates.LoadLibrary(ctx, tickets.Library))(t)
			if rep.Created+rep.Updated+rep.Kept != 0 || rep.Unchanged < 5 {
				t.Fatalf("second load = %+v, want every template unchanged", rep)
			}
			for _, code := range []string{"after_sale_repair", "complaint", "it_fault_report", "return_refund", "presale_consultation"} {
				k.Template(t, code)
			}
			// An admin edit is a new version, which a library reload keeps;
			// a ticket created before keeps the version it was made with.
			old := k.Create(t, "agent1", k.Complaint(t, "旧版本"))
			tpl := servicetest.Must(k.Templates.ByCode(ctx, "complaint"))(t)
			def := tpl.TemplateDef
			def.Name = "客户投诉"
			edited := servicetest.Must(k.Templates.Update(ctx, k.As(t, "admin"), tpl.ID, def))(t)
			if edited.Version != tpl.Version+1 {
				t.Fatalf("edit made version %d, want %d", edited.Version, tpl.Version+1)
			}
			rep = servicetest.Must(k.Templates.LoadLibrary(ctx, tickets.Library))(t)
			if rep.Kept != 1 {
				t.Fatalf("reload = %+v, want the edited template kept", rep)
			}
			got := servicetest.Must(k.Tickets.Get(ctx, k.As(t, "admin"), old.ID))(t)
			if got.TemplateVersion != tpl.Version {
				t.Fatalf("ticket moved to template version %d", got.TemplateVersion)
			}
			if n := k.Create(t, "agent1", k.Complaint(t, "新版本")); n.TemplateVersion != edited.Version {
				t.Fatalf("new ticket uses version %d, want %d", n.TemplateVersion, edited.Version)
			}
			bad := fstest.MapFS{"broken.yaml": {Data: []byte("code: Bad Code\nname: ''\nscene: moon\ndispatch_mode: 9\ntransfer_approver: me\n")}}
			_, err := k.Templates.LoadLibrary(ctx, bad)
			expectFields(t, err, "broken.yaml/code", "broken.yaml/name", "broken.yaml/scene", "broken.yaml/dispatch_mode", "broken.yaml/transfer_approver")
		})
	}
}

func TestTemplateDefinitionReportsEveryBadField(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			lo, hi := 10.0, 1.0
			def := service.TemplateDef{
				Code: "ok_code", Name: "模板", Scene: service.SceneCustom, DispatchMode: 5, DefaultPriority: "asap",
				TransferApprover: "boss",
				Standard:         map[service.StdField]service.FieldRule{service.StdOwner: {Required: true}, service.StdProduct: {Hidden: true, Required: true}},
				Fields: []service.FieldDef{
					{Key: "a", Label: "甲", Kind: service.FieldSingleSelect},
					{Key: "a", Label: "乙", Kind: service.FieldText, Pattern: "("},
					{Key: "n", Label: "数", Kind: service.FieldNumber, Min: &lo, Max: &hi},
					{Key: "m", Label: "钱", Kind: service.FieldMoney, Default: "1.234"},
					{Key: "k", Label: "怪", Kind: "color"},
				},
				SLA:     map[service.Priority]service.SLATarget{service.PriorityHigh: {ResponseHours: 8, ResolveHours: 2}},
				Notices: []service.NoticeNode{"exploded"},
			}
			_, err := k.Templates.Create(ctx, k.As(t, "admin"), def)
			expectFields(t, err, "scene_label", "dispatch_mode", "default_priority", "transfer_approver",
				"standard_fields.owner_id", "standard_fields.product", "fields[0].options", "fields[1].key",
				"fields[1].pattern", "fields[2].min", "fields[3].default", "fields[4].kind", "sla.high", "customer_notices[0]")
		})
	}
}

func TestTicketValuesReportEveryBadField(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			in := k.Repair(t, "")
			in.Product, in.OpportunityID = "", 9 // required; hidden
			in.CustomFields = map[string]any{
				"serial_no": "有空格 的序列号", "purchase_date": "2026/01/01", "warranty": "forever",
				"visit_time": "tomorrow", "site_phone": "call me", "parts_cost": -5, "colour": "red",
			}
			_, err := k.Tickets.Create(ctx, k.As(t, "agent1"), in)
			expectFields(t, err, "subject", "product", "opportunity_id", "custom.serial_no", "custom.purchase_date",
				"custom.warranty", "custom.visit_time", "custom.site_phone", "custom.parts_cost", "custom.colour")

			c := k.Complaint(t, "投诉")
			c.CustomFields = map[string]any{"category": "billing", "channels": []any{"phone", "phone"},
				"severity": 9, "callback_email": "nope", "accountable_person": 99999, "compensation": "12.345"}
			_, err = k.Tickets.Create(ctx, k.As(t, "agent1"), c)
			expectFields(t, err, "custom.channels", "custom.severity", "custom.callback_email",
				"custom.accountable_person", "custom.compensation")

			// Valid values are stored in canonical form, defaults filled in.
			c.CustomFields = map[string]any{"category": "billing", "channels": []any{"wecom", "phone"}, "compensation": "12.5",
				"accountable_person": float64(k.ID(t, "eng_east1"))}
			got := k.Create(t, "agent1", c).CustomFields
			if got["compensation"] != "12.50" || got["severity"] != 3 && got["severity"] != float64(3) || got["accountable_person"] != k.ID(t, "eng_east1") {
				t.Fatalf("stored custom fields %v", got)
			}

			// Updates are checked the same way, against the ticket's version.
			tk := k.Create(t, "eng_east1", service.NewTicket{Subject: "无模板", OwnerID: k.ID(t, "eng_east1")})
			empty, long := "", string(make([]rune, 3001))
			_, err = k.Tickets.Update(ctx, k.As(t, "eng_east1"), tk.ID, tk.Version, service.TicketPatch{
				Subject: &empty, InternalComment: &long, CustomFields: map[string]any{"x": 1}})
			expectFields(t, err, "subject", "internal_comment", "custom_fields")
		})
	}
}

// An edit starts from the current version, a new template from settings
// Create accepts once named (and a code taken is a bad field); only
// admins get either.
func TestTemplateDraftsAreAdmins(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			k := st.Ticketing(t)
			id := k.Template(t, "complaint")
			cur := servicetest.Must(k.Templates.Get(ctx, id))(t)
			got := servicetest.Must(k.Templates.Draft(ctx, k.As(t, "admin"), id))(t)
			if got.ID != id || got.Version != cur.Version || got.Digest != cur.Digest {
				t.Fatalf("draft of %d is %d v%d, want the current v%d", id, got.ID, got.Version, cur.Version)
			}
			blank := servicetest.Must(k.Templates.Draft(ctx, k.As(t, "admin"), 0))(t)
			def := blank.TemplateDef
			def.Code, def.Name = "from_draft", "草稿"
			servicetest.Must(k.Templates.Create(ctx, k.As(t, "admin"), def))(t)
			_, err := k.Templates.Create(ctx, k.As(t, "admin"), def)
			expectFields(t, err, "code")
			for _, c := range []struct {
				who  string
				id   int64
				kind service.Kind
			}{
				{"agent1", id, service.KindForbidden},
				{"agent1", 0, service.KindForbidden},
				{"admin", 99999, service.KindNotFound},
			} {
				if _, err := k.Templates.Draft(ctx, k.As(t, c.who), c.id); !service.IsKind(err, c.kind) {
					t.Errorf("draft %d as %s: %v, want %s", c.id, c.who, err, c.kind)
				}
			}
		})
	}
}
