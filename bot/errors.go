package bot

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// The one place where domain errors become chat sentences: by kind, made
// more precise by code where the code tells the user something to do.
// Every sentence says what to do next; none names an internal id.
var kindSentences = map[service.Kind]msg{
	service.KindInvalid:         {"有些内容需要修改：%s", "Some details need fixing: %s"},
	service.KindNotFound:        {"没有找到%s，或者您没有查看它的权限。请核对后再试，或发送「待办」查看您的工单。", "I could not find %s, or you may not see it. Please check it, or send \"todo\" to list your tickets."},
	service.KindForbidden:       {"您没有权限对%s这样操作。如需处理，请联系负责人或您的主管。", "You may not do that to %s. Please ask its owner or your manager."},
	service.KindConflict:        {"%s现在不能这样操作，请发送「查看」看看它的最新状态。", "%s cannot take that now; send \"show\" to see where it stands."},
	service.KindRateLimited:     {"操作太频繁了，请稍后再试。", "That was too often; please try again later."},
	service.KindUnauthenticated: {"您的账号还不在工单系统中，请联系管理员开通。", "Your account is not in the ticket system yet; please ask your administrator."},
}

var codeSentences = map[string]msg{
	"ticket.not_owner":        {"只有%s的负责人可以这样做。", "Only the owner of %s can do that."},
	"ticket.not_your_queue":   {"%s不在您负责的派工队列里，请联系它所在队列的主管。", "%s is not in a queue you work; please ask that queue's manager."},
	"ticket.already_accepted": {"%s已经接单了，可以直接处理。", "%s was accepted already; go ahead and work on it."},
	"ticket.version_conflict": {"%s刚被别人修改过，请再发一次。", "%s was just changed by someone else; please send that again."},
	"ticket.same_owner":       {"%s已经是这位同事负责的了。", "%s is already theirs."},
	"ticket.decline_nowhere":  {"%s不是别人派给您的，无法退回；如需转给别人，请发送「转 单号 @同事 原因」。", "%s was not handed to you, so it cannot go back; to hand it on, send \"transfer <number> @colleague <reason>\"."},
	"transfer.already_open":   {"%s已有一个待审批的转派申请，请等审批结果。", "%s already has a transfer waiting for approval; please wait for the decision."},
	"transfer.not_open":       {"这个转派申请已经处理过了，无需再审批。", "That transfer was decided already; nothing more to do."},
	"transfer.not_approver":   {"这个转派申请不由您审批。", "That transfer is not yours to decide."},
	"transfer.no_approver":    {"没有人可以审批这次转派，请联系管理员设置部门主管。", "Nobody can approve this transfer; please ask your administrator to set the department's manager."},
	"nudge.not_allowed":       {"只有%s的创建人或处理人的上级可以催办。", "Only the creator of %s or the handler's managers can chase it."},
	"nudge.no_handler":        {"%s目前没有处理人可催办。", "%s has no handler to chase right now."},
	"nudge.too_often":         {"刚刚催办过%s，请 10 分钟后再催。", "%s was chased a moment ago; please wait 10 minutes."},
	"reminder.past":           {"提醒时间已经过去了，请换一个将来的时间。", "That time has passed; please pick a time ahead."},
	"reminder.too_far":        {"提醒时间太远了，请设在一年以内。", "That is too far ahead; please pick a time within a year."},
	"customer.not_found":      {"没有找到这个客户，请换个名称或编号再试。", "I could not find that customer; try another name or number."},
	"attachment.rejected":     {"这个文件不能作为附件（支持图片、PDF、Office 文档、文本和压缩包）。", "That file cannot be attached (images, PDF, office documents, text and zip can)."},
	"attachment.too_large":    {"文件太大了，无法附加。", "That file is too large to attach."},
}

// refusal phrases a domain error for the user; false when err is not one
// the user can act on (the caller retries instead). subject is what the
// message was about (a ticket number), or "".
func refusal(l lang, err error, subject string) (string, bool) {
	var de *service.Error
	if !errors.As(err, &de) {
		return "", false
	}
	what := subject
	if what == "" {
		what = l.text(msg{"该工单", "that ticket"})
	}
	if te := new(service.TransitionError); errors.As(err, &te) {
		return fmt.Sprintf(l.text(txtIllegal), what, l.text(stateNames[te.State]), l.text(actionNames[te.Action])), true
	}
	if m, ok := codeSentences[de.Code]; ok {
		return sentence(l.text(m), what), true
	}
	m, ok := kindSentences[de.Kind]
	if !ok {
		return "", false
	}
	if de.Kind == service.KindInvalid {
		return fmt.Sprintf(l.text(m), fieldProblems(l, de.Fields)), true
	}
	return sentence(l.text(m), what), true
}

func sentence(format, what string) string {
	if strings.Contains(format, "%s") {
		return fmt.Sprintf(format, what)
	}
	return format
}

var txtIllegal = msg{"%s当前「%s」，不能%s。发送「查看」可以看它的详情。", "%s is %s now, so you cannot %s it. Send \"show\" for its details."}

// fieldProblems lists bad fields by their names, each with what is wrong.
func fieldProblems(l lang, fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf(l.text(msg{"「%s」%s", "%s %s"}), fieldName(l, k), problem(l, fields[k])))
	}
	return strings.Join(parts, l.text(msg{"；", "; "}))
}

// problem translates the services' field problems; they are English
// phrases meant for people, so unknown ones are shown as they are to
// English readers and as a generic sentence to Chinese ones.
func problem(l lang, p string) string {
	if l == en {
		return p
	}
	for _, pz := range problemsZh {
		if strings.HasPrefix(p, pz[0]) {
			return pz[1]
		}
	}
	return "填写不正确"
}

// problemsZh is checked in order, so a longer phrase comes before its
// prefix.
var problemsZh = [][2]string{
	{"required", "必须填写"}, {"must be 1 to", "长度不对"}, {"must be 0 to", "长度不对"}, {"must be at most", "太长了"},
	{"must be a number", "需要是数字"}, {"out of range", "超出范围"}, {"must have at most two decimals", "最多两位小数"},
	{"must be a date", "需要是日期"}, {"not one of the options", "不是可选项"}, {"not a phone number", "不是电话号码"},
	{"not an email address", "不是邮箱地址"}, {"does not match the required format", "格式不对"},
	{"must be an enabled member other than the owner", "需要是负责人以外的在职同事"},
	{"must be an enabled member", "需要是在职同事"}, {"no such", "不存在"}, {"must be in the future", "需要是将来的时间"},
	{"must be within a year", "需要在一年以内"},
	{"must be a region", "需要是区域、网点或外包服务商"}, {"must belong to the receiving department", "需要是受理部门的同事"},
	{"not used by this template", "这个模板不用填"}, {"does not exist", "不存在"}, {"belongs to another customer", "属于别的客户"},
	{"needs a word", "需要至少两个字母或一个汉字"}, {"is empty", "是空的"},
}
