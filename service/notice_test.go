package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

var (
	noticeTo   = servicetest.To
	noticeText = servicetest.Text
	mustTicket = servicetest.Must[*service.Ticket]
)

// Each person on a ticket hears of what concerns them, in their own
// language, and nobody hears of their own change.
func TestStaffNoticesFollowTheTicket(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			n.Start(t)
			ctx := context.Background()
			tk := n.Create(t, "agent1", service.NewTicket{Subject: "打印机卡纸", OwnerID: n.ID(t, "eng_east1")})

			got := n.Sink.Wait(t, 1, noticeTo(service.NoticeAssigned, "eng_east1"))
			if body := noticeText(got[0]); !strings.Contains(body, tk.Number) || !strings.Contains(body, "负责人") ||
				!strings.Contains(body, "李客服") || got[0].Channel != service.ChannelWeComMarkdown {
				t.Fatalf("assigned notice = %q on %s", body, got[0].Channel)
			}

			// An English reader made assistant hears it in English.
			mustTicket(n.Tickets.SetMember(ctx, n.As(t, "eng_east1"), tk.ID,
				service.Member{UserID: n.ID(t, "agent2"), Role: service.MemberAssistant}))(t)
			got = n.Sink.Wait(t, 1, noticeTo(service.NoticeAssigned, "agent2"))
			if body := noticeText(got[0]); !strings.Contains(body, "is yours") || !strings.Contains(body, "assistant") {
				t.Fatalf("English assigned notice = %q", body)
			}

			// The owner resolves: the creator and the assistant hear, the owner does not.
			mustTicket(n.Tickets.Resolve(ctx, n.As(t, "eng_east1"), tk.ID, "更换搓纸轮"))(t)
			zh := n.Sink.Wait(t, 1, noticeTo(service.NoticeStatusChanged, "agent1"))
			en := n.Sink.Wait(t, 1, noticeTo(service.NoticeStatusChanged, "agent2"))
			if !strings.Contains(noticeText(zh[0]), "处理中 → <font color=\"info\">已解决</font>") ||
				!strings.Contains(noticeText(en[0]), "in progress → <font color=\"info\">resolved</font>") {
				t.Fatalf("status notices: %q / %q", noticeText(zh[0]), noticeText(en[0]))
			}
			if !strings.HasPrefix(zh[0].DedupeKey, fmt.Sprintf("status_changed:%d:", tk.ID)) ||
				!strings.HasSuffix(zh[0].DedupeKey, fmt.Sprintf(":%d", n.ID(t, "agent1"))) {
				t.Fatalf("dedupe key %q", zh[0].DedupeKey)
			}
			// A later notice to the owner is the barrier: the owner's own
			// change was never announced to them.
			mustTicket(n.Tickets.Reopen(ctx, n.As(t, "east_mgr"), tk.ID, "客户说还会卡"))(t)
			n.Sink.Wait(t, 1, noticeTo(service.NoticeStatusChanged, "eng_east1"))
			if len(n.Sink.Got(noticeTo(service.NoticeStatusChanged, "eng_east1"))) != 1 {
				t.Fatalf("the owner heard of their own change: %v", servicetest.Describe(n.Sink.Got(nil)))
			}
		})
	}
}

// Queues, transfers and mentions reach the people they concern.
func TestStaffNoticesForQueuesTransfersAndMentions(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			n.Start(t)
			ctx := context.Background()

			east := n.Create(t, "agent1", n.ReturnRefund(t, "退货", 4))
			got := n.Sink.Wait(t, 1, noticeTo(service.NoticeQueued, "east_mgr"))
			if !strings.Contains(noticeText(got[0]), "华东区") || !strings.Contains(noticeText(got[0]), east.Number) {
				t.Fatalf("queued = %q", noticeText(got[0]))
			}
			n.Create(t, "agent1", n.Complaint(t, "投诉"))
			n.Sink.Wait(t, 1, noticeTo(service.NoticeQueued, "svc_mgr"))

			tk := n.Create(t, "eng_west1", service.NewTicket{Subject: "需要转派", OwnerID: n.ID(t, "eng_west1")})
			tr := servicetest.Must(n.Tickets.RequestTransfer(ctx, n.As(t, "eng_west1"), tk.ID,
				service.TransferRequest{ToUserID: n.ID(t, "eng_west2"), Reason: "韩工熟悉该型号"}))(t)
			req := n.Sink.Wait(t, 1, noticeTo(service.NoticeTransferRequested, "west_mgr"))
			if !strings.Contains(noticeText(req[0]), "韩工熟悉该型号") || !strings.Contains(noticeText(req[0]), "韩工") {
				t.Fatalf("transfer request = %q", noticeText(req[0]))
			}
			mustTicket(n.Tickets.ApproveTransfer(ctx, n.As(t, "west_mgr"), tr.ID, "同意"))(t)
			dec := n.Sink.Wait(t, 1, noticeTo(service.NoticeTransferDecided, "eng_west1"))
			if !strings.Contains(noticeText(dec[0]), "已批准") {
				t.Fatalf("decision = %q", noticeText(dec[0]))
			}
			n.Sink.Wait(t, 1, noticeTo(service.NoticeAssigned, "eng_west2"))

			records := service.NewRecordService(st.DB, repo.NewRecords(st.DB), n.Tickets)
			servicetest.Must(records.Add(ctx, n.As(t, "eng_west2"), service.NewRecord{TicketID: tk.ID,
				Body: "@eng_west1 请把上次的检测报告发我"}))(t)
			m := n.Sink.Wait(t, 1, noticeTo(service.NoticeMentioned, "eng_west1"))
			if !strings.Contains(noticeText(m[0]), "请把上次的检测报告发我") || !strings.Contains(noticeText(m[0]), "韩工") {
				t.Fatalf("mention = %q", noticeText(m[0]))
			}
		})
	}
}

// The chat bot's reminders and 催办 render and deliver through Notify.
func TestNotifyRendersBotNotices(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	n := st.Noticing(t)
	n.Start(t)
	ctx := context.Background()
	tk := n.Create(t, "agent1", service.NewTicket{Subject: "回访", OwnerID: n.ID(t, "eng_east1")})
	err := st.DB.InTx(ctx, func(ctx context.Context) error {
		return n.Notifier.Notify(ctx, service.StaffNotice{Kind: service.NoticeChase, UserID: n.ID(t, "eng_east1"),
			Ticket: tk, DedupeKey: "chase:test:1", Data: service.NoticeData{Actor: "吴经理", Note: "客户在催"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := n.Sink.Wait(t, 1, noticeTo(service.NoticeChase, "eng_east1"))
	if body := noticeText(got[0]); !strings.Contains(body, "吴经理 催办工单 "+tk.Number) || !strings.Contains(body, "客户在催") {
		t.Fatalf("chase = %q", body)
	}
}
