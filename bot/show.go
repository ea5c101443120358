package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// showEvents is how much of the timeline a detail reply shows.
const showEvents = 5

// show answers with a ticket's details and the latest of its timeline.
func (b *Bot) show(ctx context.Context, t *turn, p parsed) error {
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	a := b.actor(t.user)
	events, err := b.Tickets.Timeline(ctx, a, tk.ID)
	if err != nil {
		return err
	}
	x, err := b.Org.Index(ctx)
	if err != nil {
		return err
	}
	l := t.lang
	lines := []string{
		fmt.Sprintf("%s %s", b.Links.ticket(tk.Ticket), tk.Subject),
		fmt.Sprintf(l.text(msg{"状态：%s · 优先级：%s", "Status: %s · Priority: %s"}),
			l.text(stateNames[service.StateOf(tk.Ticket)]), l.text(priorityNames[tk.Priority])),
	}
	owner := l.text(msg{"（待派工）", "(not assigned)"})
	if tk.OwnerID != 0 {
		owner = userName(x, tk.OwnerID)
	}
	people := fmt.Sprintf(l.text(msg{"负责人：%s · 创建人：%s", "Owner: %s · Created by: %s"}), owner, userName(x, tk.CreatorID))
	if tk.CustomerID != 0 {
		if c, err := b.CRM.Customer(ctx, a, tk.CustomerID); err == nil {
			people += fmt.Sprintf(l.text(msg{" · 客户：%s", " · Customer: %s"}), b.Links.customer(tk.Ticket, c.Name))
		}
	}
	lines = append(lines, people)
	if tk.Description != "" {
		lines = append(lines, clip(tk.Description, 120))
	}
	if tk.PendingTransfer != nil {
		lines = append(lines, fmt.Sprintf(l.text(msg{"转派待 %s 审批", "Transfer awaiting %s"}), userName(x, tk.PendingTransfer.ApproverID)))
	}
	if tk.Solution != "" {
		lines = append(lines, fmt.Sprintf(l.text(msg{"解决方案：%s", "Solution: %s"}), clip(tk.Solution, 120)))
	}
	if len(events) > 0 {
		lines = append(lines, l.text(msg{"最近动态：", "Latest:"}))
		for _, ev := range events[max(0, len(events)-showEvents):] {
			lines = append(lines, fmt.Sprintf("• %s %s %s%s", ev.CreatedAt.In(b.Location).Format("01-02 15:04"),
				userName(x, ev.ActorID), eventName(l, ev.Action), noteOf(ev.Note)))
		}
	}
	t.say(strings.Join(lines, "\n"))
	return nil
}

func eventName(l lang, a service.Action) string {
	if m, ok := actionNames[a]; ok {
		return l.text(m)
	}
	return string(a)
}

func noteOf(note string) string {
	if note == "" {
		return ""
	}
	return "：" + clip(note, 40)
}
