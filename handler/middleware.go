package handler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
)

type requestIDKey struct{}

// A caller's request id is kept only when it looks like one, so logs cannot
// be stuffed with arbitrary text.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID tags the request (and its context) with an id that every log
// line of the request carries, and echoes it in X-Request-ID.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Header("X-Request-ID", id)
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey{}, id))
		c.Next()
	}
}

// RequestIDFrom returns the request id carried by ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithRequestID wraps a slog handler so that records logged with a request
// context carry request_id without every caller adding it.
func WithRequestID(h slog.Handler) slog.Handler { return ctxHandler{h} }

type ctxHandler struct{ slog.Handler }

func (h ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestIDFrom(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h ctxHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return ctxHandler{h.Handler.WithAttrs(as)}
}
func (h ctxHandler) WithGroup(name string) slog.Handler { return ctxHandler{h.Handler.WithGroup(name)} }

// accessLog writes one JSON line per request.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		log.InfoContext(c.Request.Context(), "http",
			"method", c.Request.Method, "route", route, "status", c.Writer.Status(),
			"ms", float64(time.Since(start).Microseconds())/1000, "bytes", c.Writer.Size())
	}
}

// recoverer turns a panic into a 500 with a human sentence; the stack goes
// to the log, never to the caller.
func recoverer(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				log.ErrorContext(c.Request.Context(), "panic", "panic", p, "stack", string(debug.Stack()))
				writeError(c, http.StatusInternalServerError, "internal", msgInternal, nil)
				c.Abort()
			}
		}()
		c.Next()
	}
}
