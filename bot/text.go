package bot

import "github.com/wecom-ticket/ticket/service"

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

var (
	txtHelpHeader = msg{"您可以发送以下命令：", "You can send these commands:"}
	txtHelpUsage  = msg{"帮助 — 查看您可以使用的命令", "help — list the commands you can use"}
	txtUnknown    = msg{"没有看懂“%s”。发送「帮助」查看我能做什么。", "I did not understand \"%s\". Send \"help\" to see what I can do."}
	txtTextOnly   = msg{"目前只能处理文字消息。发送「帮助」查看可用命令。", "I can only read text messages for now. Send \"help\" to see the commands."}
	txtDisabled   = msg{"您的账号已停用，无法使用工单系统。如有疑问请联系管理员。", "Your account is disabled, so you cannot use the ticket system. Please contact your administrator."}
)
