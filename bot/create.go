package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

var (
	txtDialogOpen = msg{"您正在新建一张工单，已填的内容都还在。请先回答上面的问题把它提交，或发送「取消」放弃，再做别的操作。", "You are filing a ticket and your answers are kept. Answer the question above to finish it, or send \"cancel\", before doing something else."}
	txtCreated    = msg{"已创建工单 %s：%s\n状态：%s%s", "Ticket %s filed: %s\nStatus: %s%s"}
	txtOwnerIs    = msg{"，负责人：%s", ", handled by %s"}
	txtDuplicates = msg{"可能重复的工单：%s", "Possibly the same as: %s"}
	txtSolutions  = msg{"提交前，看看这些解决方案能否解决问题：\n%s\n仍要提交请回复 1，放弃请发送「取消」。", "Before filing, see whether one of these solutions helps:\n%s\nReply 1 to file the ticket anyway, or send \"cancel\"."}
	txtConfirm    = msg{"仍要提交请回复 1，放弃请发送「取消」。", "Reply 1 to file the ticket, or send \"cancel\"."}
	txtNoTemplate = msg{"没有叫“%s”的工单模板。可用的模板：%s", "There is no ticket template \"%s\". The templates: %s"}
)

// create files a ticket: at once when one line says enough (新建 打印机卡纸
// #客户 !紧急 @eng_east1 [模板]), else by asking for what is missing.
func (b *Bot) create(ctx context.Context, t *turn, p parsed) error {
	if t.dlg.kind == dlgCreate {
		t.say(t.lang.text(txtDialogOpen))
		return nil
	}
	d := &dialog{kind: dlgCreate}
	line := parseNewLine(p.args)
	if line.subject != "" {
		d.set(slotSubject, line.subject)
	}
	if line.oneLine() {
		d.flags |= flagOneLine | flagTemplate
	}
	var tpl *service.Template
	if line.template != "" {
		var err error
		if tpl, err = b.templateNamed(ctx, t, line.template); tpl == nil || err != nil {
			return err
		}
		d.template, d.flags = tpl.ID, d.flags|flagTemplate
	}
	for _, v := range []struct {
		slot  uint8
		value string
	}{{slotPriority, line.priority}, {slotOwner, line.owner}, {slotCustomer, line.customer}} {
		if v.value == "" {
			continue
		}
		if ok, err := b.fill(ctx, t, d, tpl, v.slot, v.value); !ok || err != nil {
			return err // fill said what is wrong
		}
	}
	return b.advance(ctx, t, d, tpl)
}

// advance asks the next question of a new ticket's dialog, or files it
// when the service finds nothing missing or wrong.
func (b *Bot) advance(ctx context.Context, t *turn, d *dialog, tpl *service.Template) error {
	if d.flags&flagTemplate == 0 {
		return b.askTemplate(ctx, t, d)
	}
	if d.flags&flagChoosing != 0 {
		return b.saveDialog(ctx, t, d) // the choices were just offered
	}
	in := draftTicket(d, tpl)
	bad, err := b.Tickets.CheckNew(ctx, b.actor(t.user), in)
	if err != nil {
		return err
	}
	if slot, ok := nextSlot(bad, tpl); ok {
		if _, answered := d.get(slot); answered {
			t.say(fmt.Sprintf(t.lang.text(msg{"「%s」%s。", "%s: %s."}), slotName(t.lang, slot, tpl), problem(t.lang, bad[slotKey(slot, tpl)])))
			d.unset(slot)
		}
		return b.ask(ctx, t, d, tpl, slot)
	}
	if len(bad) > 0 {
		return service.Invalid(bad)
	}
	if d.flags&(flagOneLine|flagOffered) == 0 {
		if shown, err := b.offerSolutions(ctx, t, d, in.Subject); shown || err != nil {
			return err
		}
	}
	return b.file(ctx, t, d, tpl, in)
}

