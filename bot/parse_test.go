package bot

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in       string
		cmd      cmd
		number   string
		mentions []string
		rest     string
		suggest  cmd
		choice   int
	}{
		{in: "帮助", cmd: cmdHelp},
		{in: " HELP ", cmd: cmdHelp},
		{in: "？", cmd: cmdHelp},
		{in: "我的待办", cmd: cmdTodo},
		{in: "待办", cmd: cmdTodo},
		{in: "todo", cmd: cmdTodo},
		{in: "新建", cmd: cmdNew},
		{in: "新建 打印机卡纸 #华东机械 !紧急 @eng_east1", cmd: cmdNew, mentions: []string{"eng_east1"}, rest: "打印机卡纸 #华东机械 !紧急"},
		{in: "新建打印机卡纸", cmd: cmdNew, rest: "打印机卡纸"},
		{in: "new printer jams", cmd: cmdNew, rest: "printer jams"},
		{in: "查看 GD20260302-0001", cmd: cmdShow, number: "GD20260302-0001"},
		{in: "查看工单 gd20260302-0001", cmd: cmdShow, number: "GD20260302-0001"},
		{in: "GD20260302-0012", cmd: cmdShow, number: "GD20260302-0012"},
		{in: "接单GD20260302-0001", cmd: cmdAccept, number: "GD20260302-0001"},
		{in: "accept GD20260302-0001", cmd: cmdAccept, number: "GD20260302-0001"},
		{in: "处理 GD20260302-0001", cmd: cmdStart, number: "GD20260302-0001"},
		{in: "解决 GD20260302-0001 更换了定影器", cmd: cmdResolve, number: "GD20260302-0001", rest: "更换了定影器"},
		{in: "转 GD20260302-0001 @west_mgr 客户在华西", cmd: cmdTransfer, number: "GD20260302-0001", mentions: []string{"west_mgr"}, rest: "客户在华西"},
		{in: "转派 GD20260302-0001 华西区 客户搬家", cmd: cmdTransfer, number: "GD20260302-0001", rest: "华西区 客户搬家"},
		{in: "派工 GD20260302-0001 ＠eng_east1 @eng_east2.", cmd: cmdDispatch, number: "GD20260302-0001", mentions: []string{"eng_east1", "eng_east2"}},
		{in: "提醒我 明天9点 GD20260302-0001 带报价单", cmd: cmdRemind, number: "GD20260302-0001", rest: "明天9点 带报价单"},
		{in: "提醒我明天9点 GD20260302-0001", cmd: cmdRemind, number: "GD20260302-0001", rest: "明天9点"},
		{in: "备注 GD20260302-0001 客户可见 已上门", cmd: cmdNote, number: "GD20260302-0001", rest: "客户可见 已上门"},
		{in: "优先级 GD20260302-0001 紧急", cmd: cmdPriority, number: "GD20260302-0001", rest: "紧急"},
		{in: "关联客户 GD20260302-0001 华东机械", cmd: cmdLinkCustomer, number: "GD20260302-0001", rest: "华东机械"},
		{in: "搜索 打印机卡纸", cmd: cmdSearch, rest: "打印机卡纸"},
		{in: "搜索打印机卡纸", cmd: cmdSearch, rest: "打印机卡纸"},
		{in: "催办 GD20260302-0001", cmd: cmdNudge, number: "GD20260302-0001"},
		{in: "取消", cmd: cmdCancel},
		{in: "cancel", cmd: cmdCancel},
		{in: "更多", cmd: cmdMore},
		{in: "待派工", cmd: cmdQueueDispatch},
		{in: "同意 GD20260302-0001", cmd: cmdApprove, number: "GD20260302-0001"},
		{in: "拒绝 GD20260302-0001 不在服务区域", cmd: cmdReject, number: "GD20260302-0001", rest: "不在服务区域"},
		// Not commands: words that start like one, typos, free text.
		{in: "关闭了打印机还是不行", cmd: ""},
		{in: "转发一下这个文件", cmd: "", suggest: ""},
		{in: "helpme", cmd: ""},
		{in: "帮主", suggest: cmdHelp},
		{in: "hlep", suggest: cmdHelp},
		{in: "代办", suggest: cmdTodo},
		{in: "trnasfer GD20260302-0001", suggest: cmdTransfer},
		{in: "打印机又卡纸了", cmd: ""},
		{in: "2", choice: 2},
		{in: "０", choice: 0},
		{in: "", cmd: ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			p := parse(c.in)
			if p.cmd != c.cmd || p.number != c.number || p.rest != c.rest || p.suggest != c.suggest || p.choice != c.choice ||
				!slices.Equal(p.mentions, c.mentions) {
				t.Fatalf("parse(%q) = cmd %q number %q mentions %q rest %q suggest %q choice %d;\nwant cmd %q number %q mentions %q rest %q suggest %q choice %d",
					c.in, p.cmd, p.number, p.mentions, p.rest, p.suggest, p.choice, c.cmd, c.number, c.mentions, c.rest, c.suggest, c.choice)
			}
		})
	}
}

// Every name in the parser's table belongs to a command the bot's table
// can run, so help and the parser cannot drift apart.
func TestEveryParsedCommandHasAHandler(t *testing.T) {
	b := New(Deps{})
	for _, s := range specs {
		found := false
		for _, c := range b.table {
			found = found || c.cmd == s.cmd
		}
		if !found {
			t.Errorf("command %q parses but has no handler", s.cmd)
		}
		for _, n := range s.names {
			if p := parse(n); p.cmd != s.cmd {
				t.Errorf("parse(%q).cmd = %q, want %q", n, p.cmd, s.cmd)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"帮助", "新建 打印机卡纸 #客户 !紧急 @eng_east1 [投诉]", "转 GD20260302-0001 @west_mgr 原因",
		"提醒我 明天9点 GD20260302-0001", "gd20260302-0001", "@", "#", "GD", "转", "\xff\xfe", "１２", "派工GD20260302-0001＠a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p := parse(in)
		if p.cmd == "" && p.suggest != "" && nameOf(zh, p.suggest) == "" {
			t.Fatalf("suggestion %q has no name", p.suggest)
		}
		if p.cmd != "" && p.suggest != "" {
			t.Fatalf("both a command and a suggestion: %+v", p)
		}
		for _, s := range append([]string{p.text, p.args, p.rest, p.number, p.word}, p.mentions...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %+v", p)
			}
		}
		if p.number != "" && !strings.HasPrefix(p.number, "GD") {
			t.Fatalf("number %q", p.number)
		}
		_ = parseNewLine(p.args)
	})
}
