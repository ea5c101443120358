package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

// slaTemplate: the creator picks the handler; 2 business hours to respond,
// 4 to resolve; warn at half the time; hand back to the queue when late.
func slaTemplate(t *testing.T, n *servicetest.Noticing, reassign bool) int64 {
	t.Helper()
	def := service.TemplateDef{Code: "sla_probe", Name: "SLA 测试", Scene: service.SceneAfterSale,
		DispatchMode: service.DispatchByCreator, TransferApprover: service.ApproverOwnerLeader,
		SLA:        map[service.Priority]service.SLATarget{service.PriorityNormal: {ResponseHours: 2, ResolveHours: 4}},
		Escalation: &service.SLAEscalation{WarnAt: 0.5, Reassign: reassign},
		Notices:    []service.NoticeNode{service.NoticeCreated}}
	tpl, err := n.Templates.Create(context.Background(), n.As(t, "admin"), def)
	if err != nil {
		t.Fatal(err)
	}
	return tpl.ID
}

func sweep(t *testing.T, n *servicetest.Noticing) {
	t.Helper()
	if err := n.Escalator.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Warn the handler at the template's share, tell the leader and the
// department's group chat at the breach, then hand the ticket back to
// its queue; each stage once.
func TestSLAEscalationStages(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			n.Start(t)
			ctx := context.Background()
			tplID := slaTemplate(t, n, true)
			prefs := service.NewPreferenceService(st.Org, n.Store)
			if err := prefs.SetGroupChat(ctx, n.As(t, "admin"), 3, "robot-aftersales"); err != nil {
				t.Fatal(err)
			}
			tk := n.Create(t, "agent1", service.NewTicket{TemplateID: tplID, Subject: "网络中断", OwnerID: n.ID(t, "eng_east1")})
			// Created 10:00: response due 12:00, resolution due 14:00.

			n.Clock.Set(mar2(10, 30))
			sweep(t, n)
			n.Clock.Set(mar2(11, 1))
			sweep(t, n)
			sweep(t, n) // nothing new: each stage happens once
			w := n.Sink.Wait(t, 1, noticeTo(service.NoticeSLAWarning, "eng_east1"))
			if !strings.Contains(noticeText(w[0]), "响应时限：2026-03-02 12:00") {
				t.Fatalf("warning = %q", noticeText(w[0]))
			}
			mustTicket(n.Tickets.Accept(ctx, n.As(t, "eng_east1"), tk.ID))(t)

			n.Clock.Set(mar2(12, 1))
			sweep(t, n)
			n.Sink.Wait(t, 2, noticeTo(service.NoticeSLAWarning, "eng_east1"))

			n.Clock.Set(mar2(14, 1))
			sweep(t, n)
			sweep(t, n)
			b := n.Sink.Wait(t, 1, noticeTo(service.NoticeSLABreached, "east_mgr"))
			if !strings.Contains(noticeText(b[0]), "陈工") || !strings.Contains(noticeText(b[0]), "解决") {
				t.Fatalf("breach = %q", noticeText(b[0]))
			}
			g := n.Sink.Wait(t, 1, noticeTo(service.NoticeSLAGroup, "dept:3")) // East's parent has the group chat
			if !strings.Contains(noticeText(g[0]), tk.Number) {
				t.Fatalf("group chat = %q", noticeText(g[0]))
			}
			n.Sink.Wait(t, 1, noticeTo(service.NoticeRequeued, "eng_east1"))
			n.Sink.Wait(t, 1, noticeTo(service.NoticeQueued, "svc_mgr"))
			now := servicetest.Must(n.Tickets.Get(ctx, n.As(t, "admin"), tk.ID))(t)
			if now.Status != service.StatusPendingDispatch || now.OwnerID != 0 {
				t.Fatalf("after the breach: status %s owner %d, want back in the queue", now.Status, now.OwnerID)
			}
			if _, ok := now.Member(n.ID(t, "eng_east1")); !ok {
				t.Fatal("the old owner no longer follows the ticket")
			}
			for kind, want := range map[service.NoticeKind]int{service.NoticeSLAWarning: 2, service.NoticeSLABreached: 1,
				service.NoticeSLAGroup: 1, service.NoticeRequeued: 1} {
				if got := n.Sink.Got(func(x service.Notice) bool { return x.Kind == string(kind) }); len(got) != want {
					t.Errorf("%d %s notices, want %d: %v", len(got), kind, want, servicetest.Describe(got))
				}
			}
		})
	}
}

// Waiting on the customer stops the clock: no escalation while waiting,
// and the due time moves by the time waited.
func TestSLAEscalationPausesWhileWaiting(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			n.Start(t)
			ctx := context.Background()
			tplID := slaTemplate(t, n, false)
			tk := n.Create(t, "agent1", service.NewTicket{TemplateID: tplID, Subject: "等待客户", OwnerID: n.ID(t, "eng_east1")})
			n.Clock.Set(mar2(10, 30))
			mustTicket(n.Tickets.WaitForCustomer(ctx, n.As(t, "eng_east1"), tk.ID, "请客户提供序列号"))(t)
			n.Clock.Set(mar2(15, 0)) // long past both due times, but paused
			sweep(t, n)
			n.Clock.Set(mar2(16, 0))
			mustTicket(n.Tickets.Resume(ctx, n.As(t, "eng_east1"), tk.ID, "客户已回复"))(t)
			sweep(t, n)
			// Resolution was due 14:00; 5h30 paused moves it to 19:30 → next
			// day 10:30. Nothing is late or near yet.
			barrier(t, n, "eng_east1", "east_mgr")
			if got := n.Sink.Got(func(x service.Notice) bool { return strings.HasPrefix(x.Kind, "sla_") }); len(got) != 0 {
				t.Fatalf("escalated a paused ticket: %v", servicetest.Describe(got))
			}
			now := servicetest.Must(n.Tickets.Get(ctx, n.As(t, "admin"), tk.ID))(t)
			if want := time.Date(2026, 3, 3, 10, 30, 0, 0, cst); !now.ResolveDueAt.Equal(want) {
				t.Fatalf("resolve due %s, want %s", now.ResolveDueAt.In(cst), want)
			}
			n.Clock.Set(time.Date(2026, 3, 3, 10, 31, 0, 0, cst))
			sweep(t, n)
			n.Sink.Wait(t, 1, noticeTo(service.NoticeSLABreached, "east_mgr"))
		})
	}
}

