package bot

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

var (
	txtEmpty     = msg{"请回复内容，或发送「取消」。", "Please reply with an answer, or send \"cancel\"."}
	txtNotOption = msg{"没看懂“%s”，请回复上面的序号。", "I did not get \"%s\"; please reply with one of the numbers above."}
	txtNotDate   = msg{"没看懂“%s”，请回复日期，例如 2026-03-05 或 明天。", "I did not get \"%s\"; reply with a date such as 2026-03-05 or tomorrow."}
	txtNotTime   = msg{"没看懂“%s”，请回复时间，例如 明天下午3点 或 2026-03-05 14:00。", "I did not get \"%s\"; reply with a time such as tomorrow 3pm or 2026-03-05 14:00."}
	txtNoDept    = msg{"没有叫“%s”的部门，请检查名称。", "There is no department \"%s\"; please check the name."}
)

// fill turns an answer into the slot's stored value (an id for people,
// departments and CRM records, an option's value for choices), offering
// numbered choices when a name fits several. false: the answer was not
// taken, and fill said why. Whether the value is acceptable is the
// service's to say, when the draft is checked next.
func (b *Bot) fill(ctx context.Context, t *turn, d *dialog, tpl *service.Template, slot uint8, text string) (bool, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		t.say(t.lang.text(txtEmpty))
		return false, nil
	}
	switch slotKey(slot, tpl) {
	case "priority":
		p, ok := priorityOf(text)
		if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(service.Priorities) {
			p, ok = service.Priorities[n-1], true
		}
		return b.setIf(t, d, slot, string(p), ok, txtNotOption, text), nil
	case "type":
		return b.setIf(t, d, slot, string(b.typeOf(t.lang, text)), b.typeOf(t.lang, text) != "", txtNotOption, text), nil
	case "customer_id":
		return b.choose1(ctx, t, d, slot, text, b.customerOptions)
	case "contact_id", "opportunity_id":
		cust, _ := d.get(slotCustomer)
		id, _ := strconv.ParseInt(cust, 10, 64)
		find := b.contactOptions(id)
		if slotKey(slot, tpl) == "opportunity_id" {
			find = b.opportunityOptions(id)
		}
		return b.choose1(ctx, t, d, slot, text, find)
	case "owner_id":
		u, err := b.userNamed(ctx, t, text)
		if u == nil || err != nil {
			return false, err
		}
		d.set(slot, strconv.FormatInt(u.ID, 10))
		return true, nil
	case "receiving_dept_id":
		return b.fillDept(ctx, t, d, slot, text)
	}
	if f := customField(slot, tpl); f != nil {
		return b.fillCustom(ctx, t, d, slot, f, text)
	}
	d.set(slot, text)
	return true, nil
}

func (b *Bot) setIf(t *turn, d *dialog, slot uint8, v string, ok bool, why msg, text string) bool {
	if !ok {
		t.say(fmt.Sprintf(t.lang.text(why), clip(text, 20)))
		return false
	}
	d.set(slot, v)
	return true
}

func (b *Bot) typeOf(l lang, text string) service.TicketType {
	types := b.Tickets.Types()
	if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(types) {
		return types[n-1]
	}
	for _, ty := range types {
		if strings.EqualFold(text, string(ty)) || text == typeName(l, ty) || text == typeName(zh, ty) {
			return ty
		}
	}
	return ""
}

var listSep = regexp.MustCompile(`[,，、;；\s]+`)

func (b *Bot) fillCustom(ctx context.Context, t *turn, d *dialog, slot uint8, f *service.FieldDef, text string) (bool, error) {
	switch f.Kind {
	case service.FieldSingleSelect:
		v, ok := optionValue(f, text)
		return b.setIf(t, d, slot, v, ok, txtNotOption, text), nil
	case service.FieldMultiSelect:
		var vals []string
		for _, w := range listSep.Split(text, -1) {
			v, ok := optionValue(f, w)
			if w != "" && !ok {
				return b.setIf(t, d, slot, "", false, txtNotOption, w), nil
			}
			if ok {
				vals = append(vals, v)
			}
		}
		return b.setIf(t, d, slot, strings.Join(vals, ","), len(vals) > 0, txtNotOption, text), nil
	case service.FieldDate:
		at, ok := parseWhen(text, b.Now().In(b.Location))
		return b.setIf(t, d, slot, at.Format(service.DayLayout), ok, txtNotDate, text), nil
	case service.FieldDateTime:
		at, ok := parseWhen(text, b.Now().In(b.Location))
		return b.setIf(t, d, slot, at.Format(time.RFC3339), ok, txtNotTime, text), nil
	case service.FieldUser:
		u, err := b.userNamed(ctx, t, text)
		if u == nil || err != nil {
			return false, err
		}
		d.set(slot, strconv.FormatInt(u.ID, 10))
		return true, nil
	case service.FieldDepartment:
		return b.fillDept(ctx, t, d, slot, text)
	}
	d.set(slot, text)
	return true, nil
}

// optionValue reads a choice by its number or its label.
func optionValue(f *service.FieldDef, text string) (string, bool) {
	if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(f.Options) {
		return f.Options[n-1].Value, true
	}
	for _, o := range f.Options {
		if text == o.Label || strings.EqualFold(text, o.LabelEn) || strings.EqualFold(text, o.Value) {
			return o.Value, true
		}
	}
	return "", false
}

func (b *Bot) fillDept(ctx context.Context, t *turn, d *dialog, slot uint8, text string) (bool, error) {
	x, err := b.Org.Index(ctx)
	if err != nil {
		return false, err
	}
	dept := deptNamed(x, text)
	if dept == nil {
		t.say(fmt.Sprintf(t.lang.text(txtNoDept), clip(text, 20)))
		return false, nil
	}
	d.set(slot, strconv.FormatInt(dept.ID, 10))
	return true, nil
}
