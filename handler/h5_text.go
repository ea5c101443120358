package handler

// h5Text is the pages' words, Chinese and English, by key. Keys with a
// dot prefix name a family ("do.resolve", "view.mine"); a test checks
// that every key a template uses is here.
var h5Text = mergeText(h5Words, h5Labels, h5AdminText, h5TemplateEditText, h5RuleEditText)

func mergeText(parts ...map[string]message) map[string]message {
	out := map[string]message{}
	for _, p := range parts {
		for k, m := range p {
			out[k] = m
		}
	}
	return out
}

// h5Words are the frame's and the pages' own words.
var h5Words = map[string]message{
	"app": {"工单助手", "Service Desk"}, "skip": {"跳到正文", "Skip to content"}, "nav": {"主导航", "Main"},
	"nav.tickets": {"工单", "Tickets"}, "nav.new": {"新建", "New"}, "nav.dashboard": {"仪表盘", "Dashboard"},
	"nav.customers": {"客户", "Customers"}, "nav.admin": {"管理", "Admin"}, "switch_lang": {"English", "中文"},
	"sign_out": {"退出", "Sign out"}, "signed_in_as": {"当前用户：", "Signed in as"},
	"form_expired": {"页面已过期或来源不明，请返回刷新后再提交。", "This form has expired or did not come from this site; go back, refresh and try again."},
	"error":        {"出错了", "Something went wrong"}, "error_code": {"状态码", "Status"}, "back_to_list": {"返回工单列表", "Back to tickets"},
	"sign_in": {"登录", "Sign in"}, "sign_in_hint": {"请使用企业微信账号登录。", "Sign in with your WeCom account."},
	"sign_in_wecom": {"企业微信登录", "Sign in with WeCom"}, "demo_user": {"演示账号", "Demo member"},
	"demo_sign_in":   {"以该身份登录（演示模式）", "Sign in as this member (demo mode)"},
	"sign_in_failed": {"登录失败：该账号不是企业成员或已停用，或登录链接已失效。", "Sign-in failed: not an enabled member, or the sign-in link expired."},
	"sign_in_off":    {"尚未配置企业微信登录，请联系管理员。", "WeCom sign-in is not set up; please ask your administrator."},
	"tickets":        {"工单", "Tickets"}, "ticket": {"工单", "Ticket"}, "views": {"视图", "Views"},
	"search": {"搜索", "Search"}, "search_hint": {"单号、标题或描述", "Number, subject or description"},
	"filters": {"筛选", "Filters"}, "any": {"全部", "Any"}, "sort": {"排序", "Sort"},
	"sort.newest": {"最新在前", "Newest first"}, "sort.oldest": {"最早在前", "Oldest first"},
	"created_from": {"创建日期从", "Created from"}, "created_to": {"创建日期至", "Created to"},
	"apply": {"应用", "Apply"}, "clear": {"清除", "Clear"}, "bad_filter": {"筛选条件有误，请修改后重试。", "Some filters are not valid; please correct them."},
	"no_tickets": {"暂无工单", "No tickets"}, "paging": {"翻页", "Pages"}, "first_page": {"回到第一页", "First page"},
	"next_page": {"下一页", "Next page"}, "unassigned": {"待分配", "Unassigned"}, "locked": {"已锁定", "Locked"},
	"new_ticket": {"新建工单", "New ticket"}, "edit_ticket": {"编辑工单", "Edit ticket"},
	"pick_template": {"请选择工单模板：", "Choose a ticket template:"}, "no_template": {"不使用模板", "No template"},
	"no_template_hint": {"自由填写，可直接指定处理人或部门", "Free form; pick a handler or department yourself"},
	"required_hint":    {"为必填项", "required"}, "submit_ticket": {"提交工单", "Create ticket"}, "save": {"保存", "Save"},
	"cancel": {"取消", "Cancel"}, "actions": {"操作", "Actions"}, "details": {"基本信息", "Details"},
	"linked": {"关联客户", "Customer"}, "related": {"相关工单", "Related tickets"}, "records": {"服务记录", "Service records"},
	"costs": {"费用", "Costs"}, "timeline": {"处理过程", "Timeline"}, "notices_sent": {"客户通知", "Customer notices"}, "total": {"合计", "Total"}, "minutes": {"分钟", "min"},
	"customer_visible": {"客户可见", "Customer can see"}, "none_yet": {"暂无", "None yet"}, "system": {"系统", "System"},
	"engineer": {"服务人员", "Engineer"}, "to_person": {"转给同事", "To a colleague"}, "to_dept": {"转给部门", "To a department"},
	"transfer_hint":         {"选择一位同事或一个部门（二选一），提交后由审批人决定。", "Pick a colleague or a department (one of them); an approver decides."},
	"sla.response_breached": {"响应超时", "Response overdue"}, "sla.resolve_breached": {"解决超时", "Resolution overdue"},
	"customers": {"客户", "Customers"}, "customer": {"客户360", "Customer 360"},
	"customer_search_hint": {"输入客户名称、编号或电话搜索", "Search by name, number or phone"},
	"no_customers":         {"没有找到客户", "No customers found"}, "contacts": {"联系人", "Contacts"},
	"opportunities": {"商机", "Opportunities"}, "activities": {"跟进活动", "Follow-ups"}, "open": {"待办", "Open"},
	"done": {"已完成", "Done"}, "due": {"截止", "due"}, "on_wecom": {"企业微信", "WeCom"},
	"customer_tickets": {"客户的工单", "Tickets of this customer"}, "dashboard": {"仪表盘", "Dashboard"},
	"from": {"开始日期", "From"}, "to": {"结束日期", "To"}, "data_table": {"查看数据", "Show the numbers"},
	"scope_hint": {"统计范围：您可查看的工单（全部视图）与费用。", "Covers the tickets (All view) and costs you may see."},
	"list_sep":   {"、", ", "}, "people": {"人", " people"}, "colon": {"：", ": "},
	"public_form": {"在线报修", "Request service"}, "submit_form": {"提交", "Submit"}, "sending": {"提交中…", "Sending…"},
	"public_done":   {"已收到您的请求，工单号 %s。我们会尽快与您联系。", "We got your request: ticket %s. We will be in touch soon."},
	"public_failed": {"提交失败，请稍后再试。", "Could not send; please try again later."},
	"needs_js":      {"此页面需要启用 JavaScript。", "This page needs JavaScript."},
}
