package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wecom-ticket/ticket/wecom/sim"
)

// chatter is one terminal chat: it posts what the user types to the
// emulator as callbacks from one member, and prints what that member
// receives.
type chatter struct {
	base string // emulator URL
	as   string // userid
	hc   *http.Client

	mu   sync.Mutex // guards out and last
	out  io.Writer
	last *shownCard
}

func chat(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	as := fs.String("as", "", "userid to chat as (required)")
	base := fs.String("sim", "http://127.0.0.1:9090", "emulator URL")
	poll := fs.Duration("poll", 500*time.Millisecond, "how often to look for replies")
	if err := fs.Parse(args); err != nil || *as == "" {
		return fmt.Errorf("chat needs --as USERID\n%s", usage)
	}
	// Delivering waits for the server and WeCom's retries (4 × 5 s).
	c := &chatter{base: strings.TrimRight(*base, "/"), as: *as, out: stdout, hc: &http.Client{Timeout: 30 * time.Second}}
	after, err := c.latestSeq(ctx)
	if err != nil {
		return fmt.Errorf("is wecomsim serve running at %s? %w", c.base, err)
	}
	c.printf("chatting as %s via %s; /click N presses button N of the last card, /quit leaves\n", c.as, c.base)

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { c.pollReplies(ctx, after, *poll) })
	err = c.readInput(ctx, stdin)
	cancel()
	wg.Wait()
	return err
}

func (c *chatter) readInput(ctx context.Context, stdin io.Reader) error {
	sc := bufio.NewScanner(stdin)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case line == "/quit":
			return nil
		case strings.HasPrefix(line, "/click"):
			c.click(ctx, strings.TrimSpace(strings.TrimPrefix(line, "/click")))
		default:
			if err := c.post(ctx, "/sim/text", sim.TextRequest{From: c.as, Content: line}); err != nil {
				c.printf("! not delivered: %v\n", err)
			}
		}
	}
	return sc.Err()
}

func (c *chatter) click(ctx context.Context, arg string) {
	n, err := strconv.Atoi(arg)
	c.mu.Lock()
	card := c.last
	c.mu.Unlock()
	switch {
	case card == nil:
		c.printf("! no clickable card\n")
		return
	case err != nil || n < 1 || n > len(card.buttons):
		c.printf("! /click takes a button number from 1 to %d\n", len(card.buttons))
		return
	}
	b := card.buttons[n-1]
	if b.key == "" {
		c.printf("! [%d] %s opens %s\n", n, b.text, b.url)
		return
	}
	req := sim.ClickRequest{From: c.as, TaskID: card.taskID, EventKey: b.key, CardType: card.cardType}
	if err := c.post(ctx, "/sim/click", req); err != nil {
		c.printf("! click not delivered: %v\n", err)
	}
}

// pollReplies prints new messages for the member until ctx ends.
func (c *chatter) pollReplies(ctx context.Context, after int64, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		msgs, err := c.sent(ctx, after)
		if err != nil && ctx.Err() == nil {
			c.printf("! polling: %v\n", err)
		}
		for _, m := range msgs {
			after = m.Seq
			c.show(m)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (c *chatter) latestSeq(ctx context.Context) (int64, error) {
	msgs, err := c.sent(ctx, 0)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	return msgs[len(msgs)-1].Seq, nil
}

func (c *chatter) sent(ctx context.Context, after int64) ([]sim.SentMessage, error) {
	q := url.Values{"userid": {c.as}, "after": {strconv.FormatInt(after, 10)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/sim/sent?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out sim.SentResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return out.Messages, nil
}

// post calls an admin endpoint and turns its {"error"} into an error.
func (c *chatter) post(ctx context.Context, path string, body any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	var e struct {
		Error string `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&e)
	return errors.New(e.Error)
}

func (c *chatter) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.out, format, args...)
}
