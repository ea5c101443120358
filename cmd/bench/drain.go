package main

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// fillOutbox commits n pending app-message notices, one per member
// (benchUser(from) on), in chunks of 1,000 rows per statement and
// transaction, as a backlog left for the workers.
func fillOutbox(ctx context.Context, db *sql.DB, from, n int, tag string) error {
	const chunk = 1000
	now := time.Now().UTC()
	for lo := from; lo < from+n; lo += chunk {
		hi := min(lo+chunk, from+n)
		var b strings.Builder
		args := make([]any, 0, (hi-lo)*7)
		b.WriteString("INSERT INTO outbox (dedupe_key, channel, recipient, ticket_id, kind, payload, created_at, next_attempt_at) VALUES ")
		for i := lo; i < hi; i++ {
			if i > lo {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,0,?,?,?,?)")
			args = append(args, fmt.Sprintf("bench:%s:%d", tag, i), "wecom_markdown", benchUser(i), "status_changed",
				fmt.Sprintf(`{"text":"压测通知 %s #%d"}`, tag, i), now, now)
		}
		if _, err := db.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// benchDrain measures how fast two instances' outbox workers drain a
// backlog to the emulator, then kills one with SIGKILL mid-backlog and
// checks that every notice still arrives exactly once.
func benchDrain(ctx context.Context, r *run) error {
	const backlog, afterKill = 20_000, 10_000
	st, err := newStack(ctx, r, "drain")
	if err != nil {
		return err
	}
	defer st.drop(context.Background())
	emu, err := newEmulator("", backlog+afterKill)
	if err != nil {
		return err
	}
	defer emu.ts.Close()
	if err := seedOrg(ctx, r, mergeEnv(st.env(), emu.wecomEnv()), r.org, "drain"); err != nil {
		return err
	}
	var servers []*serverProc
	addrs := make([]string, 2)
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	start := func(i int) error {
		srv, err := startServer(ctx, r.serverBin, r.dir, addrs[i], r.logPath(fmt.Sprintf("drain-server%d.log", i+1)), emu.wecomEnv(), st.env())
		if err != nil {
			return err
		}
		servers = append(servers, srv)
		return nil
	}
	for i := range addrs {
		if addrs[i], err = freeAddr(); err != nil {
			return err
		}
		if err := start(i); err != nil {
			return err
		}
	}
	db, err := sql.Open("mysql", st.dsn()+"?interpolateParams=true&parseTime=true")
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()

	users := func(from, n int) []string {
		out := make([]string, n)
		for i := range n {
			out[i] = benchUser(from + i)
		}
		return out
	}
	first := users(0, backlog)
	t0 := time.Now()
	prof := r.profile(ctx, servers[0], "drain", 15*time.Second)
	if err := fillOutbox(ctx, db, 0, backlog, "a"); err != nil {
		return err
	}
	if !waitUntil(ctx, 5*time.Minute, func() bool { return emu.watch.total(first) >= backlog }) {
		return fmt.Errorf("drain: %d of %d notices arrived in 5 min", emu.watch.total(first), backlog)
	}
	elapsed := time.Since(t0)
	profile := prof.wait()
	ours := loadResult{Requests: backlog, Seconds: elapsed.Seconds(), PerSec: backlog / elapsed.Seconds()}
	ref, err := sysbenchUpdateIndex(ctx, r, st, 32)
	if err != nil {
		return err
	}

	// A second backlog, and one instance killed while it drains.
	second := users(backlog, afterKill)
	if err := fillOutbox(ctx, db, backlog, afterKill, "b"); err != nil {
		return err
	}
	waitUntil(ctx, time.Minute, func() bool { return emu.watch.total(second) >= afterKill/3 })
	victim := servers[0]
	_ = victim.cmd.Process.Signal(syscall.SIGKILL)
	killedAt := emu.watch.total(second)
	servers = servers[1:]
	if err := start(0); err != nil {
		return err
	}
	// Claims of the killed instance are taken over when their lease ends.
	done := waitUntil(ctx, 4*time.Minute, func() bool { return emu.watch.total(second) >= afterKill })
	time.Sleep(2 * time.Second)
	lost, dup := 0, 0
	for _, u := range append(first, second...) {
		switch n := len(emu.watch.arrived(u)); {
		case n == 0:
			lost++
		case n > 1:
			dup += n - 1
		}
	}
	how := fmt.Sprintf("%d pending notices to %d members committed in 1,000-row chunks, drained by two instances (default workers, SKIP LOCKED claims) to the emulator; rate from the first commit to the last message/send. Then %d more, one instance SIGKILLed after %d had arrived and restarted; lost and duplicate sends counted per member at the emulator", backlog, backlog, afterKill, killedAt)
	r.add(result{Bench: "5. outbox drain", Case: "backlog drained by 2 instances", Ours: ours, Ref: &ref, RefName: "sysbench oltp_update_index, 32 threads (tps)",
		Target: "≥ 0.5× reference", Met: ours.PerSec >= 0.5*ref.PerSec, How: how, Profile: profile})
	r.add(result{Bench: "5. outbox drain", Case: "SIGKILL mid-backlog", Figure: fmt.Sprintf("%d lost, %d duplicate sends", lost, dup),
		Target: "0 lost, 0 duplicates", Met: done && lost == 0 && dup == 0, How: how})
	if !done || lost > 0 || dup > 0 {
		return fmt.Errorf("drain after SIGKILL: all arrived %v, %d lost, %d duplicate sends", done, lost, dup)
	}
	return nil
}

// sysbenchUpdateIndex runs sysbench's oltp_update_index on the same
// server: the database's own floor for small indexed writes.
func sysbenchUpdateIndex(ctx context.Context, r *run, st *stack, threads int) (loadResult, error) {
	if _, err := exec.LookPath("sysbench"); err != nil {
		return loadResult{}, fmt.Errorf("the reference needs sysbench: apt-get install sysbench (make bench installs it)")
	}
	host, port, user, pass := mysqlParts(st.dsnBase)
	common := []string{"oltp_update_index", "--db-driver=mysql", "--mysql-host=" + host, "--mysql-port=" + port,
		"--mysql-user=" + user, "--mysql-password=" + pass, "--mysql-db=" + st.db, "--tables=1", "--table-size=100000",
		"--threads=" + strconv.Itoa(threads), "--time=" + strconv.Itoa(int(max(r.duration, 10*time.Second).Seconds()))}
	run := func(step string) (string, error) {
		out, err := exec.CommandContext(ctx, "sysbench", append(common, step)...).CombinedOutput() // #nosec G204 -- fixed program, our own flags
		if err != nil {
			return "", fmt.Errorf("sysbench %s: %w\n%s", step, err, out)
		}
		return string(out), nil
	}
	if _, err := run("prepare"); err != nil {
		return loadResult{}, err
	}
	out, err := run("run")
	if err != nil {
		return loadResult{}, err
	}
	m := regexp.MustCompile(`transactions:\s+\d+\s+\(([\d.]+) per sec`).FindStringSubmatch(out)
	if m == nil {
		return loadResult{}, fmt.Errorf("sysbench: no transaction rate in its output:\n%s", out)
	}
	tps, _ := strconv.ParseFloat(m[1], 64)
	res := loadResult{PerSec: tps}
	if p := regexp.MustCompile(`95th percentile:\s+([\d.]+)`).FindStringSubmatch(out); p != nil {
		res.P95ms, _ = strconv.ParseFloat(p[1], 64)
	}
	return res, nil
}

// mysqlParts takes host, port, user and password from a
// user[:password]@tcp(host:port)/ DSN.
func mysqlParts(dsn string) (host, port, user, pass string) {
	cred, rest, _ := strings.Cut(dsn, "@tcp(")
	user, pass, _ = strings.Cut(cred, ":")
	addr, _, _ := strings.Cut(rest, ")")
	host, port, _ = strings.Cut(addr, ":")
	return host, port, user, pass
}
