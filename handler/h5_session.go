package handler

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// The pages' cookies. The session cookie holds the AuthService token (the
// store keeps only its hash); the pre-session cookie is the anti-forgery
// nonce of the sign-in forms and the OAuth state.
const (
	sessionCookie = "h5_session"
	preCookie     = "h5_pre"
	langCookie    = "h5_lang"
	csrfField     = "_csrf"
)

// pageUser is who is signed in to a page: the member and the form token
// of their session.
type pageUser struct {
	me   *service.User
	csrf string
}

type pageUserKey struct{}

// csrfFor derives a session's form token: only a page of this site, which
// was given it, can post; another site cannot read the session cookie to
// work it out.
func csrfFor(session string) string {
	sum := sha256.Sum256([]byte("h5 form token\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// signedIn lets a live session through as its actor (the API's actor key,
// so handlers shared with the API read it the same way); anyone else goes
// to sign in and comes back.
func (h *h5) signedIn(c *gin.Context) {
	token, _ := c.Cookie(sessionCookie)
	act, err := h.api.d.Auth.Authenticate(c.Request.Context(), token)
	var me *service.User
	if err == nil {
		me, err = h.api.d.Auth.Me(c.Request.Context(), act)
	}
	if service.IsKind(err, service.KindUnauthenticated) {
		h.toSignIn(c)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Set(actorKey{}, act)
	c.Set(pageUserKey{}, &pageUser{me: me, csrf: csrfFor(token)})
	c.Next()
}

// toSignIn sends the visitor to sign in, then back to what they asked
// for. Inside WeCom the OAuth round trip is silent, so it starts at once.
func (h *h5) toSignIn(c *gin.Context) {
	next := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet {
		next = "/h5/tickets"
	}
	to := "/h5/login?next=" + url.QueryEscape(next)
	if h.d.CorpID != "" && strings.Contains(strings.ToLower(c.GetHeader("User-Agent")), "wxwork") {
		to = "/h5/login/wecom?next=" + url.QueryEscape(next)
	}
	c.Redirect(http.StatusFound, to)
	c.Abort()
}

func userOf(c *gin.Context) *pageUser {
	v, _ := c.Get(pageUserKey{})
	u, _ := v.(*pageUser)
	return u
}

// checkCSRF refuses a signed-in post without the session's form token.
func (h *h5) checkCSRF(c *gin.Context) {
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		c.Next()
		return
	}
	if !sameToken(c.PostForm(csrfField), userOf(c).csrf) {
		h.expired(c)
		return
	}
	c.Next()
}

// expired answers a form whose token is wrong or missing.
func (h *h5) expired(c *gin.Context) {
	h.errorPage(c, http.StatusForbidden, h5Text["form_expired"])
}

func sameToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// preToken is the visitor's pre-session nonce, set on first sight.
func (h *h5) preToken(c *gin.Context) string {
	if v, err := c.Cookie(preCookie); err == nil && len(v) >= 16 {
		return v
	}
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	h.setCookie(c, preCookie, v, time.Hour)
	return v
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the pages; Secure
// when the site is served over HTTPS. maxAge 0 deletes it.
func (h *h5) setCookie(c *gin.Context, name, value string, maxAge time.Duration) {
	secure := c.Request.TLS != nil || strings.HasPrefix(h.d.BaseURL, "https://")
	age := int(maxAge.Seconds())
	if maxAge == 0 {
		age = -1
	}
	// #nosec G124 -- Secure follows the site's scheme: a demo or local run serves plain HTTP, where a Secure cookie never comes back.
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/h5", MaxAge: age,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// pageLang is the reader's language: the switch's cookie, else the
// browser's Accept-Language (lang), Chinese by default.
func h5Lang(c *gin.Context) string {
	if v, err := c.Cookie(langCookie); err == nil && (v == "en" || v == "zh") {
		return v
	}
	return lang(c)
}

// localPath keeps a redirect target on this site's pages: "/h5/..." and
// nothing that a browser could read as another host.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/h5/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/h5/tickets"
	}
	return p
}
