// Package sim emulates WeCom's server for development and tests.
//
// A Server answers the /cgi-bin/ APIs the project uses with WeCom's JSON
// shapes and error codes, keeps an address book loaded from an org file,
// records every request, and plays WeCom toward the app: it encrypts,
// signs and POSTs callbacks with WeCom's retry behaviour. Faults (error
// codes, latency, token expiry) are injected from Go or via /sim/.
package sim

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// Defaults used when Options leave a field zero. DefaultAESKey is a fixed
// development key, never a production one.
const (
	DefaultCorpID         = "wwsim0000000000001"
	DefaultCorpSecret     = "sim-secret"
	DefaultAgentID        = 1000002
	DefaultToken          = "simtoken"
	DefaultAESKey         = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	DefaultTokenTTL       = 7200 * time.Second
	DefaultTokenRateLimit = 600 // gettoken calls per minute; WeCom publishes no number
	WeComCallbackTimeout  = 5 * time.Second
	WeComCallbackRetries  = 3
)

// Options configure the emulated corp and app.
type Options struct {
	CorpID         string
	CorpSecret     string
	AgentID        int64
	Token          string // callback token
	EncodingAESKey string // callback key, 43 characters
	Org            service.OrgSnapshot
	CallbackURL    string        // the app's callback URL
	TokenTTL       time.Duration // expires_in of gettoken
	TokenRateLimit int           // gettoken calls per minute before 45009

	// CallbackTimeout is how long WeCom waits for the app (5 s); tests
	// shorten it. CallbackRetries is how many retries follow a failed
	// attempt (3). A negative value means none.
	CallbackTimeout time.Duration
	CallbackRetries int
	// HTTPClient posts callbacks; nil means a plain client (each attempt
	// is bounded by CallbackTimeout).
	HTTPClient *http.Client
}

// Server is the emulator. It is an http.Handler and safe for concurrent use.
type Server struct {
	opts    Options
	crypter *wecom.Crypter
	org     *org
	mux     *http.ServeMux

	mu       sync.Mutex
	tokens   map[string]time.Time // access token -> expiry
	tokenWin []time.Time          // gettoken calls in the last minute
	faults   map[string]*fault
	latency  map[string]time.Duration
	requests []Request
	sent     []SentMessage
	changed  chan struct{} // closed and replaced whenever sent grows
	sentSeq  int64         // SentMessage.Seq
	ids      int64         // msgid and response_code counter
	lastMsg  int64         // last callback MsgId
	lastTime map[string]int64
	cards    map[string]*card // task_id -> card
	codes    map[string]*responseCode
	media    map[string]Media
	logins   map[string]string // single-use login code -> userid
	cust     *customers        // 微信客服, group sends, robots (kf.go, groupmsg*.go)
}

// New builds an emulator. It panics on an invalid EncodingAESKey, which
// is a programming error; the CLI validates its flag first.
func New(opts Options) *Server {
	opts = withDefaults(opts)
	cr, err := wecom.NewCrypter(opts.Token, opts.EncodingAESKey, opts.CorpID)
	if err != nil {
		panic(fmt.Sprintf("sim: %v", err))
	}
	s := &Server{
		opts: opts, crypter: cr, org: newOrg(opts.Org), mux: http.NewServeMux(),
		tokens: map[string]time.Time{}, faults: map[string]*fault{}, latency: map[string]time.Duration{},
		changed: make(chan struct{}), lastTime: map[string]int64{}, cards: map[string]*card{},
		codes: map[string]*responseCode{}, media: map[string]Media{}, logins: map[string]string{},
		cust: newCustomers(),
	}
	s.routes()
	return s
}

func withDefaults(o Options) Options {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&o.CorpID, DefaultCorpID)
	def(&o.CorpSecret, DefaultCorpSecret)
	def(&o.Token, DefaultToken)
	def(&o.EncodingAESKey, DefaultAESKey)
	if o.AgentID == 0 {
		o.AgentID = DefaultAgentID
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.TokenRateLimit <= 0 {
		o.TokenRateLimit = DefaultTokenRateLimit
	}
	if o.CallbackTimeout <= 0 {
		o.CallbackTimeout = WeComCallbackTimeout
	}
	if o.CallbackRetries == 0 {
		o.CallbackRetries = WeComCallbackRetries
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	return o
}

// Options returns the effective options, defaults filled in.
func (s *Server) Options() Options { return s.opts }

func (s *Server) routes() {
	api := map[string]func(http.ResponseWriter, *http.Request, *Request){
		"/cgi-bin/gettoken":                     s.getToken,
		"/cgi-bin/message/send":                 s.withToken(s.messageSend),
		"/cgi-bin/message/update_template_card": s.withToken(s.updateTemplateCard),
		"/cgi-bin/user/get":                     s.withToken(s.userGet),
		"/cgi-bin/user/list":                    s.withToken(s.userList),
		"/cgi-bin/department/list":              s.withToken(s.departmentList),
		"/cgi-bin/media/get":                    s.withToken(s.mediaGet),
		"/cgi-bin/miniprogram/jscode2session":   s.withToken(s.jsCode2Session),
		"/cgi-bin/auth/getuserinfo":             s.withToken(s.authGetUserInfo),
		"/cgi-bin/get_jsapi_ticket":             s.withToken(s.getJSAPITicket),
		"/cgi-bin/ticket/get":                   s.withToken(s.ticketGet),
	}
	for path, h := range s.customerAPIs() {
		api[path] = h
	}
	for path, h := range api {
		s.mux.HandleFunc(path, s.api(h))
	}
	s.adminRoutes()
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// normPath lets callers name an API as "message/send" or by full path.
func normPath(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return "/cgi-bin/" + p
}
