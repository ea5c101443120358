package bot

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// onText routes a text message: to the open dialog when it waits for an
// answer, else to the command it names, else to a "did you mean" or an
// offer to file it as a ticket.
func (b *Bot) onText(ctx context.Context, t *turn) error {
	p := parse(t.msg.Content)
	d := t.dlg
	control := p.cmd == cmdCancel || p.cmd == cmdHelp
	switch {
	case control:
	case d.kind == dlgCreate && (p.cmd == "" || p.number == ""):
		// While a ticket is being filled in, text is the answer; only a
		// command about another ticket passes by.
		return b.answer(ctx, t, p)
	case d.kind == dlgReason && p.cmd == "":
		return b.declineWithReason(ctx, t, p)
	case (d.kind == dlgPick || d.kind == dlgOffer) && p.isChoice:
		return b.choose(ctx, t, p)
	case d.kind == dlgPick || d.kind == dlgOffer || d.kind == dlgReason:
		if err := b.endDialog(ctx, t); err != nil { // the user moved on
			return err
		}
	}
	if p.cmd == "" {
		return b.notACommand(ctx, t, p)
	}
	c := b.command(p.cmd)
	if c.number && p.number == "" {
		return b.reply(ctx, t, fmt.Sprintf(t.lang.text(txtNeedNumber), p.word))
	}
	t.subject = p.number
	return b.run(ctx, t, func(ctx context.Context) error { return c.run(ctx, t, p) })
}

func (b *Bot) command(c cmd) *command {
	for i := range b.table {
		if b.table[i].cmd == c {
			return &b.table[i]
		}
	}
	return &b.table[0] // help: the table names every command the parser knows
}

// notACommand answers text that names no command: a likely typo gets a
// "did you mean", anything else the offer to file it as a ticket.
func (b *Bot) notACommand(ctx context.Context, t *turn, p parsed) error {
	switch {
	case p.suggest != "":
		word := firstWord(p.text)
		return b.reply(ctx, t, fmt.Sprintf(t.lang.text(txtDidYouMean), clip(word, 12), nameOf(t.lang, p.suggest)))
	case p.isChoice || utf8.RuneCountInString(p.text) < 2:
		return b.reply(ctx, t, fmt.Sprintf(t.lang.text(txtUnknown), clip(p.text, 20)))
	}
	return b.offer(ctx, t, p.text)
}

// nameOf is how help would write the command: its Chinese name, or its
// first English one.
func nameOf(l lang, c cmd) string {
	for _, s := range specs {
		if s.cmd != c {
			continue
		}
		if l == en {
			for _, n := range s.names {
				if n[0] < utf8.RuneSelf {
					return n
				}
			}
		}
		return s.names[0]
	}
	return string(c)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
