package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func customerMessage(t *testing.T, n service.Notice) service.CustomerMessage {
	t.Helper()
	var m service.CustomerMessage
	if err := json.Unmarshal(n.Payload, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// tokenOf cuts the signed token out of a page link.
func tokenOf(t *testing.T, link, page string) string {
	t.Helper()
	_, tok, ok := strings.Cut(link, page)
	if !ok || tok == "" {
		t.Fatalf("%q is not a %s link", link, page)
	}
	return tok
}

// The customer hears at the template's nodes, each notice with a signed
// status link; the closing notice carries the survey, whose answer is
// stored on the ticket, told to the handler and counted for them.
func TestCustomerNoticesStatusPageAndCSAT(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			n.Start(t)
			ctx := context.Background()
			cust, contact := n.Contact(t, service.Contact{Name: "张三", Email: "zhang@example.com", Phone: "13900000001"})
			tk := n.Create(t, "agent1", service.NewTicket{Subject: "空调不制冷", CustomerID: cust, ContactID: contact,
				OwnerID: n.ID(t, "eng_east1"), Origin: service.OriginWeComChat})
			recipient := func(node string) func(service.Notice) bool {
				return func(x service.Notice) bool { return x.Kind == "customer_"+node }
			}
			created := customerMessage(t, n.Sink.Wait(t, 1, recipient("created"))[0])
			if created.Email != "zhang@example.com" || !strings.Contains(created.Subject, "您的问题已受理") ||
				!strings.Contains(created.Text, tk.Number) || !strings.Contains(created.Text, created.Link) ||
				created.SenderUserID != "eng_east1" {
				t.Fatalf("accepted notice = %+v", created)
			}

			records := service.NewRecordService(st.DB, repo.NewRecords(st.DB), n.Tickets)
			for _, r := range []service.NewRecord{{TicketID: tk.ID, Body: "已上门检查，需更换压缩机", Visibility: service.RecordCustomer},
				{TicketID: tk.ID, Body: "内部：配件库存不足"}} {
				servicetest.Must(records.Add(ctx, n.As(t, "eng_east1"), r))(t)
			}
			page := servicetest.Must(n.Pages.Status(ctx, tokenOf(t, created.Link, service.StatusPagePath)))(t)
			if page.Number != tk.Number || page.State != service.StateInProgress || len(page.Records) != 1 ||
				page.Records[0].Body != "已上门检查，需更换压缩机" || page.CanRate {
				t.Fatalf("status page = %+v", page)
			}

			mustTicket(n.Tickets.Accept(ctx, n.As(t, "eng_east1"), tk.ID))(t) // not a node without a template
			mustTicket(n.Tickets.Resolve(ctx, n.As(t, "eng_east1"), tk.ID, "已更换压缩机"))(t)
			resolved := customerMessage(t, n.Sink.Wait(t, 1, recipient("resolved"))[0])
			mustTicket(n.Tickets.Close(ctx, n.As(t, "eng_east1"), tk.ID, ""))(t)
			closed := customerMessage(t, n.Sink.Wait(t, 1, recipient("closed"))[0])
			if strings.Contains(resolved.Text, service.CSATPagePath) || !strings.Contains(closed.Text, service.CSATPagePath) {
				t.Fatalf("the survey belongs on the closing notice: resolved %q, closed %q", resolved.Text, closed.Text)
			}
			if got := n.Sink.Got(recipient("accepted")); len(got) != 0 {
				t.Fatal("a node the ticket does not notify was sent")
			}
			i := strings.Index(closed.Text, service.CSATPagePath)
			survey := strings.Fields(closed.Text[i:])[0]
			token := tokenOf(t, survey, service.CSATPagePath)

			bad := []string{token + "x", "nonsense", tokenOf(t, created.Link, service.StatusPagePath)}
			for _, b := range bad {
				if _, err := n.Pages.SubmitCSAT(ctx, b, 5, ""); !service.IsKind(err, service.KindNotFound) {
					t.Fatalf("submit with bad token %q: %v, want not found", b, err)
				}
			}
			if _, err := n.Pages.SubmitCSAT(ctx, token, 9, ""); !service.IsKind(err, service.KindInvalid) {
				t.Fatalf("score 9: %v", err)
			}
			servicetest.Must(n.Pages.SubmitCSAT(ctx, token, 2, "太慢"))(t)
			servicetest.Must(n.Pages.SubmitCSAT(ctx, token, 5, "  很专业  "))(t) // a later answer replaces it
			form := servicetest.Must(n.Pages.CSATForm(ctx, token))(t)
			if form.Rated == nil || form.Rated.Score != 5 || form.Rated.Comment != "很专业" || !form.CanRate {
				t.Fatalf("form after answering = %+v", form)
			}
			heard := n.Sink.Wait(t, 2, noticeTo(service.NoticeCSATReceived, "eng_east1"))
			if !strings.Contains(noticeText(heard[1]), "5 / 5") || !strings.Contains(noticeText(heard[1]), "很专业") {
				t.Fatalf("csat notice = %q", noticeText(heard[1]))
			}

			stats := service.NewStatsService(repo.NewStats(st.DB), n.Tickets).WithCSAT(n.Store)
			day := n.Clock.Now().In(service.DefaultBusinessHours().Location).Format(service.DayLayout)
			east := servicetest.Must(stats.CSATStats(ctx, n.As(t, "east_mgr"), day, day))(t)
			me := east.ByOwner[n.ID(t, "eng_east1")]
			if east.All.Count != 1 || me.Count != 1 || me.Average != 5 || me.Scores[5] != 1 || east.ByDept[4].Count != 1 {
				t.Fatalf("east stats = %+v", east)
			}
			if west := servicetest.Must(stats.CSATStats(ctx, n.As(t, "west_mgr"), day, day))(t); west.All.Count != 0 {
				t.Fatalf("west_mgr counted a ticket outside his scope: %+v", west)
			}
		})
	}
}

