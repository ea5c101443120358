package configs_test

import (
	"testing"

	"github.com/wecom-ticket/ticket/configs"
)

// Bad notice settings are refused in TestLoadRejectsBadSettingsNamingTheKey.
func TestNoticeSettingsLoad(t *testing.T) {
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
