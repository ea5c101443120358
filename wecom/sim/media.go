package sim

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/wecom-ticket/ticket/wecom"
)

// Media is a temporary media file served by media/get.
type Media struct {
	ContentType string
	FileName    string
	Data        []byte
}

// AddMedia registers a file under mediaID, as if a member had sent it.
func (s *Server) AddMedia(mediaID string, m Media) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.media[mediaID] = m
}

// mediaGet is /cgi-bin/media/get?media_id=: the bytes, or JSON 40007.
func (s *Server) mediaGet(w http.ResponseWriter, _ *http.Request, req *Request) {
	s.mu.Lock()
	m, found := s.media[req.Query.Get("media_id")]
	s.mu.Unlock()
	if !found {
		apiError(w, codeInvalidMediaID, "invalid media_id")
		return
	}
	w.Header().Set("Content-Type", m.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.Data)))
	if m.FileName != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": m.FileName}))
	}
	_, _ = w.Write(m.Data)
}

// AddLoginCode registers a single-use code (from wx.qy.login or the OAuth
// redirect) that resolves to userid.
func (s *Server) AddLoginCode(code, userid string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logins[code] = userid
}

// takeLogin spends a code.
func (s *Server) takeLogin(code string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, found := s.logins[code]
	delete(s.logins, code)
	return u, found && code != ""
}

// jsCode2Session is /cgi-bin/miniprogram/jscode2session (WeCom's, not
// WeChat's): corpid, userid and a session_key.
func (s *Server) jsCode2Session(w http.ResponseWriter, _ *http.Request, req *Request) {
	u, found := s.takeLogin(req.Query.Get("js_code"))
	if !found {
		apiError(w, wecom.CodeBadCode, "invalid code")
		return
	}
	writeJSON(w, http.StatusOK, ok(map[string]any{"corpid": s.opts.CorpID, "userid": u, "session_key": randomHex(24)}))
}

// authGetUserInfo is /cgi-bin/auth/getuserinfo?code= for H5 OAuth.
func (s *Server) authGetUserInfo(w http.ResponseWriter, _ *http.Request, req *Request) {
	u, found := s.takeLogin(req.Query.Get("code"))
	if !found {
		apiError(w, wecom.CodeBadCode, "invalid code")
		return
	}
	writeJSON(w, http.StatusOK, oauthAnswer(u))
}
