package handler

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

type loginRequest struct {
	Code string `json:"code" binding:"required,max=512"`
}

type demoLoginRequest struct {
	UserID string `json:"userid" binding:"required,max=64"`
}

type sessionJSON struct {
	Token     string    `json:"token"`
	TokenType string    `json:"token_type"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userJSON  `json:"user"`
}

// loginWith answers a sign-in: the session and who it is for.
func (a *api) loginWith(c *gin.Context) func(*service.Session, error) {
	return func(sess *service.Session, err error) {
		if err != nil {
			fail(c, a.log, err)
			return
		}
		answer(a, c, http.StatusOK, func(u *service.User) sessionJSON {
			return sessionJSON{Token: sess.Token, TokenType: "Bearer", ExpiresAt: sess.ExpiresAt, User: toUserJSON(u)}
		})(a.d.Auth.Me(c.Request.Context(), service.Actor{UserID: sess.UserID, Origin: sess.Origin}))
	}
}

func (a *api) loginMiniProgram(c *gin.Context) {
	var req loginRequest
	if a.body(c, &req) {
		a.loginWith(c)(a.d.Auth.LoginMiniProgram(c.Request.Context(), req.Code))
	}
}

func (a *api) loginOAuth(c *gin.Context) {
	var req loginRequest
	if a.body(c, &req) {
		a.loginWith(c)(a.d.Auth.LoginOAuth(c.Request.Context(), req.Code))
	}
}

func (a *api) loginDemo(c *gin.Context) {
	var req demoLoginRequest
	if a.body(c, &req) {
		a.loginWith(c)(a.d.Auth.LoginDemo(c.Request.Context(), req.UserID))
	}
}

// logout ends the session named by the Authorization header; without one
// there is nothing to end, which is not an error.
func (a *api) logout(c *gin.Context) {
	token, _ := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if err := a.d.Auth.Logout(c.Request.Context(), strings.TrimSpace(token)); err != nil {
		fail(c, a.log, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (a *api) me(c *gin.Context) {
	answer(a, c, http.StatusOK, toUserJSON)(a.d.Auth.Me(c.Request.Context(), actor(c)))
}

type signatureQuery struct {
	URL string `form:"url" binding:"required,max=2048,http_url"`
}

type jsSignatureJSON struct {
	Timestamp int64  `json:"timestamp"`
	NonceStr  string `json:"nonce_str"`
	Signature string `json:"signature"`
}

type jsConfigJSON struct {
	CorpID  string          `json:"corp_id"`
	AgentID int64           `json:"agent_id"`
	Corp    jsSignatureJSON `json:"corp"`
	Agent   jsSignatureJSON `json:"agent"`
}

// jssdkSignature signs one of our pages for wx.config and wx.agentConfig.
// With a base URL configured, other hosts' pages are refused: a
// signature is a capability of our app, not a service for anyone's page.
func (a *api) jssdkSignature(c *gin.Context) {
	var q signatureQuery
	if !a.params(c, &q) {
		return
	}
	if a.d.JSSDK == nil {
		fail(c, a.log, service.E(service.KindUnavailable, "jssdk.off", "WeCom is not configured"))
		return
	}
	if base, err := url.Parse(a.d.BaseURL); a.d.BaseURL != "" && (err != nil || !sameHost(base, q.URL)) {
		fail(c, a.log, service.Invalid(map[string]string{"url": "must be a page of this site"}))
		return
	}
	answer(a, c, http.StatusOK, toJSConfigJSON)(a.d.JSSDK.JSConfig(c.Request.Context(), q.URL))
}

func toJSConfigJSON(cfg *wecom.JSConfig) jsConfigJSON {
	sig := func(s wecom.JSSignature) jsSignatureJSON {
		return jsSignatureJSON{Timestamp: s.Timestamp, NonceStr: s.NonceStr, Signature: s.Signature}
	}
	return jsConfigJSON{CorpID: cfg.CorpID, AgentID: cfg.AgentID, Corp: sig(cfg.Corp), Agent: sig(cfg.Agent)}
}

func sameHost(base *url.URL, page string) bool {
	u, err := url.Parse(page)
	return err == nil && strings.EqualFold(u.Host, base.Host) && u.Scheme == base.Scheme
}
