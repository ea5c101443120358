package sim

import (
	"net/http"
	"strings"
)

// jsTicketTTL is WeCom's lifetime of a jsapi_ticket.
const jsTicketTTL = 7200

// guestPrefix marks a login code of someone outside the corp: OAuth then
// answers an openid instead of a userid.
const guestPrefix = "guest:"

// AddGuestLoginCode registers a single-use H5 OAuth code of a visitor who
// is not a member: auth/getuserinfo answers openid, as WeCom does.
func (s *Server) AddGuestLoginCode(code, openid string) { s.AddLoginCode(code, guestPrefix+openid) }

// JSAPITicket is the corp's jsapi_ticket the emulator hands out, so tests
// can recompute a JS-SDK signature.
func (s *Server) JSAPITicket() string { return "sim-jsapi-" + s.opts.CorpID }

// AgentJSAPITicket is the app's (agent_config) jsapi_ticket.
func (s *Server) AgentJSAPITicket() string { return "sim-agent-jsapi-" + s.opts.CorpID }

// getJSAPITicket is /cgi-bin/get_jsapi_ticket (for wx.config).
func (s *Server) getJSAPITicket(w http.ResponseWriter, _ *http.Request, _ *Request) {
	writeJSON(w, http.StatusOK, ok(map[string]any{"ticket": s.JSAPITicket(), "expires_in": jsTicketTTL}))
}

// ticketGet is /cgi-bin/ticket/get?type=agent_config (for wx.agentConfig).
func (s *Server) ticketGet(w http.ResponseWriter, _ *http.Request, req *Request) {
	if req.Query.Get("type") != "agent_config" {
		apiError(w, 40004, "invalid type")
		return
	}
	writeJSON(w, http.StatusOK, ok(map[string]any{"ticket": s.AgentJSAPITicket(), "expires_in": jsTicketTTL}))
}

// oauthAnswer is auth/getuserinfo's body for what a login code names.
func oauthAnswer(who string) map[string]any {
	if openid, guest := strings.CutPrefix(who, guestPrefix); guest {
		return ok(map[string]any{"openid": openid})
	}
	return ok(map[string]any{"userid": who})
}
