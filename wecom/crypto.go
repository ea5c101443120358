package wecom

import (
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"strconv"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Callback errors. They carry a service kind so the callback handler maps
// them to a status in the one place it maps every kind; wrapped details
// keep errors.Is working.
var (
	// ErrSignature: msg_signature does not match, so the request is not
	// from WeCom (or the token is misconfigured).
	ErrSignature = service.E(service.KindUnauthenticated, "wecom.signature", "wecom callback: signature mismatch")
	// ErrDecrypt: base64, block length, padding or msg_len is wrong.
	ErrDecrypt = service.E(service.KindUnauthenticated, "wecom.decrypt", "wecom callback: cannot decrypt")
	// ErrCorpID: the decrypted receiveid is not our corp: a message for
	// another corp encrypted with a shared key, or a misconfiguration.
	ErrCorpID = service.E(service.KindUnauthenticated, "wecom.corp_id", "wecom callback: receiveid is not our corp id")
	// ErrMalformed: the envelope or the inner XML does not parse.
	ErrMalformed = service.E(service.KindInvalid, "wecom.malformed", "wecom callback: malformed")
	// ErrStale: the signed timestamp is too far from now, a replay.
	ErrStale = service.E(service.KindUnauthenticated, "wecom.stale", "wecom callback: timestamp out of range")
	// ErrTooLarge: the body is over the cap, checked before any parsing.
	ErrTooLarge = service.E(service.KindInvalid, "wecom.too_large", "wecom callback: body too large")
)

// Defaults for a Crypter. WeCom documents no replay window, so five
// minutes is our own bound; its callbacks are a few KiB at most.
const (
	DefaultMaxSkew = 5 * time.Minute
	DefaultMaxBody = 64 << 10
)

// Crypter checks, opens and seals callback envelopes for one app.
// It is immutable after NewCrypter and safe for concurrent use.
type Crypter struct {
	token   string
	key     []byte
	corpID  string
	maxSkew time.Duration
	maxBody int
	now     func() time.Time
}

// CrypterOption adjusts a Crypter.
type CrypterOption func(*Crypter)

// WithMaxSkew bounds |now - timestamp|; d <= 0 turns the check off (only
// for replaying recorded vectors).
func WithMaxSkew(d time.Duration) CrypterOption { return func(c *Crypter) { c.maxSkew = d } }

// WithMaxBody caps the POST body in bytes.
func WithMaxBody(n int) CrypterOption { return func(c *Crypter) { c.maxBody = n } }

// WithClock replaces time.Now for the skew check.
func WithClock(now func() time.Time) CrypterOption { return func(c *Crypter) { c.now = now } }

// NewCrypter validates the app's callback settings.
func NewCrypter(token, encodingAESKey, corpID string, opts ...CrypterOption) (*Crypter, error) {
	if token == "" || corpID == "" {
		return nil, fmt.Errorf("wecom crypter: token and corp id are required")
	}
	key, err := decodeAESKey(encodingAESKey)
	if err != nil {
		return nil, fmt.Errorf("wecom crypter: %w", err)
	}
	c := &Crypter{token: token, key: key, corpID: corpID, maxSkew: DefaultMaxSkew, maxBody: DefaultMaxBody, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// CorpID is the receiveid this Crypter accepts and seals for.
func (c *Crypter) CorpID() string { return c.corpID }

// MaxBody is the body cap, for http.MaxBytesReader in the handler.
func (c *Crypter) MaxBody() int { return c.maxBody }

// VerifyURL answers WeCom's GET check: it returns the plaintext to echo.
func (c *Crypter) VerifyURL(msgSignature, timestamp, nonce, echostr string) (string, error) {
	msg, err := c.open(msgSignature, timestamp, nonce, echostr)
	if err != nil {
		return "", err
	}
	return string(msg), nil
}

// envelope is the outer XML of a callback POST and of a passive reply;
// only Encrypt is needed to open either.
type envelope struct {
	Encrypt string `xml:"Encrypt"`
}

// Open checks and decrypts a POST body and returns the inner XML.
func (c *Crypter) Open(msgSignature, timestamp, nonce string, body []byte) ([]byte, error) {
	if len(body) > c.maxBody {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(body))
	}
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("%w: envelope: %w", ErrMalformed, err)
	}
	if env.Encrypt == "" {
		return nil, fmt.Errorf("%w: envelope has no Encrypt", ErrMalformed)
	}
	return c.open(msgSignature, timestamp, nonce, env.Encrypt)
}

// Decrypt is Open followed by ParseMessage.
func (c *Crypter) Decrypt(msgSignature, timestamp, nonce string, body []byte) (*Message, error) {
	inner, err := c.Open(msgSignature, timestamp, nonce, body)
	if err != nil {
		return nil, err
	}
	return ParseMessage(inner)
}

// open checks the signature first, so that ErrStale and the decrypt errors
// only ever describe requests that WeCom (or a key holder) really signed.
func (c *Crypter) open(msgSignature, timestamp, nonce, encrypted string) ([]byte, error) {
	if !signatureOK(c.token, timestamp, nonce, encrypted, msgSignature) {
		return nil, ErrSignature
	}
	if err := c.checkTime(timestamp); err != nil {
		return nil, err
	}
	msg, receiveID, err := unseal(c.key, encrypted)
	if err != nil {
		return nil, err
	}
	if string(receiveID) != c.corpID {
		return nil, ErrCorpID
	}
	return msg, nil
}

func (c *Crypter) checkTime(timestamp string) error {
	if c.maxSkew <= 0 {
		return nil
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q", ErrStale, timestamp)
	}
	skew := c.now().Sub(time.Unix(ts, 0))
	if skew > c.maxSkew || skew < -c.maxSkew {
		return fmt.Errorf("%w: %s off", ErrStale, skew.Round(time.Second))
	}
	return nil
}

// Seal encrypts plain with receiveid = corp id and signs it: the Encrypt
// and msg_signature of a callback or a passive reply.
func (c *Crypter) Seal(plain []byte, timestamp, nonce string) (encrypted, signature string, err error) {
	random := make([]byte, randomLen)
	if _, err := rand.Read(random); err != nil {
		return "", "", fmt.Errorf("wecom seal: %w", err)
	}
	encrypted = seal(c.key, random, plain, c.corpID)
	return encrypted, sign(c.token, timestamp, nonce, encrypted), nil
}
