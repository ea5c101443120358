// Package bot is the chat edge: it turns WeCom messages and events from the
// inbox into service calls and answers in chat. It holds no business rules.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// Sender is the part of the WeCom client the bot answers with.
type Sender interface {
	SendText(ctx context.Context, to wecom.Recipients, content string) (wecom.SendResult, error)
}

// Bot processes inbox items (it is the inbox's service.InboxProcessor).
type Bot struct {
	org  *service.OrgService
	send Sender
	log  *slog.Logger
	cmds []command
}

// New wires the bot.
func New(org *service.OrgService, send Sender, log *slog.Logger) *Bot {
	b := &Bot{org: org, send: send, log: log}
	b.cmds = b.commands()
	return b
}

// turn is one incoming message being answered.
type turn struct {
	user *service.User
	msg  *wecom.Message
	args string
	lang lang
}

// Process handles one callback. It returns an error only for what may
// succeed on a retry (WeCom or the database briefly unavailable); input
// that can never be handled is answered or logged and then dropped.
func (b *Bot) Process(ctx context.Context, item service.InboxItem) error {
	msg, err := wecom.ParseMessage(item.Payload)
	if err != nil {
		b.log.WarnContext(ctx, "bot: unparsable inbox item dropped", "id", item.ID, "err", err)
		return nil
	}
	if msg.IsEvent() {
		return b.onEvent(ctx, msg)
	}
	user, err := b.org.EnsureUser(ctx, msg.FromUserName)
	switch {
	case service.IsKind(err, service.KindNotFound):
		b.log.WarnContext(ctx, "bot: message from unknown user dropped", "userid", msg.FromUserName)
		return nil
	case err != nil:
		return err
	}
	t := &turn{user: user, msg: msg, lang: langOf(user)}
	if !user.Enabled {
		return b.reply(ctx, t, t.lang.text(txtDisabled))
	}
	if msg.MsgType != wecom.MsgText {
		return b.reply(ctx, t, t.lang.text(txtTextOnly))
	}
	return b.onText(ctx, t)
}

// onText finds the command the message names and runs it.
func (b *Bot) onText(ctx context.Context, t *turn) error {
	text := strings.TrimSpace(t.msg.Content)
	word, args, _ := strings.Cut(text, " ")
	for i := range b.cmds {
		c := &b.cmds[i]
		if c.matches(word) && c.allowed(t.user) {
			t.args = strings.TrimSpace(args)
			return c.run(ctx, t)
		}
	}
	return b.reply(ctx, t, fmt.Sprintf(t.lang.text(txtUnknown), clip(text, 20)))
}

// reply answers the user. A permanent WeCom refusal (the user left, the
// app lost permission) is logged, not retried: retrying cannot fix it.
func (b *Bot) reply(ctx context.Context, t *turn, text string) error {
	_, err := b.send.SendText(ctx, wecom.ToUsers(t.user.UserID), text)
	var apiErr *wecom.APIError
	if errors.As(err, &apiErr) && apiErr.Permanent() {
		b.log.WarnContext(ctx, "bot: reply refused by WeCom", "userid", t.user.UserID, "err", err)
		return nil
	}
	return err
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