// offerSolutions shows the knowledge base's best matches before filing.
func (b *Bot) offerSolutions(ctx context.Context, t *turn, d *dialog, subject string) (bool, error) {
	hits, err := b.Solutions.Search(ctx, b.actor(t.user), subject, 3)
	if service.IsKind(err, service.KindInvalid) || (err == nil && len(hits) == 0) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	lines := make([]string, len(hits))
	for i, h := range hits {
		lines[i] = fmt.Sprintf("%d. %s — %s", i+1, h.Title, clip(strings.ReplaceAll(h.Body, "\n", " "), 60))
	}
	d.flags |= flagOffered
	d.step = slotConfirm
	t.say(fmt.Sprintf(t.lang.text(txtSolutions), strings.Join(lines, "\n")))
	return true, b.saveDialog(ctx, t, d)
}

// answer takes the reply to the dialog's current question.
func (b *Bot) answer(ctx context.Context, t *turn, p parsed) error {
	return b.run(ctx, t, func(ctx context.Context) error {
		d := t.dlg
		tpl, err := b.dialogTemplate(ctx, d)
		if err != nil {
			return err
		}
		if t.replayed {
			return b.advance(ctx, t, d, tpl) // this message was taken already
		}
		switch {
		case d.step == slotTemplate:
			if tpl, err = b.takeTemplate(ctx, t, d, p); err != nil || d.flags&flagTemplate == 0 {
				return err
			}
		case d.step == slotConfirm:
			if !(p.isChoice && p.choice == 1) && !confirmWords[strings.ToLower(p.text)] {
				t.say(t.lang.text(txtConfirm))
				return nil
			}
			return b.file(ctx, t, d, tpl, draftTicket(d, tpl))
		case d.flags&flagChoosing != 0 && p.isChoice:
			if !b.takeChoice(t, d, p.choice) {
				return nil
			}
		default:
			d.flags &^= flagChoosing
			if ok, err := b.fill(ctx, t, d, tpl, d.step, p.text); !ok || err != nil {
				if err == nil {
					err = b.saveDialog(ctx, t, d)
				}
				return err
			}
		}
		return b.advance(ctx, t, d, tpl)
	})
}

var confirmWords = map[string]bool{"提交": true, "确认": true, "是": true, "好": true, "yes": true, "ok": true, "file": true}

// takeChoice sets the current slot to the numbered choice.
func (b *Bot) takeChoice(t *turn, d *dialog, n int) bool {
	if n < 1 || n > len(d.choices) {
		t.say(fmt.Sprintf(t.lang.text(txtNoChoice), len(d.choices)))
		return false
	}
	d.set(d.step, fmt.Sprint(d.choices[n-1]))
	d.flags &^= flagChoosing
	d.choices = nil
	return true
}

// file creates the ticket. The dialog is closed first, so a crash can at
// worst lose it, never file it twice; a refusal reopens it.
func (b *Bot) file(ctx context.Context, t *turn, d *dialog, tpl *service.Template, in service.NewTicket) error {
	if err := b.endDialog(ctx, t); err != nil {
		return err
	}
	created, err := b.Tickets.Create(ctx, b.actor(t.user), in)
	if err != nil {
		if d.kind == dlgCreate && d.flags&flagOneLine == 0 {
			_ = b.saveDialog(ctx, t, d)
		}
		return err
	}
	tk := created.Ticket
	t.about(tk.ID)
	x, err := b.Org.Index(ctx)
	if err != nil {
		return err
	}
	owner := ""
	if u, ok := x.User(tk.OwnerID); ok {
		owner = fmt.Sprintf(t.lang.text(txtOwnerIs), u.Name)
	}
	t.say(fmt.Sprintf(t.lang.text(txtCreated), b.Links.ticket(tk), tk.Subject, t.lang.text(stateNames[service.StateOf(tk)]), owner))
	if len(created.LikelyDuplicates) > 0 {
		nums := make([]string, 0, len(created.LikelyDuplicates))
		for _, dup := range created.LikelyDuplicates {
			nums = append(nums, b.Links.ticket(dup))
		}
		t.say(fmt.Sprintf(t.lang.text(txtDuplicates), strings.Join(nums, "、")))
	}
	if len(d.media) > 0 {
		media := d.media
		t.afterCommit(func(ctx context.Context) { b.attachLater(ctx, t, tk, media) })
	}
	return nil
}

func (b *Bot) dialogTemplate(ctx context.Context, d *dialog) (*service.Template, error) {
	if d.template == 0 {
		return nil, nil
	}
	return b.Templates.Get(ctx, d.template)
}
