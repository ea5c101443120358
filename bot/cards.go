package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// cardKey is what a card button says when clicked:
// "trf:ok:<transfer>:<ticket>", "asg:no:<ticket>", "offer:yes",
// "pick:<what>:<ticket>:<version>:<choice>".
type cardKey struct {
	kind    string // trf, asg, offer, pick
	yes     bool
	id      int64 // the transfer (trf), the ticket (asg), the choice (pick)
	ticket  int64 // trf, pick: the ticket
	what    uint8 // pick: what the choice is for (pickDispatch, pickAllocate)
	version int64 // pick: the ticket's version the card was offered for
}

func (k cardKey) String() string {
	verdict := map[bool]string{true: "ok", false: "no"}[k.yes]
	switch k.kind {
	case "trf":
		return fmt.Sprintf("trf:%s:%d:%d", verdict, k.id, k.ticket)
	case "asg":
		return fmt.Sprintf("asg:%s:%d", verdict, k.id)
	case "pick":
		return fmt.Sprintf("pick:%d:%d:%d:%d", k.what, k.ticket, k.version, k.id)
	}
	return "offer:" + map[bool]string{true: "yes", false: "no"}[k.yes]
}

// parseCardKey reads a button key; ok is false for keys this bot never
// wrote.
func parseCardKey(s string) (cardKey, bool) {
	parts := strings.Split(s, ":")
	num := func(i int) int64 {
		n, _ := strconv.ParseInt(parts[i], 10, 64)
		return n
	}
	k := cardKey{kind: parts[0]}
	if k.kind == "pick" && len(parts) == 5 {
		what := num(1)
		k.ticket, k.version, k.id = num(2), num(3), num(4)
		k.what = uint8(what) // #nosec G115 -- checked against the pick kinds just below
		return k, (k.what == pickDispatch || k.what == pickAllocate) && int64(k.what) == what && k.ticket > 0 && k.id > 0
	}
	if len(parts) < 2 {
		return cardKey{}, false
	}
	k.yes = parts[1] == "ok" || parts[1] == "yes"
	if !k.yes && parts[1] != "no" {
		return cardKey{}, false
	}
	switch {
	case k.kind == "trf" && len(parts) == 4:
		k.id, k.ticket = num(2), num(3)
		return k, k.id > 0 && k.ticket > 0
	case k.kind == "asg" && len(parts) == 3:
		k.id = num(2)
		return k, k.id > 0
	case k.kind == "offer" && len(parts) == 2:
		return k, true
	}
	return cardKey{}, false
}

// cardHead is a button card's frame: the bot as source, the title, and
// the ticket it is about with a link to its page.
func cardHead(l lang, taskID, title string, tk *service.Ticket, links Links) *wecom.TemplateCard {
	c := &wecom.TemplateCard{
		CardType:  wecom.CardButtonInteraction,
		TaskID:    taskID,
		Source:    &wecom.CardSource{Desc: l.text(msg{"工单助手", "Ticket bot"})},
		MainTitle: &wecom.CardTitle{Title: title},
	}
	if tk != nil {
		c.MainTitle.Desc = clip(tk.Number+" "+tk.Subject, 40)
		if u := links.URL(tk); u != "" {
			c.CardAction = &wecom.CardAction{Type: 1, URL: u}
		}
	}
	return c
}

// buttonCard is a card asking someone to decide.
func buttonCard(l lang, taskID, title string, tk *service.Ticket, links Links, lines []wecom.HorizontalContent, yes, no cardKey, yesText, noText msg) *wecom.TemplateCard {
	c := cardHead(l, taskID, title, tk, links)
	c.HorizontalContentList = lines
	c.ButtonList = []wecom.CardButton{
		{Type: wecom.ButtonCallback, Text: l.text(yesText), Style: 1, Key: yes.String()},
		{Type: wecom.ButtonCallback, Text: l.text(noText), Style: 2, Key: no.String()},
	}
	return c
}

