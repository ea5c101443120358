package handler

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

type loginData struct {
	Next   string
	WeCom  bool
	Demo   bool
	Users  []*service.User // demo mode: whom to sign in as
	Failed bool
}

// loginPage offers WeCom sign-in and, in demo mode, a member to sign in as.
func (h *h5) loginPage(c *gin.Context) {
	d := loginData{Next: localPath(c.Query("next")), WeCom: h.d.CorpID != "", Demo: h.demo,
		Failed: c.Query("failed") != ""}
	if h.demo {
		x, err := h.d.Org.Index(c.Request.Context())
		if err != nil {
			h.fail(c, err)
			return
		}
		for _, u := range x.Users() {
			if u.Enabled {
				d.Users = append(d.Users, u)
			}
		}
	}
	v := h.view(c, "login", "sign_in")
	v.CSRF = h.preToken(c)
	v.Data = d
	h.render(c, http.StatusOK, v)
}

// loginWeCom sends the browser to WeCom's OAuth page (WECOM.md §7): our
// own URL, since the SDK's hard-codes a literal state and no agentid.
// The state is the pre-session nonce, checked on the way back.
func (h *h5) loginWeCom(c *gin.Context) {
	if h.d.CorpID == "" {
		h.fail(c, service.E(service.KindUnavailable, "auth.wecom_off", "WeCom sign-in is not configured"))
		return
	}
	back := h.baseURL(c) + "/h5/oauth/callback?next=" + url.QueryEscape(localPath(c.Query("next")))
	q := url.Values{"appid": {h.d.CorpID}, "redirect_uri": {back}, "response_type": {"code"},
		"scope": {"snsapi_base"}, "state": {h.preToken(c)}}
	if h.d.AgentID != 0 {
		q.Set("agentid", strconv.FormatInt(h.d.AgentID, 10))
	}
	c.Redirect(http.StatusFound, h.d.AuthorizeURL+"?"+q.Encode()+"#wechat_redirect")
}

// baseURL is the site's public address, or the one this request came to.
func (h *h5) baseURL(c *gin.Context) string {
	if h.d.BaseURL != "" {
		return trimSlash(h.d.BaseURL)
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// oauthCallback exchanges WeCom's code for a session. A state that is not
// this browser's nonce is a forged or replayed link: refused.
func (h *h5) oauthCallback(c *gin.Context) {
	pre, err := c.Cookie(preCookie)
	if err != nil || !sameToken(c.Query("state"), pre) {
		h.expired(c)
		return
	}
	sess, err := h.api.d.Auth.LoginOAuth(c.Request.Context(), c.Query("code"))
	h.startSession(c, sess, err)
}

// loginDemo signs in as the chosen member, in demo mode only (the
// service refuses otherwise).
func (h *h5) loginDemo(c *gin.Context) {
	pre, err := c.Cookie(preCookie)
	if err != nil || !sameToken(c.PostForm(csrfField), pre) {
		h.expired(c)
		return
	}
	sess, err := h.api.d.Auth.LoginDemo(c.Request.Context(), c.PostForm("userid"))
	h.startSession(c, sess, err)
}

// startSession sets the session cookie and goes where the visitor was
// heading; a refused sign-in goes back to the sign-in page.
func (h *h5) startSession(c *gin.Context, sess *service.Session, err error) {
	next := localPath(c.Query("next"))
	if c.Request.Method == http.MethodPost {
		next = localPath(c.PostForm("next"))
	}
	if service.IsKind(err, service.KindUnauthenticated) {
		c.Redirect(http.StatusSeeOther, "/h5/login?failed=1&next="+url.QueryEscape(next))
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.setCookie(c, sessionCookie, sess.Token, time.Until(sess.ExpiresAt))
	h.setCookie(c, preCookie, "", 0)
	c.Redirect(http.StatusSeeOther, next)
}

func (h *h5) logout(c *gin.Context) {
	token, _ := c.Cookie(sessionCookie)
	if err := h.api.d.Auth.Logout(c.Request.Context(), token); err != nil {
		h.fail(c, err)
		return
	}
	h.setCookie(c, sessionCookie, "", 0)
	c.Redirect(http.StatusSeeOther, "/h5/login")
}

// switchLang remembers the reader's language and goes back to the page.
func (h *h5) switchLang(c *gin.Context) {
	l := c.Param("lang")
	if l != "en" {
		l = "zh"
	}
	h.setCookie(c, langCookie, l, 365*24*time.Hour)
	c.Redirect(http.StatusSeeOther, localPath(c.Query("back")))
}
