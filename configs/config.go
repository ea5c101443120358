// Package configs owns the server's configuration (one struct, YAML plus
// environment overrides, validated at start) and the files shipped beside
// it: the example config and the demo org.
package configs

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the whole server configuration.
type Config struct {
	HTTP        HTTP        `yaml:"http"`
	DB          DB          `yaml:"db"`
	Redis       Redis       `yaml:"redis"`
	WeCom       WeCom       `yaml:"wecom"`
	Demo        string      `yaml:"demo"`
	Log         Log         `yaml:"log"`
	Attachments Attachments `yaml:"attachments"`
	Tickets     Tickets     `yaml:"tickets"`
	SMTP        SMTP        `yaml:"smtp"`    // notices.go
	SMS         SMS         `yaml:"sms"`     // notices.go
	Notices     Notices     `yaml:"notices"` // notices.go
	Auth        Auth        `yaml:"auth"`
}

// Auth configures sign-in to the API (mini-program, H5).
type Auth struct {
	SessionTTL time.Duration `yaml:"session_ttl"` // how long a session lasts after sign-in
}

// Attachments configures where uploaded files are kept.
type Attachments struct {
	Dir      string `yaml:"dir"`
	MaxBytes int    `yaml:"max_bytes"`
}

// Tickets configures the ticket domain.
type Tickets struct {
	Types         []string `yaml:"types"`          // ticket type codes offered, in order
	BusinessHours string   `yaml:"business_hours"` // "09:00-18:00", China time, for SLA clocks
	Workdays      []int    `yaml:"workdays"`       // 1 = Monday ... 7 = Sunday
}

