package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// The commands.
const (
	cmdHelp            cmd = "help"
	cmdNew             cmd = "new"
	cmdTodo            cmd = "todo"
	cmdDone            cmd = "done"
	cmdTransferPending cmd = "transfer_pending"
	cmdTransferred     cmd = "transferred"
	cmdMine            cmd = "mine"
	cmdParticipating   cmd = "participating"
	cmdSubordinates    cmd = "subordinates"
	cmdSubordinatesIn  cmd = "subordinates_in"
	cmdUrgent          cmd = "urgent"
	cmdClosed          cmd = "closed"
	cmdQueueDispatch   cmd = "queue_dispatch"
	cmdQueueAllocate   cmd = "queue_allocate"
	cmdMore            cmd = "more"
	cmdShow            cmd = "show"
	cmdAccept          cmd = "accept"
	cmdStart           cmd = "start"
	cmdNote            cmd = "note"
	cmdResolve         cmd = "resolve"
	cmdClose           cmd = "close"
	cmdReopen          cmd = "reopen"
	cmdPriority        cmd = "priority"
	cmdAssist          cmd = "assist"
	cmdLinkCustomer    cmd = "link_customer"
	cmdLinkContact     cmd = "link_contact"
	cmdLinkOpportunity cmd = "link_opportunity"
	cmdRemind          cmd = "remind"
	cmdDispatch        cmd = "dispatch"
	cmdAllocate        cmd = "allocate"
	cmdTransfer        cmd = "transfer"
	cmdApprove         cmd = "approve"
	cmdReject          cmd = "reject"
	cmdNudge           cmd = "nudge"
	cmdAttach          cmd = "attach"
	cmdSearch          cmd = "search"
	cmdQuick           cmd = "quick"
	cmdWait            cmd = "wait"
	cmdResume          cmd = "resume"
	cmdCancel          cmd = "cancel"
)

// command is one chat command. The table is data: help is generated from
// it, so help lists exactly what the asking user's roles are for. Whether
// the user may really do it is the services' decision, made when it runs.
type command struct {
	cmd    cmd
	roles  []service.Role // who help shows it to; nil: everyone
	leads  bool           // shown to people who lead someone, too
	usage  msg            // one line with an example
	number bool           // needs a ticket number
	run    func(ctx context.Context, t *turn, p parsed) error
}

var (
	managers = []service.Role{service.RoleAdmin, service.RoleServiceManager, service.RoleRegionalManager}
	serviceM = []service.Role{service.RoleAdmin, service.RoleServiceManager}
)

