package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// paced calls job at rate per second for dur (open loop: a slow call does
// not slow the schedule) on a bounded pool, and waits for the calls.
func paced(ctx context.Context, rate int, dur time.Duration, job func(ctx context.Context, k int)) {
	jobs := make(chan int, rate)
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				job(ctx, k)
			}
		}()
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	stop := time.After(dur)
	for k := 0; ; k++ {
		select {
		case <-tick.C:
			jobs <- k
			continue
		case <-stop:
		case <-ctx.Done():
		}
		break
	}
	close(jobs)
	wg.Wait()
}

// changeLog is when each change was sent, per ticket.
type changeLog struct {
	mu     sync.Mutex
	at     map[int][]time.Time
	errors int64
	first  string
}

func (c *changeLog) add(i int, t0 time.Time, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.errors++
		if c.first == "" {
			c.first = err.Error()
		}
		return
	}
	c.at[i] = append(c.at[i], t0)
}

// noticeRig is two server instances on one database and Redis, with
// engineers who own one ticket each.
type noticeRig struct {
	stack    *stack
	emu      *emulator
	servers  []*serverProc
	admin    *apiClient
	tickets  []int64 // tickets[i] is owned by engineers[i]
	engs     []string
	toggles  []bool // per ticket: true while waiting on the customer
	toggleMu []sync.Mutex
}

func newNoticeRig(ctx context.Context, r *run, name string, owners int) (*noticeRig, error) {
	st, err := newStack(ctx, r, name)
	if err != nil {
		return nil, err
	}
	nr := &noticeRig{stack: st}
	// WeCom knows the engineers too: a send to a stranger is refused (81013).
	snap, engs := engineers(r.org, owners)
	nr.emu = newEmulatorOf("", snap)
	env := st.env()
	if err := seedOrg(ctx, r, mergeEnv(env, nr.emu.wecomEnv()), snap, name); err != nil {
		nr.close()
		return nil, err
	}
	for i := range 2 {
		addr, err := freeAddr()
		if err != nil {
			nr.close()
			return nil, err
		}
		srv, err := startServer(ctx, r.serverBin, r.dir, addr, r.logPath(fmt.Sprintf("%s-server%d.log", name, i+1)), nr.emu.wecomEnv(), env)
		if err != nil {
			nr.close()
			return nil, err
		}
		nr.servers = append(nr.servers, srv)
	}
	client := loadClient(64)
	if nr.admin, err = signIn(ctx, client, nr.servers[0].base, "admin"); err != nil {
		nr.close()
		return nil, err
	}
	ids, err := nr.admin.userIDs(ctx, nr.servers[0].base)
	if err != nil {
		nr.close()
		return nil, err
	}
	nr.engs, nr.tickets = engs, make([]int64, owners)
	nr.toggles, nr.toggleMu = make([]bool, owners), make([]sync.Mutex, owners)
	var wg sync.WaitGroup
	errs := make(chan error, owners)
	sem := make(chan struct{}, 16)
	for i, e := range engs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var t struct {
				ID int64 `json:"id"`
			}
			body := map[string]any{"subject": "压测通知 " + e, "owner_id": ids[e], "priority": "normal"}
			if err := nr.admin.call(ctx, http.MethodPost, nr.servers[i%2].base+"/api/v1/tickets", body, &t); err != nil {
				errs <- err
				return
			}
			nr.tickets[i] = t.ID
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		nr.close()
		return nil, fmt.Errorf("create the owners' tickets: %w", err)
	}
	// Each owner hears of the assignment first; that is not measured.
	if !waitUntil(ctx, 60*time.Second, func() bool { return nr.emu.watch.total(engs) >= owners }) {
		nr.close()
		return nil, fmt.Errorf("assignment notices: %d of %d arrived", nr.emu.watch.total(engs), owners)
	}
	return nr, nil
}

func mergeEnv(envs ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, e := range envs {
		for k, v := range e {
			out[k] = v
		}
	}
	return out
}

