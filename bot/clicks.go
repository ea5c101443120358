package bot

import (
	"context"
	"fmt"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

var (
	txtOfferGone = msg{"这条建议已经过期了。想新建工单请发送「新建」。", "That offer has expired; send \"new\" to file a ticket."}
	txtIgnored   = msg{"好的，不建工单。", "OK, no ticket."}
)

// onClick handles a card button. What it changes, the services decide;
// when they refuse (a second click, a stale card, someone who may not
// decide) the user gets the reason in chat and the card stays as it was.
func (b *Bot) onClick(ctx context.Context, t *turn) error {
	k, ok := parseCardKey(t.msg.EventKey)
	if !ok {
		b.Log.WarnContext(ctx, "bot: click on an unknown button", "key", t.msg.EventKey, "task", t.msg.TaskID)
		return nil
	}
	switch k.kind {
	case "trf":
		return b.run(ctx, t, func(ctx context.Context) error {
			if _, err := b.decideTransfer(ctx, t, k.id, k.ticket, k.yes, ""); err != nil {
				return err
			}
			title := t.lang.text(msg{"转派审批", "Transfer"})
			verdict := map[bool]msg{true: {"已同意", "Approved"}, false: {"已拒绝", "Rejected"}}[k.yes]
			b.settle(t, title, t.lang.text(verdict)+" · "+decidedBy(t.lang, t.user.Name, b.Now().In(b.Location)))
			return nil
		})
	case "pick":
		return b.tapPick(ctx, t, k)
	case "asg":
		if !k.yes {
			return b.askDeclineReason(ctx, t, k.id)
		}
		return b.run(ctx, t, func(ctx context.Context) error {
			tk, err := b.ticketByID(ctx, t, k.id)
			if err != nil || b.movedOn(t, tk) {
				return err
			}
			n, err := b.Tickets.Accept(ctx, b.actor(t.user), k.id)
			if err != nil {
				return err
			}
			t.about(n.ID)
			t.say(fmt.Sprintf(t.lang.text(txtAccepted), b.Links.ticket(n)))
			b.settle(t, t.lang.text(msg{"新工单", "Ticket"}), t.lang.text(msg{"已接单", "Accepted"})+" · "+decidedBy(t.lang, t.user.Name, b.Now().In(b.Location)))
			return nil
		})
	}
	return b.takeOffer(ctx, t, k.yes)
}

// settle replaces the clicked card, for the one who clicked, once the
// decision is stored. The click's response code is single use and
// short-lived, so this is a direct call, not an outbox notice; if it
// fails, the chat reply still says what happened.
func (b *Bot) settle(t *turn, title, outcome string) {
	code, task, who := t.msg.ResponseCode, t.msg.TaskID, t.user.UserID
	t.afterCommit(func(ctx context.Context) {
		err := b.WeCom.UpdateTemplateCard(ctx, wecom.CardUpdate{ResponseCode: code, UserIDs: []string{who},
			Card: outcomeCard(task, title, outcome)})
		if err != nil {
			b.Log.WarnContext(ctx, "bot: card not updated", "task", task, "err", err)
		}
	})
}

// movedOn answers a tap on an assignment card whose ticket someone else
// has now: the card is out of date, and the tap does nothing.
func (b *Bot) movedOn(t *turn, tk *service.TicketDetail) bool {
	if tk.OwnerID == t.user.ID {
		return false
	}
	b.stale(t, tk.Ticket)
	return true
}

// askDeclineReason opens the dialog that waits for why a ticket is
// declined; the service decides when the reason arrives.
func (b *Bot) askDeclineReason(ctx context.Context, t *turn, ticketID int64) error {
	return b.run(ctx, t, func(ctx context.Context) error {
		tk, err := b.ticketByID(ctx, t, ticketID)
		if err != nil || b.movedOn(t, tk) {
			return err
		}
		t.say(fmt.Sprintf(t.lang.text(txtDeclineWhy), b.Links.ticket(tk.Ticket)))
		return b.saveDialog(ctx, t, &dialog{kind: dlgReason, ticket: tk.ID})
	})
}

// offer proposes to file a message that is no command as a ticket.
func (b *Bot) offer(ctx context.Context, t *turn, text string) error {
	return b.run(ctx, t, func(ctx context.Context) error {
		d := &dialog{kind: dlgOffer}
		d.set(slotSubject, clip(text, 200))
		t.card(t.user.UserID, 0, "offer", offerCard(t.lang, "offer-"+t.id, text))
		return b.saveDialog(ctx, t, d)
	})
}

// takeOffer answers the offer: yes starts the new ticket's dialog with
// the message as its subject.
func (b *Bot) takeOffer(ctx context.Context, t *turn, yes bool) error {
	d := t.dlg
	return b.run(ctx, t, func(ctx context.Context) error {
		if d.kind != dlgOffer {
			t.say(t.lang.text(txtOfferGone))
			return nil
		}
		title := t.lang.text(msg{"新建工单", "New ticket"})
		if !yes {
			if t.msg.ResponseCode != "" {
				b.settle(t, title, t.lang.text(txtIgnored))
			}
			t.say(t.lang.text(txtIgnored))
			return b.endDialog(ctx, t)
		}
		if t.msg.ResponseCode != "" {
			b.settle(t, title, t.lang.text(msg{"已开始新建", "Filing started"}))
		}
		subject, _ := d.get(slotSubject)
		nd := &dialog{kind: dlgCreate}
		nd.set(slotSubject, subject)
		return b.advance(ctx, t, nd, nil)
	})
}

// subjectOf names the ticket a click is about in refusals, when the user
// may see it.
func (b *Bot) subjectOf(ctx context.Context, t *turn, id int64) {
	if tk, err := b.Tickets.Get(ctx, b.actor(t.user), id); err == nil {
		t.subject = tk.Number
	}
}
