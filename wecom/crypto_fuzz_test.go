package wecom

import (
	"encoding/xml"
	"errors"
	"testing"
)

// Fuzz modes: each reaches a different layer of the decoder past the
// checks in front of it, since random bytes never carry a valid SHA-1.
const (
	fuzzBody      = iota // data is the whole POST body, signed over its Encrypt
	fuzzPlaintext        // data is the decrypted plaintext: framing, padding, msg_len, receiveid
	fuzzInnerXML         // data is the inner XML, correctly sealed: the message parser
	fuzzReply            // data is a passive-reply envelope
	fuzzModes
)

var callbackErrors = []error{ErrSignature, ErrDecrypt, ErrCorpID, ErrMalformed, ErrStale, ErrTooLarge}

func FuzzDecrypt(f *testing.F) {
	c := vectorCrypter(f)
	f.Add(uint8(fuzzBody), []byte(vecBody), vecTS, vecNonce)
	f.Add(uint8(fuzzBody), []byte("<xml><Encrypt>AAAA</Encrypt></xml>"), "1", "n")
	f.Add(uint8(fuzzPlaintext), frame(2, "hi", vecCorp, 8, 8), "1", "n")
	f.Add(uint8(fuzzPlaintext), frame(40, "hi", vecCorp, 8, 8), "1", "n")
	for _, inner := range []string{
		"<xml>" + head + "<MsgType>text</MsgType><Content>hello</Content><MsgId>1</MsgId></xml>",
		"<xml>" + head + "<MsgType>event</MsgType><Event>template_card_event</Event><TaskId>t</TaskId><SelectedItems><SelectedItem><QuestionKey>q</QuestionKey><OptionIds><OptionId>o</OptionId></OptionIds></SelectedItem></SelectedItems></xml>",
		"<xml>" + head + "<MsgType>location</MsgType><Location_X>1.5</Location_X><Scale>3</Scale></xml>",
	} {
		f.Add(uint8(fuzzInnerXML), []byte(inner), "1700000000", "nonce")
		env, err := c.Encrypt([]byte(inner), "1700000000", "nonce")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(fuzzReply), env, "", "")
	}

	f.Fuzz(func(t *testing.T, mode uint8, data []byte, ts, nonce string) {
		var err error
		switch mode % fuzzModes {
		case fuzzBody:
			var env envelope
			_ = xml.Unmarshal(data, &env) // sign whatever Encrypt there is, if any
			_, err = c.Decrypt(sign(c.token, ts, nonce, env.Encrypt), ts, nonce, data)
		case fuzzPlaintext:
			plain := append([]byte(nil), data...)
			for len(plain) < padBlock || len(plain)%16 != 0 {
				plain = append(plain, 0)
			}
			sig, body := signedBody(c, ts, nonce, rawEncrypt(c.key, plain))
			_, err = c.Decrypt(sig, ts, nonce, body)
		case fuzzInnerXML:
			enc, sig, sealErr := c.Seal(data, ts, nonce)
			if sealErr != nil {
				t.Fatal(sealErr)
			}
			_, body := signedBody(c, ts, nonce, enc)
			var m *Message
			m, err = c.Decrypt(sig, ts, nonce, body)
			if err == nil && m == nil {
				t.Fatal("nil message without error")
			}
		case fuzzReply:
			_, err = c.OpenReply(data)
		}
		if err != nil && !isCallbackError(err) {
			t.Fatalf("unclassified error %v", err)
		}
	})
}

func isCallbackError(err error) bool {
	for _, e := range callbackErrors {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
