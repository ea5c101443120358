package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// A ticket filed by dialog (across a server restart) and one filed in one
// line, the second taken through its whole life to closed, by chat alone.
func TestChatCreatesAndClosesTickets(t *testing.T) {
	chatOnEachStack(t, func(t *testing.T, e *e2e, db *repo.DB, c *chat) {

		// By dialog: each required field of the complaint template in
		// turn, with the server restarted halfway.
		m := c.say("agent1", "新建", "请选择工单类型")
		c.say("agent1", choiceFor(t, m, "投诉"), "请用一句话描述问题")
		c.say("agent1", "安装师傅迟到两小时", "请详细描述问题")
		settle(t, db)
		e.kill()
		e.start()
		c.say("agent1", "约定上午十点上门，十二点才到", "请输入客户名称")
		c.say("agent1", "不存在的客户", "没有找到符合")
		c.say("agent1", "华东机械", "请选择「投诉类别」")
		m = c.say("agent1", "1", "已创建工单")
		complaint := ticketByNumber(t, db, number(t, m))
		if complaint.Status != service.StatusPendingDispatch || complaint.CustomFields["category"] != "service_attitude" ||
			complaint.Description != "约定上午十点上门，十二点才到" || complaint.CustomerID == 0 {
			t.Fatalf("the dialog filed %+v", complaint)
		}

		// A dialog offers matching solutions before filing, and files
		// the pictures sent meanwhile; 取消 ends one at any step.
		c.say("agent1", "新建 打印机卡纸", "请选择工单类型")
		c.say("agent1", "0", "打印机卡纸的处理方法")
		c.sendImage("agent1", "MEDIA-SCENE-1", pngBytes(t))
		c.await("agent1", c.mark("agent1")-1, "提交工单后会附上")
		m = c.say("agent1", "1", "已创建工单")
		c.await("agent1", m.Seq, "已把 1 个文件附到")
		c.say("agent1", "新建", "请选择工单类型")
		c.say("agent1", "取消", "已取消")
		c.say("agent1", "1", "没有看懂")

		// In one line, straight to the engineer, who gets a card.
		after := c.mark("eng_east1")
		m = c.say("agent1", "新建 复印机卡纸 #华东机械 !紧急 @eng_east1", "已创建工单")
		num := number(t, m)
		if !strings.Contains(m.Content, "处理中") || !strings.Contains(m.Content, "陈工") {
			t.Fatalf("one-line create answered %q", m.Content)
		}
		task, key := c.button("eng_east1", after, "asg:ok:")
		c.click("eng_east1", task, key)
		c.await("eng_east1", after, "已接单")
		c.await("eng_east1", after, "已接单 · 陈工") // the card, updated
		c.say("eng_east1", "接单 "+num, "已经接单了")
		c.say("eng_east1", "备注 "+num+" 已电话联系客户", "添加服务记录")
		c.say("eng_east1", "优先级 "+num+" 高", "优先级已改为「高」")
		c.say("eng_east1", "附件 "+num, "请发送要附到")
		c.sendImage("eng_east1", "MEDIA-PHOTO-1", pngBytes(t))
		c.await("eng_east1", c.mark("eng_east1")-1, "附到")
		sent := time.Now()
		m = c.say("eng_east1", "提醒我 30分钟后 "+num+" 回访客户", "提醒您")
		if !strings.Contains(m.Content, inHalfAnHour(sent)) && !strings.Contains(m.Content, inHalfAnHour(m.At)) {
			t.Fatalf("a reminder in 30 minutes answered %q", m.Content)
		}
		c.say("agent1", "催办 "+num, "已催办")
		c.say("agent1", "催办 "+num, "请 10 分钟后再催")
		c.say("eng_east1", "解决 "+num, "请在命令后写上内容")
		c.say("eng_east1", "解决 "+num+" 更换了搓纸轮", "已解决")
		c.say("eng_east1", "关闭 "+num, "已关闭")
		c.say("eng_east1", "关闭 "+num, "不能关闭")
		m = c.say("agent1", "查看 "+num, "最近动态")
		if !strings.Contains(m.Content, "已关闭") || !strings.Contains(m.Content, "华东机械有限公司") {
			t.Fatalf("show answered %q", m.Content)
		}

		tk := ticketByNumber(t, db, num)
		if tk.Status != service.StatusClosed || tk.Priority != service.PriorityHigh || tk.Solution != "更换了搓纸轮" {
			t.Fatalf("after the chat the ticket is %+v", tk)
		}
		actions := map[service.Action]bool{}
		for _, ev := range timeline(t, db, tk.ID) {
			actions[ev.Action] = true
			if ev.Origin != service.OriginWeComChat {
				t.Errorf("timeline entry %s has origin %q, want wecom_chat", ev.Action, ev.Origin)
			}
		}
		for _, a := range []service.Action{service.ActionCreate, service.ActionAccept, service.ActionRecord, service.ActionEdit,
			service.ActionAttach, service.ActionNudge, service.ActionRemind, service.ActionResolve, service.ActionClose} {
			if !actions[a] {
				t.Errorf("no %s in the timeline: %v", a, actions)
			}
		}
	})
}