// pickCard offers a ticket's choices (engineers, regions) one button
// each; the subtitle numbers them too, so a typed number works as well.
func pickCard(l lang, taskID string, head msg, tk *service.Ticket, links Links, what uint8, opts []option) *wecom.TemplateCard {
	c := cardHead(l, taskID, l.text(head), tk, links)
	c.SubTitleText = listOptions(l, opts)
	for _, o := range opts {
		k := cardKey{kind: "pick", what: what, ticket: tk.ID, version: tk.Version, id: o.id}
		c.ButtonList = append(c.ButtonList, wecom.CardButton{Type: wecom.ButtonCallback, Text: clip(o.button(), 10), Style: 1, Key: k.String()})
	}
	return c
}

func line(key, value string) wecom.HorizontalContent {
	return wecom.HorizontalContent{KeyName: key, Value: clip(value, 30)}
}

// transferCard asks the approver to decide a transfer.
func transferCard(l lang, tk *service.Ticket, tr *service.Transfer, x *service.OrgIndex, links Links) *wecom.TemplateCard {
	to := userName(x, tr.ToUserID)
	if d, ok := x.Dept(tr.ToDeptID); ok {
		to = l.pick(d.Name, d.NameEn)
	}
	lines := []wecom.HorizontalContent{
		line(l.text(msg{"申请人", "Asked by"}), userName(x, tr.RequestedBy)),
		line(l.text(msg{"转给", "To"}), to),
		line(l.text(msg{"原因", "Reason"}), tr.Reason),
	}
	yes := cardKey{kind: "trf", yes: true, id: tr.ID, ticket: tk.ID}
	no := yes
	no.yes = false
	return buttonCard(l, fmt.Sprintf("trf-%d", tr.ID), l.text(msg{"转派审批", "Transfer to approve"}), tk, links, lines,
		yes, no, msg{"同意", "Approve"}, msg{"拒绝", "Reject"})
}

// assignCard asks a ticket's new owner to accept it.
func assignCard(l lang, taskID string, tk *service.Ticket, by string, links Links) *wecom.TemplateCard {
	lines := []wecom.HorizontalContent{
		line(l.text(msg{"优先级", "Priority"}), l.text(priorityNames[tk.Priority])),
		line(l.text(msg{"派给您的人", "From"}), by),
	}
	yes := cardKey{kind: "asg", yes: true, id: tk.ID}
	no := cardKey{kind: "asg", id: tk.ID}
	return buttonCard(l, taskID, l.text(msg{"新工单待您接单", "A ticket for you"}), tk, links, lines,
		yes, no, msg{"接单", "Accept"}, msg{"拒绝", "Decline"})
}

// offerCard offers to file a message as a ticket.
func offerCard(l lang, taskID, text string) *wecom.TemplateCard {
	c := buttonCard(l, taskID, l.text(msg{"要把这条消息建成工单吗？", "File this message as a ticket?"}), nil, Links{}, nil,
		cardKey{kind: "offer", yes: true}, cardKey{kind: "offer"}, msg{"创建工单", "File it"}, msg{"不用了", "No thanks"})
	c.MainTitle.Desc = clip(text, 40)
	c.SubTitleText = l.text(msg{"也可以回复 1 创建工单。", "You can also reply 1 to file it."})
	return c
}

// outcomeCard replaces a decided card: what was decided, by whom, when.
func outcomeCard(taskID, title, outcome string) *wecom.TemplateCard {
	return &wecom.TemplateCard{CardType: wecom.CardTextNotice, TaskID: taskID,
		MainTitle: &wecom.CardTitle{Title: title}, SubTitleText: outcome}
}

func decidedBy(l lang, who string, at time.Time) string {
	return fmt.Sprintf(l.text(msg{"%s 于 %s", "by %s at %s"}), who, at.Format("01-02 15:04"))
}
