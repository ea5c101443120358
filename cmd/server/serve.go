package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// serve runs the HTTP server and the background loops until ctx ends
// (SIGINT/SIGTERM), then shuts both down within the shutdown bound.
func (a *app) serve(ctx context.Context) error {
	if err := a.prepare(ctx); err != nil {
		return err
	}
	a.log.Info("starting", "config", a.cfg)
	if a.cfg.HTTP.PprofAddr != "" {
		if err := a.servePprof(ctx); err != nil {
			return fmt.Errorf("invalid config TICKET_HTTP_PPROF_ADDR (http.pprof_addr): cannot listen: %w", err)
		}
	}
	work := newBackground(ctx)
	srv, ln, err := a.listen(ctx, work)
	if err != nil {
		a.stopBackground(work)
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.log.Info("listening", "addr", ln.Addr().String())

	select {
	case err := <-served:
		a.stopBackground(work)
		return err
	case <-ctx.Done():
	}
	return a.shutdown(srv, served, work)
}

// listen wires the HTTP handlers, starts the background loops they feed
// and opens the listener.
func (a *app) listen(ctx context.Context, work *background) (*http.Server, net.Listener, error) {
	deps := handler.Deps{
		Log:      a.log,
		Registry: a.registry,
		Checks: []handler.Check{
			{Name: "database", Ping: a.db.Ping},
			{Name: "store", Ping: a.kv.Ping},
		},
		API:            a.apiDeps(),
		H5:             a.h5Deps(),
		Demo:           a.cfg.DemoEnabled(),
		TrustedProxies: a.cfg.HTTP.TrustedProxies,
	}
	work.Go(a.outbox.Run)
	work.Go(a.notices.escalator.Run)
	public, err := a.publicDeps()
	if err != nil {
		return nil, nil, fmt.Errorf("customer pages: %w", err)
	}
	deps.Public = public
	if a.crypter != nil {
		chat := a.chatBot()
		ackDB, err := a.openInboxPool(ctx)
		if err != nil {
			return nil, nil, err
		}
		store := ackedInbox{InboxStore: repo.NewInbox(a.db), acks: repo.NewInbox(ackDB)}
		inbox := service.NewInbox(service.InboxConfig{Writers: inboxWriters, Workers: inboxWorkers}, store, a.kv, a.inboxProcessor(chat), a.log, a.registry)
		deps.WeCom = &handler.WeComDeps{Crypter: a.crypter, Inbox: inbox}
		work.Go(inbox.Run)
	}
	srv := &http.Server{
		Addr:              a.cfg.HTTP.Addr,
		Handler:           handler.New(deps),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", a.cfg.HTTP.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("invalid config TICKET_HTTP_ADDR (http.addr): cannot listen: %w", err)
	}
	return srv, ln, nil
}

// shutdown spends one bound on both parts: the HTTP server stops taking
// requests and waits for those in flight, then the loops stop and finish
// what they took. A part still running when the bound ends is named in
// the log and left behind, so the process exits on time all the same.
func (a *app) shutdown(srv *http.Server, served <-chan error, work *background) error {
	timeout := a.cfg.HTTP.ShutdownTimeout
	a.log.Info("shutting down", "timeout", timeout.String())
	bound, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var late []string
	if err := srv.Shutdown(bound); err != nil {
		// Shutdown stops waiting but leaves the connections open; close
		// them so their clients hear now rather than at the exit.
		_ = srv.Close()
		late = append(late, a.lateAtShutdown("in-flight requests"))
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.log.Error("serve", "err", err)
	}
	if !work.stop(bound) {
		late = append(late, a.lateAtShutdown("background workers"))
	}
	if len(late) > 0 {
		return fmt.Errorf("shutdown: %s did not finish within %s (TICKET_HTTP_SHUTDOWN_TIMEOUT)", strings.Join(late, " and "), timeout)
	}
	a.log.Info("stopped")
	return nil
}

// stopBackground stops the loops on a way out other than SIGTERM, within
// the same bound.
func (a *app) stopBackground(work *background) {
	bound, cancel := context.WithTimeout(context.Background(), a.cfg.HTTP.ShutdownTimeout)
	defer cancel()
	if !work.stop(bound) {
		a.lateAtShutdown("background workers")
	}
}

// lateAtShutdown logs the part that outlived the shutdown bound and
// returns its name.
func (a *app) lateAtShutdown(part string) string {
	a.log.Warn("shutdown: did not finish in time; exiting without it", "part", part, "timeout", a.cfg.HTTP.ShutdownTimeout.String())
	return part
}
