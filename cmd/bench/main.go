// Command bench measures the ticket server against its limits on this
// machine, each figure beside a reference measured in the same run, and
// writes bench/results.md and bench/results.json. `make bench` runs it.
//
// It needs MariaDB and Redis (the defaults are the local ones CI starts)
// and builds the server binary it measures. Benchmarks are not tests: a
// run fails only when it is broken (errors, losses, duplicates), never
// because a figure missed its target; a miss is written in the table.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/wecom-ticket/ticket/configs"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runMain(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// suite is every benchmark, in the order the issue numbers them.
var suite = []struct {
	name string
	run  func(context.Context, *run) error
}{
	{"ingest", benchIngest},
	{"chat", benchChat},
	{"views", benchViews},
	{"notice", benchNotice},
	{"drain", benchDrain},
	{"footprint", benchFootprint},
}

func runMain(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	r := &run{}
	fs.StringVar(&r.mysql, "mysql", "root@tcp(127.0.0.1:3306)/", "MariaDB/MySQL DSN with no database: each benchmark creates and drops its own")
	fs.StringVar(&r.redis, "redis", "127.0.0.1:6379", "Redis address (keys under a prefix of the run's own)")
	fs.StringVar(&r.out, "out", "bench", "directory for results.md, results.json and the servers' logs")
	fs.StringVar(&r.readme, "readme", "README.md", "README whose Performance section (between the bench markers) gets the table; empty for none")
	fs.DurationVar(&r.duration, "duration", 10*time.Second, "counted time of each load")
	fs.DurationVar(&r.warmup, "warmup", 2*time.Second, "uncounted warm-up before each load")
	fs.BoolVar(&r.keep, "keep", false, "keep each benchmark's database (bench_<name>_<time>) to examine its plans afterwards")
	only := fs.String("only", "", "comma-separated benchmarks to run (default all: "+names()+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	want := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			if !slices.Contains(strings.Split(names(), ","), n) {
				return fmt.Errorf("no benchmark %q (have %s)", n, names())
			}
			want[n] = true
			r.partial = true
		}
	}
	if err := os.MkdirAll(filepath.Join(r.out, "logs"), 0o750); err != nil {
		return err
	}
	// Absolute: the servers run with this as their working directory.
	if r.dir, err = filepath.Abs(filepath.Join(r.out, "logs")); err != nil {
		return err
	}
	r.started = time.Now()
	if r.serverBin, err = buildServer(ctx, r.dir); err != nil {
		return err
	}
	if r.org, err = configs.ParseOrg(configs.DemoOrg); err != nil {
		return err
	}
	var failed []string
	for _, b := range suite {
		if len(want) > 0 && !want[b.name] {
			continue
		}
		slog.Info("benchmark", "name", b.name)
		r.ran = append(r.ran, b.name)
		if err := b.run(ctx, r); err != nil {
			failed = append(failed, b.name+": "+err.Error())
			slog.Error("benchmark broken", "name", b.name, "err", err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := r.write(); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("broken runs:\n  %s", strings.Join(failed, "\n  "))
	}
	return nil
}

func names() string {
	var n []string
	for _, b := range suite {
		n = append(n, b.name)
	}
	return strings.Join(n, ",")
}

// machine says where the figures come from.
func machine() string {
	return fmt.Sprintf("%d cores, %s, %s/%s", runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
