package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo/store"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// callbacks seals text-message callbacks as WeCom does: a fresh MsgId
// per request (so none is a retry), from a rotating set of members.
type callbacks struct {
	crypter *wecom.Crypter
	corpID  string
	agentID int64
	users   []string
	content string
}

func newCallbacks(token, aesKey, corpID string, agentID int64, users []string) (*callbacks, error) {
	cr, err := wecom.NewCrypter(token, aesKey, corpID)
	if err != nil {
		return nil, err
	}
	// About 600 bytes of plaintext XML, PERF.md's middle size.
	content := strings.Repeat("打印机卡纸，", 40)
	return &callbacks{crypter: cr, corpID: corpID, agentID: agentID, users: users, content: content}, nil
}

// request builds callback number seq against base.
func (c *callbacks) request(ctx context.Context, base string, seq int64) (*http.Request, error) {
	now := strconv.FormatInt(time.Now().Unix(), 10)
	user := c.users[int(seq)%len(c.users)]
	inner := fmt.Sprintf("<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%s</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content>"+
		"<MsgId>%d</MsgId><AgentID>%d</AgentID></xml>", c.corpID, user, now, c.content, 7_000_000_000+seq, c.agentID)
	nonce := strconv.FormatInt(seq, 36)
	enc, sig, err := c.crypter.Seal([]byte(inner), now, nonce)
	if err != nil {
		return nil, err
	}
	body, err := xml.Marshal(struct {
		XMLName    xml.Name `xml:"xml"`
		ToUserName string   `xml:"ToUserName"`
		AgentID    int64    `xml:"AgentID"`
		Encrypt    string   `xml:"Encrypt"`
	}{ToUserName: c.corpID, AgentID: c.agentID, Encrypt: enc})
	if err != nil {
		return nil, err
	}
	q := url.Values{"msg_signature": {sig}, "timestamp": {now}, "nonce": {nonce}}
	return http.NewRequestWithContext(ctx, http.MethodPost, base+"/wecom/callback?"+q.Encode(), bytes.NewReader(body))
}

// post sends one callback and wants the empty 200 WeCom wants.
func (c *callbacks) post(ctx context.Context, client *http.Client, base string, seq int64) error {
	req, err := c.request(ctx, base, seq)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("callback answered %d", resp.StatusCode)
	}
	return nil
}

// loadClient keeps enough idle connections for the load's concurrency.
func loadClient(conc int) *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc * 2, IdleConnTimeout: time.Minute}}
}

// serveLoopback serves h on a loopback port until ctx ends.
func serveLoopback(ctx context.Context, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	go func() { <-ctx.Done(); _ = srv.Close() }()
	return "http://" + ln.Addr().String(), nil
}

