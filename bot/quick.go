package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

var (
	txtQuickNone = msg{"还没有可用的快捷回复，可以在网页端添加。", "There are no quick replies yet; add them on the web."}
	txtQuickList = msg{"快捷回复（发送「快捷回复 GD… 序号」按工单填好）：", "Quick replies (send \"quick GD… <number>\" to fill one in for a ticket):"}
	txtQuickPick = msg{"没有第“%s”条快捷回复，请发送「快捷回复」查看序号。", "There is no quick reply \"%s\"; send \"quick\" to see the numbers."}
)

// quickReply lists the user's quick replies, or fills one in for a
// ticket to copy into the conversation with the customer.
func (b *Bot) quickReply(ctx context.Context, t *turn, p parsed) error {
	if b.Quick == nil {
		t.say(t.lang.text(txtQuickNone))
		return nil
	}
	replies, err := b.Quick.List(ctx, b.actor(t.user))
	if err != nil {
		return err
	}
	if len(replies) == 0 {
		t.say(t.lang.text(txtQuickNone))
		return nil
	}
	if p.number == "" {
		lines := []string{t.lang.text(txtQuickList)}
		for i, r := range replies {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, r.Title))
		}
		t.say(strings.Join(lines, "\n"))
		return nil
	}
	pick := -1
	if n, err := strconv.Atoi(p.rest); err == nil && n >= 1 && n <= len(replies) {
		pick = n - 1
	}
	for i, r := range replies {
		if pick < 0 && r.Title == p.rest {
			pick = i
		}
	}
	if pick < 0 {
		t.say(fmt.Sprintf(t.lang.text(txtQuickPick), clip(p.rest, 20)))
		return nil
	}
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	text, err := b.Quick.Render(ctx, b.actor(t.user), replies[pick].ID, tk.ID, string(t.lang))
	if err != nil {
		return err
	}
	t.say(text)
	return nil
}
