package handler

// h5TemplateEditText are the words of the template create and edit form.
var h5TemplateEditText = map[string]message{
	"new_template": {"新建模板", "New template"}, "edit_template": {"编辑模板", "Edit template"},
	"template_code": {"模板编码", "Code"},
	"code_hint":     {"模板编码为 1–64 位小写字母、数字或下划线，以字母开头，创建后不能修改。", "The code is 1–64 lowercase letters, digits or underscores, starting with a letter; it cannot change later."},
	"name_en":       {"英文名称", "English name"}, "scene_label": {"自定义场景名称", "Custom scene name"},
	"warn_at_pct":  {"提醒时点（占时限的百分比）", "Warn at (percent of the time allowed)"},
	"warn_at_hint": {"提醒时点留空且不退回队列时，按默认在 80% 时提醒；填 0 不提醒。", "With the warning left empty and no requeue, the default warns at 80%; 0 sends no warning."},
	"sla":          {"服务时限（SLA）", "Service levels (SLA)"},
	"sla_hint":     {"某优先级两项都留空表示不计时。", "Leave both empty for no target at that priority."},
	"follows_mode": {"（由分派方式决定）", " (follows the dispatch mode)"},
	"field_key":    {"标识", "Key"}, "field_label": {"中文名称", "Label"}, "field_label_en": {"英文名称", "English label"},
	"options_lines": {"选项（每行一项：值=中文标签=English label）", "Options (one a line: value=中文标签=English label)"},
	"field_default": {"默认值", "Default"}, "max_len": {"最大长度", "Max length"}, "min": {"最小值", "Min"},
	"max": {"最大值", "Max"}, "pattern": {"格式（正则表达式）", "Pattern (regular expression)"},
	"remove_field": {"删除此字段", "Remove this field"}, "new_field": {"新字段", "New field"},
	"fields_hint":     {"字段按列出的顺序显示。多选字段的默认值用英文逗号分隔。", "Fields show in the order listed. Separate a multiple-choice default with commas."},
	"new_fields_hint": {"在空白字段中填写标识和名称即可新增；标识和名称都留空的字段不会保存。", "Fill in a key and a label in a blank field to add it; fields left without both are not saved."},
}

// templateProblemsZh are the template checks' problems in Chinese, as
// problemsZh are the ticket checks'.
var templateProblemsZh = [][2]string{
	{"must be 1-64 lowercase", "请用 1–64 位小写字母、数字或下划线，以字母开头"}, {"a custom scene needs a label", "自定义场景需要名称"},
	{"must be presale", "请选择业务场景"}, {"must be 1, 2, 3 or 4", "请选择分派方式"}, {"unknown priority", "没有这个优先级"},
	{"unknown ticket type", "没有这个工单类型"}, {"unknown standard field", "没有这个标准字段"},
	{"follows the dispatch mode", "由分派方式决定，不能设置"}, {"cannot be both hidden and required", "不能既隐藏又必填"},
	{"field ", "字段标识重复"}, {"unknown field kind", "没有这个字段类型"}, {"a select field needs options", "选择类字段需要选项"},
	{"only select fields have options", "只有选择类字段才有选项"},
	{"each option needs a unique value and a label", "每个选项都需要不重复的值和中文标签"},
	{"cannot be negative", "不能为负数"}, {"cannot exceed max", "不能大于最大值"},
	{"not a valid regular expression", "不是有效的正则表达式"}, {"hours cannot be negative", "时限不能为负数"},
	{"response time cannot exceed", "响应时限不能超过解决时限"}, {"must be owner_leader", "请选择转派审批人"},
	{"must be a share from 0", "请填写 0 到 100 之间（不含 100）的百分比"}, {"unknown lifecycle node", "没有这个通知节点"},
	{"cannot change", "不能修改"}, {"already used by another template", "已被其他模板使用"}, {"must be a whole number", "请填写整数"},
	{"must be hidden, optional or required", "请选择隐藏、选填或必填"},
}
