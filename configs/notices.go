package configs

import (
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"time"
)

// SMTP names the mail server customer notices are sent through; an empty
// Host turns email off.
type SMTP struct {
	Host     string `yaml:"host"`
	Port     int    `yaml:"port"`
	User     string `yaml:"user"`
	Password string `yaml:"password"`
	From     string `yaml:"from"`
}

// SMS names the SMS provider's webhook; empty turns SMS off.
type SMS struct {
	WebhookURL string `yaml:"webhook_url"`
}

// Notices configures notices beyond their channels.
type Notices struct {
	// LinkSecret signs the customer status and survey links (at least 32
	// characters); empty makes one per start, so links die on restart.
	LinkSecret  string        `yaml:"link_secret"`
	LinkTTL     time.Duration `yaml:"link_ttl"`
	TemplateDir string        `yaml:"template_dir"` // admin overrides of templates/notices
	SummaryTime string        `yaml:"summary_time"` // managers' daily summary, China time
	// Workers is how many notices one instance delivers at once (0: the
	// outbox's default). More helps when WeCom answers slowly.
	Workers int `yaml:"workers"`
}

var noticeBindings = []binding{
	{"TICKET_SMTP_HOST", "smtp.host", str(func(c *Config) *string { return &c.SMTP.Host })},
	{"TICKET_SMTP_PORT", "smtp.port", integer(func(c *Config) *int { return &c.SMTP.Port })},
	{"TICKET_SMTP_USER", "smtp.user", str(func(c *Config) *string { return &c.SMTP.User })},
	{"TICKET_SMTP_PASSWORD", "smtp.password", str(func(c *Config) *string { return &c.SMTP.Password })},
	{"TICKET_SMTP_FROM", "smtp.from", str(func(c *Config) *string { return &c.SMTP.From })},
	{"TICKET_SMS_WEBHOOK_URL", "sms.webhook_url", str(func(c *Config) *string { return &c.SMS.WebhookURL })},
	{"TICKET_NOTICE_LINK_SECRET", "notices.link_secret", str(func(c *Config) *string { return &c.Notices.LinkSecret })},
	{"TICKET_NOTICE_LINK_TTL", "notices.link_ttl", func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("not a duration such as 720h: %q", v)
		}
		c.Notices.LinkTTL = d
		return nil
	}},
	{"TICKET_NOTICE_TEMPLATE_DIR", "notices.template_dir", str(func(c *Config) *string { return &c.Notices.TemplateDir })},
	{"TICKET_NOTICE_SUMMARY_TIME", "notices.summary_time", str(func(c *Config) *string { return &c.Notices.SummaryTime })},
	{"TICKET_NOTICE_WORKERS", "notices.workers", integer(func(c *Config) *int { return &c.Notices.Workers })},
}

// defaultNotices: SMTP submission port, month-long links, 09:00 summaries.
func defaultNotices(c *Config) {
	c.SMTP.Port = 587
	c.Notices.LinkTTL = 30 * 24 * time.Hour
	c.Notices.SummaryTime = "09:00"
}

// SummaryAt parses SummaryTime as an offset from midnight.
func (n Notices) SummaryAt() (time.Duration, error) {
	t, err := time.Parse("15:04", n.SummaryTime)
	if err != nil {
		return 0, fmt.Errorf("want HH:MM, got %q", n.SummaryTime)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

func (c *Config) validateNotices() error {
	if c.SMTP.Host != "" {
		if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
			return keyErr("TICKET_SMTP_PORT", "must be a port from 1 to 65535, got %d", c.SMTP.Port)
		}
		if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
			return keyErr("TICKET_SMTP_FROM", "must be a sender address such as 工单中心 <support@example.com>, got %q", c.SMTP.From)
		}
	}
	if u := c.SMS.WebhookURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return keyErr("TICKET_SMS_WEBHOOK_URL", "must be an http(s) URL")
		}
	}
	if s := c.Notices.LinkSecret; s != "" && len(s) < 32 {
		return keyErr("TICKET_NOTICE_LINK_SECRET", "must be at least 32 characters, got %d", len(s))
	}
	if c.Notices.LinkTTL <= 0 {
		return keyErr("TICKET_NOTICE_LINK_TTL", "must be positive")
	}
	if w := c.Notices.Workers; w < 0 || w > 256 {
		return keyErr("TICKET_NOTICE_WORKERS", "must be from 0 (the default) to 256, got %d", w)
	}
	if d := c.Notices.TemplateDir; d != "" {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return keyErr("TICKET_NOTICE_TEMPLATE_DIR", "%q is not a directory", d)
		}
	}
	if _, err := c.Notices.SummaryAt(); err != nil {
		return keyErr("TICKET_NOTICE_SUMMARY_TIME", "%v", err)
	}
	return nil
}
