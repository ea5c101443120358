// Command wecomsim runs the WeCom emulator (package wecom/sim) and a
// terminal chat that talks to the server through it.
//
//	wecomsim serve [-addr :9090] [-org FILE] [-callback URL] ...
//	wecomsim chat --as agent1 [-sim http://127.0.0.1:9090]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage:
  wecomsim serve [-addr :9090] [-org FILE] [-corp-id ID] [-secret S] [-agent-id N] [-token T] [-aes-key K] [-callback URL]
  wecomsim chat --as USERID [-sim http://127.0.0.1:9090]`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wecomsim:", err)
		os.Exit(1)
	}
}

// run is the whole program; main only supplies the process's context,
// streams and environment.
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, getenv)
	case "chat":
		return chat(ctx, args[1:], stdin, stdout)
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}
