// Command server is the ticket system: the HTTP API, the WeCom callback
// endpoint and the background workers, plus the operator subcommands.
//
//	server [-config FILE]              serve (the default)
//	server [-config FILE] migrate      apply pending migrations and exit
//	server [-config FILE] seed FILE    load an org file (see configs/demo-org.yaml)
//	server [-config FILE] sync-org     pull departments and users from WeCom
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil {
		// One line that says what is wrong; for bad settings it names the key.
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: server [-config FILE] [serve | migrate | seed FILE | sync-org]")

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	configPath := fs.String("config", getenv("TICKET_CONFIG"), "YAML config file (optional; env vars override it)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	cmd, rest := "serve", fs.Args()
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	a, err := newApp(ctx, *configPath, getenv, stdout)
	if err != nil {
		return err
	}
	defer a.close()
	switch {
	case cmd == "serve" && len(rest) == 0:
		return a.serve(ctx)
	case cmd == "migrate" && len(rest) == 0:
		return a.migrateOnly(ctx)
	case cmd == "seed" && len(rest) == 1:
		return a.seed(ctx, rest[0])
	case cmd == "sync-org" && len(rest) == 0:
		return a.syncOrg(ctx)
	}
	return errUsage
}