// HTTP configures the listener.
type HTTP struct {
	Addr            string        `yaml:"addr"`
	BaseURL         string        `yaml:"base_url"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// TrustedProxies are IPs or CIDRs of reverse proxies whose
	// X-Forwarded-For names the client; empty trusts none.
	TrustedProxies []string `yaml:"trusted_proxies"`
	// PprofAddr serves Go's profiler (/debug/pprof/) on its own loopback
	// listener when set: how a slow server is examined in place, and how
	// `make bench` explains a missed target.
	PprofAddr string `yaml:"pprof_addr"`
}

// DB selects the relational store.
type DB struct {
	Driver       string `yaml:"driver"`
	DSN          string `yaml:"dsn"`
	MaxOpenConns int    `yaml:"max_open_conns"`
}

// Redis selects the chat-session store; an empty Addr means in-process.
type Redis struct {
	Addr     string `yaml:"addr"`
	Password string `yaml:"password"`
	DB       int    `yaml:"db"`
	Prefix   string `yaml:"prefix"`
}

// WeCom holds the self-built app's credentials and the API base URL.
type WeCom struct {
	CorpID  string `yaml:"corp_id"`
	AgentID int64  `yaml:"agent_id"`
	Secret  string `yaml:"secret"`
	Token   string `yaml:"token"`
	AESKey  string `yaml:"aes_key"`
	APIBase string `yaml:"api_base"`
}

// Log configures slog.
type Log struct {
	Level string `yaml:"level"`
}

// Drivers accepted for DB.Driver.
const (
	DriverSQLite = "sqlite"
	DriverMySQL  = "mysql"
)

// DefaultSQLiteDSN keeps the embedded database under ./data. WAL lets
// readers run beside the single writer; immediate transactions take the
// write lock up front so two writers queue on busy_timeout instead of one
// failing with SQLITE_BUSY halfway through.
const DefaultSQLiteDSN = "file:data/ticket.db?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"

// Default returns the configuration used when nothing is set: the embedded
// stack on :8080 with the demo org.
func Default() Config {
	c := Config{
		HTTP:        HTTP{Addr: ":8080", ShutdownTimeout: 15 * time.Second},
		DB:          DB{Driver: DriverSQLite, DSN: DefaultSQLiteDSN, MaxOpenConns: 20},
		Redis:       Redis{Prefix: "ticket:"},
		WeCom:       WeCom{APIBase: "https://qyapi.weixin.qq.com"},
		Demo:        "auto",
		Log:         Log{Level: "info"},
		Attachments: Attachments{Dir: "data/attachments", MaxBytes: 20 << 20},
		Tickets: Tickets{
			Types:         []string{"question", "problem", "feature_request", "complaint", "other"},
			BusinessHours: "09:00-18:00",
			Workdays:      []int{1, 2, 3, 4, 5},
		},
		Auth: Auth{SessionTTL: 12 * time.Hour},
	}
	defaultNotices(&c)
	return c
}

// binding ties one environment variable to one YAML key. The table below is
// the public list of settings; a test checks that config.example.yaml
// documents each of them.
type binding struct {
	Env, Key string
	set      func(c *Config, v string) error
}

func str(f func(c *Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *f(c) = v; return nil }
}

func integer(f func(c *Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("not a whole number: %q", v)
		}
		*f(c) = n
		return nil
	}
}

// Bindings lists every setting with its environment variable and YAML key.
func Bindings() []struct{ Env, Key string } {
	out := make([]struct{ Env, Key string }, len(bindings))
	for i, b := range bindings {
		out[i] = struct{ Env, Key string }{b.Env, b.Key}
	}
	return out
}

var bindings = append([]binding{
	{"TICKET_HTTP_ADDR", "http.addr", str(func(c *Config) *string { return &c.HTTP.Addr })},
	{"TICKET_HTTP_BASE_URL", "http.base_url", str(func(c *Config) *string { return &c.HTTP.BaseURL })},
	{"TICKET_HTTP_PPROF_ADDR", "http.pprof_addr", str(func(c *Config) *string { return &c.HTTP.PprofAddr })},
	{"TICKET_HTTP_SHUTDOWN_TIMEOUT", "http.shutdown_timeout", func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("not a duration such as 15s: %q", v)
		}
		c.HTTP.ShutdownTimeout = d
		return nil
	}},
	{"TICKET_HTTP_TRUSTED_PROXIES", "http.trusted_proxies", func(c *Config, v string) error {
		c.HTTP.TrustedProxies = splitList(v)
		return nil
	}},
	{"TICKET_DB_DRIVER", "db.driver", str(func(c *Config) *string { return &c.DB.Driver })},
	{"TICKET_DB_DSN", "db.dsn", str(func(c *Config) *string { return &c.DB.DSN })},
	{"TICKET_DB_MAX_OPEN_CONNS", "db.max_open_conns", integer(func(c *Config) *int { return &c.DB.MaxOpenConns })},
	{"TICKET_REDIS_ADDR", "redis.addr", str(func(c *Config) *string { return &c.Redis.Addr })},
	{"TICKET_REDIS_PASSWORD", "redis.password", str(func(c *Config) *string { return &c.Redis.Password })},
	{"TICKET_REDIS_DB", "redis.db", integer(func(c *Config) *int { return &c.Redis.DB })},
	{"TICKET_REDIS_PREFIX", "redis.prefix", str(func(c *Config) *string { return &c.Redis.Prefix })},
	{"TICKET_WECOM_CORP_ID", "wecom.corp_id", str(func(c *Config) *string { return &c.WeCom.CorpID })},
	{"TICKET_WECOM_AGENT_ID", "wecom.agent_id", func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("not a whole number: %q", v)
		}
		c.WeCom.AgentID = n
		return nil
	}},
	{"TICKET_WECOM_SECRET", "wecom.secret", str(func(c *Config) *string { return &c.WeCom.Secret })},
	{"TICKET_WECOM_TOKEN", "wecom.token", str(func(c *Config) *string { return &c.WeCom.Token })},
	{"TICKET_WECOM_AES_KEY", "wecom.aes_key", str(func(c *Config) *string { return &c.WeCom.AESKey })},
	{"TICKET_WECOM_API_BASE", "wecom.api_base", str(func(c *Config) *string { return &c.WeCom.APIBase })},
	{"TICKET_DEMO", "demo", str(func(c *Config) *string { return &c.Demo })},
	{"TICKET_LOG_LEVEL", "log.level", str(func(c *Config) *string { return &c.Log.Level })},
	{"TICKET_ATTACHMENTS_DIR", "attachments.dir", str(func(c *Config) *string { return &c.Attachments.Dir })},
	{"TICKET_ATTACHMENTS_MAX_BYTES", "attachments.max_bytes", integer(func(c *Config) *int { return &c.Attachments.MaxBytes })},
	{"TICKET_TICKET_TYPES", "tickets.types", func(c *Config, v string) error {
		c.Tickets.Types = splitList(v)
		return nil
	}},
	{"TICKET_BUSINESS_HOURS", "tickets.business_hours", str(func(c *Config) *string { return &c.Tickets.BusinessHours })},
	{"TICKET_WORKDAYS", "tickets.workdays", func(c *Config, v string) error {
		c.Tickets.Workdays = nil
		for _, f := range splitList(v) {
			n, err := strconv.Atoi(f)
			if err != nil {
				return fmt.Errorf("not a list of day numbers such as 1,2,3,4,5: %q", v)
			}
			c.Tickets.Workdays = append(c.Tickets.Workdays, n)
		}
		return nil
	}},
	{"TICKET_AUTH_SESSION_TTL", "auth.session_ttl", func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("not a duration such as 12h: %q", v)
		}
		c.Auth.SessionTTL = d
		return nil
	}},
}, noticeBindings...)

func splitList(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// KeyError names the setting that is wrong, by environment variable and
// YAML key, so the one line a failed start prints tells what to fix.
type KeyError struct {
	Env, Key, Problem string
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("invalid config %s (%s): %s", e.Env, e.Key, e.Problem)
}

func keyErr(env, problem string, args ...any) error {
	for _, b := range bindings {
		if b.Env == env {
			return &KeyError{Env: env, Key: b.Key, Problem: fmt.Sprintf(problem, args...)}
		}
	}
	return &KeyError{Env: env, Key: "?", Problem: fmt.Sprintf(problem, args...)}
}

// KeyErrorFor builds the error for a setting found wrong after loading,
// e.g. a database that cannot be reached at start.
func KeyErrorFor(env string, err error) error { return keyErr(env, "%v", err) }

// Load reads the YAML file at path (if path is not empty), then applies
// environment overrides from getenv, then validates.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	if path != "" {
		raw, err := os.ReadFile(path) // #nosec G304 -- the operator names the config file
		if err != nil {
			return c, fmt.Errorf("invalid config file %s: %w", path, err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(raw)))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			return c, fmt.Errorf("invalid config file %s: %w", path, err)
		}
	}
	for _, b := range bindings {
		if v, ok := lookup(getenv, b.Env); ok {
			if err := b.set(&c, v); err != nil {
				return c, keyErr(b.Env, "%v", err)
			}
		}
	}
	return c, c.Validate()
}

func lookup(getenv func(string) string, key string) (string, bool) {
	v := getenv(key)
	return v, v != ""
}

var (
	aesKeyPattern = regexp.MustCompile(`^[A-Za-z0-9]{43}$`)
	typeCode      = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
)

// Hours parses BusinessHours as offsets from midnight.
func (t Tickets) Hours() (start, end time.Duration, err error) {
	from, to, ok := strings.Cut(t.BusinessHours, "-")
	if !ok {
		return 0, 0, fmt.Errorf("want HH:MM-HH:MM, got %q", t.BusinessHours)
	}
	parse := func(s string) (time.Duration, error) {
		tm, err := time.Parse("15:04", strings.TrimSpace(s))
		if err != nil {
			return 0, fmt.Errorf("want HH:MM-HH:MM, got %q", t.BusinessHours)
		}
		return time.Duration(tm.Hour())*time.Hour + time.Duration(tm.Minute())*time.Minute, nil
	}
	if start, err = parse(from); err != nil {
		return 0, 0, err
	}
	if end, err = parse(to); err != nil {
		return 0, 0, err
	}
	if end <= start {
		return 0, 0, fmt.Errorf("the day must end after it starts: %q", t.BusinessHours)
	}
	return start, end, nil
}

// Validate checks every setting and returns the first problem, naming it.
func (c *Config) Validate() error {
	if c.HTTP.Addr == "" {
		return keyErr("TICKET_HTTP_ADDR", "must not be empty")
	}
	if c.HTTP.ShutdownTimeout <= 0 {
		return keyErr("TICKET_HTTP_SHUTDOWN_TIMEOUT", "must be positive")
	}
	if c.HTTP.PprofAddr != "" && !loopback(c.HTTP.PprofAddr) {
		return keyErr("TICKET_HTTP_PPROF_ADDR", "must be a loopback host:port such as 127.0.0.1:6060 (profiles show memory contents), got %q", c.HTTP.PprofAddr)
	}
	switch c.DB.Driver {
	case DriverSQLite, DriverMySQL:
	default:
		return keyErr("TICKET_DB_DRIVER", "unknown driver %q (use sqlite or mysql)", c.DB.Driver)
	}
	if c.DB.DSN == "" {
		return keyErr("TICKET_DB_DSN", "must not be empty")
	}
	if c.DB.Driver == DriverMySQL && c.DB.DSN == DefaultSQLiteDSN {
		return keyErr("TICKET_DB_DSN", "the mysql driver needs a MySQL DSN such as user:pass@tcp(host:3306)/ticket")
	}
	if c.DB.MaxOpenConns < 1 {
		return keyErr("TICKET_DB_MAX_OPEN_CONNS", "must be at least 1")
	}
	if c.WeCom.AESKey != "" {
		if !aesKeyPattern.MatchString(c.WeCom.AESKey) {
			return keyErr("TICKET_WECOM_AES_KEY", "must be exactly 43 letters and digits, got %d characters", len(c.WeCom.AESKey))
		}
		if _, err := base64.StdEncoding.DecodeString(c.WeCom.AESKey + "="); err != nil {
			return keyErr("TICKET_WECOM_AES_KEY", "is not valid base64 once padded")
		}
	}
	if c.WeCom.APIBase == "" || !(strings.HasPrefix(c.WeCom.APIBase, "http://") || strings.HasPrefix(c.WeCom.APIBase, "https://")) {
		return keyErr("TICKET_WECOM_API_BASE", "must be an http(s) URL, got %q", c.WeCom.APIBase)
	}
	if c.WeCom.AgentID < 0 {
		return keyErr("TICKET_WECOM_AGENT_ID", "must not be negative")
	}
	switch c.Demo {
	case "auto", "true", "false":
	default:
		return keyErr("TICKET_DEMO", "must be auto, true or false, got %q", c.Demo)
	}
	if c.Attachments.Dir == "" {
		return keyErr("TICKET_ATTACHMENTS_DIR", "must not be empty")
	}
	if c.Attachments.MaxBytes < 1 {
		return keyErr("TICKET_ATTACHMENTS_MAX_BYTES", "must be positive")
	}
	if len(c.Tickets.Types) == 0 {
		return keyErr("TICKET_TICKET_TYPES", "must name at least one ticket type")
	}
	for _, t := range c.Tickets.Types {
		if !typeCode.MatchString(t) {
			return keyErr("TICKET_TICKET_TYPES", "type %q must be lower-case letters, digits and _", t)
		}
	}
	if _, _, err := c.Tickets.Hours(); err != nil {
		return keyErr("TICKET_BUSINESS_HOURS", "%v", err)
	}
	if len(c.Tickets.Workdays) == 0 {
		return keyErr("TICKET_WORKDAYS", "must name at least one day")
	}
	for _, d := range c.Tickets.Workdays {
		if d < 1 || d > 7 {
			return keyErr("TICKET_WORKDAYS", "day %d is not 1 (Monday) to 7 (Sunday)", d)
		}
	}
	for _, p := range c.HTTP.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return keyErr("TICKET_HTTP_TRUSTED_PROXIES", "%q is not an IP address or CIDR", p)
			}
		}
	}
	if c.Auth.SessionTTL < 5*time.Minute || c.Auth.SessionTTL > 30*24*time.Hour {
		return keyErr("TICKET_AUTH_SESSION_TTL", "must be from 5m to 720h, got %s", c.Auth.SessionTTL)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return keyErr("TICKET_LOG_LEVEL", "must be debug, info, warn or error, got %q", c.Log.Level)
	}
	return c.validateNotices()
}

// DemoEnabled resolves "auto": the demo org is seeded only for the embedded
// default database, so a production MySQL never gets demo users (or, later,
// the demo login) by accident.
func (c *Config) DemoEnabled() bool {
	switch c.Demo {
	case "true":
		return true
	case "auto":
		return c.DB.Driver == DriverSQLite && c.DB.DSN == DefaultSQLiteDSN
	}
	return false
}

// WeComEnabled reports whether enough is set to talk to WeCom.
func (c *Config) WeComEnabled() bool {
	return c.WeCom.CorpID != "" && c.WeCom.Secret != ""
}

// LogLevel maps the configured level to slog's.
func (c *Config) LogLevel() slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(c.Log.Level))
	return l
}

const masked = "******"

func mask(s string) string {
	if s == "" {
		return ""
	}
	return masked
}

// maskDSN hides the password of a MySQL DSN (user:pass@tcp(...)/db).
func maskDSN(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	if at < 0 {
		return dsn
	}
	cred := dsn[:at]
	if colon := strings.Index(cred, ":"); colon >= 0 {
		return cred[:colon+1] + masked + dsn[at:]
	}
	return dsn
}

// LogValue makes slog print the config with every secret masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("http_addr", c.HTTP.Addr),
		slog.String("base_url", c.HTTP.BaseURL),
		slog.String("pprof_addr", c.HTTP.PprofAddr),
		slog.String("db_driver", c.DB.Driver),
		slog.String("db_dsn", maskDSN(c.DB.DSN)),
		slog.String("redis_addr", c.Redis.Addr),
		slog.String("redis_password", mask(c.Redis.Password)),
		slog.String("wecom_corp_id", c.WeCom.CorpID),
		slog.Int64("wecom_agent_id", c.WeCom.AgentID),
		slog.String("wecom_secret", mask(c.WeCom.Secret)),
		slog.String("wecom_token", mask(c.WeCom.Token)),
		slog.String("wecom_aes_key", mask(c.WeCom.AESKey)),
		slog.String("wecom_api_base", c.WeCom.APIBase),
		slog.Bool("demo", c.DemoEnabled()),
		slog.String("smtp_host", c.SMTP.Host),
		slog.String("smtp_password", mask(c.SMTP.Password)),
		slog.String("sms_webhook_url", mask(c.SMS.WebhookURL)),
		slog.String("notice_link_secret", mask(c.Notices.LinkSecret)),
		slog.String("notice_template_dir", c.Notices.TemplateDir),
	)
}

// loopback reports whether addr is a host:port on this machine only.
func loopback(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
