package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// serve runs the HTTP server until ctx ends (SIGINT/SIGTERM), then drains
// in-flight requests within the shutdown bound.
func (a *app) serve(ctx context.Context) error {
	if err := a.prepare(ctx); err != nil {
		return err
	}
	a.log.Info("starting", "config", a.cfg)
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
	// Background workers get their own context: on SIGTERM the HTTP server
	// stops taking callbacks first, then the workers finish what was taken.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	defer func() { stopWork(); workers.Wait() }()
	workers.Add(1)
	go func() { defer workers.Done(); a.outbox.Run(workCtx) }()
	workers.Add(1)
	go func() { defer workers.Done(); a.notices.escalator.Run(workCtx) }()
	public, err := a.publicDeps()
	if err != nil {
		return fmt.Errorf("customer pages: %w", err)
	}
	deps.Public = public
	if a.crypter != nil {
		chat := a.chatBot()
		inbox := service.NewInbox(service.InboxConfig{}, repo.NewInbox(a.db), a.kv, a.inboxProcessor(chat), a.log, a.registry)
		deps.WeCom = &handler.WeComDeps{Crypter: a.crypter, Inbox: inbox}
		workers.Add(1)
		go func() { defer workers.Done(); inbox.Run(workCtx) }()
	}
	engine := handler.New(deps)
	srv := &http.Server{
		Addr:              a.cfg.HTTP.Addr,
		Handler:           engine,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", a.cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("invalid config TICKET_HTTP_ADDR (http.addr): cannot listen: %w", err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.log.Info("listening", "addr", ln.Addr().String())

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "timeout", a.cfg.HTTP.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.HTTP.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	stopWork()
	drained := make(chan struct{})
	go func() { workers.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-sctx.Done():
		return errors.New("shutdown: background work did not finish in time")
	}
	a.log.Info("stopped")
	return nil
}