// referenceCallbackHandler is the floor: a bare net/http handler that
// only checks the signature, decrypts and parses, as PERF.md measured.
func referenceCallbackHandler(cr *wecom.Crypter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(cr.MaxBody())))
		if err != nil {
			http.Error(w, "", http.StatusBadRequest)
			return
		}
		q := r.URL.Query()
		inner, err := cr.Open(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		if err == nil {
			_, err = wecom.ParseMessage(inner)
		}
		if err != nil {
			http.Error(w, "", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// dedupeOnly accepts a callback after the fast dedupe check alone: the
// server's callback path without the durable inbox write.
type dedupeOnly struct{ kv service.SessionStore }

func (d dedupeOnly) Accept(ctx context.Context, item *service.InboxItem) error {
	fresh, err := d.kv.SetNX(ctx, "seen:"+item.DedupeKey, "1", time.Hour)
	if err != nil {
		return err
	}
	if !fresh {
		return errors.New("duplicate callback in a benchmark that sends none")
	}
	return nil
}

// noDurableRouter is the server's own gin engine and callback handler
// with dedupeOnly in place of the inbox.
func noDurableRouter(cr *wecom.Crypter, redisAddr, prefix string) http.Handler {
	kv := store.NewRedis(store.NewRedisClient(redisAddr, "", 0), prefix)
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	return handler.New(handler.Deps{Log: log, Registry: prometheus.NewRegistry(),
		WeCom: &handler.WeComDeps{Crypter: cr, Inbox: dedupeOnly{kv: kv}}})
}

// benchIngest measures callbacks per second: the real server (durable
// inbox on MariaDB, dedupe in Redis), the same handler without the
// durable write, and the bare reference.
func benchIngest(ctx context.Context, r *run) error {
	st, err := newStack(ctx, r, "ingest")
	if err != nil {
		return err
	}
	defer st.drop(context.Background())
	emu, err := newEmulator("", 0)
	if err != nil {
		return err
	}
	defer emu.ts.Close()
	o := emu.sim.Options()
	users := r.demoUsers()
	cb, err := newCallbacks(o.Token, o.EncodingAESKey, o.CorpID, o.AgentID, users)
	if err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	srv, err := startServer(ctx, r.serverBin, r.dir, addr, r.logPath("ingest-server.log"), emu.wecomEnv(), st.env())
	if err != nil {
		return err
	}
	defer srv.stop()

	spec := loadSpec{conc: 50, warmup: r.warmup, dur: r.duration}
	client := loadClient(spec.conc)
	peaks := samplePeaks(srv)
	prof := r.profile(ctx, srv, "ingest", spec.warmup+spec.dur)
	ours := runLoad(ctx, spec, func(ctx context.Context, seq int64) error { return cb.post(ctx, client, srv.base, seq) })
	rss, goroutines := peaks.peaks()
	ingestProfile := prof.wait()
	r.add(result{Bench: "6. footprint", Case: "server under load 1 (callback ingest)", Figure: fmt.Sprintf("peak RSS %.1f MiB, peak %d goroutines", rss, goroutines),
		Target: "reported", Met: true, How: "VmRSS from /proc and go_goroutines from /metrics, sampled every 250 ms during load 1"})

	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	noDur, err := serveLoopback(lctx, noDurableRouter(cb.crypter, r.redis, st.prefix+"nodurable:"))
	if err != nil {
		return err
	}
	without := runLoad(ctx, spec, func(ctx context.Context, seq int64) error { return cb.post(ctx, client, noDur, 1_000_000_000+seq) })

	refURL, err := serveLoopback(lctx, referenceCallbackHandler(cb.crypter))
	if err != nil {
		return err
	}
	ref := runLoad(ctx, spec, func(ctx context.Context, seq int64) error { return cb.post(ctx, client, refURL, seq) })

	how := fmt.Sprintf("closed loop, %d connections, %s warm-up + %s counted, ~600 B text callbacks from %d members, server on MariaDB + Redis", spec.conc, spec.warmup, spec.dur, len(users))
	r.add(result{Bench: "1. callback ingest", Case: "server, durable inbox write", Ours: ours, Ref: &ref, RefName: "bare net/http: verify + decrypt + parse",
		Target: "≥ 0.5× reference req/s; p99 < 20 ms", Met: ours.Errors == 0 && ours.PerSec >= 0.5*ref.PerSec && ours.P99ms < 20, How: how, Profile: ingestProfile})
	r.add(result{Bench: "1. callback ingest", Case: "same handler, no durable write (dedupe only)", Ours: without, Ref: &ref, RefName: "bare net/http: verify + decrypt + parse",
		Target: "≥ 0.8× reference req/s", Met: without.Errors == 0 && without.PerSec >= 0.8*ref.PerSec, How: how})
	if ours.Errors > 0 || without.Errors > 0 {
		return fmt.Errorf("callbacks failed: %d (first: %s), %d (first: %s)", ours.Errors, ours.FirstErr, without.Errors, without.FirstErr)
	}
	return benchIngestSlowDB(ctx, r, cb, emu, len(users))
}
