package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/repo/store"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/tickets"
	"github.com/wecom-ticket/ticket/wecom"
)

// app holds everything wired from the config; every subcommand uses it.
type app struct {
	cfg      configs.Config
	log      *slog.Logger
	stdout   io.Writer
	registry *prometheus.Registry
	db       *repo.DB
	kv       service.SessionStore
	closers  []func() error
	org      *service.OrgService
	tickets  *service.TicketService
	tmpl     *service.TemplateService
	rules    *service.RuleService
	sharing  *service.SharingService
	calendar *service.CalendarService
	outbox   *service.Outbox
	crm      *service.CRMService
	attach   *service.AttachmentService
	solution *service.SolutionService
	records  *service.RecordService
	costs    *service.CostService
	stats    *service.StatsService
	webhooks *service.WebhookService
	notices  noticeParts // notices.go
	// ticketEvents hears every ticket change inside its transaction;
	// notices and webhooks append their listeners here before wireTickets.
	ticketEvents service.TicketEventsFanout
	deliverers   map[service.Channel]service.Deliverer
	wc           *wecom.Client  // nil when WeCom is not configured
	crypter      *wecom.Crypter // nil when callbacks are not configured
}

// newApp loads and validates the config, then connects to the database and
// the store. A setting that is wrong ends start-up with an error that names
// its key.
func newApp(ctx context.Context, configPath string, getenv func(string) string, stdout io.Writer) (*app, error) {
	cfg, err := configs.Load(configPath, getenv)
	if err != nil {
		return nil, err
	}
	log := slog.New(handler.WithRequestID(slog.NewJSONHandler(stdout, &slog.HandlerOptions{Level: cfg.LogLevel()})))
	a := &app{cfg: cfg, log: log, stdout: stdout, registry: prometheus.NewRegistry()}
	a.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	a.db, err = repo.Open(ctx, cfg.DB.Driver, cfg.DB.DSN, cfg.DB.MaxOpenConns, log)
	if err != nil {
		return nil, configs.KeyErrorFor("TICKET_DB_DSN", err)
	}
	a.closers = append(a.closers, a.db.Close)

	if err := a.openStore(ctx); err != nil {
		a.close()
		return nil, err
	}
	if err := a.openWeCom(); err != nil {
		a.close()
		return nil, err
	}
	var dir service.Directory
	if a.wc != nil {
		dir = a.wc
	}
	a.org = service.NewOrgService(a.db, repo.NewOrgs(a.db), a.kv, dir)
	a.wireOutbox()
	a.wireWebhooks()
	if err := a.wireNotices(); err != nil {
		a.close()
		return nil, err
	}
	a.wireChatEvents()
	if err := a.wireTickets(); err != nil {
		a.close()
		return nil, err
	}
	a.wireEscalation()
	return a, nil
}

// wireTickets builds the ticket domain and what hangs off tickets (CRM,
// attachments, knowledge base, records, costs, statistics).
func (a *app) wireTickets() error {
	cfg := a.cfg.Tickets
	types := make([]service.TicketType, len(cfg.Types))
	for i, t := range cfg.Types {
		types[i] = service.TicketType(t)
	}
	hours := service.DefaultBusinessHours()
	hours.Start, hours.End, _ = cfg.Hours() // validated with the config
	hours.Weekdays = nil
	for _, d := range cfg.Workdays {
		hours.Weekdays = append(hours.Weekdays, time.Weekday(d%7))
	}
	sharingStore := repo.NewSharing(a.db)
	templates := repo.NewTemplates(a.db)
	rules := repo.NewDispatchRules(a.db)
	crmStore := repo.NewCRM(a.db)
	a.calendar = service.NewCalendarService(a.org, sharingStore, hours)
	a.tmpl = service.NewTemplateService(a.db, templates, a.org, types)
	a.rules = service.NewRuleService(a.org, rules)
	a.sharing = service.NewSharingService(a.org, sharingStore)
	a.tickets = service.NewTicketService(service.TicketDeps{
		Tx: service.WakeAfterCommit(a.db, a.outbox.Wake), Tickets: repo.NewTickets(a.db), Templates: templates, Rules: rules,
		Sharing: sharingStore, Calendar: a.calendar, Org: a.org, Events: a.ticketEvents,
		Customers: service.NewCustomerFacts(crmStore), Types: types,
	})
	blobs, err := repo.NewDiskBlobs(a.cfg.Attachments.Dir)
	if err != nil {
		return configs.KeyErrorFor("TICKET_ATTACHMENTS_DIR", err)
	}
	a.closers = append(a.closers, blobs.Close)
	recordStore := repo.NewRecords(a.db)
	a.crm = service.NewCRMService(a.db, crmStore, a.org, a.tickets)
	a.attach = service.NewAttachmentService(a.db, repo.NewAttachments(a.db), blobs, recordStore, a.tickets, int64(a.cfg.Attachments.MaxBytes))
	a.solution = service.NewSolutionService(a.db, repo.NewSolutions(a.db), a.tickets)
	a.records = service.NewRecordService(a.db, recordStore, a.tickets)
	a.costs = service.NewCostService(a.db, repo.NewCosts(a.db), a.tickets)
	a.stats = service.NewStatsService(repo.NewStats(a.db), a.tickets)
	return nil
}

