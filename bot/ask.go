package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// stdPrompts ask for the standard fields.
var stdPrompts = map[string]msg{
	"subject":        {"请用一句话描述问题（工单标题）：", "Describe the problem in one line (the ticket's subject):"},
	"description":    {"请详细描述问题：", "Please describe the problem in detail:"},
	"reason":         {"请填写原因：", "What is the reason?"},
	"product":        {"请填写产品名称或型号：", "Which product (name or model)?"},
	"customer_id":    {"请输入客户名称、编号或电话：", "Which customer? Send a name, number or phone:"},
	"contact_id":     {"请输入联系人姓名：", "Which contact? Send a name:"},
	"opportunity_id": {"请输入商机名称：", "Which opportunity? Send its name:"},
	"owner_id":       {"请指定处理人：发送 @userid 或姓名", "Who handles it? Send @userid or a name:"},
}

// kindHints say how to answer a custom field of each kind.
var kindHints = map[service.FieldKind]msg{
	service.FieldDate:        {"（例如 2026-03-05、明天）", " (e.g. 2026-03-05, tomorrow)"},
	service.FieldDateTime:    {"（例如 明天下午3点、2026-03-05 14:00）", " (e.g. tomorrow 3pm, 2026-03-05 14:00)"},
	service.FieldNumber:      {"（数字）", " (a number)"},
	service.FieldMoney:       {"（金额，最多两位小数）", " (an amount, at most two decimals)"},
	service.FieldUser:        {"（@userid 或姓名）", " (@userid or a name)"},
	service.FieldDepartment:  {"（部门名称）", " (a department's name)"},
	service.FieldPhone:       {"（电话号码）", " (a phone number)"},
	service.FieldEmail:       {"（邮箱地址）", " (an email address)"},
	service.FieldMultiSelect: {"可多选，用逗号分隔序号，例如 1,3", "choose one or more, e.g. 1,3"},
}

// ask puts the question for slot and keeps the dialog waiting for it.
func (b *Bot) ask(ctx context.Context, t *turn, d *dialog, tpl *service.Template, slot uint8) error {
	d.step = slot
	key := slotKey(slot, tpl)
	var lines []string
	switch {
	case key == "priority":
		lines = append(lines, t.lang.text(msg{"请选择优先级（回复序号）：", "Which priority? Reply with a number:"}))
		for i, p := range service.Priorities {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, t.lang.text(priorityNames[p])))
		}
	case key == "type":
		lines = append(lines, t.lang.text(msg{"请选择问题类型（回复序号）：", "Which type? Reply with a number:"}))
		for i, ty := range b.Tickets.Types() {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, typeName(t.lang, ty)))
		}
	case key == "receiving_dept_id":
		depts, err := b.Tickets.ReceivingDepartments(ctx)
		if err != nil {
			return err
		}
		lines = append(lines, t.lang.text(msg{"请选择受理部门（回复序号）：", "Which department receives it? Reply with a number:"}))
		d.choices, d.flags = nil, d.flags|flagChoosing
		for i, dp := range depts {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, t.lang.pick(dp.Name, dp.NameEn)))
			d.choices = append(d.choices, dp.ID)
		}
	case customField(slot, tpl) != nil:
		lines = fieldPrompt(t.lang, customField(slot, tpl))
	default:
		lines = append(lines, t.lang.text(stdPrompts[key]))
	}
	lines = append(lines, t.lang.text(msg{"（发送「取消」可放弃新建）", "(send \"cancel\" to stop)"}))
	t.say(strings.Join(lines, "\n"))
	return b.saveDialog(ctx, t, d)
}

func fieldPrompt(l lang, f *service.FieldDef) []string {
	name := l.pick(f.Label, f.LabelEn)
	if len(f.Options) == 0 {
		return []string{fmt.Sprintf(l.text(msg{"请填写「%s」%s：", "Please give %s%s:"}), name, l.text(kindHints[f.Kind]))}
	}
	head := fmt.Sprintf(l.text(msg{"请选择「%s」（回复序号）：", "Choose %s (reply with a number):"}), name)
	if f.Kind == service.FieldMultiSelect {
		head = fmt.Sprintf(l.text(msg{"请选择「%s」，%s：", "Choose %s, %s:"}), name, l.text(kindHints[f.Kind]))
	}
	lines := []string{head}
	for i, o := range f.Options {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, l.pick(o.Label, o.LabelEn)))
	}
	return lines
}

var typeNames = map[service.TicketType]msg{
	service.TypeQuestion: {"咨询", "question"}, service.TypeProblem: {"故障", "problem"},
	service.TypeFeatureRequest: {"需求", "feature request"}, service.TypeComplaint: {"投诉", "complaint"},
	service.TypeOther: {"其他", "other"},
}

func typeName(l lang, ty service.TicketType) string {
	if m, ok := typeNames[ty]; ok {
		return l.text(m)
	}
	return string(ty)
}
