package main

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// slowDBLatencyMs is the database latency the ingest target must survive.
const slowDBLatencyMs = 500

// slowDB is a toxiproxy in front of MariaDB: the server's database
// connections pass through it, and a latency toxic delays every answer.
type slowDB struct {
	proxy *toxiproxy.Proxy
	dsn   string // dsnBase with the proxy's address in place of MariaDB's
}

func newSlowDB(dsnBase string) (*slowDB, error) {
	host, port, _, _ := mysqlParts(dsnBase)
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "mariadb", "127.0.0.1:0", net.JoinHostPort(host, port))
	if err := p.Start(); err != nil {
		return nil, fmt.Errorf("start the database proxy: %w", err)
	}
	dsn := strings.Replace(dsnBase, "tcp("+net.JoinHostPort(host, port)+")", "tcp("+p.Listen+")", 1)
	if dsn == dsnBase {
		p.Stop()
		return nil, fmt.Errorf("cannot route %q through the proxy", dsnBase)
	}
	return &slowDB{proxy: p, dsn: dsn}, nil
}

// slow adds the latency to every answer from the database from now on
// (after the server has migrated and started, which would take minutes
// at this latency and is not what is measured).
func (s *slowDB) slow(ms int) error {
	_, err := s.proxy.Toxics.AddToxicJson(strings.NewReader(
		fmt.Sprintf(`{"name":"latency","type":"latency","stream":"downstream","attributes":{"latency":%d}}`, ms)))
	return err
}

func (s *slowDB) close() { s.proxy.Stop() }

// benchIngestSlowDB is benchmark 1 with the database 500 ms away: WeCom
// still needs its ack well inside its 5 s, so the ack must not wait for
// more than one database round trip.
func benchIngestSlowDB(ctx context.Context, r *run, cb *callbacks, emu *emulator, users int) error {
	st, err := newStack(ctx, r, "ingestslow")
	if err != nil {
		return err
	}
	defer st.drop(context.Background())
	proxy, err := newSlowDB(r.mysql)
	if err != nil {
		return err
	}
	defer proxy.close()
	env := st.env()
	env["TICKET_DB_DSN"] = proxy.dsn + st.db
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	srv, err := startServer(ctx, r.serverBin, r.dir, addr, r.logPath("ingestslow-server.log"), emu.wecomEnv(), env)
	if err != nil {
		return err
	}
	defer srv.stop()
	if err := proxy.slow(slowDBLatencyMs); err != nil {
		return err
	}
	spec := loadSpec{conc: 50, warmup: r.warmup, dur: r.duration}
	client := loadClient(spec.conc)
	prof := r.profile(ctx, srv, "ingest-slowdb", spec.warmup+spec.dur)
	res := runLoad(ctx, spec, func(ctx context.Context, seq int64) error { return cb.post(ctx, client, srv.base, 2_000_000_000+seq) })
	profile := prof.wait()
	r.add(result{Bench: "1. callback ingest", Case: fmt.Sprintf("server, durable inbox write, %d ms database latency", slowDBLatencyMs), Ours: res,
		Target: "ack p99 < 1 s", Met: res.Errors == 0 && res.P99ms < 1000, Profile: profile,
		How: fmt.Sprintf("as above, with the server's MariaDB connections through toxiproxy (in the bench process) adding %d ms to every answer once the server is ready; %d members", slowDBLatencyMs, users)})
	if res.Errors > 0 {
		return fmt.Errorf("callbacks failed with a slow database: %d (first: %s)", res.Errors, res.FirstErr)
	}
	return nil
}
