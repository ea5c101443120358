package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

var (
	txtNudged      = msg{"已催办 %s 的处理人 %s。", "Chased %s's handler, %s."}
	txtNudge       = msg{"%s 催办工单 %s：%s，请尽快处理。", "%s is chasing %s: %s. Please get to it soon."}
	txtRemindSet   = msg{"好的，%s 提醒您 %s。", "OK, I will remind you about %[2]s at %[1]s."}
	txtRemindWhen  = msg{"请写上提醒时间，例如：提醒我 明天9点 %s", "Say when, e.g. remind tomorrow 9am %s"}
	txtFound       = msg{"找到这些解决方案：", "These solutions match:"}
	txtFoundNone   = msg{"没有找到相关的解决方案，换个关键词试试。", "No solution matches; try other words."}
	txtSearchWhat  = msg{"请写上要搜索的内容，例如：搜索 打印机卡纸", "Say what to look for, e.g. search printer jam"}
	txtTimeDisplay = msg{"01月02日 15:04", "Jan 2 15:04"}
)

// nudge chases a ticket's handler (催办); the service says who may and
// how often.
func (b *Bot) nudge(ctx context.Context, t *turn, p parsed) error {
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	n, err := b.Chat.Nudge(ctx, b.actor(t.user), tk.ID)
	if err != nil {
		return err
	}
	if b.Notices != nil {
		chase := service.StaffNotice{Kind: service.NoticeChase, UserID: n.Handler.ID, Ticket: n.Ticket,
			DedupeKey: "chase:" + t.key, Fill: func(d *service.NoticeData, _ string) { d.Actor = t.user.Name }}
		if err := b.Notices.Notify(ctx, chase); err != nil {
			return err
		}
	} else {
		hl := langOf(n.Handler)
		t.tell(n.Handler, tk.ID, fmt.Sprintf(hl.text(txtNudge), t.user.Name, b.Links.ticket(tk.Ticket), tk.Subject))
	}
	t.say(fmt.Sprintf(t.lang.text(txtNudged), b.Links.ticket(tk.Ticket), n.Handler.Name))
	return nil
}

// remind schedules a note to oneself: 提醒我 明天9点 GD… 带上报价单.
func (b *Bot) remind(ctx context.Context, t *turn, p parsed) error {
	now := b.Now().In(b.Location)
	at, rest, ok := whenPrefix(p.rest, now)
	if !ok {
		t.say(fmt.Sprintf(t.lang.text(txtRemindWhen), p.number))
		return nil
	}
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	err = b.Chat.Remind(ctx, b.actor(t.user), service.Reminder{TicketID: tk.ID, At: at, Note: rest, DedupeKey: "remind:" + t.key})
	if err != nil {
		return err
	}
	t.say(fmt.Sprintf(t.lang.text(txtRemindSet), at.Format(t.lang.text(txtTimeDisplay)), b.Links.ticket(tk.Ticket)))
	return nil
}

// search looks for solutions in the knowledge base.
func (b *Bot) search(ctx context.Context, t *turn, p parsed) error {
	if p.args == "" {
		t.say(t.lang.text(txtSearchWhat))
		return nil
	}
	hits, err := b.Solutions.Search(ctx, b.actor(t.user), p.args, 5)
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		t.say(t.lang.text(txtFoundNone))
		return nil
	}
	lines := []string{t.lang.text(txtFound)}
	for i, h := range hits {
		lines = append(lines, fmt.Sprintf("%d. %s\n   %s", i+1, h.Title, clip(strings.ReplaceAll(h.Body, "\n", " "), 80)))
	}
	t.say(strings.Join(lines, "\n"))
	return nil
}

// cancel drops the open dialog.
func (b *Bot) cancel(ctx context.Context, t *turn, _ parsed) error {
	if t.dlg.kind == dlgNone {
		t.say(t.lang.text(txtNothingOn))
		return nil
	}
	t.say(t.lang.text(txtCancelled))
	return b.endDialog(ctx, t)
}
