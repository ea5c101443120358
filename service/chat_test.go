package service_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
	"github.com/wecom-ticket/ticket/templates/notices"
)

// chatting is a stack's ticket side with the chat service on it; its
// outbox is never run, so what a turn wrote stays to be counted.
type chatting struct {
	*servicetest.Ticketing
	st    *servicetest.Stack
	chat  *service.ChatService
	queue *repo.Outbox
}

func newChatting(t *testing.T, st *servicetest.Stack) *chatting {
	k := st.Ticketing(t)
	queue := repo.NewOutbox(st.DB)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ob := service.NewOutbox(service.OutboxConfig{}, queue, nil, log, nil)
	texts, err := service.NewNoticeTemplates(notices.Files, "", log)
	if err != nil {
		t.Fatal(err)
	}
	// Renders reminders only: the ticket service's changes write no notices here.
	nf := service.NewNotifier(service.NotifierDeps{Outbox: ob, Org: st.Org, Store: repo.NewNotices(st.DB), Templates: texts,
		BaseURL: "https://tickets.example.com"})
	return &chatting{Ticketing: k, st: st, queue: queue,
		chat: service.NewChatService(st.DB, repo.NewChat(st.DB), ob, k.Tickets, nf, st.KV)}
}

func (c *chatting) pending(t *testing.T) int64 {
	t.Helper()
	n, err := c.queue.CountByStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n[service.NoticePending]
}

func chatAs(k *servicetest.Ticketing, t *testing.T, userid string) service.Actor {
	a := k.As(t, userid)
	a.Origin = service.OriginWeComChat
	return a
}

// A turn's effect and replies commit together, once per key; a failed
// turn leaves nothing and may be run again.
func TestChatTurnRunsOncePerKey(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			c := newChatting(t, st)
			ctx := context.Background()
			runs := 0
			reply := func(ctx context.Context) ([]*service.Notice, error) {
				runs++
				_, err := c.Tickets.Create(ctx, chatAs(c.Ticketing, t, "agent1"), service.NewTicket{Subject: "打印机卡纸"})
				return []*service.Notice{{DedupeKey: "reply:k1:0", Channel: service.ChannelChat, Recipient: "agent1", Payload: []byte("{}")}}, err
			}
			for range 2 {
				if _, err := c.chat.Turn(ctx, "msg:1", reply); err != nil {
					t.Fatal(err)
				}
			}
			page := servicetest.Must(c.Tickets.List(ctx, c.As(t, "agent1"), service.ListQuery{View: service.ViewMine}))(t)
			if runs != 1 || len(page.Tickets) != 1 || c.pending(t) != 1 {
				t.Fatalf("two turns with one key: %d runs, %d tickets, %d notices; want 1 each", runs, len(page.Tickets), c.pending(t))
			}
			boom := errors.New("boom")
			ran, err := c.chat.Turn(ctx, "msg:2", func(ctx context.Context) ([]*service.Notice, error) {
				if _, err := c.Tickets.Create(ctx, c.As(t, "agent1"), service.NewTicket{Subject: "不该留下"}); err != nil {
					return nil, err
				}
				return nil, boom
			})
			if !errors.Is(err, boom) || ran {
				t.Fatalf("failed turn: ran %v, err %v", ran, err)
			}
			if ran, err := c.chat.Turn(ctx, "msg:2", func(context.Context) ([]*service.Notice, error) { return nil, nil }); !ran || err != nil {
				t.Fatalf("a failed turn's key was kept: ran %v, err %v", ran, err)
			}
			page = servicetest.Must(c.Tickets.List(ctx, c.As(t, "agent1"), service.ListQuery{View: service.ViewMine}))(t)
			if len(page.Tickets) != 1 {
				t.Fatalf("the failed turn's ticket stayed: %d tickets", len(page.Tickets))
			}
		})
	}
}

// A number someone may not read looks exactly like one that does not exist.
func TestChatTicketByNumber(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			c := newChatting(t, st)
			ctx := context.Background()
			tk := c.Create(t, "agent1", service.NewTicket{Subject: "打印机卡纸"})
			got := servicetest.Must(c.chat.Ticket(ctx, c.As(t, "agent1"), tk.Number))(t)
			if got.ID != tk.ID {
				t.Fatalf("found %d, want %d", got.ID, tk.ID)
			}
			_, hidden := c.chat.Ticket(ctx, c.As(t, "agent2"), tk.Number)
			_, missing := c.chat.Ticket(ctx, c.As(t, "agent2"), "GD20000101-9999")
			if !service.IsKind(hidden, service.KindNotFound) || !service.IsKind(missing, service.KindNotFound) {
				t.Fatalf("outsider: %v; missing: %v; want both not found", hidden, missing)
			}
		})
	}
}

