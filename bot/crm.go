package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

var txtNotFoundIn = msg{"没有找到符合“%s”的%s，请换个说法再试。", "No %[2]s matches \"%[1]s\"; please try other words."}

// option is one thing a name may mean, offered as a numbered choice.
type option struct {
	id    int64
	label string
	short string // a button's text when the label is too long for one; "": the label
	exact bool   // the name is exactly this one's
}

func (o option) button() string {
	if o.short != "" {
		return o.short
	}
	return o.label
}

// finder lists the options a term may mean.
type finder func(ctx context.Context, t *turn, term string) ([]option, error)

// pickOne returns the option the term surely means: the only one, or the
// only exact match.
func pickOne(opts []option) (int64, bool) {
	if len(opts) == 1 {
		return opts[0].id, true
	}
	var exact []int64
	for _, o := range opts {
		if o.exact {
			exact = append(exact, o.id)
		}
	}
	if len(exact) == 1 {
		return exact[0], true
	}
	return 0, false
}

func listOptions(l lang, opts []option) string {
	lines := make([]string, len(opts))
	for i, o := range opts {
		lines[i] = fmt.Sprintf("%d. %s", i+1, o.label)
	}
	return strings.Join(lines, "\n") + "\n" + fmt.Sprintf(l.text(txtChoose), len(opts))
}

func optionIDs(opts []option) []int64 {
	ids := make([]int64, len(opts))
	for i, o := range opts {
		ids[i] = o.id
	}
	return ids
}

// choose1 sets a dialog slot from a name: at once when it is clear, else
// by offering the candidates as numbered choices.
func (b *Bot) choose1(ctx context.Context, t *turn, d *dialog, slot uint8, term string, find finder) (bool, error) {
	said := len(t.said)
	opts, err := find(ctx, t, term)
	if err != nil || len(t.said) > said {
		return false, err // find explained why there is nothing to choose
	}
	if len(opts) == 0 {
		t.say(fmt.Sprintf(t.lang.text(txtNotFoundIn), clip(term, 20), fieldName(t.lang, stdSlots[slot])))
		return false, nil
	}
	if id, ok := pickOne(opts); ok {
		d.set(slot, strconv.FormatInt(id, 10))
		return true, nil
	}
	d.step, d.choices, d.flags = slot, optionIDs(opts), d.flags|flagChoosing
	t.say(listOptions(t.lang, opts))
	return true, nil
}

func (b *Bot) customerOptions(ctx context.Context, t *turn, term string) ([]option, error) {
	cs, err := b.CRM.LookupCustomers(ctx, b.actor(t.user), term, 9)
	if err != nil {
		return nil, err
	}
	out := make([]option, len(cs))
	for i, c := range cs {
		out[i] = option{id: c.ID, label: fmt.Sprintf("%s（%s）", c.Name, c.Number),
			exact: c.Name == term || strings.EqualFold(c.Number, term)}
	}
	return out, nil
}

// contactOptions and opportunityOptions search the ticket's customer.
func (b *Bot) contactOptions(customerID int64) finder {
	return func(ctx context.Context, t *turn, term string) ([]option, error) {
		v, err := b.customer360(ctx, t, customerID)
		if v == nil || err != nil {
			return nil, err
		}
		var out []option
		for _, c := range v.Contacts {
			if strings.Contains(c.Name, term) || (c.Phone != "" && strings.Contains(c.Phone, term)) {
				out = append(out, option{id: c.ID, label: c.Name, exact: c.Name == term})
			}
		}
		return out, nil
	}
}

func (b *Bot) opportunityOptions(customerID int64) finder {
	return func(ctx context.Context, t *turn, term string) ([]option, error) {
		v, err := b.customer360(ctx, t, customerID)
		if v == nil || err != nil {
			return nil, err
		}
		var out []option
		for _, o := range v.Opportunities {
			if strings.Contains(strings.ToLower(o.Name), strings.ToLower(term)) {
				out = append(out, option{id: o.ID, label: o.Name, exact: o.Name == term})
			}
		}
		return out, nil
	}
}

var txtNeedCustomer = msg{"请先关联客户，再关联联系人或商机。", "Link a customer first, then its contacts or opportunities."}

func (b *Bot) customer360(ctx context.Context, t *turn, customerID int64) (*service.CustomerView, error) {
	if customerID == 0 {
		t.say(t.lang.text(txtNeedCustomer))
		return nil, nil
	}
	return b.CRM.Customer360(ctx, b.actor(t.user), customerID)
}
