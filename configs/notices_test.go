package configs_test

import (
	"errors"
	"testing"

	"github.com/wecom-ticket/ticket/configs"
)

func TestNoticeSettingsAreCheckedNamingTheKey(t *testing.T) {
	cases := []struct {
		env     map[string]string
		wantKey string
	}{
		{map[string]string{"TICKET_SMTP_HOST": "smtp.example.com", "TICKET_SMTP_FROM": "not an address"}, "TICKET_SMTP_FROM"},
		{map[string]string{"TICKET_SMTP_HOST": "smtp.example.com", "TICKET_SMTP_FROM": "a@b.cn", "TICKET_SMTP_PORT": "70000"}, "TICKET_SMTP_PORT"},
		{map[string]string{"TICKET_SMTP_PORT": "many"}, "TICKET_SMTP_PORT"},
		{map[string]string{"TICKET_SMS_WEBHOOK_URL": "ftp://sms.example.com"}, "TICKET_SMS_WEBHOOK_URL"},
		{map[string]string{"TICKET_NOTICE_LINK_SECRET": "short"}, "TICKET_NOTICE_LINK_SECRET"},
		{map[string]string{"TICKET_NOTICE_LINK_TTL": "forever"}, "TICKET_NOTICE_LINK_TTL"},
		{map[string]string{"TICKET_NOTICE_TEMPLATE_DIR": "/no/such/dir"}, "TICKET_NOTICE_TEMPLATE_DIR"},
		{map[string]string{"TICKET_NOTICE_SUMMARY_TIME": "9am"}, "TICKET_NOTICE_SUMMARY_TIME"},
		{map[string]string{"TICKET_NOTICE_WORKERS": "-1"}, "TICKET_NOTICE_WORKERS"},
		{map[string]string{"TICKET_NOTICE_WORKERS": "1000"}, "TICKET_NOTICE_WORKERS"},
	}
	for _, c := range cases {
		t.Run(c.wantKey, func(t *testing.T) {
			_, err := configs.Load("", env(c.env))
			var ke *configs.KeyError
			if !errors.As(err, &ke) || ke.Env != c.wantKey {
				t.Fatalf("Load(%v) error = %v, want one naming %s", c.env, err, c.wantKey)
			}
		})
	}
	c, err := configs.Load("", env(map[string]string{"TICKET_SMTP_HOST": "smtp.example.com",
		"TICKET_SMTP_FROM": "工单中心 <support@example.com>", "TICKET_SMTP_PASSWORD": "hunter2",
		"TICKET_NOTICE_LINK_SECRET": "0123456789abcdef0123456789abcdef", "TICKET_NOTICE_TEMPLATE_DIR": t.TempDir(),
		"TICKET_NOTICE_WORKERS": "32"}))
	if err != nil {
		t.Fatal(err)
	}
	if at, _ := c.Notices.SummaryAt(); c.SMTP.Port != 587 || at.Hours() != 9 || c.Notices.Workers != 32 {
		t.Fatalf("defaults: port %d, summary at %v, workers %d", c.SMTP.Port, at, c.Notices.Workers)
	}
}