func TestNudge(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			c := newChatting(t, st)
			ctx := context.Background()
			tk := c.Create(t, "agent1", service.NewTicket{Subject: "复印机卡纸", OwnerID: c.ID(t, "eng_east1")})
			queued := c.Create(t, "agent2", c.Complaint(t, "排队中"))
			cases := []struct {
				who  string
				id   int64
				kind service.Kind // 0: allowed
			}{
				{"agent2", tk.ID, service.KindNotFound},     // cannot see it
				{"eng_east1", tk.ID, service.KindForbidden}, // the handler chasing themselves
				{"agent2", queued.ID, service.KindConflict}, // nobody handles it yet
				{"agent1", tk.ID, 0},                        // the creator
				{"east_mgr", tk.ID, service.KindRateLimited},
			}
			for _, cs := range cases {
				n, err := c.chat.Nudge(ctx, chatAs(c.Ticketing, t, cs.who), cs.id)
				if cs.kind == 0 {
					if err != nil || n.Handler.UserID != "eng_east1" {
						t.Fatalf("%s chasing: %v, %+v", cs.who, err, n)
					}
					continue
				}
				if !service.IsKind(err, cs.kind) {
					t.Fatalf("%s chasing ticket %d: %v, want %v", cs.who, cs.id, err, cs.kind)
				}
			}
			evs := servicetest.Must(c.Tickets.Timeline(ctx, c.As(t, "admin"), tk.ID))(t)
			last := evs[len(evs)-1]
			if last.Action != service.ActionNudge || last.Origin != service.OriginWeComChat || last.ActorID != c.ID(t, "agent1") {
				t.Fatalf("last timeline entry %+v, want agent1's nudge from chat", last)
			}
			// A leader may chase too (another ticket: the first is resting).
			other := c.Create(t, "eng_east1", service.NewTicket{Subject: "自己的", OwnerID: c.ID(t, "eng_east1")})
			if _, err := c.chat.Nudge(ctx, chatAs(c.Ticketing, t, "east_mgr"), other.ID); err != nil {
				t.Fatalf("the handler's leader chasing: %v", err)
			}
			if _, err := c.chat.Nudge(ctx, chatAs(c.Ticketing, t, "eng_east2"), other.ID); !service.IsKind(err, service.KindNotFound) && !service.IsKind(err, service.KindForbidden) {
				t.Fatalf("a peer chasing: %v, want a refusal", err)
			}
		})
	}
}

// A reminder is rendered from the notice templates in the setter's
// language, waits on its own channel until its time, and leaves a
// timeline entry from the chat; a refused one leaves nothing.
func TestRemind(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			c := newChatting(t, st)
			ctx := context.Background()
			tk := c.Create(t, "agent1", service.NewTicket{Subject: "回访客户"})
			shared := c.Create(t, "agent2", service.NewTicket{Subject: "call back"})
			at := time.Now().Add(time.Hour).Truncate(time.Second)
			for _, cs := range []struct {
				who    string
				ticket *service.Ticket
				note   string
			}{{"agent1", tk, "带上报价单"}, {"agent2", shared, "bring the quote"}} {
				key := "remind:" + cs.who
				r := service.Reminder{TicketID: cs.ticket.ID, At: at, Note: cs.note, DedupeKey: key}
				if err := c.chat.Remind(ctx, chatAs(c.Ticketing, t, cs.who), r); err != nil {
					t.Fatalf("%s setting a reminder: %v", cs.who, err)
				}
				evs := servicetest.Must(c.Tickets.Timeline(ctx, c.As(t, "admin"), cs.ticket.ID))(t)
				last := evs[len(evs)-1]
				if last.Action != service.ActionRemind || last.Origin != service.OriginWeComChat || last.ActorID != c.ID(t, cs.who) {
					t.Fatalf("last timeline entry %+v, want %s's reminder from chat", last, cs.who)
				}
			}
			if early := servicetest.Must(c.queue.Claim(ctx, "test", at.Add(-time.Minute), at, 10))(t); len(early) != 0 {
				t.Fatalf("reminders due before their time: %+v", early)
			}
			due := servicetest.Must(c.queue.Claim(ctx, "test", at.Add(time.Minute), at.Add(2*time.Minute), 10))(t)
			if len(due) != 2 {
				t.Fatalf("%d reminders due, want 2", len(due))
			}
			for _, n := range due {
				var p service.StaffPayload
				if err := json.Unmarshal(n.Payload, &p); err != nil {
					t.Fatal(err)
				}
				want := map[string][]string{
					"agent1": {"**提醒：工单 " + tk.Number + "**", "带上报价单", "> 回访客户", "[查看工单](https://tickets.example.com/tickets/"},
					"agent2": {"**Reminder: ticket " + shared.Number + "**", "bring the quote", "> call back", "[Open the ticket]("},
				}[n.Recipient]
				if n.Channel != service.ChannelReminder || n.Kind != string(service.NoticeReminder) || len(want) == 0 {
					t.Fatalf("reminder notice %+v", n)
				}
				for _, w := range want {
					if !strings.Contains(p.Text, w) {
						t.Errorf("%s's reminder %q lacks %q", n.Recipient, p.Text, w)
					}
				}
			}

			before := len(servicetest.Must(c.Tickets.Timeline(ctx, c.As(t, "admin"), tk.ID))(t))
			r := service.Reminder{TicketID: tk.ID, At: at, DedupeKey: "remind:bad"}
			past := r
			past.At = time.Now().Add(-time.Minute)
			far := r
			far.At = time.Now().Add(2 * service.MaxReminderAhead)
			for _, bad := range []service.Reminder{past, far} {
				if err := c.chat.Remind(ctx, c.As(t, "agent1"), bad); !service.IsKind(err, service.KindInvalid) {
					t.Fatalf("reminder at %v: %v, want invalid", bad.At, err)
				}
			}
			if err := c.chat.Remind(ctx, c.As(t, "eng_west1"), r); !service.IsKind(err, service.KindNotFound) {
				t.Fatalf("reminder on an unseen ticket: %v", err)
			}
			if after := len(servicetest.Must(c.Tickets.Timeline(ctx, c.As(t, "admin"), tk.ID))(t)); after != before {
				t.Fatalf("refused reminders wrote %d timeline entries", after-before)
			}
			if n := c.pending(t); n != 0 {
				t.Fatalf("refused reminders queued %d notices", n)
			}
		})
	}
}

