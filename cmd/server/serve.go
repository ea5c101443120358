package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/wecom-ticket/ticket/handler"
)

// serve runs the HTTP server until ctx ends (SIGINT/SIGTERM), then drains
// in-flight requests within the shutdown bound.
func (a *app) serve(ctx context.Context) error {
	if err := a.prepare(ctx); err != nil {
		return err
	}
	a.log.Info("starting", "config", a.cfg)
	engine := handler.New(handler.Deps{
		Log:      a.log,
		Registry: a.registry,
		Checks: []handler.Check{
			{Name: "database", Ping: a.db.Ping},
			{Name: "store", Ping: a.kv.Ping},
		},
	})
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
	a.log.Info("stopped")
	return nil
}
