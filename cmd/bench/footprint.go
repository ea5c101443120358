package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wecom-ticket/ticket/repo/store"
)

// peakSampler records the server's largest RSS and goroutine count while
// a load runs.
type peakSampler struct {
	rss, goroutines atomic.Uint64
	stop            chan struct{}
	done            sync.WaitGroup
}

func samplePeaks(p *serverProc) *peakSampler {
	s := &peakSampler{stop: make(chan struct{})}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			if v := uint64(p.rssMiB() * 1024); v > s.rss.Load() {
				s.rss.Store(v)
			}
			if v := uint64(p.metric("go_goroutines")); v > s.goroutines.Load() {
				s.goroutines.Store(v)
			}
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// peaks stops sampling and returns peak RSS (MiB) and goroutines.
func (s *peakSampler) peaks() (float64, uint64) {
	close(s.stop)
	s.done.Wait()
	return float64(s.rss.Load()) / 1024, s.goroutines.Load()
}

// benchFootprint measures the binary, cold start, and Redis memory for
// 10,000 open chat dialogs opened through the real chat.
func benchFootprint(ctx context.Context, r *run) error {
	fi, err := os.Stat(r.serverBin)
	if err != nil {
		return err
	}
	r.add(result{Bench: "6. footprint", Case: "server binary (static, -s -w, trimpath)", Figure: fmt.Sprintf("%.1f MiB", float64(fi.Size())/(1<<20)),
		Target: "reported", Met: true, How: "the binary `make build` ships, built by the bench"})

	// Cold start and first contacts on an empty database.
	const strangers = 300
	cold, err := newChatRig(ctx, r, "footprint-cold", strangers, false)
	if err != nil {
		return err
	}
	cold.patience = time.Minute
	r.add(result{Bench: "6. footprint", Case: "cold start to /readyz (empty database: migrations + demo org)", Figure: fmt.Sprintf("%.0f ms", float64(cold.srv.ready)/float64(time.Millisecond)),
		Target: "< 10 s", Met: cold.srv.ready < 10*time.Second, How: "process start to the first 200 from /readyz, MariaDB + Redis"})
	idleRSS := cold.srv.rssMiB()
	idleG := cold.srv.metric("go_goroutines")
	r.add(result{Bench: "6. footprint", Case: "server idle after start", Figure: fmt.Sprintf("RSS %.1f MiB, %.0f goroutines", idleRSS, idleG),
		Target: "reported", Met: true, How: "VmRSS from /proc and go_goroutines from /metrics"})
	took, err := openDialogs(ctx, cold, strangers)
	cold.close()
	if err != nil {
		return err
	}
	r.add(result{Bench: "6. footprint", Case: fmt.Sprintf("%d unknown members' first message (user/get, new org row, dialog)", strangers),
		Figure: fmt.Sprintf("%.0f per second over %s", float64(strangers)/took.Seconds(), took.Round(time.Second)),
		Target: "reported", Met: true, How: "50 members at a time, each member's first message to the bot through the emulator"})

	// 10,000 dialogs of members the org sync already knows.
	const dialogs = 10_000
	rig, err := newChatRig(ctx, r, "footprint", dialogs, true)
	if err != nil {
		return err
	}
	defer rig.close()
	rig.patience = time.Minute
	if took, err = openDialogs(ctx, rig, dialogs); err != nil {
		return err
	}
	r.add(result{Bench: "6. footprint", Case: fmt.Sprintf("%d known members each open a create dialog", dialogs),
		Figure: fmt.Sprintf("%.0f per second over %s", float64(dialogs)/took.Seconds(), took.Round(time.Second)),
		Target: "reported", Met: true, How: "members loaded by the server's seed command (as an org sync would), then 50 at a time each sends `新建 <subject>` through the emulator"})
	used, raw, keys, err := dialogMemory(ctx, r.redis, rig.stack.prefix)
	if err != nil {
		return err
	}
	ratio := float64(used) / float64(raw)
	r.add(result{Bench: "6. footprint", Case: fmt.Sprintf("Redis memory for %d open chat dialogs", keys),
		Figure: fmt.Sprintf("%.0f B per dialog (%.2f MiB), %.2f× raw", float64(used)/float64(keys), float64(used)/(1<<20), ratio),
		Target: "≤ 1.25× raw size", Met: ratio <= 1.25 && keys == dialogs,
		How: "10,000 members each send `新建 <subject>` through the emulator; MEMORY USAGE summed over the dialog keys, against the raw size (key + value bytes)"})
	return nil
}

// openDialogs has n members each send their first `新建 <subject>` (the
// bot then asks for the template: an open dialog), 50 at a time.
func openDialogs(ctx context.Context, rig *chatRig, n int) (time.Duration, error) {
	opened := time.Now()
	var (
		next   atomic.Int64
		failed atomic.Int64
		first  atomic.Value
		wg     sync.WaitGroup
	)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				if _, err := rig.say(ctx, benchUser(i), "新建 打印机卡纸 第"+fmt.Sprint(i)+"台"); err != nil {
					failed.Add(1)
					first.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	wg.Wait()
	if k := failed.Load(); k > 0 {
		return 0, fmt.Errorf("%d dialogs did not open (first: %v)", k, first.Load())
	}
	return time.Since(opened), nil
}

// dialogMemory sums Redis's MEMORY USAGE and the raw key + value bytes
// of the open dialogs under prefix.
func dialogMemory(ctx context.Context, addr, prefix string) (used, raw int64, keys int, err error) {
	rc := store.NewRedisClient(addr, "", 0)
	defer func() { _ = rc.Close() }()
	iter := rc.Scan(ctx, 0, prefix+"chat:dlg:*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		v, err := rc.Get(ctx, k).Result()
		if err == redis.Nil {
			continue
		}
		if err != nil {
			return 0, 0, 0, err
		}
		m, err := rc.MemoryUsage(ctx, k, 0).Result()
		if err != nil {
			return 0, 0, 0, err
		}
		used += m
		raw += int64(len(k) + len(v))
		keys++
	}
	if err := iter.Err(); err != nil {
		return 0, 0, 0, err
	}
	if keys == 0 {
		return 0, 0, 0, fmt.Errorf("no dialog keys under %q", strings.TrimSuffix(prefix, ":"))
	}
	return used, raw, keys, nil
}
