// Package channeltest runs what the customer channels talk to, in
// process, for tests: a real SMTP server (emersion/go-smtp) and an HTTP
// sink standing in for an SMS provider's webhook.
package channeltest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one message the SMTP server accepted, decoded.
type Mail struct {
	From    string
	To      []string
	Subject string // RFC 2047 decoded
	Body    string // transfer-decoded
	Header  mail.Header
}

// SMTPServer is an in-process SMTP server that keeps what it receives.
// With a user set it requires AUTH PLAIN (allowed without TLS, as on a
// loopback relay).
type SMTPServer struct {
	Addr           string
	User, Password string

	mu     sync.Mutex
	mails  []Mail
	refuse func(to string) error
}

// NewSMTPServer starts a server on a loopback port until the test ends.
func NewSMTPServer(t *testing.T, user, password string) *SMTPServer {
	t.Helper()
	s := &SMTPServer{User: user, Password: password}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = nopLogger{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// Port is the server's port.
func (s *SMTPServer) Port() int { return s.tcp().Port }

func (s *SMTPServer) tcp() *net.TCPAddr {
	a, _ := net.ResolveTCPAddr("tcp", s.Addr)
	return a
}

// Refuse makes RCPT fail for the addresses f returns an error for.
func (s *SMTPServer) Refuse(f func(to string) error) {
	s.mu.Lock()
	s.refuse = f
	s.mu.Unlock()
}

// Mails returns what arrived, oldest first.
func (s *SMTPServer) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Wait returns once n mails arrived.
func (s *SMTPServer) Wait(t *testing.T, n int) []Mail {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for len(s.Mails()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d mails, got %d", n, len(s.Mails()))
		}
		time.Sleep(5 * time.Millisecond)
	}
	return s.Mails()
}

type session struct {
	s      *SMTPServer
	authed bool
	from   string
	to     []string
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != x.s.User || pass != x.s.Password {
			return errors.New("invalid credentials")
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.User != "" && !x.authed {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	refuse := x.s.refuse
	x.s.mu.Unlock()
	if refuse != nil {
		if err := refuse(to); err != nil {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: err.Error()}
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "base64") {
		body, _ = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	x.s.mu.Lock()
	x.s.mails = append(x.s.mails, Mail{From: x.from, To: x.to, Subject: subject, Body: string(body), Header: m.Header})
	x.s.mu.Unlock()
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

// SMS is one message the SMS sink received.
type SMS struct {
	Phone    string `json:"phone"`
	Text     string `json:"text"`
	Ticket   string `json:"ticket"`
	NoticeID int64  `json:"notice_id"`
}

// SMSSink stands in for an SMS provider's webhook.
type SMSSink struct {
	URL string

	mu     sync.Mutex
	got    []SMS
	status int // answer with this instead of 200 while non-zero
}

// NewSMSSink starts the sink until the test ends.
func NewSMSSink(t *testing.T) *SMSSink {
	t.Helper()
	s := &SMSSink{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m SMS
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.status != 0 {
			w.WriteHeader(s.status)
			return
		}
		s.got = append(s.got, m)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Answer makes the sink answer status (0: accept again).
func (s *SMSSink) Answer(status int) {
	s.mu.Lock()
	s.status = status
	s.mu.Unlock()
}

// Got returns the messages accepted, oldest first.
func (s *SMSSink) Got() []SMS {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SMS(nil), s.got...)
}
