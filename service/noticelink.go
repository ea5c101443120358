package service

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// LinkPurpose is what a signed customer link opens.
type LinkPurpose string

// The customer pages.
const (
	LinkStatus LinkPurpose = "s" // the ticket's status page
	LinkCSAT   LinkPurpose = "c" // the satisfaction form
)

// CustomerLink is what a verified link names.
type CustomerLink struct {
	Purpose   LinkPurpose
	TicketID  int64
	ContactID int64
	Expires   time.Time
}

// LinkSigner makes and checks the signed, expiring links customer notices
// carry, so a customer sees their ticket without an account and nobody
// can guess another ticket's link. A token is the payload
// "purpose.ticket.contact.expiry" and an HMAC-SHA256 over it.
type LinkSigner struct {
	secret []byte
	base   string // public base URL, no trailing slash
	ttl    time.Duration
}

// NewLinkSigner returns a signer; base is the server's public URL.
func NewLinkSigner(secret []byte, base string, ttl time.Duration) *LinkSigner {
	if ttl <= 0 {
		ttl = 30 * 24 * time.Hour
	}
	return &LinkSigner{secret: secret, base: strings.TrimRight(base, "/"), ttl: ttl}
}

// Paths of the customer pages; the web edge registers these.
const (
	StatusPagePath = "/p/status/"
	CSATPagePath   = "/p/csat/"
)

// URL returns the page link for a ticket and contact, valid for the
// signer's TTL from now.
func (l *LinkSigner) URL(p LinkPurpose, ticketID, contactID int64, now time.Time) string {
	page := StatusPagePath
	if p == LinkCSAT {
		page = CSATPagePath
	}
	return l.base + page + l.Token(CustomerLink{Purpose: p, TicketID: ticketID, ContactID: contactID, Expires: now.Add(l.ttl)})
}

// Token signs a link.
func (l *LinkSigner) Token(c CustomerLink) string {
	payload := fmt.Sprintf("%s.%d.%d.%d", c.Purpose, c.TicketID, c.ContactID, c.Expires.Unix())
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(l.sign(payload))
}

func (l *LinkSigner) sign(payload string) []byte {
	m := hmac.New(sha256.New, l.secret)
	m.Write([]byte(payload))
	return m.Sum(nil)[:20]
}

// errBadLink is what any bad, altered or expired link gets: the page says
// only that the link does not work.
func errBadLink() error {
	return E(KindNotFound, "notice.bad_link", "the link is invalid or has expired")
}

// Verify checks a token for the purpose and returns what it names.
func (l *LinkSigner) Verify(token string, want LinkPurpose, now time.Time) (CustomerLink, error) {
	enc := base64.RawURLEncoding
	p64, s64, ok := strings.Cut(token, ".")
	payload, err1 := enc.DecodeString(p64)
	sig, err2 := enc.DecodeString(s64)
	if !ok || err1 != nil || err2 != nil || !hmac.Equal(sig, l.sign(string(payload))) {
		return CustomerLink{}, errBadLink()
	}
	f := strings.Split(string(payload), ".")
	if len(f) != 4 || LinkPurpose(f[0]) != want {
		return CustomerLink{}, errBadLink()
	}
	ticket, err1 := strconv.ParseInt(f[1], 10, 64)
	contact, err2 := strconv.ParseInt(f[2], 10, 64)
	exp, err3 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || !now.Before(time.Unix(exp, 0)) {
		return CustomerLink{}, errBadLink()
	}
	return CustomerLink{Purpose: want, TicketID: ticket, ContactID: contact, Expires: time.Unix(exp, 0).UTC()}, nil
}
