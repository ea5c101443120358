package handler

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// Acceptor stores a verified callback durably (service.Inbox).
type Acceptor interface {
	Accept(ctx context.Context, item *service.InboxItem) error
}

// WeComDeps enables the callback endpoint.
type WeComDeps struct {
	Crypter *wecom.Crypter
	Inbox   Acceptor
}

func registerWeCom(r *gin.Engine, d *WeComDeps, log *slog.Logger) {
	cb := &callback{d: d, log: log}
	r.GET("/wecom/callback", cb.verify)
	r.POST("/wecom/callback", cb.receive)
}

// acceptTimeout bounds how long a callback waits to be stored.
const acceptTimeout = 3 * time.Second

type callback struct {
	d   *WeComDeps
	log *slog.Logger
}

// verify answers WeCom's URL check with the bare decrypted echostr.
func (h *callback) verify(c *gin.Context) {
	q := c.Request.URL.Query()
	plain, err := h.d.Crypter.VerifyURL(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
	if err != nil {
		h.reject(c, err)
		return
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(plain))
}

// receive verifies and stores a callback, then answers an empty 200, which
// tells WeCom to stop retrying. The work happens later, off this request.
func (h *callback) receive(c *gin.Context) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, int64(h.d.Crypter.MaxBody())))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.reject(c, wecom.ErrTooLarge)
		return
	}
	if err != nil {
		h.reject(c, service.Wrap(service.KindInvalid, "wecom.read", err))
		return
	}
	q := c.Request.URL.Query()
	inner, err := h.d.Crypter.Open(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
	if err != nil {
		h.reject(c, err)
		return
	}
	msg, err := wecom.ParseMessage(inner)
	if err != nil {
		h.reject(c, err)
		return
	}
	item := &service.InboxItem{DedupeKey: msg.DedupeKey(), FromUser: msg.FromUserName, Payload: inner}
	// Under backpressure, answer well inside WeCom's 5 s: a 503 now gets
	// the same retry as a timeout, without holding a connection for it.
	ctx, cancel := context.WithTimeout(c.Request.Context(), acceptTimeout)
	defer cancel()
	if err := h.d.Inbox.Accept(ctx, item); err != nil {
		// Not stored: a non-200 makes WeCom retry, so nothing is lost.
		h.log.WarnContext(c.Request.Context(), "wecom callback not stored", "err", err)
		fail(c, h.log, err)
		return
	}
	c.Status(http.StatusOK)
}

// reject logs why a callback was refused and answers 4xx; nothing is
// stored and nothing is sent.
func (h *callback) reject(c *gin.Context, err error) {
	h.log.WarnContext(c.Request.Context(), "wecom callback rejected", "reason", err.Error(), "remote", c.ClientIP())
	fail(c, h.log, err)
}
