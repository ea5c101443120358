// Package bot is the chat edge: it turns WeCom messages, card clicks and
// files from the inbox into service calls and answers in chat, through the
// outbox. It holds no business rules: the services decide, the bot
// translates both ways.
package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// WeCom is the part of the WeCom client the bot calls itself: card
// updates answer a click at once with its single-use response code, and
// files arrive as media ids to download.
type WeCom interface {
	UpdateTemplateCard(ctx context.Context, u wecom.CardUpdate) error
	GetMedia(ctx context.Context, mediaID string) ([]byte, string, error)
}

// StateStore keeps short-lived chat state with a TTL: open dialogs, list
// paging. The session store (Redis) in production; on the embedded stack a
// database table, since the in-process store does not survive a restart
// and a dialog must.
type StateStore interface {
	Get(ctx context.Context, key string) (string, bool, error)
	Set(ctx context.Context, key, val string, ttl time.Duration) error
	Delete(ctx context.Context, keys ...string) error
}

// Deps are what the bot translates into.
type Deps struct {
	Org         *service.OrgService
	Tickets     *service.TicketService
	Templates   *service.TemplateService
	Chat        *service.ChatService
	CRM         *service.CRMService
	Records     *service.RecordService
	Solutions   *service.SolutionService
	Attachments *service.AttachmentService
	Quick       *service.QuickReplyService // 快捷回复; nil: none
	Notices     *service.Notifier          // 催办 reaches the handler as a staff notice; nil: a plain text
	State       StateStore                 // open dialogs and list paging
	WeCom       WeCom
	Links       Links
	Location    *time.Location // how people here read times (business calendar)
	Log         *slog.Logger
	Now         func() time.Time // nil: time.Now
}

// Bot processes inbox items (it is the inbox's service.InboxProcessor).
type Bot struct {
	Deps
	table []command
}

// New wires the bot.
func New(d Deps) *Bot {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	b := &Bot{Deps: d}
	b.table = b.commands()
	return b
}

// Process handles one callback. It returns an error only for what may
// succeed on a retry (the database or WeCom briefly unavailable); input
// that can never be handled is answered or logged and then dropped.
func (b *Bot) Process(ctx context.Context, item service.InboxItem) error {
	msg, err := wecom.ParseMessage(item.Payload)
	if err != nil {
		b.Log.WarnContext(ctx, "bot: unparsable inbox item dropped", "id", item.ID, "err", err)
		return nil
	}
	if msg.Event == wecom.EventChangeContact {
		return b.onContactChange(ctx, msg)
	}
	if msg.IsEvent() && msg.Event != wecom.EventTemplateCard {
		return nil // entering the app, menu clicks: nothing to answer
	}
	user, err := b.Org.EnsureUser(ctx, msg.FromUserName)
	switch {
	case service.IsKind(err, service.KindNotFound):
		b.Log.WarnContext(ctx, "bot: message from unknown user dropped", "userid", msg.FromUserName)
		return nil
	case err != nil:
		return err
	}
	t := newTurn(user, msg, item.DedupeKey)
	if !user.Enabled {
		return b.reply(ctx, t, t.lang.text(txtDisabled))
	}
	if t.dlg, err = b.loadDialog(ctx, user.UserID); err != nil {
		return err
	}
	t.replayed = t.dlg.last == t.hash
	switch msg.MsgType {
	case wecom.MsgEvent:
		return b.onClick(ctx, t)
	case wecom.MsgText:
		return b.onText(ctx, t)
	case wecom.MsgImage, wecom.MsgFile, wecom.MsgVoice, wecom.MsgVideo:
		return b.onMedia(ctx, t)
	}
	return b.reply(ctx, t, t.lang.text(txtTextOnly))
}

// run handles a turn: fn runs inside the turn's transaction with the
// replies it produced (service.ChatService.Turn); work that must follow
// the commit (card updates, downloads) runs after. A refusal the services
// explain, or a dialog that would replace a new ticket's, is answered in
// the user's words; anything else is returned for
// the inbox to retry.
func (b *Bot) run(ctx context.Context, t *turn, fn func(ctx context.Context) error) error {
	ran, err := b.Chat.Turn(ctx, t.key, func(ctx context.Context) ([]*service.Notice, error) {
		if err := fn(ctx); err != nil {
			return nil, err
		}
		return t.notices(), nil
	})
	if err == nil {
		if ran {
			t.runAfter(ctx)
		}
		return nil
	}
	text, ok := refusal(t.lang, err, t.subject)
	if errors.Is(err, errCreateOpen) {
		text, ok = t.lang.text(txtDialogOpen), true
	}
	if !ok {
		return err
	}
	t.reset()
	t.say(text)
	_, err = b.Chat.Turn(ctx, t.key, func(context.Context) ([]*service.Notice, error) { return t.notices(), nil })
	return err
}

// reply answers with one sentence and nothing else.
func (b *Bot) reply(ctx context.Context, t *turn, text string) error {
	return b.run(ctx, t, func(context.Context) error { t.say(text); return nil })
}

func (b *Bot) actor(u *service.User) service.Actor {
	return service.Actor{UserID: u.ID, Origin: service.OriginWeComChat}
}
