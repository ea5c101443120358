package wecom

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/credential"
	"golang.org/x/sync/singleflight"

	"github.com/wecom-ticket/ticket/service"
)

// Refresh bounds. The lock outlives one gettoken round trip by far; a
// holder that dies frees it after lockTTL. After a bad secret or corp id
// the client stops asking for credentialPause: WeCom bans an IP for an
// hour after repeated bad-secret calls.
const (
	tokenLockTTL    = 10 * time.Second
	refreshTimeout  = 30 * time.Second
	defaultPoll     = 100 * time.Millisecond
	credentialPause = time.Minute
)

// tokenSource hands out the app's access token. Fetching is done by the
// SDK's WorkAccessToken (gettoken, then cache.Set in the store); around it
// singleflight makes one refresh per process and the store's TryLock one
// refresh across instances, so an expiry never stampedes gettoken, which
// WeCom throttles.
type tokenSource struct {
	app   App
	store service.SessionStore
	key   string // the SDK's own cache key, so Delete hits what it wrote
	poll  time.Duration
	group singleflight.Group

	mu        sync.Mutex
	badUntil  time.Time // no gettoken before this, after a credential error
	badReason error
}

func newTokenSource(app App, store service.SessionStore, poll time.Duration) *tokenSource {
	agent := strconv.FormatInt(app.AgentID, 10)
	return &tokenSource{
		app:   app,
		store: store,
		key:   fmt.Sprintf("%s_access_token_%s_%s", credential.CacheKeyWorkPrefix, app.CorpID, agent),
		poll:  poll,
	}
}

func (t *tokenSource) cached(ctx context.Context) (string, bool) {
	tok, ok, err := t.store.Get(ctx, t.key)
	return tok, err == nil && ok && tok != ""
}

func (t *tokenSource) get(ctx context.Context) (string, error) {
	if tok, ok := t.cached(ctx); ok {
		return tok, nil
	}
	if err := t.paused(); err != nil {
		return "", err
	}
	ch := t.group.DoChan(t.key, func() (any, error) {
		// Detached from the first caller's cancellation, since every
		// waiter shares this one refresh.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		return t.refresh(rctx)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (t *tokenSource) refresh(ctx context.Context) (string, error) {
	for {
		release, ok, err := t.store.TryLock(ctx, t.key+":refresh", tokenLockTTL)
		if err != nil {
			return "", fmt.Errorf("wecom token lock: %w", err)
		}
		if ok {
			tok, err := t.fetch(ctx)
			_ = release(ctx) // if this fails the lock expires on its own
			return tok, err
		}
		// Another instance is fetching; its token lands in the store.
		if err := sleep(ctx, t.poll); err != nil {
			return "", err
		}
		if tok, ok := t.cached(ctx); ok {
			return tok, nil
		}
	}
}

// fetch runs the SDK's WorkAccessToken with a cache bound to ctx. It is
// built per call because the SDK's Cache has no context parameter; its
// own mutex is per instance and so no longer matters, singleflight and
// the store lock replace it. The SDK re-reads the cache first, so a token
// another instance stored meanwhile is reused, not refetched.
func (t *tokenSource) fetch(ctx context.Context) (string, error) {
	h := credential.NewWorkAccessToken(t.app.CorpID, t.app.Secret, strconv.FormatInt(t.app.AgentID, 10),
		credential.CacheKeyWorkPrefix, NewTokenCache(ctx, t.store))
	tok, err := h.GetAccessTokenContext(ctx)
	if err != nil {
		err = tokenError(err)
		var ae *APIError
		if errors.As(err, &ae) && (ae.Code == CodeBadSecret || ae.Code == CodeBadCorpID) {
			t.mu.Lock()
			t.badUntil, t.badReason = time.Now().Add(credentialPause), err
			t.mu.Unlock()
		}
		return "", err
	}
	return tok, nil
}

// paused returns the last credential error while the pause lasts.
func (t *tokenSource) paused() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if time.Now().Before(t.badUntil) {
		return t.badReason
	}
	return nil
}

// invalidate drops the cached token only if it is still the one WeCom
// rejected: when two instances see 42001 at once, the second must not
// delete the fresh token the first just stored.
func (t *tokenSource) invalidate(ctx context.Context, bad string) error {
	cur, ok, err := t.store.Get(ctx, t.key)
	if err != nil {
		return fmt.Errorf("wecom token: %w", err)
	}
	if ok && cur == bad {
		return t.store.Delete(ctx, t.key)
	}
	return nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
