package wecom_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/channel"
	"github.com/wecom-ticket/ticket/service/channel/channeltest"
	"github.com/wecom-ticket/ticket/service/servicetest"
	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// chain wires the customer channels as the server does: 微信客服, a
// group-send task the owner confirms, email, SMS.
type chain struct {
	n    *servicetest.Noticing
	sim  *sim.Server
	smtp *channeltest.SMTPServer
	sms  *channeltest.SMSSink
}

func newChain(t *testing.T, st *servicetest.Stack) *chain {
	t.Helper()
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	n := st.Noticing(t)
	smtpSrv := channeltest.NewSMTPServer(t, "", "")
	email, err := channel.NewEmail(channel.SMTPConfig{Host: "127.0.0.1", Port: smtpSrv.Port(), From: "support@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	sms := channeltest.NewSMSSink(t)
	texter, err := channel.NewSMSWebhook(sms.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	n.Deliverers[service.ChannelCustomer] = service.NewCustomerDeliverer(n.Store, log,
		service.NewKFChannel(c, n.Store), service.NewGroupMsgChannel(c, n.Notifier, 20*time.Millisecond), email, texter)
	n.Deliverers[service.ChannelGroupMsg] = service.GroupMsgReminder{Client: c}
	n.Deliverers[service.ChannelWeComMarkdown] = wecom.NewDeliverer(c, service.ChannelWeComMarkdown)
	n.Deliverers[service.ChannelRobot] = service.NewRobotDeliverer(wecom.Robot{}, n.Store)
	n.Start(t)
	return &chain{n: n, sim: s, smtp: smtpSrv, sms: sms}
}

func (c *chain) ticket(t *testing.T, contact service.Contact) (*service.Ticket, int64) {
	t.Helper()
	cust, id := c.n.Contact(t, contact)
	return c.n.Create(t, "agent1", service.NewTicket{Subject: "客户报修：" + contact.Name, CustomerID: cust, ContactID: id,
		OwnerID: c.n.ID(t, "eng_east1")}), id
}

// channels returns "channel:status" of each try at the ticket's notices.
func (c *chain) channels(t *testing.T, ticketID int64, n int) []string {
	t.Helper()
	var out []string
	deadline := time.Now().Add(10 * time.Second)
	for {
		ds, err := c.n.Store.CustomerDeliveries(context.Background(), ticketID)
		if err != nil {
			t.Fatal(err)
		}
		out = out[:0]
		for _, d := range ds {
			out = append(out, string(d.Channel)+":"+d.Status)
		}
		if len(out) >= n || time.Now().After(deadline) {
			return out
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Each customer notice takes the first channel that reaches the customer
// and the ticket records every try.
func TestCustomerNoticesFallBackThroughTheChannels(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			c := newChain(t, st)
			ctx := context.Background()

			// The customer wrote to 微信客服 just now: the window carries it.
			if err := c.sim.CustomerWritesKF(ctx, "wkKF", "wmZhang", "空调不制冷"); err != nil {
				t.Fatal(err)
			}
			if err := service.NewKFService(newClient(t, c.sim, newStore(t)), c.n.Store, st.KV).Sync(ctx, "", "wkKF"); err != nil {
				t.Fatal(err)
			}
			tk, _ := c.ticket(t, service.Contact{Name: "张三", ExternalUserID: "wmZhang", Email: "zhang@example.com"})
			if got := c.channels(t, tk.ID, 1); strings.Join(got, " ") != "wecom_kf:sent" {
				t.Fatalf("tries %v", got)
			}
			if sent := c.sim.KFSent("wmZhang"); len(sent) != 1 || !strings.Contains(sent[0].Content, tk.Number) ||
				!strings.Contains(sent[0].Content, service.StatusPagePath) {
				t.Fatalf("kf = %+v", sent)
			}

			// Two days later WeCom refuses: the owner's group-send task takes
			// it, and the bot asks the owner to confirm it.
			c.sim.AgeKFWindow("wmZhang", 49*time.Hour)
			c.sim.AddCustomer("eng_east1", "wmZhang")
			mustTicket(c.n.Tickets.Resolve(ctx, c.n.As(t, "eng_east1"), tk.ID, "已修好"))(t)
			if got := c.channels(t, tk.ID, 3); strings.Join(got[1:], " ") != "wecom_kf:skipped wecom_groupmsg:sent" {
				t.Fatalf("tries %v", got)
			}
			tasks := c.sim.GroupMsgTasks()
			if len(tasks) != 1 || tasks[0].Sender != "eng_east1" || !strings.Contains(tasks[0].Content, "问题已解决") {
				t.Fatalf("tasks = %+v", tasks)
			}
			msgs := waitSent(t, c.sim, "eng_east1", "请确认发送客户通知")
			if !strings.Contains(msgs.Content, "张三") {
				t.Fatalf("confirmation request = %q", msgs.Content)
			}
			servicetest.Eventually(t, "WeCom's reminder of the task", func() bool { return len(c.sim.GroupMsgReminders()) == 1 })

			// Not on WeChat: email.
			tk2, _ := c.ticket(t, service.Contact{Name: "李四", Email: "lisi@example.com", Phone: "13900000004"})
			if got := c.channels(t, tk2.ID, 3); strings.Join(got, " ") != "wecom_kf:skipped wecom_groupmsg:skipped email:sent" {
				t.Fatalf("tries %v", got)
			}
			if m := c.smtp.Wait(t, 1); !strings.Contains(m[0].Subject, tk2.Number) {
				t.Fatalf("mail = %+v", m[0])
			}
			// Only a phone: SMS.
			tk3, _ := c.ticket(t, service.Contact{Name: "王五", Phone: "13900000005"})
			if got := c.channels(t, tk3.ID, 4); got[3] != "sms:sent" {
				t.Fatalf("tries %v", got)
			}
			if s := c.sms.Got(); len(s) != 1 || s[0].Phone != "13900000005" || !strings.Contains(s[0].Text, tk3.Number) {
				t.Fatalf("sms = %+v", s)
			}

			// On WeChat, but nobody can reach them: dead-lettered for an admin.
			tk4, _ := c.ticket(t, service.Contact{Name: "赵六", ExternalUserID: "wmStranger"})
			servicetest.Eventually(t, "the unreachable notice to be dead", func() bool {
				dead, err := c.n.Outbox.DeadLetters(ctx, 10)
				return err == nil && len(dead) == 1 && dead[0].TicketID == tk4.ID
			})
			if got := c.channels(t, tk4.ID, 4); strings.Join(got, " ") !=
				"wecom_kf:skipped wecom_groupmsg:skipped email:skipped sms:skipped" {
				t.Fatalf("tries %v", got)
			}
		})
	}
}

// A department's group chat is a group robot; its key is looked up when
// sending, and WeCom's limit of 20 a minute holds notices back, not loses them.
func TestRobotDelivererPostsToTheGroup(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	s := newSim(t, service.OrgSnapshot{})
	n := st.Noticing(t)
	ctx := context.Background()
	prefs := service.NewPreferenceService(st.Org, n.Store)
	if err := prefs.SetGroupChat(ctx, n.As(t, "admin"), 4, "robotEast"); err != nil {
		t.Fatal(err)
	}
	s.AddRobot("robotEast")
	d := service.NewRobotDeliverer(wecom.Robot{}, n.Store)
	note := func(recipient string) []service.Notice {
		return []service.Notice{{ID: 1, Recipient: recipient, Payload: []byte(`{"text":"**超时提醒**"}`)}}
	}
	if err := d.Deliver(ctx, note("dept:4")); err != nil {
		t.Fatal(err)
	}
	if got := s.RobotMessages("robotEast"); len(got) != 1 || got[0].Content != "**超时提醒**" || got[0].MsgType != "markdown" {
		t.Fatalf("robot = %+v", got)
	}
	var perm *service.PermanentError
	if err := d.Deliver(ctx, note("dept:5")); !errors.As(err, &perm) {
		t.Fatalf("a department without a group chat: %v", err)
	}
	if err := prefs.SetGroupChat(ctx, n.As(t, "admin"), 5, "robotGone"); err != nil {
		t.Fatal(err)
	}
	if err := d.Deliver(ctx, note("dept:5")); !errors.As(err, &perm) || !strings.Contains(err.Error(), "93000") {
		t.Fatalf("a key WeCom does not know: %v", err)
	}
	for range sim.RobotPerMinute - 1 {
		if err := d.Deliver(ctx, note("dept:4")); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Deliver(ctx, note("dept:4")); !service.IsKind(err, service.KindRateLimited) {
		t.Fatalf("the 21st message in a minute: %v, want rate limited", err)
	}
}

func waitSent(t *testing.T, s *sim.Server, userid, containing string) sim.SentMessage {
	t.Helper()
	var found sim.SentMessage
	servicetest.Eventually(t, userid+" to get "+containing, func() bool {
		for _, m := range s.Sent(userid) {
			if strings.Contains(m.Content, containing) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

var mustTicket = servicetest.Must[*service.Ticket]

// Staff notices are written by the service as service.StaffPayload and
// sent by the app-message deliverers, which read wecom.NoticePayload: a
// rendered card must arrive as a card.
func TestStaffPayloadIsWhatTheDeliverersRead(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	st := servicetest.Stacks(t)[0]
	n := st.Noticing(t)
	p, err := n.Texts.Staff(service.NoticeDailySummary, true, service.NoticeData{Lang: "zh", Recipient: "郑东",
		Summary: &service.NoticeSummary{Day: "2026-03-02", Open: 4, Overdue: 1}, Link: "https://t.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	card := wecom.NewDeliverer(c, service.ChannelWeComCard)
	if err := card.Deliver(context.Background(), []service.Notice{{ID: 1, Recipient: "east_mgr", Payload: raw}}); err != nil {
		t.Fatal(err)
	}
	got := s.Sent("east_mgr")
	if len(got) != 1 || got[0].Card == nil || got[0].Card.EmphasisContent.Title != "4" ||
		got[0].Card.MainTitle.Title != "2026-03-02 工单日报" {
		t.Fatalf("sent %+v", got)
	}
}
