package channel_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/channel"
	"github.com/wecom-ticket/ticket/service/channel/channeltest"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func newEmail(t *testing.T, srv *channeltest.SMTPServer) *channel.Email {
	t.Helper()
	e, err := channel.NewEmail(channel.SMTPConfig{Host: "127.0.0.1", Port: srv.Port(), User: srv.User,
		Password: srv.Password, From: "工单中心 <support@example.com>"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEmailChannel(t *testing.T) {
	srv := channeltest.NewSMTPServer(t, "mailer", "s3cret")
	e := newEmail(t, srv)
	ctx := context.Background()
	m := &service.CustomerMessage{Name: "张三", Email: "zhang@example.com", Subject: "【GD1】您的问题已受理",
		Text: "张三，您好：\n您的问题已受理，工单号 GD1。"}
	if err := e.SendCustomer(ctx, service.Notice{ID: 9}, m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1)[0]
	if got.Subject != m.Subject || !strings.Contains(got.Body, "工单号 GD1") || got.To[0] != "zhang@example.com" ||
		got.From != "support@example.com" || !strings.Contains(got.Header.Get("Message-ID"), "notice-9@example.com") {
		t.Fatalf("mail = %+v", got)
	}

	if err := e.SendCustomer(ctx, service.Notice{ID: 10}, &service.CustomerMessage{Name: "无邮箱"}); !service.IsChannelClosed(err) {
		t.Fatalf("no address: %v, want the channel closed", err)
	}
	srv.Refuse(func(string) error { return errors.New("no such mailbox") })
	var perm *service.PermanentError
	if err := e.SendCustomer(ctx, service.Notice{ID: 11}, m); !errors.As(err, &perm) {
		t.Fatalf("a refused mailbox: %v, want permanent", err)
	}
	bad, _ := channel.NewEmail(channel.SMTPConfig{Host: "127.0.0.1", Port: srv.Port(), User: "mailer",
		Password: "wrong", From: "support@example.com"})
	if err := bad.SendCustomer(ctx, service.Notice{ID: 12}, m); err == nil || errors.As(err, &perm) {
		t.Fatalf("bad credentials: %v, want a temporary failure (a config fix makes the retry work)", err)
	}
}

func TestSMSWebhookChannel(t *testing.T) {
	sink := channeltest.NewSMSSink(t)
	s, err := channel.NewSMSWebhook(sink.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := &service.CustomerMessage{Number: "GD1", Phone: "13900000001", SMS: "您的问题已受理，工单号GD1"}
	if err := s.SendCustomer(ctx, service.Notice{ID: 3}, m); err != nil {
		t.Fatal(err)
	}
	if got := sink.Got(); len(got) != 1 || got[0].Phone != m.Phone || got[0].Text != m.SMS || got[0].NoticeID != 3 {
		t.Fatalf("sms = %+v", got)
	}
	if err := s.SendCustomer(ctx, service.Notice{}, &service.CustomerMessage{}); !service.IsChannelClosed(err) {
		t.Fatalf("no phone: %v", err)
	}
	var perm *service.PermanentError
	sink.Answer(http.StatusBadRequest)
	if err := s.SendCustomer(ctx, service.Notice{}, m); !errors.As(err, &perm) {
		t.Fatalf("400: %v, want permanent", err)
	}
	sink.Answer(http.StatusServiceUnavailable)
	if err := s.SendCustomer(ctx, service.Notice{}, m); err == nil || errors.As(err, &perm) {
		t.Fatalf("503: %v, want temporary", err)
	}
	if _, err := channel.NewSMSWebhook("ftp://x", nil); err == nil {
		t.Fatal("accepted a non-http URL")
	}
}

// Acceptance: a ticket created from chat for a contact with an email gets
// the "accepted" email at the SMTP server, with the ticket number. The
// chain is a deployment without WeCom customer channels (email, then
// SMS); wecom's tests run the whole chain.
func TestTicketFromChatGetsTheAcceptedEmail(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			srv := channeltest.NewSMTPServer(t, "", "")
			sms := channeltest.NewSMSSink(t)
			texter, err := channel.NewSMSWebhook(sms.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			n := st.Noticing(t)
			n.Deliverers[service.ChannelCustomer] = service.NewCustomerDeliverer(n.Store,
				slog.New(slog.NewTextHandler(io.Discard, nil)), newEmail(t, srv), texter)
			n.Start(t)
			cust, contact := n.Contact(t, service.Contact{Name: "王五", Email: "wangwu@example.com", Phone: "13900000003"})
			in := n.Repair(t, "扫地机器人不回充")
			in.CustomerID, in.ContactID = cust, contact
			chat := n.As(t, "agent1")
			chat.Origin = service.OriginWeComChat
			c, err := n.Tickets.Create(context.Background(), chat, in)
			if err != nil {
				t.Fatal(err)
			}
			mail := srv.Wait(t, 1)[0]
			if mail.To[0] != "wangwu@example.com" || !strings.Contains(mail.Subject, c.Ticket.Number) ||
				!strings.Contains(mail.Subject, "您的问题已受理") || !strings.Contains(mail.Body, c.Ticket.Number) ||
				!strings.Contains(mail.Body, "https://tickets.example.com"+service.StatusPagePath) {
				t.Fatalf("accepted email = %+v", mail)
			}
			if len(sms.Got()) != 0 {
				t.Fatal("email carried the notice; SMS must not have been used")
			}
			log := service.NewCustomerNoticeLog(n.Store, n.Tickets)
			if _, err := log.Deliveries(context.Background(), n.As(t, "eng_west1"), c.Ticket.ID); !service.IsKind(err, service.KindNotFound) {
				t.Fatalf("someone outside the ticket's scope read its notice log: %v", err)
			}
			// The mail reaches the server before the deliverer records it.
			var ds []service.CustomerDelivery
			servicetest.Eventually(t, "the delivery record", func() bool {
				ds, err = log.Deliveries(context.Background(), n.As(t, "svc_mgr"), c.Ticket.ID)
				return err != nil || len(ds) > 0
			})
			if err != nil || len(ds) != 1 || ds[0].Channel != service.ChannelEmail || ds[0].Status != service.DeliverySent ||
				ds[0].Node != service.NoticeCreated {
				t.Fatalf("the ticket's record of channels = %+v, %v", ds, err)
			}
		})
	}
}