// Declining goes back to the queue the ticket came through, or to whoever
// handed it over.
func TestDecline(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			c := newChatting(t, st)
			ctx := context.Background()
			repair := c.Create(t, "agent2", c.Repair(t, "净化器不开机"))
			servicetest.Must(c.Tickets.Allocate(ctx, c.As(t, "svc_mgr"), repair.ID, 4))(t)
			servicetest.Must(c.Tickets.Dispatch(ctx, c.As(t, "east_mgr"), repair.ID, service.DispatchInput{OwnerID: c.ID(t, "eng_east1")}))(t)
			complaint := c.Create(t, "agent2", c.Complaint(t, "态度差"))
			servicetest.Must(c.Tickets.Dispatch(ctx, c.As(t, "svc_mgr"), complaint.ID, service.DispatchInput{OwnerID: c.ID(t, "eng_east1")}))(t)
			if _, err := c.Tickets.Decline(ctx, c.As(t, "east_mgr"), repair.ID, "不是我的"); !service.IsKind(err, service.KindForbidden) {
				t.Fatalf("someone else declining: %v, want forbidden", err)
			}
			tr := servicetest.Must(c.Tickets.Decline(ctx, c.As(t, "eng_east1"), repair.ID, "不在我的区域"))(t)
			if tr.ToDeptID != 4 || tr.ToUserID != 0 || tr.Reason != "不在我的区域" {
				t.Fatalf("declined repair: %+v, want back to the East queue", tr)
			}
			tr = servicetest.Must(c.Tickets.Decline(ctx, c.As(t, "eng_east1"), complaint.ID, "忙不过来"))(t)
			if tr.ToUserID != c.ID(t, "svc_mgr") || tr.ToDeptID != 0 {
				t.Fatalf("declined complaint: %+v, want back to svc_mgr", tr)
			}
			own := c.Create(t, "eng_east1", service.NewTicket{Subject: "自建", OwnerID: c.ID(t, "eng_east1")})
			if _, err := c.Tickets.Decline(ctx, c.As(t, "eng_east1"), own.ID, "x"); !service.IsKind(err, service.KindConflict) {
				t.Fatalf("declining one's own ticket: %v, want conflict", err)
			}
		})
	}
}

func TestCheckNewAndCandidates(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			c := newChatting(t, st)
			ctx := context.Background()
			bad := servicetest.Must(c.Tickets.CheckNew(ctx, c.As(t, "agent1"),
				service.NewTicket{TemplateID: c.Template(t, "complaint"), Subject: "态度差"}))(t)
			for _, k := range []string{"description", "customer_id", "custom.category"} {
				if bad[k] == "" {
					t.Errorf("CheckNew missed %s: %v", k, bad)
				}
			}
			if ok := servicetest.Must(c.Tickets.CheckNew(ctx, c.As(t, "agent1"), c.Complaint(t, "态度差")))(t); len(ok) != 0 {
				t.Fatalf("a complete complaint: %v", ok)
			}
			page := servicetest.Must(c.Tickets.List(ctx, c.As(t, "agent1"), service.ListQuery{View: service.ViewMine}))(t)
			if len(page.Tickets) != 0 {
				t.Fatal("CheckNew wrote a ticket")
			}
			east := c.Create(t, "agent1", c.ReturnRefund(t, "退货", 4))
			users := servicetest.Must(c.Tickets.DispatchCandidates(ctx, c.As(t, "east_mgr"), east.ID))(t)
			var ids []string
			for _, u := range users {
				ids = append(ids, u.UserID)
			}
			slices.Sort(ids)
			if want := []string{"east_mgr", "eng_east1", "eng_east2", "eng_east3", "eng_sh1"}; !slices.Equal(ids, want) {
				t.Fatalf("candidates for the East queue: %v, want %v", ids, want)
			}
			depts := servicetest.Must(c.Tickets.ReceivingDepartments(ctx))(t)
			if len(depts) != 5 || depts[0].ID != 4 {
				t.Fatalf("receiving departments: %+v", depts)
			}
		})
	}
}