func waitUntil(ctx context.Context, d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

func (nr *noticeRig) close() {
	for _, s := range nr.servers {
		s.stop()
	}
	if nr.emu != nil {
		nr.emu.ts.Close()
	}
	nr.stack.drop(context.Background())
}

// toggle changes ticket i's state (waiting on the customer, or back),
// through server k%2: a status change its owner hears of.
func (nr *noticeRig) toggle(ctx context.Context, i, k int) (time.Time, error) {
	nr.toggleMu[i].Lock()
	defer nr.toggleMu[i].Unlock()
	action := "wait"
	if nr.toggles[i] {
		action = "resume"
	}
	t0 := time.Now()
	url := fmt.Sprintf("%s/api/v1/tickets/%d/%s", nr.servers[k%2].base, nr.tickets[i], action)
	if err := nr.admin.call(ctx, http.MethodPost, url, map[string]string{}, nil); err != nil {
		return t0, err
	}
	nr.toggles[i] = !nr.toggles[i]
	return t0, nil
}

// outboxCounts counts the outbox rows of recipients by status.
func (nr *noticeRig) outboxCounts(ctx context.Context, recipients []string) (map[string]int, error) {
	db, err := sql.Open("mysql", nr.stack.dsn())
	if err != nil {
		return nil, err
	}
	defer func() { _ = db.Close() }()
	q := "SELECT status, COUNT(*) FROM outbox WHERE recipient IN (?" + strings.Repeat(",?", len(recipients)-1) + ") GROUP BY status" // #nosec G202 -- only placeholders are joined in
	args := make([]any, len(recipients))
	for i, r := range recipients {
		args[i] = r
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// benchNotice measures status change → message/send at 200 changes/s
// over two instances, and one member's burst merged under WeCom's limit.
func benchNotice(ctx context.Context, r *run) error {
	const owners, rate = 500, 200
	dur := max(r.duration, 60*time.Second)
	nr, err := newNoticeRig(ctx, r, "notice", owners+1)
	if err != nil {
		return err
	}
	defer nr.close()
	engs := nr.engs[:owners]
	base := map[string]int{}
	for _, e := range engs {
		base[e] = len(nr.emu.watch.arrived(e))
	}
	log := &changeLog{at: map[int][]time.Time{}}
	prof := r.profile(ctx, nr.servers[0], "notice", dur)
	paced(ctx, rate, dur, func(ctx context.Context, k int) {
		i := k % owners
		t0, err := nr.toggle(ctx, i, k)
		log.add(i, t0, err)
	})
	profile := prof.wait()
	changes := 0
	for _, ts := range log.at {
		changes += len(ts)
	}
	want := owners + changes
	waitUntil(ctx, 60*time.Second, func() bool { return nr.emu.watch.total(engs) >= want })
	time.Sleep(2 * time.Second) // a duplicate would arrive after the last expected send
	var lat []time.Duration
	lost, dup := 0, 0
	for i, e := range engs {
		got := nr.emu.watch.arrived(e)[base[e]:]
		sent := log.at[i]
		lost += max(0, len(sent)-len(got))
		dup += max(0, len(got)-len(sent))
		for k := range min(len(got), len(sent)) {
			lat = append(lat, got[k].Sub(sent[k]))
		}
	}
	ours := summarize(lat, dur)
	ours.Errors, ours.FirstErr = log.errors, log.first
	ref, err := noticeReference(ctx, nr.stack, rate, min(dur, 20*time.Second))
	if err != nil {
		return err
	}
	how := fmt.Sprintf("%d changes/s (open loop) for %s over two server instances on one MariaDB + Redis, %d engineers each owning one ticket whose state is toggled (wait on customer / resume) by admin through the API; latency from sending the change request to the owner's message/send at the emulator; %d changes, %d lost, %d duplicated", rate, dur, owners, changes, lost, dup)
	r.add(result{Bench: "4. notice latency", Case: "status change → message/send, 2 instances", Ours: ours, Ref: &ref,
		RefName: "outbox insert commit + one loopback POST", Target: "p95 ≤ 50 ms, p99 < 200 ms, 0 lost, 0 duplicates",
		Met: ours.P95ms <= 50 && ours.P99ms < 200 && lost == 0 && dup == 0 && log.errors == 0, How: how, Profile: profile})
	if lost > 0 || dup > 0 || log.errors > 0 {
		return fmt.Errorf("notices: %d lost, %d duplicated, %d changes failed (first: %s)", lost, dup, log.errors, log.first)
	}
	return noticeBurst(ctx, r, nr, owners)
}

// noticeBurst makes 100 changes in a minute for one member: WeCom drops
// what passes 30 a minute, so at most 30 sends may reach them in that
// minute, and the rest must arrive merged, not lost.
func noticeBurst(ctx context.Context, r *run, nr *noticeRig, i int) error {
	const changes = 100
	eng := nr.engs[i]
	before := len(nr.emu.watch.arrived(eng))
	start := time.Now()
	for k := range changes {
		if _, err := nr.toggle(ctx, i, k); err != nil {
			return fmt.Errorf("burst change %d: %w", k, err)
		}
		time.Sleep(max(0, time.Until(start.Add(time.Duration(k+1)*(50*time.Second)/changes))))
	}
	// Everything must be out once the next minute's budget opens.
	settled := waitUntil(ctx, 3*time.Minute, func() bool {
		c, err := nr.outboxCounts(ctx, []string{eng})
		return err == nil && c["pending"] == 0 && c["sending"] == 0
	})
	counts, err := nr.outboxCounts(ctx, []string{eng})
	if err != nil {
		return err
	}
	arr := nr.emu.watch.arrived(eng)[before:]
	inMinute := 0
	for _, at := range arr {
		if at.Sub(start) < time.Minute {
			inMinute++
		}
	}
	r.add(result{Bench: "4. notice latency", Case: "100 changes in 50 s for one member",
		Figure: fmt.Sprintf("%d sends in the first minute, %d in all; notices: %d sent, %d dead, %d pending", inMinute, len(arr), counts["sent"], counts["dead"], counts["pending"]+counts["sending"]),
		Target: "≤ 30 sends in the minute, nothing lost", Met: settled && inMinute <= 30 && counts["sent"] >= changes && counts["dead"] == 0,
		How: "one engineer's ticket toggled 100 times, evenly over 50 s, through the API; sends counted at the emulator, notices in the outbox table"})
	if !settled || counts["dead"] > 0 {
		return fmt.Errorf("burst: settled %v, outbox %v", settled, counts)
	}
	return nil
}

// noticeReference is the floor: commit one outbox-shaped row, then POST
// once to a loopback handler answering as message/send does.
func noticeReference(ctx context.Context, st *stack, rate int, dur time.Duration) (loadResult, error) {
	db, err := sql.Open("mysql", st.dsn()+"?interpolateParams=true")
	if err != nil {
		return loadResult{}, err
	}
	defer func() { _ = db.Close() }()
	db.SetMaxOpenConns(32)
	if _, err := db.ExecContext(ctx, "CREATE TABLE ref_outbox LIKE outbox"); err != nil {
		return loadResult{}, err
	}
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok","msgid":"1"}`))
	}))
	defer sink.Close()
	client := loadClient(64)
	var mu sync.Mutex
	var lat []time.Duration
	var errs int64
	var first string
	paced(ctx, rate, dur, func(ctx context.Context, k int) {
		t0 := time.Now()
		err := func() error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			now := time.Now().UTC()
			if _, err := tx.ExecContext(ctx, "INSERT INTO ref_outbox (dedupe_key, channel, recipient, ticket_id, kind, payload, created_at, next_attempt_at) VALUES (?,?,?,?,?,?,?,?)",
				fmt.Sprintf("ref:%d", k), "wecom_markdown", "bench", k, "status_changed", `{"text":"工单状态已变更"}`, now, now); err != nil {
				_ = tx.Rollback()
				return err
			}
			if err := tx.Commit(); err != nil {
				return err
			}
			resp, err := client.Post(sink.URL, "application/json", strings.NewReader(`{"touser":"bench","msgtype":"markdown"}`))
			if err != nil {
				return err
			}
			return resp.Body.Close()
		}()
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs++
			if first == "" {
				first = err.Error()
			}
			return
		}
		lat = append(lat, time.Since(t0))
	})
	res := summarize(lat, dur)
	res.Errors, res.FirstErr = errs, first
	return res, nil
}
