package handler

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// The form names of custom fields carry this prefix, which is also how
// the service names their problems ("custom.serial_no"), so an error
// lands beside its field.
const customPrefix = "custom."

// datetimeLocal is the value format of <input type="datetime-local">.
const datetimeLocal = "2006-01-02T15:04"

func fieldLabel(f service.FieldDef, lang string) string {
	if lang == "en" && f.LabelEn != "" {
		return f.LabelEn
	}
	return f.Label
}

func optionLabel(o service.FieldOption, lang string) string {
	if lang == "en" && o.LabelEn != "" {
		return o.LabelEn
	}
	return o.Label
}

// customValue reads a custom field from a form in the shape the service
// takes; ok is false when the field was left empty.
func customValue(f service.FieldDef, form url.Values, loc *time.Location) (any, bool) {
	name := customPrefix + f.Key
	if f.Kind == service.FieldMultiSelect {
		vals := slices.DeleteFunc(slices.Clone(form[name]), func(s string) bool { return s == "" })
		return vals, len(vals) > 0
	}
	s := strings.TrimSpace(form.Get(name))
	if s == "" {
		return nil, false
	}
	return typedValue(f, s, loc), true
}

// typedValue is one typed-in value of a field's kind in the shape the
// service takes; text that does not parse is passed on as it is, so the
// service names the problem.
func typedValue(f service.FieldDef, s string, loc *time.Location) any {
	switch f.Kind {
	case service.FieldNumber, service.FieldMoney:
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n
		}
	case service.FieldUser, service.FieldDepartment:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	case service.FieldDateTime:
		if t, err := time.ParseInLocation(datetimeLocal, s, loc); err == nil {
			return t.Format(time.RFC3339)
		}
	}
	return s
}

// customFormValue is a stored custom value as its input shows it.
func customFormValue(f service.FieldDef, v any, loc *time.Location) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case string:
		if f.Kind == service.FieldDateTime {
			if t, err := time.Parse(time.RFC3339, x); err == nil {
				return []string{t.In(loc).Format(datetimeLocal)}
			}
		}
		return []string{x}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case nil:
		return nil
	}
	return []string{fmt.Sprint(v)}
}

// fieldText is a stored custom value as the detail page shows it: option
// labels, names of people and departments, local times.
func fieldText(v *h5View, f service.FieldDef, val any) string {
	vals := customFormValue(f, val, v.loc)
	out := make([]string, 0, len(vals))
	for _, s := range vals {
		switch f.Kind {
		case service.FieldSingleSelect, service.FieldMultiSelect:
			if i := slices.IndexFunc(f.Options, func(o service.FieldOption) bool { return o.Value == s }); i >= 0 {
				s = optionLabel(f.Options[i], v.Lang)
			}
		case service.FieldUser, service.FieldDepartment:
			id, _ := strconv.ParseInt(s, 10, 64)
			s = map[bool]string{true: v.Person(id), false: v.DeptName(id)}[f.Kind == service.FieldUser]
		case service.FieldDateTime:
			s = strings.Replace(s, "T", " ", 1)
		case service.FieldMoney:
			s = "¥" + s
		}
		out = append(out, s)
	}
	return strings.Join(out, v.T("list_sep"))
}

// problemText puts a service's field problem (an English phrase) in the
// reader's language: known phrases in Chinese, others as a general
// sentence; English readers get the phrase itself.
func problemText(lang, p string) string {
	if lang == "en" {
		return p
	}
	for _, table := range [][][2]string{problemsZh, templateProblemsZh} {
		for _, pz := range table {
			if strings.HasPrefix(p, pz[0]) {
				return pz[1]
			}
		}
	}
	return "填写不正确"
}

// problemsZh is checked in order, so a longer phrase comes before its
// prefix.
var problemsZh = [][2]string{
	{"required", "必填"}, {"must be 1 to", "长度不符合要求"}, {"must be 0 to", "长度不符合要求"},
	{"must be at most", "太长了"}, {"must be a number", "请填写数字"}, {"out of range", "超出允许的范围"},
	{"must have at most two decimals", "最多两位小数"}, {"must be a date", "请填写日期"},
	{"not one of the options", "请从选项中选择"}, {"not a phone number", "电话号码格式不对"},
	{"not an email address", "邮箱地址格式不对"}, {"does not match", "格式不对"},
	{"must be an enabled member", "请选择在职的同事"}, {"must be a region", "请选择区域、网点或外包服务商"},
	{"must belong to the receiving department", "请选择受理部门的同事"}, {"name either a person or a department", "请选择一位同事或一个部门（二选一）"},
	{"not used by this template", "该模板不使用此项"}, {"no such", "不存在"}, {"does not exist", "不存在"},
	{"belongs to another customer", "属于其他客户"}, {"give a phone number or an email address", "请留下电话或邮箱"},
	{"must be an id", "请选择"}, {"must be text", "请填写文字"}, {"must be a whole number", "请填写整数"},
	{"only a department target has a strategy", "仅部门目标可选分派策略"}, {"must be allocate", "请选择分派策略"},
	{"must be user", "请选择"}, {"must be read or write", "请选择权限"}, {"unknown priority", "请从选项中选择"},
	{"this template needs a receiver", "该模板需要指定接收人"}, {"this template needs a department", "该模板需要指定受理部门"},
	{"this template needs a customer", "该模板需要指定客户"}, {"the template requires", "该模板有访客无法填写的必填项"},
}
