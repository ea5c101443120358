package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

var (
	txtAttachHow  = msg{"要把图片或文件附到工单上，请先发送「附件 GD…」，再发送文件。", "To attach a picture or file, send \"attach GD…\" first, then the file."}
	txtAttachNext = msg{"请发送要附到 %s 的图片或文件。", "Send the pictures or files for %s."}
	txtAttached   = msg{"已把「%s」附到 %s。", "Attached \"%s\" to %s."}
	txtKept       = msg{"收到文件，提交工单后会附上。", "Got the file; it goes on the ticket once it is filed."}
	txtAttachedN  = msg{"已把 %d 个文件附到 %s。", "Attached %d files to %s."}
	txtMediaGone  = msg{"这个文件已无法下载（可能已过期），请重新发送。", "I cannot fetch that file any more (it may have expired); please send it again."}
)

// attach makes the files the user sends next go on a ticket.
func (b *Bot) attach(ctx context.Context, t *turn, p parsed) error {
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	t.say(fmt.Sprintf(t.lang.text(txtAttachNext), b.Links.ticket(tk.Ticket)))
	return b.saveDialog(ctx, t, &dialog{kind: dlgAttach, ticket: tk.ID})
}

// mediaRef is how a file waits in a dialog: type, media id and name.
func mediaRef(m *wecom.Message) string {
	return m.MsgType + "|" + m.MediaID + "|" + strings.ReplaceAll(m.FileName, "|", "_") + "|" + strconv.FormatInt(m.MsgID, 10)
}

// onMedia puts a picture or file on the ticket being attached to, keeps
// it for the ticket being filed, or says how to attach.
func (b *Bot) onMedia(ctx context.Context, t *turn) error {
	d := t.dlg
	switch d.kind {
	case dlgCreate:
		return b.run(ctx, t, func(ctx context.Context) error {
			if !t.replayed {
				d.media = append(d.media, mediaRef(t.msg))
			}
			t.say(t.lang.text(txtKept))
			return b.saveDialog(ctx, t, d)
		})
	case dlgAttach:
		// The download is a WeCom call: it happens before the turn's
		// transaction, never inside it.
		up, err := b.download(ctx, mediaRef(t.msg))
		if err != nil {
			return b.mediaFailed(ctx, t, err)
		}
		return b.run(ctx, t, func(ctx context.Context) error {
			tk, err := b.Tickets.Get(ctx, b.actor(t.user), d.ticket)
			if err != nil {
				return err
			}
			t.subject = tk.Number
			t.about(tk.ID)
			up.TicketID = tk.ID
			a, err := b.Attachments.Attach(ctx, b.actor(t.user), up)
			if err != nil {
				return err
			}
			t.say(fmt.Sprintf(t.lang.text(txtAttached), a.Name, b.Links.ticket(tk.Ticket)))
			return nil
		})
	}
	return b.reply(ctx, t, t.lang.text(txtAttachHow))
}

// download fetches a file WeCom holds for three days.
func (b *Bot) download(ctx context.Context, ref string) (service.Upload, error) {
	parts := strings.SplitN(ref, "|", 4)
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	data, ct, err := b.WeCom.GetMedia(ctx, parts[1])
	if err != nil {
		return service.Upload{}, err
	}
	name := parts[2]
	if name == "" {
		name = parts[0] + "-" + parts[3] + extensions[strings.SplitN(ct, ";", 2)[0]]
	}
	return service.Upload{Name: name, Body: bytes.NewReader(data)}, nil
}

var extensions = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp", "image/bmp": ".bmp",
	"application/pdf": ".pdf", "audio/amr": ".amr", "video/mp4": ".mp4",
}

// mediaFailed answers a download WeCom refused for good; anything else is
// retried.
func (b *Bot) mediaFailed(ctx context.Context, t *turn, err error) error {
	var apiErr *wecom.APIError
	if errors.As(err, &apiErr) && apiErr.Permanent() {
		return b.reply(ctx, t, t.lang.text(txtMediaGone))
	}
	return err
}

// attachLater puts the files kept during a dialog on the ticket it filed,
// after the ticket is stored (downloads never run inside a transaction),
// and says how it went in a follow-up reply.
func (b *Bot) attachLater(ctx context.Context, t *turn, tk *service.Ticket, refs []string) {
	n := 0
	var failed error
	for _, ref := range refs {
		up, err := b.download(ctx, ref)
		if err == nil {
			up.TicketID = tk.ID
			_, err = b.Attachments.Attach(ctx, b.actor(t.user), up)
		}
		if err != nil {
			failed = err
			continue
		}
		n++
	}
	ft := &turn{user: t.user, lang: t.lang, key: t.key + ":files", subject: tk.Number}
	ft.about(tk.ID)
	if n > 0 {
		ft.say(fmt.Sprintf(t.lang.text(txtAttachedN), n, b.Links.ticket(tk)))
	}
	if failed != nil {
		text, ok := refusal(t.lang, failed, tk.Number)
		if !ok {
			text = t.lang.text(txtMediaGone)
		}
		ft.say(text)
	}
	if _, err := b.Chat.Turn(ctx, ft.key, func(context.Context) ([]*service.Notice, error) { return ft.notices(), nil }); err != nil {
		b.Log.WarnContext(ctx, "bot: attachment reply not stored", "ticket", tk.ID, "err", err)
	}
}
