package bot

import (
	"context"
	"fmt"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

var (
	txtStaleCard = msg{"这张卡片已经过期：%s 在卡片发出后有了变化（现在「%s」），这次点击没有做任何修改。需要时请重新发送命令。",
		"That card is out of date: %s changed after it was sent (it is %s now), so the tap changed nothing. Send the command again if you still need to."}
	pickOutcomes = map[uint8]msg{pickDispatch: {"已派给 %s", "Dispatched to %s"}, pickAllocate: {"已分配到%s", "Allocated to %s"}}
	pickTitles   = map[uint8]msg{pickDispatch: {"派工", "Dispatch"}, pickAllocate: {"分配", "Allocate"}}
)

// offerPick offers the choices for a command and waits for one: up to
// WeCom's six buttons as a card to tap, more as a numbered list. Either
// way a typed number chooses, so the list is also the card's fallback.
func (b *Bot) offerPick(ctx context.Context, t *turn, tk *service.Ticket, what uint8, head msg, opts []option) error {
	if len(opts) <= wecom.MaxButtons {
		t.card(t.user.UserID, tk.ID, "pick", pickCard(t.lang, "pick-"+t.id, head, tk, b.Links, what, opts))
	} else {
		t.say(t.lang.text(head) + "\n" + listOptions(t.lang, opts))
	}
	return b.saveDialog(ctx, t, &dialog{kind: dlgPick, step: what, ticket: tk.ID, choices: optionIDs(opts)})
}

// choose takes a number replying to a numbered list.
func (b *Bot) choose(ctx context.Context, t *turn, p parsed) error {
	d := t.dlg
	if d.kind == dlgOffer {
		return b.takeOffer(ctx, t, p.choice == 1)
	}
	if p.choice < 1 || p.choice > len(d.choices) {
		return b.reply(ctx, t, fmt.Sprintf(t.lang.text(txtNoChoice), len(d.choices)))
	}
	id := d.choices[p.choice-1]
	if err := b.endDialog(ctx, t); err != nil {
		return err
	}
	return b.run(ctx, t, func(ctx context.Context) error {
		tk, err := b.ticketByID(ctx, t, d.ticket)
		if err != nil {
			return err
		}
		_, err = b.pick(ctx, t, d.step, tk, id)
		return err
	})
}

// tapPick takes a tap on a choice card. It goes through the same service
// call as a typed number; a card for a ticket that has changed since
// (a second tap, or someone else was quicker) changes nothing.
func (b *Bot) tapPick(ctx context.Context, t *turn, k cardKey) error {
	return b.run(ctx, t, func(ctx context.Context) error {
		tk, err := b.ticketByID(ctx, t, k.ticket)
		if err != nil {
			return err
		}
		if tk.Version != k.version {
			b.stale(t, tk.Ticket)
			return nil
		}
		name, err := b.pick(ctx, t, k.what, tk, k.id)
		if err != nil {
			return err
		}
		outcome := fmt.Sprintf(t.lang.text(pickOutcomes[k.what]), name)
		b.settle(t, t.lang.text(pickTitles[k.what]), outcome+" · "+decidedBy(t.lang, t.user.Name, b.Now().In(b.Location)))
		if t.dlg.kind == dlgPick && t.dlg.ticket == tk.ID { // the list the card came with is answered
			return b.endDialog(ctx, t)
		}
		return nil
	})
}

// ticketByID loads the ticket a list or a card is about, naming it for
// refusals.
func (b *Bot) ticketByID(ctx context.Context, t *turn, id int64) (*service.TicketDetail, error) {
	tk, err := b.Tickets.Get(ctx, b.actor(t.user), id)
	if err != nil {
		return nil, err
	}
	t.subject = tk.Number
	t.about(tk.ID)
	return tk, nil
}

// pick carries out a choice, typed or tapped; it returns the name of
// what was chosen.
func (b *Bot) pick(ctx context.Context, t *turn, what uint8, tk *service.TicketDetail, id int64) (string, error) {
	switch what {
	case pickDispatch:
		return b.doDispatch(ctx, t, tk.Ticket, id, nil)
	case pickAllocate:
		return b.doAllocate(ctx, t, tk.Ticket, id)
	}
	return "", b.doLink(ctx, t, tk, what, id)
}

// stale answers a tap on a card its ticket has moved on from.
func (b *Bot) stale(t *turn, tk *service.Ticket) {
	t.say(fmt.Sprintf(t.lang.text(txtStaleCard), b.Links.ticket(tk), t.lang.text(stateNames[service.StateOf(tk)])))
}
