package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// DefaultCallback is where the server listens by default; pass -callback
// when its address or route differs.
const DefaultCallback = "http://127.0.0.1:8080/wecom/callback"

// serveConfig is what the serve flags set.
type serveConfig struct {
	addr, orgFile string
	opts          sim.Options
}

// parseServe reads flags whose defaults come from the server's own
// TICKET_WECOM_* variables, so one environment configures both.
func parseServe(args []string, getenv func(string) string) (serveConfig, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	agentDefault, err := strconv.ParseInt(env("TICKET_WECOM_AGENT_ID", strconv.Itoa(sim.DefaultAgentID)), 10, 64)
	if err != nil {
		return serveConfig{}, fmt.Errorf("TICKET_WECOM_AGENT_ID: %w", err)
	}
	var c serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.addr, "addr", ":9090", "listen address")
	fs.StringVar(&c.orgFile, "org", "", "org YAML (default: the embedded demo org)")
	fs.StringVar(&c.opts.CorpID, "corp-id", env("TICKET_WECOM_CORP_ID", sim.DefaultCorpID), "corp id")
	fs.StringVar(&c.opts.CorpSecret, "secret", env("TICKET_WECOM_SECRET", sim.DefaultCorpSecret), "app secret")
	fs.Int64Var(&c.opts.AgentID, "agent-id", agentDefault, "app agent id")
	fs.StringVar(&c.opts.Token, "token", env("TICKET_WECOM_TOKEN", sim.DefaultToken), "callback token")
	fs.StringVar(&c.opts.EncodingAESKey, "aes-key", env("TICKET_WECOM_AES_KEY", sim.DefaultAESKey), "callback EncodingAESKey (43 characters)")
	fs.StringVar(&c.opts.CallbackURL, "callback", DefaultCallback, "the app's callback URL")
	if err := fs.Parse(args); err != nil {
		return c, fmt.Errorf("%w\n%s", err, usage)
	}
	// sim.New panics on a bad key; say which flag is wrong instead.
	if _, err := wecom.NewCrypter(c.opts.Token, c.opts.EncodingAESKey, c.opts.CorpID); err != nil {
		return c, fmt.Errorf("-token/-aes-key/-corp-id: %w", err)
	}
	return c, nil
}

func loadOrg(path string) (service.OrgSnapshot, error) {
	raw := configs.DemoOrg
	if path != "" {
		var err error
		if raw, err = os.ReadFile(path); err != nil { // #nosec G304 -- the operator names the org file.
			return service.OrgSnapshot{}, err
		}
	}
	return configs.ParseOrg(raw)
}

func serve(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg, err := parseServe(args, getenv)
	if err != nil {
		return err
	}
	if cfg.opts.Org, err = loadOrg(cfg.orgFile); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stdout, nil))
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: logRequests(log, sim.New(cfg.opts)), ReadHeaderTimeout: 10 * time.Second}
	log.Info("wecomsim listening", "addr", ln.Addr().String(), "corp_id", cfg.opts.CorpID, "agent_id", cfg.opts.AgentID,
		"callback", cfg.opts.CallbackURL, "users", len(cfg.opts.Org.Users), "departments", len(cfg.opts.Org.Departments))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	log.Info("wecomsim stopped")
	return err
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// logRequests logs one line per request: the path only, since queries
// carry access tokens and the secret. The chat's polling is left out.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sim/sent" {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration_ms", time.Since(start).Milliseconds())
	})
}