// wireOutbox builds the notice outbox; each channel registers its
// deliverer in a.deliverers.
func (a *app) wireOutbox() {
	a.deliverers = map[service.Channel]service.Deliverer{}
	if a.wc != nil {
		for _, ch := range []service.Channel{service.ChannelWeComText, service.ChannelWeComMarkdown, service.ChannelWeComCard} {
			a.deliverers[ch] = wecom.NewDeliverer(a.wc, ch)
		}
	}
	host, _ := os.Hostname()
	a.outbox = service.NewOutbox(service.OutboxConfig{Owner: fmt.Sprintf("%s:%d", host, os.Getpid()), Workers: a.cfg.Notices.Workers},
		repo.NewOutbox(a.db), a.deliverers, a.log, a.registry)
}

// openWeCom builds the API client (corp id and secret set) and the
// callback crypter (token and AES key set too). The SDK's process-wide
// hooks are set here, once, before any request.
func (a *app) openWeCom() error {
	w := a.cfg.WeCom
	if !a.cfg.WeComEnabled() {
		return nil
	}
	// WeCom answers in well under a second; a short timeout keeps one
	// stalled call from holding an inbox worker (and its user) for long.
	wecom.ConfigureSDK(w.APIBase, &http.Client{Timeout: 5 * time.Second})
	wc, err := wecom.NewClient(wecom.App{CorpID: w.CorpID, Secret: w.Secret, AgentID: w.AgentID}, a.kv)
	if err != nil {
		return configs.KeyErrorFor("TICKET_WECOM_SECRET", err)
	}
	a.wc = wc
	if w.Token == "" || w.AESKey == "" {
		a.log.Warn("WeCom callbacks are off: set TICKET_WECOM_TOKEN and TICKET_WECOM_AES_KEY to receive messages")
		return nil
	}
	a.crypter, err = wecom.NewCrypter(w.Token, w.AESKey, w.CorpID)
	if err != nil {
		return configs.KeyErrorFor("TICKET_WECOM_AES_KEY", err)
	}
	return nil
}

func (a *app) openStore(ctx context.Context) error {
	if a.cfg.Redis.Addr == "" {
		mem := store.NewMemory()
		a.kv = mem
		a.closers = append(a.closers, mem.Close)
		return nil
	}
	client := store.NewRedisClient(a.cfg.Redis.Addr, a.cfg.Redis.Password, a.cfg.Redis.DB)
	a.closers = append(a.closers, client.Close)
	a.kv = store.NewRedis(client, a.cfg.Redis.Prefix)
	if err := a.kv.Ping(ctx); err != nil {
		return configs.KeyErrorFor("TICKET_REDIS_ADDR", fmt.Errorf("cannot reach Redis: %w", err))
	}
	return nil
}

// close releases resources in reverse order of opening.
func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil && !errors.Is(err, context.Canceled) {
			a.log.Warn("close", "err", err)
		}
	}
}

// migrate applies pending migrations and logs what it did.
func (a *app) migrate(ctx context.Context) error {
	applied, err := a.db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := a.db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	a.log.Info("database migrated", "applied", applied, "schema_version", v, "driver", a.db.Driver())
	return nil
}

// prepare migrates, loads the ticket template library (new templates are
// added; ones an admin changed are kept), then seeds the demo org into an
// empty database when demo mode is on.
func (a *app) prepare(ctx context.Context) error {
	if err := a.migrate(ctx); err != nil {
		return err
	}
	lib, err := a.tmpl.LoadLibrary(ctx, tickets.Library)
	if err != nil {
		return fmt.Errorf("load ticket templates: %w", err)
	}
	a.log.Info("ticket templates loaded", "report", fmt.Sprintf("%+v", lib))
	if !a.cfg.DemoEnabled() {
		return nil
	}
	idx, err := a.org.Index(ctx)
	if err != nil {
		return err
	}
	if len(idx.Users()) > 0 {
		return nil
	}
	snap, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		return err
	}
	rep, err := a.org.Apply(ctx, snap, service.ApplyOptions{})
	if err != nil {
		return fmt.Errorf("seed demo org: %w", err)
	}
	a.log.Info("demo org seeded", "users", rep.UsersCreated, "departments", rep.DeptsCreated)
	return nil
}
