package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// pageSize is how many tickets one list reply shows.
const pageSize = 10

var viewNames = map[service.View]msg{
	service.ViewTodo: {"待办", "To do"}, service.ViewDone: {"已办", "Done"},
	service.ViewTransferPending: {"待转", "Transfers pending"}, service.ViewTransferred: {"已转", "Transferred"},
	service.ViewMine: {"我负责的", "Mine"}, service.ViewParticipating: {"我参与的", "Participating"},
	service.ViewSubordinatesOwn: {"下属负责的", "My team's"}, service.ViewSubordinatesParticipate: {"下属参与的", "My team participates"},
	service.ViewUrgent: {"紧急的", "Urgent"}, service.ViewClosed: {"已关闭的", "Closed"},
	service.ViewPendingDispatch: {"待派工", "Waiting for dispatch"}, service.ViewPendingAllocation: {"待分配", "Waiting for allocation"},
}

var (
	txtEmptyList = msg{"「%s」里没有工单。", "No tickets in \"%s\"."}
	txtMore      = msg{"发送「更多」查看下一页。", "Send \"more\" for the next page."}
	txtNoMore    = msg{"没有更多了。", "That was all."}
)

func pageKey(userid string) string { return "chat:page:" + userid }

// list answers with the first page of a view.
func (b *Bot) list(v service.View) func(ctx context.Context, t *turn, p parsed) error {
	return func(ctx context.Context, t *turn, _ parsed) error { return b.page(ctx, t, v, "") }
}

// more continues the last list.
func (b *Bot) more(ctx context.Context, t *turn, _ parsed) error {
	raw, ok, err := b.State.Get(ctx, pageKey(t.user.UserID))
	if err != nil {
		return err
	}
	view, cursor, _ := strings.Cut(raw, "|")
	if !ok || cursor == "" {
		t.say(t.lang.text(txtNoMore))
		return nil
	}
	return b.page(ctx, t, service.View(view), cursor)
}

func (b *Bot) page(ctx context.Context, t *turn, v service.View, cursor string) error {
	pg, err := b.Tickets.List(ctx, b.actor(t.user), service.ListQuery{View: v, Cursor: cursor, Limit: pageSize})
	if err != nil {
		return err
	}
	if err := b.State.Set(ctx, pageKey(t.user.UserID), string(v)+"|"+pg.Next, dialogTTL); err != nil {
		return err
	}
	name := t.lang.text(viewNames[v])
	if len(pg.Tickets) == 0 {
		t.say(fmt.Sprintf(t.lang.text(txtEmptyList), name))
		return nil
	}
	x, err := b.Org.Index(ctx)
	if err != nil {
		return err
	}
	lines := []string{fmt.Sprintf("%s：", name)}
	for _, tk := range pg.Tickets {
		who := ""
		if tk.OwnerID != 0 && tk.OwnerID != t.user.ID {
			who = " · " + userName(x, tk.OwnerID)
		}
		lines = append(lines, fmt.Sprintf("• %s %s · %s · %s%s", b.Links.ticket(tk), clip(tk.Subject, 24),
			t.lang.text(stateNames[service.StateOf(tk)]), t.lang.text(priorityNames[tk.Priority]), who))
	}
	if pg.Next != "" {
		lines = append(lines, t.lang.text(txtMore))
	}
	t.say(strings.Join(lines, "\n"))
	return nil
}
