package main

import (
	"context"
	"sync"
)

// background runs the server's loops (outbox, escalation sweep, inbox) on
// a context of their own: on SIGTERM the HTTP server stops taking work
// first, and only then are the loops told to stop and finish what they
// took.
type background struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newBackground(parent context.Context) *background {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	return &background{ctx: ctx, cancel: cancel}
}

func (b *background) Go(loop func(context.Context)) {
	b.wg.Add(1)
	go func() { defer b.wg.Done(); loop(b.ctx) }()
}

// stop tells the loops to stop and waits for them until bound ends. It
// reports whether they all returned; one that did not is left running,
// because an operator's shutdown bound outranks a loop's last item (the
// inbox and the outbox pick unfinished work up again after a restart).
func (b *background) stop(bound context.Context) bool {
	b.cancel()
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-bound.Done():
		return false
	}
}
