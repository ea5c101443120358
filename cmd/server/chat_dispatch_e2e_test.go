package main

import (
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// Modes 2 and 4 dispatched in chat by the service manager and the region;
// transfers approved and rejected by card; a second click and a stranger's
// click change nothing; agent2 cannot touch a ticket outside its scope.
func TestChatDispatchesAndTransfers(t *testing.T) {
	chatOnEachStack(t, func(t *testing.T, e *e2e, db *repo.DB, c *chat) {

		// Mode 2 (complaint): the service manager dispatches from the queue.
		c.say("agent1", "新建 服务态度差 #华东机械 [投诉]", "请详细描述问题")
		c.say("agent1", "客服电话里态度恶劣", "请选择「投诉类别」")
		complaint := number(t, c.say("agent1", "1", "待派工"))
		c.say("svc_mgr", "待派工", complaint)
		m := c.say("svc_mgr", "派工 "+complaint, "派给谁")
		c.say("svc_mgr", choiceFor(t, m, "eng_east1"), "已派给 陈工")

		// Mode 4 (repair): allocated by the service manager, dispatched
		// by the East region's manager; asked in English.
		c.say("agent2", "new Purifier will not start #华东机械 [After-sale repair]", "describe the problem")
		c.say("agent2", "No power at all", "Which product")
		c.say("agent2", "AP-1000", "Serial number")
		c.say("agent2", "AP 1000/77", "does not match the required format")
		repair := number(t, c.say("agent2", "AP-1000-77", "waiting for allocation"))
		c.say("svc_mgr", "待分配", repair)

		// Allocated by a number typed in answer to the choice card; a
		// tap on the card then changes nothing (the repair has left
		// svc_mgr's sight for the East queue).
		after := c.mark("svc_mgr")
		m = c.say("svc_mgr", "分配 "+repair, "分配到哪个部门")
		c.say("svc_mgr", choiceFor(t, m, "华东区"), "已分配到华东区")
		task, key := c.choice("svc_mgr", after, "华西区")
		c.click("svc_mgr", task, key)
		c.await("svc_mgr", after, "没有找到该工单")
		c.say("east_mgr", "待派工", repair)

		// Dispatched by a tap: a stranger's tap changes nothing, and
		// neither does a second tap before the card changes.
		after = c.mark("east_mgr")
		c.say("east_mgr", "派工 "+repair, "派给谁")
		task, key = c.choice("east_mgr", after, "褚工")
		a1 := c.mark("agent1")
		c.forgeClick("agent1", task, key)
		c.await("agent1", a1, "没有找到该工单")
		e.sim.SetLatency("message/update_template_card", time.Second)
		c.click("east_mgr", task, key)
		c.click("east_mgr", task, key)
		c.await("east_mgr", after, repair+" 已派给 褚工")
		c.await("east_mgr", after, "这张卡片已经过期")
		c.await("east_mgr", after, "已派给 褚工 · 郑东")
		e.sim.SetLatency("message/update_template_card", 0)
		if n := count(timeline(t, db, ticketByNumber(t, db, repair).ID), service.ActionDispatch); n != 1 {
			t.Fatalf("the repair was dispatched %d times", n)
		}

		// The outsourced provider has no manager of its own, so its
		// queue is the service manager's: allocated and dispatched by
		// taps.
		second := fileRepair(t, c, "agent1", "净化器异响")
		after = c.mark("svc_mgr")
		c.say("svc_mgr", "分配 "+second, "分配到哪个部门")
		task, key = c.choice("svc_mgr", after, "速修外包")
		c.click("svc_mgr", task, key)
		c.await("svc_mgr", after, "已分配到速修外包服务商 · 吴经理")
		after = c.mark("svc_mgr")
		c.say("svc_mgr", "派工 "+second, "派给谁")
		task, key = c.choice("svc_mgr", after, "朱师傅")
		c.click("svc_mgr", task, key)
		c.await("svc_mgr", after, "已派给 朱师傅 · 吴经理")
		if tk := ticketByNumber(t, db, second); tk.Status != service.StatusInProgress || tk.OwnerID == 0 {
			t.Fatalf("after the taps the second repair is %s, owner %d", tk.Status, tk.OwnerID)
		}

		// Approved by card; a second click and a stranger's change nothing.
		after = c.mark("west_mgr")
		c.say("eng_east2", "转 "+repair+" @eng_west1 客户搬到成都", "等待 王西 审批")
		task, key = c.button("west_mgr", after, "trf:ok:")
		c.forgeClick("agent2", task, key)
		c.await("agent2", 0, "not yours to decide")
		e.sim.SetLatency("message/update_template_card", time.Second)
		c.click("west_mgr", task, key)
		c.click("west_mgr", task, key) // before the card changes
		c.await("west_mgr", after, "现由 沈工 负责")
		c.await("west_mgr", after, "已经处理过了")
		c.await("west_mgr", after, "已同意 · 王西")
		e.sim.SetLatency("message/update_template_card", 0)
		tk := ticketByNumber(t, db, repair)
		moves := count(timeline(t, db, tk.ID), service.ActionTransferToUser)
		if tk.OwnerID == 0 || moves != 1 || tk.PendingTransfer != nil {
			t.Fatalf("after approval: owner %d, %d moves, pending %v", tk.OwnerID, moves, tk.PendingTransfer)
		}

		// Rejected by card: nothing moves.
		after = c.mark("east_mgr")
		c.say("eng_east1", "转 "+complaint+" @eng_east2 我要出差", "等待 郑东 审批")
		task, key = c.button("east_mgr", after, "trf:no:")
		c.click("east_mgr", task, key)
		c.await("east_mgr", after, "已拒绝 "+complaint)
		before := ticketByNumber(t, db, complaint)

		// agent2 may not see the complaint: a refusal, and no change.
		for _, cmd := range []string{"接单 ", "关闭 ", "转 ", "催办 ", "查看 "} {
			c.say("agent2", cmd+complaint+" @agent2 why not", "could not find "+complaint)
		}
		after2 := ticketByNumber(t, db, complaint)
		if after2.Version != before.Version || after2.Status != service.StatusInProgress || after2.PendingTransfer != nil {
			t.Fatalf("agent2 changed the complaint: %+v", after2)
		}
	})
}

// fileRepair files an after-sale repair by chat; it waits for allocation.
func fileRepair(t *testing.T, c *chat, who, subject string) string {
	t.Helper()
	c.say(who, "新建 "+subject+" #华东机械 [售后维修]", "请详细描述问题")
	c.say(who, "完全不通电", "产品")
	c.say(who, "AP-1000", "设备序列号")
	return number(t, c.say(who, "AP-1000-88", "待分配"))
}

// count is how many timeline entries are of action a.
func count(evs []service.TimelineEvent, a service.Action) int {
	n := 0
	for _, ev := range evs {
		if ev.Action == a {
			n++
		}
	}
	return n
}
