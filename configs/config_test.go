package configs_test

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/configs"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

const goodKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

func TestLoadRejectsBadSettingsNamingTheKey(t *testing.T) {
	cases := []struct {
		env     map[string]string
		wantKey string
	}{
		{map[string]string{"TICKET_DB_DRIVER": "oracle"}, "TICKET_DB_DRIVER"},
		{map[string]string{"TICKET_WECOM_AES_KEY": "0123456789"}, "TICKET_WECOM_AES_KEY"},
		{map[string]string{"TICKET_WECOM_AES_KEY": strings.Repeat("!", 43)}, "TICKET_WECOM_AES_KEY"},
		{map[string]string{"TICKET_WECOM_AGENT_ID": "abc"}, "TICKET_WECOM_AGENT_ID"},
		{map[string]string{"TICKET_DB_MAX_OPEN_CONNS": "0"}, "TICKET_DB_MAX_OPEN_CONNS"},
		{map[string]string{"TICKET_DB_DRIVER": "mysql"}, "TICKET_DB_DSN"},
		{map[string]string{"TICKET_WECOM_API_BASE": "qyapi.weixin.qq.com"}, "TICKET_WECOM_API_BASE"},
		{map[string]string{"TICKET_DEMO": "yes"}, "TICKET_DEMO"},
		{map[string]string{"TICKET_LOG_LEVEL": "loud"}, "TICKET_LOG_LEVEL"},
		{map[string]string{"TICKET_HTTP_SHUTDOWN_TIMEOUT": "soon"}, "TICKET_HTTP_SHUTDOWN_TIMEOUT"},
		{map[string]string{"TICKET_HTTP_PPROF_ADDR": "0.0.0.0:6060"}, "TICKET_HTTP_PPROF_ADDR"},
		{map[string]string{"TICKET_HTTP_PPROF_ADDR": "6060"}, "TICKET_HTTP_PPROF_ADDR"},
		// notices and their channels (notices.go)
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
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans several lines: %q", err)
			}
		})
	}
}

func TestDefaultsAndOverrides(t *testing.T) {
	c, err := configs.Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != ":8080" || c.DB.Driver != "sqlite" || !strings.Contains(c.DB.DSN, "data/") ||
		c.Redis.Addr != "" || c.WeCom.APIBase != "https://qyapi.weixin.qq.com" || !c.DemoEnabled() {
		t.Fatalf("defaults = %+v", c)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("http:\n  addr: \":9000\"\ndb:\n  driver: mysql\n  dsn: \"u:p@tcp(db:3306)/t\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = configs.Load(file, env(map[string]string{"TICKET_HTTP_ADDR": ":7000", "TICKET_WECOM_AES_KEY": goodKey, "TICKET_WECOM_AGENT_ID": "1000002"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != ":7000" || c.DB.Driver != "mysql" || c.WeCom.AgentID != 1000002 || c.DemoEnabled() {
		t.Fatalf("env over file = %+v", c)
	}
	if err := os.WriteFile(file, []byte("http:\n  adress: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := configs.Load(file, env(nil)); err == nil {
		t.Fatal("a misspelt key in the config file was accepted")
	}
}

func TestSecretsNeverLogged(t *testing.T) {
	c, err := configs.Load("", env(map[string]string{
		"TICKET_WECOM_SECRET": "s3cr3t-app", "TICKET_WECOM_TOKEN": "tok-123", "TICKET_WECOM_AES_KEY": goodKey,
		"TICKET_REDIS_PASSWORD": "redispw", "TICKET_DB_DRIVER": "mysql", "TICKET_DB_DSN": "ticket:dbpass@tcp(db:3306)/ticket",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	slog.New(slog.NewJSONHandler(&b, nil)).Info("starting", "config", c)
	for _, secret := range []string{"s3cr3t-app", "tok-123", goodKey, "redispw", "dbpass"} {
		if strings.Contains(b.String(), secret) {
			t.Errorf("log line contains secret %q: %s", secret, b.String())
		}
	}
	if !strings.Contains(b.String(), "db:3306") {
		t.Errorf("log line lost the non-secret DSN part: %s", b.String())
	}
}

// TestExampleDocumentsEveryKey keeps configs/config.example.yaml true: it
// must name every setting and its environment variable, and load cleanly.
func TestExampleDocumentsEveryKey(t *testing.T) {
	raw, err := os.ReadFile("config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range configs.Bindings() {
		leaf := b.Key[strings.LastIndex(b.Key, ".")+1:]
		if !strings.Contains(string(raw), leaf+":") || !strings.Contains(string(raw), b.Env) {
			t.Errorf("config.example.yaml does not document %s (%s)", b.Key, b.Env)
		}
	}
	if _, err := configs.Load("config.example.yaml", env(nil)); err != nil {
		t.Fatalf("the example config does not load: %v", err)
	}
}
