package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// newLine is a one-line 新建: the subject with marked details.
type newLine struct {
	subject  string
	customer string // #客户名
	priority string // !紧急
	owner    string // @userid
	template string // [投诉] or 【投诉】
}

// oneLine reports whether the line says more than a subject: then it is
// filed at once (after asking for anything still required).
func (l newLine) oneLine() bool {
	return l.customer != "" || l.priority != "" || l.owner != "" || l.template != ""
}

// parseNewLine reads the arguments of 新建.
func parseNewLine(args string) newLine {
	var l newLine
	args = strings.NewReplacer("【", " [", "】", "] ").Replace(args)
	if i := strings.Index(args, "["); i >= 0 {
		if j := strings.Index(args[i:], "]"); j > 0 {
			l.template = strings.TrimSpace(args[i+1 : i+j])
			args = args[:i] + " " + args[i+j+1:]
		}
	}
	var words []string
	for _, w := range strings.Fields(args) {
		switch {
		case len(w) > 1 && w[0] == '#' && l.customer == "":
			l.customer = w[1:]
		case len(w) > 1 && w[0] == '!' && l.priority == "":
			l.priority = w[1:]
		case len(w) > 1 && w[0] == '@' && l.owner == "":
			l.owner = w[1:]
		default:
			words = append(words, w)
		}
	}
	l.subject = strings.Join(words, " ")
	return l
}

// templateNamed finds an enabled template by its code or either name; when
// there is none it says which there are.
func (b *Bot) templateNamed(ctx context.Context, t *turn, name string) (*service.Template, error) {
	tpls, err := b.enabledTemplates(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(tpls))
	for _, tpl := range tpls {
		if strings.EqualFold(name, tpl.Code) || name == tpl.Name || strings.EqualFold(name, tpl.NameEn) {
			return tpl, nil
		}
		names = append(names, t.lang.pick(tpl.Name, tpl.NameEn))
	}
	t.say(fmt.Sprintf(t.lang.text(txtNoTemplate), name, strings.Join(names, "、")))
	return nil, nil
}

func (b *Bot) enabledTemplates(ctx context.Context) ([]*service.Template, error) {
	all, err := b.Templates.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*service.Template, 0, len(all))
	for _, tpl := range all {
		if tpl.Enabled {
			out = append(out, tpl)
		}
	}
	return out, nil
}

// askTemplate offers the templates as numbered choices.
func (b *Bot) askTemplate(ctx context.Context, t *turn, d *dialog) error {
	tpls, err := b.enabledTemplates(ctx)
	if err != nil {
		return err
	}
	lines := []string{t.lang.text(msg{"请选择工单类型（回复序号）：", "Which kind of ticket? Reply with a number:"})}
	d.choices = d.choices[:0]
	for i, tpl := range tpls {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, t.lang.pick(tpl.Name, tpl.NameEn)))
		d.choices = append(d.choices, tpl.ID)
	}
	lines = append(lines, t.lang.text(msg{"0. 通用（不用模板）", "0. General (no template)"}))
	d.step = slotTemplate
	t.say(strings.Join(lines, "\n"))
	return b.saveDialog(ctx, t, d)
}

// takeTemplate reads the answer to askTemplate: a number, or a name.
func (b *Bot) takeTemplate(ctx context.Context, t *turn, d *dialog, p parsed) (*service.Template, error) {
	var tpl *service.Template
	var err error
	switch {
	case p.isChoice && p.choice == 0:
	case p.isChoice && p.choice <= len(d.choices):
		tpl, err = b.Templates.Get(ctx, d.choices[p.choice-1])
	case p.isChoice:
		t.say(fmt.Sprintf(t.lang.text(txtNoChoice), len(d.choices)))
		return nil, nil
	default:
		if tpl, err = b.templateNamed(ctx, t, p.text); tpl == nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, err
	}
	d.flags |= flagTemplate
	d.choices = nil
	if tpl != nil {
		d.template = tpl.ID
	}
	return tpl, nil
}
