package handler

// h5RuleEditText are the words of the admin edit forms: dispatch rules,
// sharing rules and web-to-case forms.
var h5RuleEditText = map[string]message{
	"rule_new": {"新建规则", "New rule"}, "rule_edit": {"编辑规则", "Edit rule"},
	"form_new": {"新建表单", "New form"}, "form_edit": {"编辑表单", "Edit form"},
	"edit": {"编辑", "Edit"}, "delete": {"删除", "Delete"}, "add": {"添加", "Add"},
	"position": {"顺序（数字小的先匹配）", "Order (lower numbers are tried first)"},
	"conditions_hint": {"以下条件须同时满足；不选或留空表示不限。多个产品、区域或标签用逗号或换行分隔。",
		"Every condition below must hold; leave one empty to match any. Separate products, regions or tags with commas or new lines."},
	"products": {"产品", "Products"}, "customer_regions": {"客户所属区域", "Customer regions"},
	"customer_tags": {"客户标签（有其一即可）", "Customer tags (any one)"},
	"rule_target":   {"分派给", "Send to"},
	"rule_target_hint": {"选择成员则直接派给此人；选择部门则按分派策略进入部门队列或派给部门的服务人员。",
		"A member gets the ticket directly; a department gets it by the strategy: its queue, or one of its engineers."},
	"strategy":    {"部门分派策略（仅部门目标）", "Department strategy (department targets only)"},
	"share_add":   {"添加共享规则", "Add a sharing rule"},
	"form_filing": {"工单归属", "Filing"},
	"form_filing_hint": {"模板要求、而访客无法填写的项在此指定：接收人、受理部门或客户。",
		"Set here what the template requires and a visitor cannot give: the receiver, the department or the customer."},
	"done.rule": {"规则已保存。", "Rule saved."}, "done.rule_deleted": {"规则已删除。", "Rule deleted."},
	"done.share": {"共享规则已添加。", "Sharing rule added."}, "done.unshare": {"共享规则已删除。", "Sharing rule removed."},
	"done.form": {"表单已保存。", "Form saved."},
}
