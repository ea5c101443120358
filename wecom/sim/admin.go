package sim

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// Admin endpoints under /sim/, for the wecomsim CLI and scripts. They are
// JSON in, JSON out, and unauthenticated: the emulator is a development
// tool, keep it on loopback.
func (s *Server) adminRoutes() {
	s.mux.HandleFunc("POST /sim/fail", s.adminFail)
	s.mux.HandleFunc("POST /sim/latency", s.adminLatency)
	s.mux.HandleFunc("POST /sim/expire-tokens", func(w http.ResponseWriter, _ *http.Request) {
		s.ExpireTokens()
		writeJSON(w, http.StatusOK, map[string]any{})
	})
	s.mux.HandleFunc("POST /sim/text", s.adminText)
	s.mux.HandleFunc("POST /sim/event", s.adminEvent)
	s.mux.HandleFunc("POST /sim/click", s.adminClick)
	s.mux.HandleFunc("GET /sim/sent", s.adminSent)
	s.mux.HandleFunc("GET /sim/requests", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, nonNil(s.Requests(r.URL.Query().Get("path"))))
	})
	s.mux.HandleFunc("POST /sim/media", s.adminMedia)
	s.mux.HandleFunc("POST /sim/login-code", s.adminLoginCode)
}

// Admin request bodies.
type (
	// FailRequest is POST /sim/fail.
	FailRequest struct {
		Path    string `json:"path"`
		ErrCode int64  `json:"errcode"`
		N       int    `json:"n"`
	}
	// LatencyRequest is POST /sim/latency; Latency is a Go duration ("2s").
	LatencyRequest struct {
		Path    string `json:"path"`
		Latency string `json:"latency"`
	}
	// TextRequest is POST /sim/text; the answer is TextResponse.
	TextRequest struct {
		From    string `json:"from"`
		Content string `json:"content"`
	}
	// TextResponse carries the delivered MsgId.
	TextResponse struct {
		MsgID int64 `json:"msgid"`
	}
	// EventRequest is POST /sim/event.
	EventRequest struct {
		From     string `json:"from"`
		Event    string `json:"event"`
		EventKey string `json:"event_key"`
	}
	// ClickRequest is POST /sim/click.
	ClickRequest struct {
		From     string `json:"from"`
		TaskID   string `json:"task_id"`
		EventKey string `json:"event_key"`
		CardType string `json:"card_type"`
	}
	// SentResponse is GET /sim/sent?userid=&after=.
	SentResponse struct {
		Messages []SentMessage `json:"messages"`
	}
	// MediaRequest is POST /sim/media; Data is base64 in JSON.
	MediaRequest struct {
		MediaID     string `json:"media_id"`
		ContentType string `json:"content_type"`
		FileName    string `json:"filename"`
		Data        []byte `json:"data"`
	}
	// LoginCodeRequest is POST /sim/login-code.
	LoginCodeRequest struct {
		Code   string `json:"code"`
		UserID string `json:"userid"`
	}
)

func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody)).Decode(v); err != nil {
		adminError(w, http.StatusBadRequest, err)
		return false
	}
	return true
}

func adminError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

// deliveryStatus maps a delivery error to a status for the CLI.
func deliveryStatus(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrUnknownUser), errors.Is(err, ErrNotClickable):
		adminError(w, http.StatusNotFound, err)
	default:
		adminError(w, http.StatusBadGateway, err)
	}
}

func (s *Server) adminFail(w http.ResponseWriter, r *http.Request) {
	var req FailRequest
	if decodeAdmin(w, r, &req) {
		s.FailNext(req.Path, req.ErrCode, req.N)
		writeJSON(w, http.StatusOK, map[string]any{})
	}
}

func (s *Server) adminLatency(w http.ResponseWriter, r *http.Request) {
	var req LatencyRequest
	if !decodeAdmin(w, r, &req) {
		return
	}
	d, err := time.ParseDuration(req.Latency)
	if err != nil {
		adminError(w, http.StatusBadRequest, err)
		return
	}
	s.SetLatency(req.Path, d)
	writeJSON(w, http.StatusOK, map[string]any{})
}

func (s *Server) adminText(w http.ResponseWriter, r *http.Request) {
	var req TextRequest
	if !decodeAdmin(w, r, &req) {
		return
	}
	id, err := s.SendText(r.Context(), req.From, req.Content)
	if err != nil {
		deliveryStatus(w, err)
		return
	}
	writeJSON(w, http.StatusOK, TextResponse{MsgID: id})
}

func (s *Server) adminEvent(w http.ResponseWriter, r *http.Request) {
	var req EventRequest
	if !decodeAdmin(w, r, &req) {
		return
	}
	if err := s.SendEvent(r.Context(), req.From, req.Event, req.EventKey); err != nil {
		deliveryStatus(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

func (s *Server) adminClick(w http.ResponseWriter, r *http.Request) {
	var req ClickRequest
	if !decodeAdmin(w, r, &req) {
		return
	}
	if err := s.ClickCard(r.Context(), req.From, req.TaskID, req.EventKey, req.CardType); err != nil {
		deliveryStatus(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

func (s *Server) adminSent(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	writeJSON(w, http.StatusOK, SentResponse{Messages: nonNil(s.SentSince(r.URL.Query().Get("userid"), after))})
}

func (s *Server) adminMedia(w http.ResponseWriter, r *http.Request) {
	var req MediaRequest
	if decodeAdmin(w, r, &req) {
		s.AddMedia(req.MediaID, Media{ContentType: req.ContentType, FileName: req.FileName, Data: req.Data})
		writeJSON(w, http.StatusOK, map[string]any{})
	}
}

func (s *Server) adminLoginCode(w http.ResponseWriter, r *http.Request) {
	var req LoginCodeRequest
	if decodeAdmin(w, r, &req) {
		s.AddLoginCode(req.Code, req.UserID)
		writeJSON(w, http.StatusOK, map[string]any{})
	}
}
