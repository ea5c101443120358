package servicetest

import (
	"context"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

// Complaint is a valid input for the complaint template (mode 2).
func (k *Ticketing) Complaint(t *testing.T, subject string) service.NewTicket {
	return service.NewTicket{TemplateID: k.Template(t, "complaint"), Subject: subject, Description: "客户来电投诉",
		CustomerID: 501, CustomFields: map[string]any{"category": "service_attitude"}}
}

// ReturnRefund is a valid input for the return/refund template (mode 3).
func (k *Ticketing) ReturnRefund(t *testing.T, subject string, dept int64) service.NewTicket {
	return service.NewTicket{TemplateID: k.Template(t, "return_refund"), Subject: subject, CustomerID: 502,
		Product: "扫地机器人", Reason: "质量问题", ReceivingDeptID: dept,
		CustomFields: map[string]any{"request_kind": "exchange", "order_no": "SO-2026-0001"}}
}

// Repair is a valid input for the after-sale repair template (mode 4).
func (k *Ticketing) Repair(t *testing.T, subject string) service.NewTicket {
	return service.NewTicket{TemplateID: k.Template(t, "after_sale_repair"), Subject: subject, CustomerID: 503,
		Product: "空气净化器", Description: "无法开机", CustomFields: map[string]any{"serial_no": "AP-1000-77"}}
}

// Fixtures is a set of tickets covering every way a ticket reaches a view,
// named so tests can assert exact sets.
type Fixtures struct {
	ByName map[string]*service.Ticket
	names  map[int64]string
}

// Names returns the fixture names of tickets, sorted; unknown tickets show
// as "?".
func (f *Fixtures) Names(ts []*service.Ticket) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		n, ok := f.names[t.ID]
		if !ok {
			n = "?"
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// SeedTickets creates the fixture set (see the comments beside each) and
// two sharing rules: sales1's tickets to the group 华东工程师 (read), and
// the West region's tickets to agent1 (read-write).
func (k *Ticketing) SeedTickets(t *testing.T) *Fixtures {
	t.Helper()
	ctx := context.Background()
	f := &Fixtures{ByName: map[string]*service.Ticket{}, names: map[int64]string{}}
	add := func(name string, tk *service.Ticket) {
		f.ByName[name], f.names[tk.ID] = tk, name
	}
	own := func(name, userid string, mod func(*service.NewTicket)) *service.Ticket {
		in := service.NewTicket{Subject: name, OwnerID: k.ID(t, userid)}
		if mod != nil {
			mod(&in)
		}
		tk := k.Create(t, userid, in)
		add(name, tk)
		return tk
	}
	own("e1_open", "eng_east1", nil)                                                                    // owned by an East engineer
	own("e1_urgent", "eng_east1", func(in *service.NewTicket) { in.Priority = service.PriorityUrgent }) // urgent
	closed := own("e1_closed", "eng_east1", nil)                                                        // resolved and closed by its owner
	Must(k.Tickets.Resolve(ctx, k.As(t, "eng_east1"), closed.ID, "重启后恢复"))(t)
	Must(k.Tickets.Close(ctx, k.As(t, "eng_east1"), closed.ID, ""))(t)
	own("w1_team_e2", "eng_west1", func(in *service.NewTicket) { // an East engineer on a West team
		in.Team = []service.Member{{UserID: k.ID(t, "eng_east2"), Role: service.MemberTeam, Access: service.AccessRead}}
	})
	own("sh1_assist_e1", "eng_sh1", func(in *service.NewTicket) { in.Assistants = []int64{k.ID(t, "eng_east1")} })
	own("agent1_own", "agent1", nil)
	add("agent1_for_w2", k.Create(t, "agent1", service.NewTicket{Subject: "agent1_for_w2", OwnerID: k.ID(t, "eng_west2")}))
	add("queue_sm", k.Create(t, "agent2", k.Complaint(t, "queue_sm")))           // mode 2: service managers' queue
	add("queue_east", k.Create(t, "agent1", k.ReturnRefund(t, "queue_east", 4))) // mode 3: East's queue
	add("queue_alloc", k.Create(t, "agent2", k.Repair(t, "queue_alloc")))        // mode 4: pending allocation
	own("vendor_own", "vendor1", nil)
	voided := own("voided", "eng_south1", nil)
	Must(k.Tickets.Void(ctx, k.As(t, "admin"), voided.ID, "重复录入"))(t)
	own("sales_own", "sales1", nil)
	resolved := own("e2_resolved", "eng_east2", nil)
	Must(k.Tickets.Resolve(ctx, k.As(t, "eng_east2"), resolved.ID, "已更换配件"))(t)
	moved := own("w1_transferred", "eng_west1", nil) // approved: now eng_west2's
	tr := Must(k.Tickets.RequestTransfer(ctx, k.As(t, "eng_west1"), moved.ID,
		service.TransferRequest{ToUserID: k.ID(t, "eng_west2"), Reason: "擅长该产品"}))(t)
	Must(k.Tickets.ApproveTransfer(ctx, k.As(t, "west_mgr"), tr.ID, ""))(t)
	asking := own("s1_transfer_open", "eng_south1", nil) // awaiting south_mgr's approval
	Must(k.Tickets.RequestTransfer(ctx, k.As(t, "eng_south1"), asking.ID,
		service.TransferRequest{ToDeptID: 4, Reason: "客户在华东"}))(t)
	own("svc_own", "svc_mgr", nil)
	for name, tk := range f.ByName { // reload: later actions changed some
		f.ByName[name] = Must(k.Tickets.Get(ctx, k.As(t, "admin"), tk.ID))(t).Ticket
	}
	x := Must(k.st.Org.Index(ctx))(t)
	eastGroup := x.GroupsOf(k.ID(t, "eng_east1"))[0]
	Must(k.Sharing.Share(ctx, k.As(t, "admin"), service.SharingRule{SourceKind: service.PartyUser,
		SourceID: k.ID(t, "sales1"), TargetKind: service.PartyGroup, TargetID: eastGroup, Access: service.AccessRead}))(t)
	Must(k.Sharing.Share(ctx, k.As(t, "admin"), service.SharingRule{SourceKind: service.PartyDept,
		SourceID: 5, TargetKind: service.PartyUser, TargetID: k.ID(t, "agent1"), Access: service.AccessWrite}))(t)
	return f
}
