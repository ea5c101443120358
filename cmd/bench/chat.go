package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// sendWatch sits in front of the emulator and tells waiters when a
// message/send to a member arrives: the moment a chat reply is seen.
type sendWatch struct {
	next     http.Handler
	mu       sync.Mutex
	subs     map[string]chan time.Time
	arrivals map[string][]time.Time // every message/send per member, in order
}

func newSendWatch(next http.Handler) *sendWatch {
	return &sendWatch{next: next, subs: map[string]chan time.Time{}, arrivals: map[string][]time.Time{}}
}

// arrived returns the times of the messages user has been sent so far.
func (w *sendWatch) arrived(user string) []time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Time(nil), w.arrivals[user]...)
}

// total counts the messages sent to the users.
func (w *sendWatch) total(users []string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, u := range users {
		n += len(w.arrivals[u])
	}
	return n
}

// inbox is the channel that receives the arrival times of messages to user.
func (w *sendWatch) inbox(user string) chan time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch, ok := w.subs[user]
	if !ok {
		ch = make(chan time.Time, 64)
		w.subs[user] = ch
	}
	return ch
}

func (w *sendWatch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/message/send") {
		w.next.ServeHTTP(rw, r)
		return
	}
	at := time.Now()
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &answerCopy{ResponseWriter: rw}
	w.next.ServeHTTP(rec, r)
	var msg struct {
		ToUser string `json:"touser"`
	}
	var answer struct {
		ErrCode int64 `json:"errcode"`
	}
	// Only a send WeCom accepted reached anyone.
	if json.Unmarshal(body, &msg) != nil || json.Unmarshal(rec.body.Bytes(), &answer) != nil || answer.ErrCode != 0 {
		return
	}
	for _, u := range strings.Split(msg.ToUser, "|") {
		w.mu.Lock()
		w.arrivals[u] = append(w.arrivals[u], at)
		w.mu.Unlock()
		select {
		case w.inbox(u) <- at:
		default: // nobody is waiting for this one (a notice, not a reply)
		}
	}
}

// answerCopy keeps a copy of what the emulator answered.
type answerCopy struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (a *answerCopy) Write(p []byte) (int, error) {
	a.body.Write(p)
	return a.ResponseWriter.Write(p)
}

// withExtraUsers adds n plain members (agents of the customer service
// centre) to the emulated address book; the server fetches each with
// user/get on their first message, as it does for any new member.
func withExtraUsers(snap service.OrgSnapshot, n int) service.OrgSnapshot {
	users := append([]service.UserSpec(nil), snap.Users...)
	for i := range n {
		users = append(users, service.UserSpec{UserID: benchUser(i), Name: fmt.Sprintf("压测用户%04d", i),
			MainDepartment: 2, Departments: []int64{2}})
	}
	snap.Users = users
	return snap
}

func benchUser(i int) string { return fmt.Sprintf("bench_u%05d", i) }

// chatRig is the real server against the emulator, with replies watched.
type chatRig struct {
	// patience is how long say waits for a reply: 10 s by default; a
	// member's first message (user/get, a new org row) may take longer.
	patience time.Duration
	emu      *emulator
	srv      *serverProc
	stack    *stack
}

// newChatRig starts the server for users extra members. With seeded, the
// server's own seed command loads them before it starts, as an org sync
// would; otherwise each is a stranger until their first message.
func newChatRig(ctx context.Context, r *run, name string, users int, seeded bool) (*chatRig, error) {
	st, err := newStack(ctx, r, name)
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		st.drop(ctx)
		return nil, err
	}
	emu, err := newEmulator("http://"+addr+"/wecom/callback", users)
	if err != nil {
		st.drop(ctx)
		return nil, err
	}
	rig := &chatRig{emu: emu, stack: st, patience: 10 * time.Second}
	if seeded {
		if err := seedOrg(ctx, r, mergeEnv(st.env(), emu.wecomEnv()), withExtraUsers(r.org, users), name); err != nil {
			rig.close()
			return nil, err
		}
	}
	if rig.srv, err = startServer(ctx, r.serverBin, r.dir, addr, r.logPath(name+"-server.log"), emu.wecomEnv(), st.env()); err != nil {
		rig.close()
		return nil, err
	}
	return rig, nil
}

func (c *chatRig) close() {
	if c.srv != nil {
		c.srv.stop()
	}
	c.emu.ts.Close()
	c.stack.drop(context.Background())
}

// say sends text as user and waits for the bot's reply; it returns the
// time from sending the callback to the reply reaching message/send.
func (c *chatRig) say(ctx context.Context, user, text string) (time.Duration, error) {
	in := c.emu.watch.inbox(user)
	for len(in) > 0 { // a late extra message from an earlier turn
		<-in
	}
	t0 := time.Now()
	if _, err := c.emu.sim.SendText(ctx, user, text); err != nil {
		return 0, err
	}
	select {
	case at := <-in:
		return at.Sub(t0), nil
	case <-time.After(c.patience):
		return 0, fmt.Errorf("no reply to %s within %s", user, c.patience)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// benchChat measures `我的待办` round trips for 200 members chatting at
// once, each sending the next message when the last was answered.
func benchChat(ctx context.Context, r *run) error {
	const users = 200
	rig, err := newChatRig(ctx, r, "chat", users, false)
	if err != nil {
		return err
	}
	defer rig.close()
	// Every member's first message fetches them from WeCom (user/get):
	// a first-contact cost, paid here and not counted.
	for i := range users {
		if _, err := rig.say(ctx, benchUser(i), "帮助"); err != nil {
			return fmt.Errorf("first contact: %w", err)
		}
	}
	var (
		mu  sync.Mutex
		lat []time.Duration
		bad int64
		one string
		wg  sync.WaitGroup
	)
	start := time.Now()
	countFrom, stopAt := start.Add(r.warmup), start.Add(r.warmup+r.duration)
	prof := r.profile(ctx, rig.srv, "chat", r.warmup+r.duration)
	for i := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stopAt) {
				t0 := time.Now()
				d, err := rig.say(ctx, benchUser(i), "我的待办")
				if t0.Before(countFrom) {
					continue
				}
				mu.Lock()
				if err != nil {
					bad++
					if one == "" {
						one = err.Error()
					}
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	profile := prof.wait()
	res := summarize(lat, r.duration)
	res.Errors, res.FirstErr = bad, one
	r.add(result{Bench: "2. chat round trip", Case: "`我的待办` → reply at message/send, 200 members", Ours: res,
		Target: "p99 < 150 ms", Met: bad == 0 && res.P99ms < 150, Profile: profile,
		How: fmt.Sprintf("%d members each in a closed loop (next message when the reply arrives), %s warm-up + %s counted, real server on MariaDB + Redis, emulator in the bench process; latency from posting the signed callback to the reply's message/send", users, r.warmup, r.duration)})
	if bad > 0 {
		return fmt.Errorf("%d round trips failed (first: %s)", bad, one)
	}
	return nil
}
