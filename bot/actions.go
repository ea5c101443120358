package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

var (
	txtAccepted    = msg{"已接单 %s，请尽快处理。", "You accepted %s; over to you."}
	txtNoted       = msg{"已在 %s 添加服务记录%s。", "Note added to %s%s."}
	txtNotedPublic = msg{"（客户可见）", " (the customer can see it)"}
	// The step sentences get the linked number and the plain one.
	txtWaiting    = msg{"%[1]s 已标记为待客户反馈，计时已暂停。", "%[1]s is waiting for the customer; the clock is paused."}
	txtResumed    = msg{"%[1]s 已恢复处理，计时继续。", "%[1]s is back in progress; the clock runs again."}
	txtResolved   = msg{"%[1]s 已解决。确认无误后可发送「关闭 %[2]s」。", "%[1]s is resolved. Send \"close %[2]s\" once it is confirmed."}
	txtClosed     = msg{"%[1]s 已关闭。", "%[1]s is closed."}
	txtReopened   = msg{"%[1]s 已重新打开，回到处理中。", "%[1]s is open again, in progress."}
	txtPriority   = msg{"%s 的优先级已改为「%s」。", "%s is now %s priority."}
	txtPriorities = msg{"请写上优先级：低、普通、高或紧急，例如：优先级 %s 紧急", "Say which priority: low, normal, high or urgent, e.g. priority %s urgent"}
	txtAssisted   = msg{"已把 %s 加为 %s 的协助人。", "%s now assists on %s."}
	txtNeedWho    = msg{"请 @ 要加的同事，例如：协助 %s @eng_east2", "Mention the colleague, e.g. assist %s @eng_east2"}
)

// ticket loads the ticket a message names; the services decide whether
// the user may see it.
func (b *Bot) ticket(ctx context.Context, t *turn, number string) (*service.TicketDetail, error) {
	tk, err := b.Chat.Ticket(ctx, b.actor(t.user), number)
	if err != nil {
		return nil, err
	}
	t.about(tk.ID)
	return tk, nil
}

func (b *Bot) accept(ctx context.Context, t *turn, p parsed) error {
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	if _, err := b.Tickets.Accept(ctx, b.actor(t.user), tk.ID); err != nil {
		return err
	}
	t.say(fmt.Sprintf(t.lang.text(txtAccepted), b.Links.ticket(tk.Ticket)))
	return nil
}

// publicWords mark a note the customer may see.
var publicWords = []string{"客户可见", "公开", "public"}

func (b *Bot) note(ctx context.Context, t *turn, p parsed) error {
	body, vis, extra := p.rest, service.RecordInternal, ""
	for _, w := range publicWords {
		if rest, ok := cutName(body, w); ok {
			body, vis, extra = strings.TrimSpace(rest), service.RecordCustomer, t.lang.text(txtNotedPublic)
			break
		}
	}
	if body == "" {
		t.say(fmt.Sprintf(t.lang.text(txtNeedText), p.word+" "+p.number+" "+t.lang.text(msg{"已电话联系客户", "called the customer"})))
		return nil
	}
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	if _, err := b.Records.Add(ctx, b.actor(t.user), service.NewRecord{TicketID: tk.ID, Body: body, Visibility: vis}); err != nil {
		return err
	}
	t.say(fmt.Sprintf(t.lang.text(txtNoted), b.Links.ticket(tk.Ticket), extra))
	return nil
}

// step runs one lifecycle action that takes an optional note and answers
// with done (formatted with the ticket's linked number).
func (b *Bot) step(ctx context.Context, t *turn, number string, done msg,
	act func(ctx context.Context, a service.Actor, id int64) (*service.Ticket, error),
) error {
	tk, err := b.ticket(ctx, t, number)
	if err != nil {
		return err
	}
	if _, err := act(ctx, b.actor(t.user), tk.ID); err != nil {
		return err
	}
	t.say(fmt.Sprintf(t.lang.text(done), b.Links.ticket(tk.Ticket), tk.Number))
	return nil
}

func (b *Bot) waitCustomer(ctx context.Context, t *turn, p parsed) error {
	return b.step(ctx, t, p.number, txtWaiting, func(ctx context.Context, a service.Actor, id int64) (*service.Ticket, error) {
		return b.Tickets.WaitForCustomer(ctx, a, id, p.rest)
	})
}

func (b *Bot) resume(ctx context.Context, t *turn, p parsed) error {
	return b.step(ctx, t, p.number, txtResumed, func(ctx context.Context, a service.Actor, id int64) (*service.Ticket, error) {
		return b.Tickets.Resume(ctx, a, id, p.rest)
	})
}

func (b *Bot) resolve(ctx context.Context, t *turn, p parsed) error {
	if p.rest == "" {
		t.say(fmt.Sprintf(t.lang.text(txtNeedText), p.word+" "+p.number+" "+t.lang.text(msg{"更换了定影器", "replaced the fuser"})))
		return nil
	}
	return b.step(ctx, t, p.number, txtResolved, func(ctx context.Context, a service.Actor, id int64) (*service.Ticket, error) {
		return b.Tickets.Resolve(ctx, a, id, p.rest)
	})
}

func (b *Bot) close(ctx context.Context, t *turn, p parsed) error {
	return b.step(ctx, t, p.number, txtClosed, func(ctx context.Context, a service.Actor, id int64) (*service.Ticket, error) {
		return b.Tickets.Close(ctx, a, id, p.rest)
	})
}

func (b *Bot) reopen(ctx context.Context, t *turn, p parsed) error {
	return b.step(ctx, t, p.number, txtReopened, func(ctx context.Context, a service.Actor, id int64) (*service.Ticket, error) {
		return b.Tickets.Reopen(ctx, a, id, p.rest)
	})
}

func (b *Bot) priority(ctx context.Context, t *turn, p parsed) error {
	pr, ok := priorityOf(p.rest)
	if !ok {
		t.say(fmt.Sprintf(t.lang.text(txtPriorities), p.number))
		return nil
	}
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	if _, err := b.Tickets.Update(ctx, b.actor(t.user), tk.ID, tk.Version, service.TicketPatch{Priority: &pr}); err != nil {
		return err
	}
	t.say(fmt.Sprintf(t.lang.text(txtPriority), b.Links.ticket(tk.Ticket), t.lang.text(priorityNames[pr])))
	return nil
}

func (b *Bot) assist(ctx context.Context, t *turn, p parsed) error {
	if len(p.mentions) == 0 {
		t.say(fmt.Sprintf(t.lang.text(txtNeedWho), p.number))
		return nil
	}
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	var who []*service.User
	for _, m := range p.mentions {
		u, err := b.userNamed(ctx, t, m)
		if u == nil || err != nil {
			return err
		}
		who = append(who, u)
	}
	var names []string
	for _, u := range who {
		member := service.Member{UserID: u.ID, Role: service.MemberAssistant, Access: service.AccessWrite}
		if _, err := b.Tickets.SetMember(ctx, b.actor(t.user), tk.ID, member); err != nil {
			return err
		}
		names = append(names, u.Name)
	}
	t.say(fmt.Sprintf(t.lang.text(txtAssisted), strings.Join(names, "、"), b.Links.ticket(tk.Ticket)))
	return nil
}