// A template's nodes decide; without a closing node, the survey rides on
// the resolution.
func TestCustomerNoticeNodesFollowTheTemplate(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	n := st.Noticing(t)
	n.Start(t)
	ctx := context.Background()
	cust, contact := n.Contact(t, service.Contact{Name: "李四", Phone: "13900000002"})
	def := service.TemplateDef{Code: "quick_fix", Name: "快修", Scene: service.SceneAfterSale,
		DispatchMode: service.DispatchByCreator, TransferApprover: service.ApproverOwnerLeader,
		Notices: []service.NoticeNode{service.NoticeDispatched, service.NoticeAccepted, service.NoticeResolved}}
	tpl := servicetest.Must(n.Ticketing.Templates.Create(ctx, n.As(t, "admin"), def))(t)
	tk := n.Create(t, "agent1", service.NewTicket{TemplateID: tpl.ID, Subject: "门锁故障", CustomerID: cust,
		ContactID: contact, OwnerID: n.ID(t, "eng_east1")})
	mustTicket(n.Tickets.Accept(ctx, n.As(t, "eng_east1"), tk.ID))(t)
	mustTicket(n.Tickets.Resolve(ctx, n.As(t, "eng_east1"), tk.ID, "换锁芯"))(t)
	got := n.Sink.Wait(t, 2, func(x service.Notice) bool { return x.Channel == service.ChannelCustomer })
	if got[0].Kind != "customer_accepted" || got[1].Kind != "customer_resolved" {
		t.Fatalf("customer notices %v", servicetest.Describe(got))
	}
	if m := customerMessage(t, got[1]); !strings.Contains(m.Text, service.CSATPagePath) || m.SMS == "" || m.Phone == "" {
		t.Fatalf("resolution without a closing node = %+v", m)
	}
}
