package service

// Notice languages: Simplified Chinese by default, English on request.
const (
	LangZh = "zh"
	LangEn = "en"
)

// NoticeLang normalises a language preference to one notices have.
func NoticeLang(lang string) string {
	if lang == LangEn {
		return LangEn
	}
	return LangZh
}

type label struct{ zh, en string }

func (l label) in(lang string) string {
	if lang == LangEn {
		return l.en
	}
	return l.zh
}

var stateLabels = map[State]label{
	StatePendingAllocation: {"待分配", "awaiting allocation"},
	StatePendingDispatch:   {"待派工", "awaiting dispatch"},
	StateInProgress:        {"处理中", "in progress"},
	StateWaitingCustomer:   {"待客户反馈", "waiting for the customer"},
	StateResolved:          {"已解决", "resolved"},
	StateClosed:            {"已关闭", "closed"},
	StateVoid:              {"已作废", "void"},
}

var priorityLabels = map[Priority]label{
	PriorityLow: {"低", "low"}, PriorityNormal: {"普通", "normal"},
	PriorityHigh: {"高", "high"}, PriorityUrgent: {"紧急", "urgent"},
}

var (
	labelOwner     = label{"负责人", "owner"}
	labelAssistant = label{"协助人", "assistant"}
	labelResponse  = label{"响应", "response"}
	labelResolve   = label{"解决", "resolution"}
	labelSystem    = label{"系统", "the system"}
)

// StateLabel names a lifecycle state in lang, for notices and the
// customer status page.
func StateLabel(st State, lang string) string {
	if l, ok := stateLabels[st]; ok {
		return l.in(lang)
	}
	return string(st)
}

func priorityLabel(p Priority, lang string) string {
	if l, ok := priorityLabels[p]; ok {
		return l.in(lang)
	}
	return string(p)
}

// noticeTicket is the ticket as notices in lang show it.
func noticeTicket(t *Ticket, lang string) NoticeTicket {
	return NoticeTicket{ID: t.ID, Number: t.Number, Subject: t.Subject, Status: StateLabel(StateOf(t), lang),
		Priority: priorityLabel(t.Priority, lang)}
}
