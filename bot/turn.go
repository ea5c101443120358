package bot

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// turn is one incoming message being answered: who sent it, what the bot
// will say and send because of it, and what must wait for the commit.
type turn struct {
	user     *service.User
	msg      *wecom.Message
	lang     lang
	key      string  // the turn's key: the inbox item's dedupe key, short enough for the database
	hash     uint32  // the key's hash, kept in dialog state to recognise a replay
	id       string  // the key's hash in hex: names cards sent in this turn
	dlg      *dialog // the open dialog; kind dlgNone when there is none
	replayed bool    // the open dialog already took this message (a retry after a failed commit)
	subject  string  // the ticket number the message is about, for refusals

	said   []string
	ticket int64 // the ticket the reply is about, 0 when none
	others []*service.Notice
	after  []func(ctx context.Context)
	seq    int
}

func newTurn(u *service.User, m *wecom.Message, dedupeKey string) *turn {
	key := dedupeKey
	sum := sha256.Sum256([]byte(dedupeKey))
	if len(key) > 120 {
		key = "h:" + hex.EncodeToString(sum[:20])
	}
	return &turn{user: u, msg: m, lang: langOf(u), key: key, hash: binary.BigEndian.Uint32(sum[:4]), id: hex.EncodeToString(sum[:10]),
		dlg: &dialog{}}
}

// say adds a paragraph to the reply to the sender. One turn sends one
// reply message, so the outbox never merges a turn's answers into a
// digest.
func (t *turn) say(text string) { t.said = append(t.said, text) }

// about names the ticket the reply concerns (kept with the notice).
func (t *turn) about(id int64) {
	if t.ticket == 0 {
		t.ticket = id
	}
}

// tell sends someone else a text in their language.
func (t *turn) tell(to *service.User, ticketID int64, text string) {
	t.others = append(t.others, &service.Notice{DedupeKey: t.nextKey(), Channel: service.ChannelChat,
		Recipient: to.UserID, TicketID: ticketID, Kind: "chat",
		Payload: wecom.EncodeNotice(wecom.NoticePayload{Text: text, Lang: string(langOf(to))})})
}

// card sends a template card.
func (t *turn) card(to string, ticketID int64, kind string, c *wecom.TemplateCard) {
	t.others = append(t.others, &service.Notice{DedupeKey: t.nextKey(), Channel: service.ChannelWeComCard,
		Recipient: to, TicketID: ticketID, Kind: kind, Payload: wecom.EncodeNotice(wecom.NoticePayload{Card: c})})
}

// afterCommit queues work for when the turn's changes are stored.
func (t *turn) afterCommit(fn func(ctx context.Context)) { t.after = append(t.after, fn) }

func (t *turn) nextKey() string {
	t.seq++
	return "reply:" + t.key + ":" + strconv.Itoa(t.seq)
}

// notices are the turn's messages: the reply first, then the rest.
func (t *turn) notices() []*service.Notice {
	var out []*service.Notice
	if len(t.said) > 0 {
		out = append(out, &service.Notice{DedupeKey: "reply:" + t.key + ":0", Channel: service.ChannelChat,
			Recipient: t.user.UserID, TicketID: t.ticket, Kind: "chat_reply",
			Payload: wecom.EncodeNotice(wecom.NoticePayload{Text: strings.Join(t.said, "\n\n"), Lang: string(t.lang)})})
	}
	return append(out, t.others...)
}

// reset forgets everything planned: the turn is refused instead.
func (t *turn) reset() {
	t.said, t.others, t.after, t.seq = nil, nil, nil, 0
}

func (t *turn) runAfter(ctx context.Context) {
	for _, fn := range t.after {
		fn(ctx)
	}
}
