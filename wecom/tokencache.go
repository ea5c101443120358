package wecom

import (
	"context"
	"fmt"
	"time"

	"github.com/silenceper/wechat/v2/cache"

	"github.com/wecom-ticket/ticket/service"
)

var _ cache.ContextCache = (*TokenCache)(nil)

// TokenCache adapts the shared SessionStore to silenceper's cache.Cache, so
// the SDK keeps the access token where every instance sees it.
//
// The SDK's WorkAccessToken calls only the context-free methods and does
// val.(string) on what Get returns, so Get returns a string or untyped nil
// (never "" and never a typed nil). The context-free methods use the
// context the cache was made with: build one per call with NewTokenCache.
type TokenCache struct {
	store service.SessionStore
	ctx   context.Context //nolint:containedctx // the SDK's Cache interface has no context; this is the caller's, per call.
}

// NewTokenCache binds store and the caller's context for one SDK call.
func NewTokenCache(ctx context.Context, store service.SessionStore) *TokenCache {
	return &TokenCache{store: store, ctx: ctx}
}

// Get implements cache.Cache.
func (c *TokenCache) Get(key string) any { return c.GetContext(c.ctx, key) }

// Set implements cache.Cache.
func (c *TokenCache) Set(key string, val any, timeout time.Duration) error {
	return c.SetContext(c.ctx, key, val, timeout)
}

// IsExist implements cache.Cache.
func (c *TokenCache) IsExist(key string) bool { return c.IsExistContext(c.ctx, key) }

// Delete implements cache.Cache.
func (c *TokenCache) Delete(key string) error { return c.DeleteContext(c.ctx, key) }

// GetContext implements cache.ContextCache. A store error reads as a miss,
// as in the SDK's own Redis cache: the token is then fetched again.
func (c *TokenCache) GetContext(ctx context.Context, key string) any {
	v, ok, err := c.store.Get(ctx, key)
	if err != nil || !ok || v == "" {
		return nil
	}
	return v
}

// SetContext implements cache.ContextCache. The SDK computes the TTL as
// expires_in - 1500 s; a token that short-lived (an emulator, or WeCom
// cutting it) would give zero, which the store reads as "never expires",
// so it is kept for one second instead.
func (c *TokenCache) SetContext(ctx context.Context, key string, val any, timeout time.Duration) error {
	s, ok := val.(string)
	if !ok {
		return fmt.Errorf("token cache: value of type %T, want string", val)
	}
	if timeout <= 0 {
		timeout = time.Second
	}
	return c.store.Set(ctx, key, s, timeout)
}

// IsExistContext implements cache.ContextCache.
func (c *TokenCache) IsExistContext(ctx context.Context, key string) bool {
	return c.GetContext(ctx, key) != nil
}

// DeleteContext implements cache.ContextCache.
func (c *TokenCache) DeleteContext(ctx context.Context, key string) error {
	return c.store.Delete(ctx, key)
}
