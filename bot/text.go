package bot

import (
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// lang is the language a user reads: Simplified Chinese unless they chose
// English.
type lang string

const (
	zh lang = "zh"
	en lang = "en"
)

func langOf(u *service.User) lang {
	if u.Lang == string(en) {
		return en
	}
	return zh
}

// msg is one chat sentence in both languages.
type msg struct{ zh, en string }

func (l lang) text(m msg) string {
	if l == en {
		return m.en
	}
	return m.zh
}

// pick returns the Chinese or the English of a pair of names.
func (l lang) pick(zhName, enName string) string {
	if l == en && enName != "" {
		return enName
	}
	return zhName
}

var (
	txtUnknown    = msg{"没有看懂“%s”。发送「帮助」查看我能做什么。", "I did not understand \"%s\". Send \"help\" to see what I can do."}
	txtDidYouMean = msg{"没有“%s”这个命令，您是想发送「%s」吗？发送「帮助」查看全部命令。", "There is no command \"%s\"; did you mean \"%s\"? Send \"help\" for all commands."}
	txtTextOnly   = msg{"目前只能处理文字、图片和文件。发送「帮助」查看可用命令。", "I can read text, pictures and files. Send \"help\" to see the commands."}
	txtDisabled   = msg{"您的账号已停用，无法使用工单系统。如有疑问请联系管理员。", "Your account is disabled, so you cannot use the ticket system. Please contact your administrator."}
	txtNeedNumber = msg{"请带上工单号，例如：%s GD20260302-0001", "Please add the ticket number, e.g. %s GD20260302-0001"}
	txtCancelled  = msg{"已取消。", "Cancelled."}
	txtNothingOn  = msg{"现在没有进行中的操作，无需取消。", "There is nothing in progress to cancel."}
	txtChoose     = msg{"请回复序号选择（1-%d），或发送「取消」。", "Reply with a number (1-%d) to choose, or send \"cancel\"."}
	txtNoChoice   = msg{"没有这个序号，请回复 1-%d 之间的数字，或发送「取消」。", "There is no such number; reply 1-%d, or send \"cancel\"."}
	txtUnknownWho = msg{"找不到同事 @%s，请用企业微信账号（userid）或姓名。", "I cannot find a colleague @%s; use their WeCom userid or name."}
	txtNeedText   = msg{"请在命令后写上内容，例如：%s", "Please add the text after the command, e.g. %s"}
)

// stateNames and actionNames say a lifecycle state or action the way the
// users' own forms do.
var stateNames = map[service.State]msg{
	service.StatePendingAllocation: {"待分配", "waiting for allocation"},
	service.StatePendingDispatch:   {"待派工", "waiting for dispatch"},
	service.StateInProgress:        {"处理中", "in progress"},
	service.StateWaitingCustomer:   {"待客户反馈", "waiting for the customer"},
	service.StateResolved:          {"已解决", "resolved"},
	service.StateClosed:            {"已关闭", "closed"},
	service.StateVoid:              {"已作废", "void"},
}

var actionNames = map[service.Action]msg{
	service.ActionCreate: {"创建", "create"}, service.ActionEdit: {"修改", "edit"},
	service.ActionAllocate: {"分配", "allocate"}, service.ActionDispatch: {"派工", "dispatch"},
	service.ActionAccept: {"接单", "accept"}, service.ActionWaitCustomer: {"等待客户", "wait for the customer on"},
	service.ActionResume: {"继续处理", "resume"}, service.ActionResolve: {"解决", "resolve"},
	service.ActionClose: {"关闭", "close"}, service.ActionReopen: {"重开", "reopen"},
	service.ActionLock: {"锁定", "lock"}, service.ActionUnlock: {"解锁", "unlock"}, service.ActionVoid: {"作废", "void"},
	service.ActionChangeOwner: {"更换负责人", "change the owner of"}, service.ActionTransferRequest: {"申请转派", "ask to transfer"},
	service.ActionTransferToUser: {"转派", "transfer"}, service.ActionTransferToDept: {"转派", "transfer"},
	service.ActionTransferReject: {"驳回转派", "reject the transfer of"}, service.ActionMembers: {"调整成员", "change the team of"},
	service.ActionLink: {"关联", "link"}, service.ActionMerge: {"合并", "merge"},
	service.ActionRecord: {"添加服务记录", "add a note to"}, service.ActionAttach: {"添加附件", "attach files to"},
	service.ActionNudge: {"催办", "chase"}, service.ActionRemind: {"设置提醒", "set a reminder on"},
}

var priorityNames = map[service.Priority]msg{
	service.PriorityLow: {"低", "low"}, service.PriorityNormal: {"普通", "normal"},
	service.PriorityHigh: {"高", "high"}, service.PriorityUrgent: {"紧急", "urgent"},
}

// priorityWords are what people type for a priority.
var priorityWords = map[string]service.Priority{
	"低": service.PriorityLow, "low": service.PriorityLow,
	"普通": service.PriorityNormal, "中": service.PriorityNormal, "一般": service.PriorityNormal, "normal": service.PriorityNormal,
	"高": service.PriorityHigh, "high": service.PriorityHigh,
	"紧急": service.PriorityUrgent, "急": service.PriorityUrgent, "urgent": service.PriorityUrgent,
}

func priorityOf(word string) (service.Priority, bool) {
	p, ok := priorityWords[strings.ToLower(strings.TrimSpace(word))]
	return p, ok
}

// stdFieldNames name the standard ticket fields.
var stdFieldNames = map[string]msg{
	"subject": {"标题", "subject"}, "description": {"问题描述", "description"}, "solution": {"解决方案", "solution"},
	"priority": {"优先级", "priority"}, "type": {"类型", "type"}, "reason": {"原因", "reason"},
	"product": {"产品", "product"}, "customer_id": {"客户", "customer"}, "contact_id": {"联系人", "contact"},
	"opportunity_id": {"商机", "opportunity"}, "owner_id": {"处理人", "handler"},
	"receiving_dept_id": {"受理部门", "receiving department"}, "to_user_id": {"转给的同事", "colleague"},
	"to_dept_id": {"转给的部门", "department"}, "reason_text": {"原因", "reason"}, "body": {"内容", "text"},
	"at": {"提醒时间", "time"}, "query": {"搜索词", "search words"}, "assistants": {"协助人", "assistant"},
	"internal_comment": {"内部备注", "internal comment"}, "file": {"文件", "file"}, "name": {"文件名", "file name"},
}

// fieldName names a field key of a service error; a template's own
// fields are named by their key when no template is at hand.
func fieldName(l lang, key string) string {
	if m, ok := stdFieldNames[key]; ok {
		return l.text(m)
	}
	return strings.TrimPrefix(key, "custom.")
}