// Help lists what the user's role is for; other text gets a "did you
// mean" or an offer to file it. With a public address, numbers and
// customers link to the H5 page. Lists page on; quick replies fill in.
func TestChatHelpsOffersAndLinks(t *testing.T) {
	e := newE2E(t, stackEnv{name: "embedded", env: map[string]string{}})
	e.env["TICKET_HTTP_BASE_URL"] = "https://tickets.example.com"
	e.start()
	db := e.openDB()
	fixtures(t, db)
	c := newChat(e)
	if m := c.say("agent1", "帮助", "您可以发送以下命令"); strings.Contains(m.Content, "派工 GD") {
		t.Fatalf("an agent's help lists dispatching:\n%s", m.Content)
	}
	c.say("svc_mgr", "帮助", "派工 GD")
	c.say("agent2", "hlep", `did you mean "help"`)
	c.say("agent1", "帮主", "您是想发送「帮助」吗")
	c.say("agent1", "接单", "请带上工单号")

	after := c.mark("agent1")
	c.say("agent1", "打印机又卡纸了", "要把这条消息建成工单吗")
	task, key := c.button("agent1", after, "offer:yes")
	c.click("agent1", task, key)
	c.await("agent1", after, "请选择工单类型")
	c.say("agent1", "取消", "已取消")
	c.say("agent1", "扫描仪也坏了", "要把这条消息建成工单吗")
	c.say("agent1", "1", "请选择工单类型")
	m := c.say("agent1", "0", "已创建工单")
	if !strings.Contains(m.Content, "扫描仪也坏了") {
		t.Fatalf("the offered ticket: %q", m.Content)
	}

	m = c.say("agent1", "新建 打印机卡纸 #华东机械", "已创建工单")
	num := number(t, m)
	link := `<a href="https://tickets.example.com/h5/tickets/`
	if !strings.Contains(m.Content, link) {
		t.Fatalf("no H5 link in %q", m.Content)
	}
	if m = c.say("agent1", "查看 "+num, "最近动态"); !strings.Contains(m.Content, `">华东机械有限公司</a>`) {
		t.Fatalf("the customer is not linked in %q", m.Content)
	}
	m = c.say("agent1", "关联客户 "+num+" 华西", "请回复序号选择")
	c.say("agent1", choiceFor(t, m, "华西电气"), "已把客户关联到")
	if tk := ticketByNumber(t, db, num); tk.CustomerID == 0 {
		t.Fatal("the customer was not linked")
	}
	c.say("agent1", "待客户 "+num, "计时已暂停")
	c.say("agent1", "继续处理 "+num, "计时继续")
	c.say("agent1", "解决 "+num+" 重新装纸", "已解决")
	c.say("agent1", "重开 "+num+" 又卡了", "已重新打开")
	c.say("agent1", "协助 "+num+" @eng_east2", "褚工 加为")

	// WeCom takes 30 messages a minute per member: the paging is sales1's.
	for i := range 11 {
		c.say("sales1", fmt.Sprintf("新建 第%d台打印机 !低", i), "已创建工单")
	}
	c.say("sales1", "待办", "发送「更多」查看下一页")
	c.say("sales1", "更多", "第0台打印机")
	c.say("sales1", "更多", "没有更多了")

	now := time.Now().UTC().Truncate(time.Millisecond)
	err := repo.NewQuickReplies(db).SaveQuickReply(context.Background(), &service.QuickReply{Scope: service.ReplyCompany,
		Title: "上门预约", Body: "您好，工单 {{ticket.number}} 的工程师将尽快联系您。", CreatedAt: now, UpdatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	c.say("agent1", "快捷回复", "1. 上门预约")
	c.say("agent1", "快捷回复 "+num+" 1", "您好，工单 "+num+" 的工程师")
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