func (b *Bot) commands() []command {
	return []command{
		{cmd: cmdHelp, usage: msg{"帮助 — 查看您可以使用的命令", "help — list the commands you can use"}, run: b.help},
		{cmd: cmdNew, usage: msg{"新建 — 一步步新建工单；或一句话：新建 打印机卡纸 #客户名 !紧急 @eng_east1 [投诉]", "new — file a ticket step by step, or in one line: new Printer jams #customer !urgent @eng_east1 [Complaint]"}, run: b.create},
		{cmd: cmdTodo, usage: msg{"待办 / 已办 / 待转 / 已转 — 我的工作", "todo / done / pending / transferred — my work"}, run: b.list(service.ViewTodo)},
		{cmd: cmdDone, run: b.list(service.ViewDone)},
		{cmd: cmdTransferPending, run: b.list(service.ViewTransferPending)},
		{cmd: cmdTransferred, run: b.list(service.ViewTransferred)},
		{cmd: cmdMine, usage: msg{"我负责的 / 我参与的 / 紧急的 / 已关闭的 — 工单列表，「更多」翻页", "mine / participating / urgent / closed — ticket lists; \"more\" pages on"}, run: b.list(service.ViewMine)},
		{cmd: cmdParticipating, run: b.list(service.ViewParticipating)},
		{cmd: cmdUrgent, run: b.list(service.ViewUrgent)},
		{cmd: cmdClosed, run: b.list(service.ViewClosed)},
		{cmd: cmdMore, run: b.more},
		{cmd: cmdSubordinates, roles: managers, leads: true, usage: msg{"下属负责的 / 下属参与的 — 我团队的工单", "team / team-in — my team's tickets"}, run: b.list(service.ViewSubordinatesOwn)},
		{cmd: cmdSubordinatesIn, roles: managers, leads: true, run: b.list(service.ViewSubordinatesParticipate)},
		{cmd: cmdQueueDispatch, roles: managers, usage: msg{"待派工 — 等我派工的工单", "dispatch-queue — tickets waiting for me to dispatch"}, run: b.list(service.ViewPendingDispatch)},
		{cmd: cmdQueueAllocate, roles: serviceM, usage: msg{"待分配 — 等待分配到区域的工单", "allocate-queue — tickets waiting for a region"}, run: b.list(service.ViewPendingAllocation)},
		{cmd: cmdShow, number: true, usage: msg{"查看 GD20260302-0001 — 工单详情和最近动态", "show GD20260302-0001 — details and recent history"}, run: b.show},
		{cmd: cmdAccept, number: true, usage: msg{"接单 GD… / 处理 GD… — 确认接单", "accept GD… / start GD… — take the ticket on"}, run: b.accept},
		{cmd: cmdStart, number: true, run: b.accept},
		{cmd: cmdNote, number: true, usage: msg{"备注 GD… 已电话联系客户（加「客户可见」给客户看）", "note GD… called the customer (add \"public\" for the customer to see)"}, run: b.note},
		{cmd: cmdWait, number: true, usage: msg{"待客户 GD… / 继续处理 GD… — 暂停、恢复计时", "wait GD… / resume GD… — pause or restart the clock"}, run: b.waitCustomer},
		{cmd: cmdResume, number: true, run: b.resume},
		{cmd: cmdResolve, number: true, usage: msg{"解决 GD… 更换了定影器 — 填写解决方案", "resolve GD… replaced the fuser — with the solution"}, run: b.resolve},
		{cmd: cmdClose, number: true, usage: msg{"关闭 GD… / 重开 GD… 原因", "close GD… / reopen GD… reason"}, run: b.close},
		{cmd: cmdReopen, number: true, run: b.reopen},
		{cmd: cmdPriority, number: true, usage: msg{"优先级 GD… 紧急（低/普通/高/紧急）", "priority GD… urgent (low/normal/high/urgent)"}, run: b.priority},
		{cmd: cmdAssist, number: true, usage: msg{"协助 GD… @eng_east2 — 加协助人", "assist GD… @eng_east2 — add an assistant"}, run: b.assist},
		{cmd: cmdLinkCustomer, number: true, usage: msg{"关联客户 / 关联联系人 / 关联商机 GD… 名称", "link / link-contact / link-deal GD… name"}, run: b.linkCustomer},
		{cmd: cmdLinkContact, number: true, run: b.linkContact},
		{cmd: cmdLinkOpportunity, number: true, run: b.linkOpportunity},
		{cmd: cmdRemind, number: true, usage: msg{"提醒我 明天9点 GD… — 到时提醒我", "remind tomorrow 9:00 GD… — remind me then"}, run: b.remind},
		{cmd: cmdTransfer, number: true, usage: msg{"转 GD… @west_mgr 原因 — 申请转派（也可转给区域：转 GD… 华西区 原因）", "transfer GD… @west_mgr reason — ask to hand it on (or to a region)"}, run: b.transfer},
		{cmd: cmdApprove, roles: managers, leads: true, usage: msg{"同意 GD… / 拒绝 GD… 原因 — 审批转派", "approve GD… / reject GD… reason — decide a transfer"}, run: b.decide(true)},
		{cmd: cmdReject, roles: managers, leads: true, run: b.decide(false)},
		{cmd: cmdDispatch, roles: managers, number: true, usage: msg{"派工 GD… @eng_east1 — 派给工程师（不写人则列出可选的人）", "dispatch GD… @eng_east1 — to an engineer (without one, I list them)"}, run: b.dispatch},
		{cmd: cmdAllocate, roles: serviceM, number: true, usage: msg{"分配 GD… 华东区 — 分配到区域（不写则列出区域）", "allocate GD… East Region — to a region (without one, I list them)"}, run: b.allocate},
		{cmd: cmdNudge, number: true, usage: msg{"催办 GD… — 提醒处理人尽快处理", "nudge GD… — chase the handler"}, run: b.nudge},
		{cmd: cmdAttach, number: true, usage: msg{"附件 GD… — 之后发的图片和文件附到工单上", "attach GD… — pictures and files you send next go on the ticket"}, run: b.attach},
		{cmd: cmdSearch, usage: msg{"搜索 打印机卡纸 — 查找解决方案", "search printer jam — find solutions"}, run: b.search},
		{cmd: cmdQuick, usage: msg{"快捷回复 — 列出快捷回复；快捷回复 GD… 2 — 用工单信息填好第 2 条", "quick — list quick replies; quick GD… 2 — reply 2 filled in for the ticket"}, run: b.quickReply},
		{cmd: cmdCancel, usage: msg{"取消 — 放弃进行中的操作", "cancel — drop what is in progress"}, run: b.cancel},
	}
}

// allowed reports whether help shows the command to u.
func (c *command) allowed(u *service.User, leads bool) bool {
	return c.roles == nil || slices.ContainsFunc(c.roles, u.HasRole) || (c.leads && leads)
}

// help lists the commands this user's roles are for, with examples.
func (b *Bot) help(ctx context.Context, t *turn, _ parsed) error {
	x, err := b.Org.Index(ctx)
	if err != nil {
		return err
	}
	leads := len(x.Subordinates(t.user.ID)) > 0
	var sb strings.Builder
	sb.WriteString(t.lang.text(msg{"您可以发送以下命令：", "You can send these commands:"}))
	for _, c := range b.table {
		if c.usage.zh != "" && c.allowed(t.user, leads) {
			sb.WriteString("\n• ")
			sb.WriteString(t.lang.text(c.usage))
		}
	}
	t.say(sb.String())
	return nil
}
