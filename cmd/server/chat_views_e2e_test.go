package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// Knowledge search; transfers asked, rejected and approved by text; a
// note the customer sees; a tap on an assignment card after the ticket
// moved on; and each person's lists, which show exactly their tickets.
func TestChatSearchesTransfersAndLists(t *testing.T) {
	chatOnEachStack(t, func(t *testing.T, _ *e2e, db *repo.DB, c *chat) {

		c.say("eng_east1", "搜索 打印机卡纸", "打印机卡纸的处理方法")
		if m := c.say("eng_east1", "搜索 量子纠缠", "没有找到相关的解决方案"); strings.Contains(m.Content, "打印机") {
			t.Fatalf("a search for nothing found %q", m.Content)
		}
		c.say("eng_east1", "搜索", "请写上要搜索的内容")

		// urgent and kept stay with eng_east1, closed is closed by them,
		// helped is eng_east2's with eng_east1 assisting, moved goes to
		// eng_east2 by an approved transfer.
		after := c.mark("eng_east1")
		urgent := number(t, c.say("agent1", "新建 打印机冒烟 #华东机械 !紧急 @eng_east1", "已创建工单"))
		kept := number(t, c.say("agent1", "新建 打印机缺粉 #华东机械 @eng_east1", "已创建工单"))
		closed := number(t, c.say("agent1", "新建 打印机卡纸 #华东机械 @eng_east1", "已创建工单"))
		helped := number(t, c.say("agent1", "新建 扫描仪不亮 #华东机械 @eng_east2", "已创建工单"))
		moved := number(t, c.say("agent1", "新建 复印机异响 #华东机械 @eng_east1", "已创建工单"))
		c.say("eng_east2", "协助 "+helped+" @eng_east1", "陈工 加为")
		c.say("eng_east1", "解决 "+closed+" 清理了搓纸轮", "已解决")
		c.say("eng_east1", "关闭 "+closed, "已关闭")

		c.say("eng_east1", "备注 "+kept+" 客户可见 已约明天上门", "（客户可见）")
		c.say("eng_east1", "备注 "+kept+" 客户脾气不好", "已在")
		if got := visibilities(t, db, kept); got != "customer,internal" {
			t.Fatalf("the notes' visibilities: %s", got)
		}

		c.say("eng_east1", "转 "+moved+" @eng_east2 下周出差", "等待 郑东 审批")
		c.say("east_mgr", "拒绝 "+moved+" 先处理完再说", "已拒绝 "+moved)
		if tk := ticketByNumber(t, db, moved); tk.PendingTransfer != nil || ownerOf(t, db, tk) != "eng_east1" {
			t.Fatalf("after the rejection %s is %s's, pending %v", moved, ownerOf(t, db, tk), tk.PendingTransfer)
		}
		c.say("east_mgr", "同意 "+moved, "没有待审批的转派申请")
		c.say("eng_east1", "转 "+moved+" @eng_east2 下周出差", "等待 郑东 审批")
		checkLists(t, c, []listCase{
			{"eng_east1", "待转", "待转", []string{moved}, []string{urgent, kept}},
			{"east_mgr", "待转", "待转", []string{moved}, []string{urgent}},
		})
		c.say("east_mgr", "同意 "+moved, "现由 褚工 负责")
		if tk := ticketByNumber(t, db, moved); tk.PendingTransfer != nil || ownerOf(t, db, tk) != "eng_east2" {
			t.Fatalf("after the approval %s is %s's, pending %v", moved, ownerOf(t, db, tk), tk.PendingTransfer)
		}

		// eng_east1's card for moved is out of date now: a tap says so
		// and accepts nothing.
		task, key := c.button("eng_east1", after, "asg:ok:"+idOf(t, db, moved))
		c.click("eng_east1", task, key)
		c.await("eng_east1", after, "这张卡片已经过期")
		if n := count(timeline(t, db, ticketByNumber(t, db, moved).ID), service.ActionAccept); n != 0 {
			t.Fatalf("the stale card accepted %s", moved)
		}

		checkLists(t, c, []listCase{
			{"eng_east1", "我负责的", "我负责的", []string{urgent, kept, closed}, []string{helped, moved}},
			{"eng_east1", "mine", "我负责的", []string{urgent, kept, closed}, []string{helped, moved}},
			{"eng_east1", "我参与的", "我参与的", []string{helped}, []string{urgent, kept}},
			{"eng_east1", "紧急的", "紧急的", []string{urgent}, []string{kept, closed, helped, moved}},
			{"eng_east1", "已关闭的", "已关闭的", []string{closed}, []string{urgent, kept, helped, moved}},
			{"eng_east1", "已办", "已办", []string{closed}, []string{urgent, kept, helped, moved}},
			{"eng_east1", "已转", "已转", []string{moved}, []string{urgent, kept, closed, helped}},
			{"eng_east1", "待转", "待转", nil, []string{moved}},
			{"east_mgr", "下属负责的", "下属负责的", []string{urgent, kept, closed, helped, moved}, nil},
			{"eng_east1", "下属负责的", "下属负责的", nil, []string{urgent, helped}},
		})
	})
}

// listCase is one list asked for: the tickets it must show and must not.
type listCase struct {
	who, cmd, title string
	want, not       []string
}

func checkLists(t *testing.T, c *chat, cases []listCase) {
	t.Helper()
	for _, lc := range cases {
		m := c.say(lc.who, lc.cmd, lc.title)
		for _, n := range lc.want {
			if !strings.Contains(m.Content, n) {
				t.Errorf("%s's %s does not show %s:\n%s", lc.who, lc.cmd, n, m.Content)
			}
		}
		for _, n := range lc.not {
			if strings.Contains(m.Content, n) {
				t.Errorf("%s's %s shows %s:\n%s", lc.who, lc.cmd, n, m.Content)
			}
		}
	}
}

// visibilities lists a ticket's service records' visibilities, in order.
func visibilities(t *testing.T, db *repo.DB, num string) string {
	t.Helper()
	rs, err := repo.NewRecords(db).Records(context.Background(), []int64{ticketByNumber(t, db, num).ID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, string(r.Visibility))
	}
	return strings.Join(out, ",")
}

// ownerOf is the userid of a ticket's owner, "" when it has none.
func ownerOf(t *testing.T, db *repo.DB, tk *service.Ticket) string {
	t.Helper()
	org, err := repo.NewOrgs(db).LoadOrg(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range org.Users {
		if u.ID == tk.OwnerID {
			return u.UserID
		}
	}
	return ""
}

// idOf is a ticket's id as card keys write it.
func idOf(t *testing.T, db *repo.DB, num string) string {
	t.Helper()
	return strconv.FormatInt(ticketByNumber(t, db, num).ID, 10)
}
