package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// Contacts and deals linked by numbered choice; an assignment declined
// from its card with a reason; and a new ticket's dialog that survives
// commands and taps that would open another dialog.
func TestChatLinksDeclinesAndKeepsDialogs(t *testing.T) {
	chatOnEachStack(t, func(t *testing.T, _ *e2e, db *repo.DB, c *chat) {

		num := number(t, c.say("agent1", "新建 打印机缺纸报警 #华东机械", "已创建工单"))
		contact, deal := contactsAndDeals(t, db, ticketByNumber(t, db, num))
		m := c.say("agent1", "关联联系人 "+num+" 张", "请回复序号选择")
		c.say("agent1", choiceFor(t, m, "张敏"), "已把联系人关联到")
		m = c.say("agent1", "关联商机 "+num+" 二期", "请回复序号选择")
		c.say("agent1", choiceFor(t, m, "二期维保"), "已把商机关联到")
		if tk := ticketByNumber(t, db, num); tk.ContactID != contact || tk.OpportunityID != deal {
			t.Fatalf("linked contact %d and deal %d, want %d and %d", tk.ContactID, tk.OpportunityID, contact, deal)
		}

		// A new ticket's dialog is kept, answers and all, when a command
		// or a tap would open a dialog of its own.
		c.say("agent1", "新建 服务态度差 #华东机械 [投诉]", "请详细描述问题")
		c.say("agent1", "客服电话里态度恶劣", "请选择「投诉类别」")
		queued := number(t, c.say("agent1", "1", "待派工"))
		c.say("svc_mgr", "新建", "请选择工单类型")
		c.say("svc_mgr", "0", "请用一句话描述问题")
		c.say("svc_mgr", "派工 "+queued, "您正在新建一张工单")
		c.say("svc_mgr", "分配 "+queued, "您正在新建一张工单")
		if m := c.say("svc_mgr", "空调漏水", "已创建工单"); !strings.Contains(m.Content, "空调漏水") {
			t.Fatalf("the kept dialog filed %q", m.Content)
		}
		after := c.mark("eng_east1")
		c.say("svc_mgr", "派工 "+queued+" @eng_east1", "已派给 陈工")
		task, key := c.button("eng_east1", after, "asg:no:")
		c.say("eng_east1", "新建", "请选择工单类型")
		c.say("eng_east1", "0", "请用一句话描述问题")
		mark := c.mark("eng_east1")
		c.click("eng_east1", task, key)
		c.await("eng_east1", mark, "您正在新建一张工单")
		c.say("eng_east1", "附件 "+queued, "您正在新建一张工单")
		c.say("eng_east1", "空调异响", "已创建工单")

		// Declined from the card, with a reason: eng_east1's manager
		// decides whether it goes back to svc_mgr, who dispatched it.
		mark = c.mark("eng_east1")
		c.click("eng_east1", task, key)
		c.await("eng_east1", mark, "请回复拒绝接单 "+queued+" 的原因")
		approverMark := c.mark("east_mgr")
		m = c.say("eng_east1", "不是我负责的片区", "等待 郑东 审批")
		tk := ticketByNumber(t, db, queued)
		if tk.PendingTransfer == nil || tk.PendingTransfer.Reason != "不是我负责的片区" || ownerOf(t, db, tk) != "eng_east1" {
			t.Fatalf("after the decline %s is %s's, pending %+v; the reply: %q", queued, ownerOf(t, db, tk), tk.PendingTransfer, m.Content)
		}
		task, key = c.button("east_mgr", approverMark, "trf:ok:")
		c.click("east_mgr", task, key)
		c.await("east_mgr", approverMark, "已同意 "+queued)
		if tk := ticketByNumber(t, db, queued); tk.PendingTransfer != nil || ownerOf(t, db, tk) != "svc_mgr" {
			t.Fatalf("after the approved decline %s is %s's, pending %+v", queued, ownerOf(t, db, tk), tk.PendingTransfer)
		}
	})
}

// contactsAndDeals gives a ticket's customer two contacts and two deals
// whose names share a word; it returns the ids of 张敏 and 二期维保.
func contactsAndDeals(t *testing.T, db *repo.DB, tk *service.Ticket) (contact, deal int64) {
	t.Helper()
	ctx := context.Background()
	crm := repo.NewCRM(db)
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, name := range []string{"张伟", "张敏"} {
		ct := &service.Contact{CustomerID: tk.CustomerID, Name: name, CreatedBy: tk.CreatorID, CreatedAt: now, UpdatedAt: now}
		if err := crm.SaveContact(ctx, ct); err != nil {
			t.Fatal(err)
		}
		contact = ct.ID
	}
	for _, name := range []string{"二期扩容", "二期维保"} {
		o := &service.Opportunity{CustomerID: tk.CustomerID, Name: name, Stage: service.StageProposal, OwnerID: tk.CreatorID,
			CreatedBy: tk.CreatorID, CreatedAt: now, UpdatedAt: now}
		if err := crm.SaveOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
		deal = o.ID
	}
	return contact, deal
}
