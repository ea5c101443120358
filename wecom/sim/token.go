package sim

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// getToken is /cgi-bin/gettoken: corpid and corpsecret in, access_token
// and expires_in out. Calls beyond TokenRateLimit per minute get 45009.
func (s *Server) getToken(w http.ResponseWriter, _ *http.Request, req *Request) {
	corpID, secret := req.Query.Get("corpid"), req.Query.Get("corpsecret")
	switch {
	case corpID == "":
		apiError(w, 41002, "corpid missing")
		return
	case corpID != s.opts.CorpID:
		apiError(w, wecom.CodeBadCorpID, "invalid corpid")
		return
	case secret == "":
		apiError(w, 41004, "corpsecret missing")
		return
	case secret != s.opts.CorpSecret:
		apiError(w, wecom.CodeBadSecret, "invalid credential")
		return
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	recent := s.tokenWin[:0]
	for _, t := range s.tokenWin {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	s.tokenWin = recent
	if len(recent) >= s.opts.TokenRateLimit {
		apiError(w, wecom.CodeFreqLimit, "api freq out of limit")
		return
	}
	s.tokenWin = append(s.tokenWin, now)
	tok := randomHex(32)
	s.tokens[tok] = now.Add(s.opts.TokenTTL)
	writeJSON(w, http.StatusOK, ok(map[string]any{"access_token": tok, "expires_in": int64(s.opts.TokenTTL / time.Second)}))
}

// TokenCalls counts gettoken requests, failed ones included.
func (s *Server) TokenCalls() int { return len(s.Requests("gettoken")) }

// withToken checks access_token the way WeCom does before an API runs.
func (s *Server) withToken(h func(http.ResponseWriter, *http.Request, *Request)) func(http.ResponseWriter, *http.Request, *Request) {
	return func(w http.ResponseWriter, r *http.Request, req *Request) {
		tok := req.Query.Get("access_token")
		s.mu.Lock()
		exp, known := s.tokens[tok]
		s.mu.Unlock()
		switch {
		case tok == "":
			apiError(w, wecom.CodeNoToken, "access_token missing")
		case !known:
			apiError(w, wecom.CodeBadToken, "invalid access_token")
		case time.Now().After(exp):
			apiError(w, wecom.CodeTokenExpired, "access_token expired")
		default:
			h(w, r, req)
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n/2)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