// Several instances sweeping at once escalate each stage once.
func TestSLASweepsInParallelEscalateOnce(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			n.Start(t)
			tplID := slaTemplate(t, n, false)
			for range 5 {
				n.Create(t, "agent1", service.NewTicket{TemplateID: tplID, Subject: "批量", OwnerID: n.ID(t, "eng_east2")})
			}
			n.Clock.Advance(5 * time.Hour)
			others := []*service.Escalator{n.Escalator}
			for range 3 {
				others = append(others, service.NewEscalator(service.EscalatorConfig{}, n.Tickets, n.Notifier, n.Store, st.KV, nil))
			}
			for range 3 {
				var wg sync.WaitGroup
				for _, e := range others {
					wg.Add(1)
					go func() { defer wg.Done(); _ = e.RunOnce(context.Background()) }()
				}
				wg.Wait()
			}
			// Two targets breached on five tickets; one leader.
			n.Sink.Wait(t, 10, noticeTo(service.NoticeSLABreached, "east_mgr"))
			barrier(t, n, "east_mgr")
			if got := n.Sink.Got(noticeTo(service.NoticeSLABreached, "east_mgr")); len(got) != 10 {
				t.Fatalf("%d breach notices, want 10", len(got))
			}
		})
	}
}

// Managers get one summary card a day with the numbers of their scope.
func TestDailySummaryForManagers(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			n.Start(t)
			ctx := context.Background()
			tplID := slaTemplate(t, n, false)
			// Sunday: one resolved, two open of which one will be overdue.
			n.Clock.Set(time.Date(2026, 3, 1, 20, 0, 0, 0, cst))
			done := n.Create(t, "agent1", service.NewTicket{Subject: "已解决", OwnerID: n.ID(t, "eng_east1")})
			mustTicket(n.Tickets.Resolve(ctx, n.As(t, "eng_east1"), done.ID, "好了"))(t)
			n.Create(t, "agent1", service.NewTicket{Subject: "未完成", OwnerID: n.ID(t, "eng_east2")})
			n.Clock.Set(time.Date(2026, 3, 2, 8, 0, 0, 0, cst))
			n.Create(t, "agent1", service.NewTicket{TemplateID: tplID, Subject: "会超时", OwnerID: n.ID(t, "eng_sh1")})
			n.Create(t, "agent1", service.NewTicket{Subject: "华西的", OwnerID: n.ID(t, "eng_west1")})

			sweep(t, n) // 08:00: too early for the summary
			n.Clock.Set(time.Date(2026, 3, 2, 11, 30, 0, 0, cst))
			sweep(t, n)
			sweep(t, n)
			got := n.Sink.Wait(t, 1, noticeTo(service.NoticeDailySummary, "east_mgr"))
			var card struct {
				Emphasis struct{ Title string }   `json:"emphasis_content"`
				List     []struct{ Value string } `json:"horizontal_content_list"`
			}
			if err := json.Unmarshal([]byte(noticeText(got[0])), &card); err != nil || got[0].Channel != service.ChannelWeComCard {
				t.Fatalf("summary %q on %s: %v", noticeText(got[0]), got[0].Channel, err)
			}
			// East: open 未完成 and 会超时 (response due 11:00 at 11:30), resolved 1 yesterday.
			if card.Emphasis.Title != "2" || card.List[0].Value != "1" || card.List[1].Value != "1" {
				t.Fatalf("east_mgr's summary = %s", noticeText(got[0]))
			}
			n.Sink.Wait(t, 1, noticeTo(service.NoticeDailySummary, "svc_mgr"))
			if s := n.Sink.Got(noticeTo(service.NoticeDailySummary, "eng_east1")); len(s) != 0 {
				t.Fatal("an engineer got a manager's summary")
			}
			if s := n.Sink.Got(noticeTo(service.NoticeDailySummary, "east_mgr")); len(s) != 1 {
				t.Fatalf("%d summaries the same day", len(s))
			}
		})
	}
}

// barrier sends each user a notice after everything written so far and
// waits for it: notices to one person arrive in order, so whatever was
// written for them before is delivered by then.
func barrier(t *testing.T, n *servicetest.Noticing, userids ...string) {
	t.Helper()
	for _, u := range userids {
		key := "barrier:" + u + ":" + n.Clock.Now().String()
		if err := n.Notifier.Notify(context.Background(), service.StaffNotice{Kind: service.NoticeChase,
			UserID: n.ID(t, u), DedupeKey: key}); err != nil {
			t.Fatal(err)
		}
		n.Sink.Wait(t, 1, func(x service.Notice) bool { return x.DedupeKey == key })
	}
}

// mar2 is a time on the test clock's first day, Monday 2026-03-02, China
// time (cst, sla_test.go).
func mar2(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, cst) }
