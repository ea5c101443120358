package handler_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// Staff who may read a ticket see which channel carried each of its
// customer notices, every try in order, through the API and on the H5
// detail page; other tickets' tries stay out.
func TestCustomerNoticesAPIAndPage(t *testing.T) {
	forEachH5Stack(t, func(t *testing.T, e *h5Env) {
		ctx := context.Background()
		f := e.k.SeedTickets(t)
		tk, other := f.ByName["e1_open"], f.ByName["w1_team_e2"]
		store := repo.NewNotices(e.st.DB)
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		for _, d := range []service.CustomerDelivery{
			{NoticeID: 11, TicketID: tk.ID, Node: service.NoticeCreated, Channel: "wecom_kf", Status: service.DeliverySkipped, Detail: "window closed", CreatedAt: at},
			{NoticeID: 11, TicketID: tk.ID, Node: service.NoticeCreated, Channel: "email", Status: service.DeliverySent, CreatedAt: at},
			{NoticeID: 12, TicketID: other.ID, Node: service.NoticeCreated, Channel: "sms", Status: service.DeliverySent, CreatedAt: at},
		} {
			if err := store.AddCustomerDelivery(ctx, &d); err != nil {
				t.Fatal(err)
			}
		}
		var got struct {
			Items []struct {
				NoticeID int64  `json:"notice_id"`
				Node     string `json:"node"`
				Channel  string `json:"channel"`
				Status   string `json:"status"`
				Detail   string `json:"detail"`
			}
		}
		e.do("GET", fmt.Sprintf("/api/v1/tickets/%d/customer-notices", tk.ID), "eng_east1", nil).want(t, 200, "owner reads").Into(t, &got)
		if len(got.Items) != 2 || got.Items[0].Channel != "wecom_kf" || got.Items[0].Status != "skipped" ||
			got.Items[0].Detail != "window closed" || got.Items[1].Channel != "email" || got.Items[1].Status != "sent" ||
			got.Items[1].NoticeID != 11 || got.Items[1].Node != string(service.NoticeCreated) {
			t.Fatalf("deliveries of ticket %d: %+v", tk.ID, got.Items)
		}
		e.do("GET", fmt.Sprintf("/api/v1/tickets/%d/customer-notices", tk.ID), "eng_west1", nil).want(t, 404, "an outsider")

		e.as("eng_east1").get(ticketPath(tk.ID)).want(t, 200, "detail page").
			has(t, "customer notices", "客户通知", "微信客服", "不可用，已跳过", "window closed", "邮件", "已送达").lacks(t, "another ticket's", "短信")
		quiet := f.ByName["e1_urgent"]
		e.as("admin").get(ticketPath(quiet.ID)).want(t, 200, "a ticket without customer notices").lacks(t, "no customer notices", "客户通知")
	})
}
