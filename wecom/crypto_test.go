package wecom

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

// The official sample from WeCom's crypto docs (加解密库 samples).
const (
	vecToken  = "QDG6eK"
	vecCorp   = "wx5823bf96d3bd56c7"
	vecAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	vecSig    = "477715d11cdb4164915debcba66cb864d751f3e6"
	vecTS     = "1409659813"
	vecNonce  = "1372623149"
	vecBody   = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`

	vecEchoSig   = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
	vecEchoTS    = "1409659589"
	vecEchoNonce = "263014780"
	vecEchoStr   = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
)

func vectorCrypter(t testing.TB, opts ...CrypterOption) *Crypter {
	t.Helper()
	c, err := NewCrypter(vecToken, vecAESKey, vecCorp, append([]CrypterOption{WithMaxSkew(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOfficialVector(t *testing.T) {
	c := vectorCrypter(t)
	m, err := c.Decrypt(vecSig, vecTS, vecNonce, []byte(vecBody))
	if err != nil {
		t.Fatalf("Decrypt: %v", err)
	}
	want := Message{ToUserName: vecCorp, FromUserName: "mycreate", CreateTime: 1409659813, MsgType: MsgText, Content: "hello", MsgID: 4561255354251345929, AgentID: 218}
	m.XMLName = want.XMLName
	if fmt.Sprint(*m) != fmt.Sprint(want) {
		t.Errorf("got  %+v\nwant %+v", *m, want)
	}

	echo, err := c.VerifyURL(vecEchoSig, vecEchoTS, vecEchoNonce, vecEchoStr)
	if err != nil {
		t.Fatalf("VerifyURL: %v", err)
	}
	if echo == "" || strings.Trim(echo, "0123456789") != "" {
		t.Errorf("echo plaintext %q, want the digits WeCom generated", echo)
	}
}

// signedBody wraps any Encrypt value in a callback envelope and signs it
// properly, so tests reach the checks that come after the signature.
func signedBody(c *Crypter, ts, nonce, encrypted string) (sig string, body []byte) {
	body = []byte("<xml><ToUserName><![CDATA[" + c.corpID + "]]></ToUserName><Encrypt><![CDATA[" + encrypted + "]]></Encrypt><AgentID>1</AgentID></xml>")
	return sign(c.token, ts, nonce, encrypted), body
}

// rawEncrypt encrypts plain as given (no framing, no padding): the way to
// build ciphertexts that lie about padding or msg_len.
func rawEncrypt(key, plain []byte) string {
	block, _ := aes.NewCipher(key)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

// frame builds random|len|msg|receiveid with the declared length and pad
// byte chosen by the test; padLen bytes of padByte follow.
func frame(declared uint32, msg, receiveID string, padByte byte, padLen int) []byte {
	p := make([]byte, 20, 20+len(msg)+len(receiveID)+padLen)
	binary.BigEndian.PutUint32(p[16:20], declared)
	p = append(p, msg...)
	p = append(p, receiveID...)
	for range padLen {
		p = append(p, padByte)
	}
	return p
}

func TestRoundTrip(t *testing.T) {
	c := vectorCrypter(t)
	for _, plain := range []string{"", "x", strings.Repeat("a", 11), strings.Repeat("b", 12), strings.Repeat("工单", 500)} {
		env, err := c.Encrypt([]byte(plain), "1700000000", "n0nce")
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.OpenReply(env)
		if err != nil || string(got) != plain {
			t.Errorf("OpenReply(Encrypt(%d bytes)) = %d bytes, %v", len(plain), len(got), err)
		}
		enc, sig, err := c.Seal([]byte(plain), "1700000000", "n0nce")
		if err != nil {
			t.Fatal(err)
		}
		_, body := signedBody(c, "1700000000", "n0nce", enc)
		if got, err := c.Open(sig, "1700000000", "n0nce", body); err != nil || string(got) != plain {
			t.Errorf("Open(Seal(%d bytes)) = %d bytes, %v", len(plain), len(got), err)
		}
	}
}

// tamper changes the first hex digit of a signature. Seal's random
// prefix makes signatures random, so a fixed digit would sometimes be
// the one already there.
func tamper(sig string) string {
	if sig[0] == '0' {
		return "1" + sig[1:]
	}
	return "0" + sig[1:]
}

func TestOpenRejects(t *testing.T) {
	now := time.Unix(1700000000, 0)
	c := vectorCrypter(t, WithMaxSkew(5*time.Minute), WithClock(func() time.Time { return now }), WithMaxBody(4096))
	other, _ := NewCrypter(vecToken, vecAESKey, "ww_other_corp", WithMaxSkew(0))
	ts := "1700000000"
	inner := []byte("<xml><MsgType>text</MsgType><Content>hi</Content></xml>")
	good, _, _ := c.Seal(inner, ts, "n")
	foreign, _, _ := other.Seal(inner, ts, "n")

	type input struct {
		sig, ts string
		body    []byte
	}
	signed := func(ts, enc string) input {
		sig, body := signedBody(c, ts, "n", enc)
		return input{sig, ts, body}
	}
	goodIn := signed(ts, good)
	cases := []struct {
		name   string
		in     input
		want   error
		kind   service.Kind
		detail string // names the check that fired, not just its family
	}{
		{"tampered signature", input{tamper(goodIn.sig), ts, goodIn.body}, ErrSignature, service.KindUnauthenticated, "signature"},
		{"empty signature", input{"", ts, goodIn.body}, ErrSignature, service.KindUnauthenticated, "signature"},
		{"tampered ciphertext", input{goodIn.sig, ts, []byte(strings.Replace(string(goodIn.body), good[:4], "AAAA", 1))}, ErrSignature, service.KindUnauthenticated, "signature"},
		{"wrong corp id", signed(ts, foreign), ErrCorpID, service.KindUnauthenticated, "receiveid"},
		{"truncated ciphertext", signed(ts, base64.StdEncoding.EncodeToString(mustB64(good)[:20])), ErrDecrypt, service.KindUnauthenticated, "ciphertext of 20"},
		{"one block short", signed(ts, base64.StdEncoding.EncodeToString(mustB64(good)[:len(mustB64(good))-16])), ErrDecrypt, service.KindUnauthenticated, "pad byte"},
		{"not base64", signed(ts, "%%%not-base64%%%"), ErrDecrypt, service.KindUnauthenticated, "base64"},
		{"pad byte zero", signed(ts, rawEncrypt(c.key, frame(2, "hi", vecCorp, 0, 8))), ErrDecrypt, service.KindUnauthenticated, "pad byte 0"},
		{"pad byte 33", signed(ts, rawEncrypt(c.key, frame(2, "hi", vecCorp, 33, 40))), ErrDecrypt, service.KindUnauthenticated, "pad byte 33"},
		{"inconsistent padding", signed(ts, rawEncrypt(c.key, append(frame(2, "hi", vecCorp, 7, 7), 8))), ErrDecrypt, service.KindUnauthenticated, "inconsistent"},
		{"msg_len past the end", signed(ts, rawEncrypt(c.key, frame(1<<31, "hi", vecCorp, 8, 8))), ErrDecrypt, service.KindUnauthenticated, "msg_len 2147483648"},
		{"msg_len one too many", signed(ts, rawEncrypt(c.key, frame(uint32(2+len(vecCorp)+1), "hi", vecCorp, 8, 8))), ErrDecrypt, service.KindUnauthenticated, "msg_len 21 "},
		{"plaintext shorter than header", signed(ts, rawEncrypt(c.key, bytes.Repeat([]byte{20}, 32))), ErrDecrypt, service.KindUnauthenticated, "plaintext of 12"},
		{"stale timestamp", signed("1699999000", good), ErrStale, service.KindUnauthenticated, "off"},
		{"future timestamp", signed("1700001000", good), ErrStale, service.KindUnauthenticated, "off"},
		{"non-numeric timestamp", signed("yesterday", good), ErrStale, service.KindUnauthenticated, "yesterday"},
		{"oversized body", input{goodIn.sig, ts, []byte("<xml><Encrypt>" + strings.Repeat("A", 5000) + "</Encrypt></xml>")}, ErrTooLarge, service.KindInvalid, "5030 bytes"},
		{"not xml", input{goodIn.sig, ts, []byte("hello")}, ErrMalformed, service.KindInvalid, "envelope"},
		{"no Encrypt", input{goodIn.sig, ts, []byte("<xml><ToUserName>x</ToUserName></xml>")}, ErrMalformed, service.KindInvalid, "no Encrypt"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Open(tc.in.sig, tc.in.ts, "n", tc.in.body)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.detail) {
				t.Errorf("err = %v, want it to mention %q", err, tc.detail)
			}
			if k := service.KindOf(err); k != tc.kind {
				t.Errorf("kind = %v, want %v", k, tc.kind)
			}
		})
	}

	// Valid crypto around XML that does not parse as a message.
	for _, bad := range []string{"not xml", "<xml><MsgType>text</MsgType><CreateTime>soon</CreateTime></xml>", "<xml></xml>"} {
		enc, sig, _ := c.Seal([]byte(bad), ts, "n")
		_, body := signedBody(c, ts, "n", enc)
		if _, err := c.Decrypt(sig, ts, "n", body); !errors.Is(err, ErrMalformed) {
			t.Errorf("Decrypt(%q) err = %v, want ErrMalformed", bad, err)
		}
	}
}

func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestNewCrypterValidates(t *testing.T) {
	cases := []struct{ name, token, key, corp string }{
		{"short key", "t", "abc", "c"},
		{"key not base64", "t", strings.Repeat("!", 43), "c"},
		{"no token", "", vecAESKey, "c"},
		{"no corp", "t", vecAESKey, ""},
	}
	for _, tc := range cases {
		if _, err := NewCrypter(tc.token, tc.key, tc.corp); err == nil {
			t.Errorf("%s: NewCrypter accepted it", tc.name)
		}
	}
}

// TestInteropWithSDK checks our framing against silenceper's independent
// implementation in both directions.
func TestInteropWithSDK(t *testing.T) {
	c := vectorCrypter(t)
	plain := []byte("<xml><MsgType>text</MsgType><Content>互通</Content></xml>")

	enc, _, err := c.Seal(plain, "1", "n")
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := util.DecryptMsg(vecCorp, enc, vecAESKey)
	if err != nil || !bytes.Equal(got, plain) {
		t.Errorf("SDK DecryptMsg(our Seal) = %q, %v", got, err)
	}

	sdkEnc, err := util.EncryptMsg([]byte("0123456789abcdef"), plain, vecCorp, vecAESKey)
	if err != nil {
		t.Fatal(err)
	}
	sig, body := signedBody(c, "1", "n", string(sdkEnc))
	if sig != util.Signature(vecToken, "1", "n", string(sdkEnc)) {
		t.Errorf("signature differs from the SDK's")
	}
	if got, err := c.Open(sig, "1", "n", body); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("Open(SDK EncryptMsg) = %q, %v", got, err)
	}
}
