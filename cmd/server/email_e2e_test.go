package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/channel/channeltest"
)

// Acceptance: a ticket filed from chat for a customer whose one contact
// has an email address brings that contact the "accepted" (受理) email,
// with the ticket number, at the SMTP server.
func TestChatTicketSendsTheCustomerTheAcceptedEmail(t *testing.T) {
	for _, st := range stacks(t) {
		t.Run(st.name, func(t *testing.T) {
			mailbox := channeltest.NewSMTPServer(t, "", "")
			e := newE2E(t, st)
			e.env["TICKET_SMTP_HOST"] = "127.0.0.1"
			e.env["TICKET_SMTP_PORT"] = strconv.Itoa(mailbox.Port())
			e.env["TICKET_SMTP_FROM"] = "工单中心 <support@example.com>"
			e.start()
			db := e.openDB()
			ctx := context.Background()
			now := time.Now().UTC().Truncate(time.Millisecond)
			crm := repo.NewCRM(db)
			cust := &service.Customer{Name: "苏州精密仪器有限公司", CreatedAt: now, UpdatedAt: now, Tags: []string{}}
			if err := crm.InsertCustomer(ctx, cust); err != nil {
				t.Fatal(err)
			}
			contact := &service.Contact{CustomerID: cust.ID, Name: "钱经理", Email: "qian@example.com", CreatedAt: now, UpdatedAt: now}
			if err := crm.SaveContact(ctx, contact); err != nil {
				t.Fatal(err)
			}

			m := newChat(e).say("agent1", "新建 打印机卡纸 #苏州精密", "已创建工单")
			num := number(t, m)
			if tk := ticketByNumber(t, db, num); tk.CustomerID != cust.ID || tk.ContactID != contact.ID {
				t.Fatalf("the chat filed customer %d contact %d, want %d and %d", tk.CustomerID, tk.ContactID, cust.ID, contact.ID)
			}
			mails := mailbox.Wait(t, 1)
			got := mails[0]
			if len(got.To) != 1 || got.To[0] != contact.Email || !strings.Contains(got.Subject, num) ||
				!strings.Contains(got.Subject, "已受理") || !strings.Contains(got.Body, num) || !strings.Contains(got.Body, "钱经理") {
				t.Fatalf("mail to %v %q:\n%s", got.To, got.Subject, got.Body)
			}
			waitUntil(t, "the email delivery on the ticket", func() bool {
				ds, err := repo.NewNotices(db).CustomerDeliveries(ctx, ticketByNumber(t, db, num).ID)
				return err == nil && len(ds) > 0 && ds[len(ds)-1].Channel == service.ChannelEmail && ds[len(ds)-1].Status == service.DeliverySent
			})
		})
	}
}
