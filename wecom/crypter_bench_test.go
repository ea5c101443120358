package wecom_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// The callback hot path: every WeCom POST is checked, decrypted (Open)
// and parsed (ParseMessage) by the handler before it is queued, and every
// passive reply is sealed. Compare runs with benchstat (Makefile,
// bench-compare).

const (
	benchToken  = "QDG6eK"
	benchCorp   = "ww00000000demo0001"
	benchAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	benchNonce  = "1372623149"
)

func benchCrypter(b *testing.B) *wecom.Crypter {
	b.Helper()
	c, err := wecom.NewCrypter(benchToken, benchAESKey, benchCorp)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// textXML is a user's text message whose inner XML is about size bytes:
// the content is Chinese text, as most of ours is.
func textXML(size int) []byte {
	head := fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[eng_east1]]></FromUserName>`+
		`<CreateTime>1772416800</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[`, benchCorp)
	tail := `]]></Content><MsgId>7345123456789012345</MsgId><AgentID>1000002</AgentID></xml>`
	var content strings.Builder
	const phrase = "打印机卡纸，请尽快派人上门维修。" // 48 bytes of UTF-8
	for len(head)+content.Len()+len(tail) < size {
		content.WriteString(phrase)
	}
	return []byte(head + content.String() + tail)
}

// callbacks are the inner XML sizes of the benchmarks: a short message
// (~200 B), a typical one or a card event (~600 B), and a long one (~2 KB).
var callbacks = []struct {
	name  string
	inner []byte
}{
	{"inner=200B", textXML(200)},
	{"inner=600B", textXML(600)},
	{"inner=2KB", textXML(2048)},
}

// envelopeOf seals inner the way WeCom sends it: the Encrypt envelope, its
// signature and timestamp.
func envelopeOf(b *testing.B, c *wecom.Crypter, inner []byte) (sig, ts string, body []byte) {
	b.Helper()
	ts = strconv.FormatInt(time.Now().Unix(), 10)
	enc, sig, err := c.Seal(inner, ts, benchNonce)
	if err != nil {
		b.Fatal(err)
	}
	body = []byte(`<xml><ToUserName><![CDATA[` + benchCorp + `]]></ToUserName><Encrypt><![CDATA[` + enc +
		`]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`)
	return sig, ts, body
}

// BenchmarkOpen is the handler's check of a callback POST: envelope XML,
// SHA-1 signature, timestamp window, AES-256-CBC decrypt and unframing.
// Bytes are the inner XML's.
func BenchmarkOpen(b *testing.B) {
	c := benchCrypter(b)
	for _, cb := range callbacks {
		b.Run(cb.name, func(b *testing.B) {
			sig, ts, body := envelopeOf(b, c, cb.inner)
			got, err := c.Open(sig, ts, benchNonce, body)
			if err != nil || string(got) != string(cb.inner) {
				b.Fatalf("Open = %d bytes, %v; want the %d sealed", len(got), err, len(cb.inner))
			}
			b.SetBytes(int64(len(cb.inner)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Open(sig, ts, benchNonce, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSeal is a passive reply's encryption: random prefix, framing,
// padding, AES-256-CBC, base64 and the signature.
func BenchmarkSeal(b *testing.B) {
	c := benchCrypter(b)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	for _, cb := range callbacks {
		b.Run(cb.name, func(b *testing.B) {
			b.SetBytes(int64(len(cb.inner)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := c.Seal(cb.inner, ts, benchNonce); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// parseCases are inner XMLs as WeCom sends them: a text message, a card
// button event, an address-book change (the largest event) and the
// 微信客服 new-message event.
var parseCases = []struct {
	name, xml, msgType string
}{
	{"text", string(textXML(200)), wecom.MsgText},
	{"event=template_card", `<xml><ToUserName><![CDATA[` + benchCorp + `]]></ToUserName><FromUserName><![CDATA[east_mgr]]></FromUserName>` +
		`<CreateTime>1772416800</CreateTime><MsgType><![CDATA[event]]></MsgType><AgentID>1000002</AgentID>` +
		`<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[approve:42]]></EventKey><TaskId><![CDATA[t42-1772416800]]></TaskId>` +
		`<CardType><![CDATA[vote_interaction]]></CardType><ResponseCode><![CDATA[rc-5d41402abc4b2a76b9719d911017c592]]></ResponseCode>` +
		`<SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[o1]]></OptionId>` +
		`<OptionId><![CDATA[o2]]></OptionId></OptionIds></SelectedItem></SelectedItems></xml>`, wecom.MsgEvent},
	{"event=change_contact", `<xml><ToUserName><![CDATA[` + benchCorp + `]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
		`<CreateTime>1772416800</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>` +
		`<ChangeType>update_user</ChangeType><UserID><![CDATA[eng_east1]]></UserID><Name><![CDATA[陈工]]></Name>` +
		`<Department><![CDATA[4,7]]></Department><MainDepartment>4</MainDepartment><IsLeaderInDept><![CDATA[0,0]]></IsLeaderInDept>` +
		`<DirectLeader><![CDATA[east_mgr]]></DirectLeader><Position><![CDATA[服务工程师]]></Position><Mobile>13800000011</Mobile>` +
		`<Email><![CDATA[eng_east1@demo.example.com]]></Email><Status>1</Status></xml>`, wecom.MsgEvent},
	{"event=kf_msg_or_event", `<xml><ToUserName><![CDATA[` + benchCorp + `]]></ToUserName><CreateTime>1772416800</CreateTime>` +
		`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[` + wecom.EventKFMsg + `]]></Event>` +
		`<Token><![CDATA[ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR]]></Token><OpenKfId><![CDATA[wkKF2]]></OpenKfId></xml>`, wecom.MsgEvent},
}

// BenchmarkParseMessage is the decoding of inner XML into a Message,
// done by the callback handler and again by the bot.
func BenchmarkParseMessage(b *testing.B) {
	for _, pc := range parseCases {
		b.Run(pc.name, func(b *testing.B) {
			raw := []byte(pc.xml)
			m, err := wecom.ParseMessage(raw)
			if err != nil || m.MsgType != pc.msgType {
				b.Fatalf("ParseMessage = %+v, %v; want a %s", m, err, pc.msgType)
			}
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := wecom.ParseMessage(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
