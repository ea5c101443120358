// Email and SMS are customer channels (service.CustomerChannel): the
// customer deliverer tries them after WeCom's own. A contact without an
// address on one gets a ChannelClosed error, so the notice falls back to
// the next channel.

package channel

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// SMTPConfig names the mail server and the sender.
type SMTPConfig struct {
	Host     string
	Port     int    // 465: implicit TLS; otherwise STARTTLS when the server offers it
	User     string // empty: no authentication
	Password string
	From     string // address, optionally with a name: 工单中心 <support@example.com>
	Timeout  time.Duration
}

// Email sends customer notices as plain-text UTF-8 mail.
type Email struct {
	cfg  SMTPConfig
	from *mail.Address
}

// NewEmail checks the configuration and returns the channel.
func NewEmail(cfg SMTPConfig) (*Email, error) {
	if cfg.Host == "" || cfg.Port <= 0 || cfg.Port > 65535 {
		return nil, errors.New("smtp: host and port are required")
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("smtp: from %q is not an address: %w", cfg.From, err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Email{cfg: cfg, from: from}, nil
}

// Channel is email.
func (e *Email) Channel() service.Channel { return service.ChannelEmail }

// SendCustomer mails the notice to the contact's address.
func (e *Email) SendCustomer(ctx context.Context, n service.Notice, m *service.CustomerMessage) error {
	if m.Email == "" {
		return service.ChannelClosed("the contact has no email address")
	}
	to := &mail.Address{Name: m.Name, Address: m.Email}
	msg := e.message(n, m, to)
	err := e.send(ctx, to.Address, msg)
	var tpe *textproto.Error
	if errors.As(err, &tpe) && tpe.Code >= 500 {
		// The server refused for good (no such mailbox, policy).
		return &service.PermanentError{Err: err}
	}
	return err
}

// message builds the RFC 5322 message. The Message-ID is derived from the
// notice, so a retried send is recognisable as the same mail.
func (e *Email) message(n service.Notice, m *service.CustomerMessage, to *mail.Address) []byte {
	var b bytes.Buffer
	host := e.from.Address[strings.LastIndexByte(e.from.Address, '@')+1:]
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", e.from.String())
	header("To", to.String())
	header("Subject", mime.BEncoding.Encode("UTF-8", m.Subject))
	header("Date", time.Now().Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<notice-%d@%s>", n.ID, host))
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="UTF-8"`)
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(m.Text, "\n", "\r\n")))
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	return b.Bytes()
}

// send delivers one message over one connection, bounded by the timeout
// and ctx.
func (e *Email) send(ctx context.Context, to string, msg []byte) error {
	addr := net.JoinHostPort(e.cfg.Host, strconv.Itoa(e.cfg.Port))
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	d := &net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp dial: %w", err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	tlsCfg := &tls.Config{ServerName: e.cfg.Host, MinVersion: tls.VersionTLS12}
	if e.cfg.Port == 465 {
		conn = tls.Client(conn, tlsCfg)
	}
	c, err := smtp.NewClient(conn, e.cfg.Host)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer func() { _ = c.Close() }()
	if ok, _ := c.Extension("STARTTLS"); ok && e.cfg.Port != 465 {
		if err := c.StartTLS(tlsCfg); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if e.cfg.User != "" {
		// PlainAuth refuses to send the password over an unencrypted
		// connection to anything but localhost.
		if err := c.Auth(smtp.PlainAuth("", e.cfg.User, e.cfg.Password, e.cfg.Host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(e.from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
