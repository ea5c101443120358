package wecom

import (
	"encoding/xml"
	"fmt"
)

// replyEnvelope is the passive-reply body WeCom expects.
type replyEnvelope struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata    `xml:"Encrypt"`
	MsgSignature cdata    `xml:"MsgSignature"`
	TimeStamp    string   `xml:"TimeStamp"`
	Nonce        cdata    `xml:"Nonce"`
}

// cdata marshals as <![CDATA[...]]>, as WeCom's own samples do.
type cdata struct {
	Value string `xml:",cdata"`
}

// Encrypt builds the passive-reply envelope for plainXML. The emulator
// uses it too, and reads Encrypt and MsgSignature back out of it.
func (c *Crypter) Encrypt(plainXML []byte, timestamp, nonce string) ([]byte, error) {
	encrypted, signature, err := c.Seal(plainXML, timestamp, nonce)
	if err != nil {
		return nil, err
	}
	return xml.Marshal(replyEnvelope{
		Encrypt:      cdata{encrypted},
		MsgSignature: cdata{signature},
		TimeStamp:    timestamp,
		Nonce:        cdata{nonce},
	})
}

// OpenReply checks and opens a passive-reply envelope, whose signature,
// timestamp and nonce travel in the body rather than the query. The
// emulator uses it to read what the server answered.
func (c *Crypter) OpenReply(body []byte) ([]byte, error) {
	if len(body) > c.maxBody {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(body))
	}
	var env struct {
		Encrypt      string `xml:"Encrypt"`
		MsgSignature string `xml:"MsgSignature"`
		TimeStamp    string `xml:"TimeStamp"`
		Nonce        string `xml:"Nonce"`
	}
	if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		return nil, fmt.Errorf("%w: reply envelope", ErrMalformed)
	}
	return c.open(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt)
}
