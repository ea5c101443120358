package bot

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cmd names a chat command; the command table (commands.go) says what
// each one does and who sees it in help.
type cmd string

// spec is one command as the parser knows it: its names, Chinese first.
// free means text may follow a Chinese name with no space between
// (新建打印机卡纸); every command takes a ticket number that way (接单GD…).
type spec struct {
	cmd   cmd
	names []string
	free  bool
}

// specs is the parser's table. Longer names are tried first, so 我的待办
// wins over 待办 and 转派 over 转.
var specs = []spec{
	{cmd: cmdHelp, names: []string{"帮助", "菜单", "help", "?", "？"}},
	{cmd: cmdNew, names: []string{"新建", "新工单", "报修", "new", "create"}, free: true},
	{cmd: cmdTodo, names: []string{"待办", "我的待办", "todo"}},
	{cmd: cmdDone, names: []string{"已办", "我的已办", "done"}},
	{cmd: cmdTransferPending, names: []string{"待转", "待审批", "pending"}},
	{cmd: cmdTransferred, names: []string{"已转", "transferred"}},
	{cmd: cmdMine, names: []string{"我负责的", "mine"}},
	{cmd: cmdParticipating, names: []string{"我参与的", "participating"}},
	{cmd: cmdSubordinates, names: []string{"下属负责的", "我下属负责的", "team"}},
	{cmd: cmdSubordinatesIn, names: []string{"下属参与的", "我下属参与的", "team-in"}},
	{cmd: cmdUrgent, names: []string{"紧急的", "紧急工单", "urgent"}},
	{cmd: cmdClosed, names: []string{"已关闭的", "closed"}},
	{cmd: cmdQueueDispatch, names: []string{"待派工", "dispatch-queue"}},
	{cmd: cmdQueueAllocate, names: []string{"待分配", "allocate-queue"}},
	{cmd: cmdMore, names: []string{"更多", "下一页", "more", "next"}},
	{cmd: cmdShow, names: []string{"查看", "详情", "show", "view"}},
	{cmd: cmdAccept, names: []string{"接单", "accept"}},
	{cmd: cmdStart, names: []string{"处理", "开始处理", "start"}},
	{cmd: cmdNote, names: []string{"备注", "服务记录", "note"}, free: true},
	{cmd: cmdResolve, names: []string{"解决", "resolve"}},
	{cmd: cmdClose, names: []string{"关闭", "close"}},
	{cmd: cmdReopen, names: []string{"重开", "重新打开", "reopen"}},
	{cmd: cmdPriority, names: []string{"优先级", "priority"}},
	{cmd: cmdAssist, names: []string{"协助", "加协助人", "assist"}},
	{cmd: cmdLinkCustomer, names: []string{"关联客户", "link"}, free: true},
	{cmd: cmdLinkContact, names: []string{"关联联系人", "link-contact"}, free: true},
	{cmd: cmdLinkOpportunity, names: []string{"关联商机", "link-deal"}, free: true},
	{cmd: cmdRemind, names: []string{"提醒我", "提醒", "remind"}, free: true},
	{cmd: cmdDispatch, names: []string{"派工", "派单", "dispatch"}},
	{cmd: cmdAllocate, names: []string{"分配", "allocate"}},
	{cmd: cmdTransfer, names: []string{"转", "转派", "转交", "transfer"}},
	{cmd: cmdApprove, names: []string{"同意", "批准", "approve"}},
	{cmd: cmdReject, names: []string{"拒绝", "驳回", "reject"}},
	{cmd: cmdNudge, names: []string{"催办", "nudge"}},
	{cmd: cmdAttach, names: []string{"附件", "attach"}},
	{cmd: cmdSearch, names: []string{"搜索", "查找", "search"}, free: true},
	{cmd: cmdQuick, names: []string{"快捷回复", "快捷语", "quick"}},
	{cmd: cmdWait, names: []string{"待客户", "等待客户", "wait"}},
	{cmd: cmdResume, names: []string{"继续处理", "resume"}},
	{cmd: cmdCancel, names: []string{"取消", "算了", "cancel"}},
}

// byLength is every name with its spec, longest first.
var byLength = func() []nameSpec {
	var out []nameSpec
	for i := range specs {
		for _, n := range specs[i].names {
			out = append(out, nameSpec{n, &specs[i]})
		}
	}
	slices.SortStableFunc(out, func(a, b nameSpec) int {
		return utf8.RuneCountInString(b.name) - utf8.RuneCountInString(a.name)
	})
	return out
}()

type nameSpec struct {
	name string
	spec *spec
}

// parsed is one message as the parser reads it.
type parsed struct {
	cmd      cmd      // "" when the message names no command
	word     string   // the command word as typed
	args     string   // everything after the command word, trimmed
	number   string   // the first ticket number, upper case (GD20260302-0001)
	mentions []string // @userids, in order
	rest     string   // args without the number and the mentions
	choice   int      // with isChoice: the message is only a small number, a reply to a numbered list
	isChoice bool
	suggest  cmd    // when cmd is "": the command the first word is closest to
	text     string // the whole message, normalised
}

var (
	numberPattern  = regexp.MustCompile(`(?i)GD\s?(\d{8})-(\d{4,6})`)
	mentionPattern = regexp.MustCompile(`@([A-Za-z0-9_][A-Za-z0-9_.\-]{0,63})`)
	spaces         = regexp.MustCompile(`\s+`)
	// fullWidth maps the full-width forms a Chinese keyboard types to the
	// ASCII the parser looks for.
	fullWidth = strings.NewReplacer("\u3000", " ", "＠", "@", "＃", "#", "！", "!", "：", ":", "－", "-",
		"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9")
)

// parse reads a chat message. It is pure and total: any input gives a
// result, never a panic (FuzzParse).
func parse(text string) parsed {
	text = strings.ToValidUTF8(text, "")
	text = strings.TrimSpace(spaces.ReplaceAllString(fullWidth.Replace(text), " "))
	p := parsed{text: text}
	if n, err := strconv.Atoi(text); err == nil && n >= 0 && n < 100 && len(text) <= 2 {
		p.choice, p.isChoice = n, true
		return p
	}
	if m := numberPattern.FindStringSubmatchIndex(text); m != nil && m[0] == 0 && m[1] == len(text) {
		p.cmd, p.number = cmdShow, normNumber(text, m)
		return p
	}
	for _, ns := range byLength {
		after, ok := cutName(text, ns.name)
		if !ok || !follows(after, ns.spec.free, ns.name) {
			continue
		}
		p.cmd, p.word = ns.spec.cmd, text[:len(text)-len(after)]
		p.args = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(after), "工单"))
		break
	}
	if p.cmd == "" {
		p.suggest = closest(firstWord(text))
		return p
	}
	p.rest = p.args
	if m := numberPattern.FindStringSubmatchIndex(p.args); m != nil {
		p.number = normNumber(p.args, m)
		p.rest = p.args[:m[0]] + " " + p.args[m[1]:]
	}
	for _, m := range mentionPattern.FindAllStringSubmatch(p.rest, -1) {
		p.mentions = append(p.mentions, strings.TrimRight(m[1], ".-"))
	}
	p.rest = strings.TrimSpace(spaces.ReplaceAllString(mentionPattern.ReplaceAllString(p.rest, " "), " "))
	return p
}

func normNumber(s string, m []int) string { return "GD" + s[m[2]:m[3]] + "-" + s[m[4]:m[5]] }

// cutName returns what follows name at the start of text, matching
// English names without regard to case.
func cutName(text, name string) (string, bool) {
	if len(text) < len(name) || !strings.EqualFold(text[:len(name)], name) {
		return "", false
	}
	return text[len(name):], true
}

// follows says whether what comes after a command word ends it: nothing,
// a space, a ticket number, or (for Chinese names of commands that take
// free text) anything. "关闭了打印机" is no command; "关闭GD…" is.
func follows(after string, free bool, name string) bool {
	if after == "" || after[0] == ' ' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name)
	if r < utf8.RuneSelf && unicode.IsLetter(r) {
		return false // an English word must end at a space
	}
	rest := strings.TrimPrefix(after, "工单")
	if rest == "" || rest[0] == ' ' {
		return true
	}
	if m := numberPattern.FindStringIndex(rest); m != nil && m[0] == 0 {
		return true
	}
	return free && r >= utf8.RuneSelf
}

func firstWord(text string) string {
	w, _, _ := strings.Cut(text, " ")
	return w
}

// closest returns the command a mistyped word most likely meant: one edit
// away for short names, two for long English ones; "" when none is close.
func closest(word string) cmd {
	n := utf8.RuneCountInString(word)
	if n == 0 || n > 16 {
		return ""
	}
	best, bestD := cmd(""), 3
	for _, ns := range byLength {
		limit := 1
		if len(ns.name) >= 6 && ns.name[0] < utf8.RuneSelf {
			limit = 2
		}
		if utf8.RuneCountInString(ns.name) < 2 {
			continue
		}
		if d := distance(strings.ToLower(word), strings.ToLower(ns.name)); d <= limit && d < bestD && d > 0 {
			best, bestD = ns.spec.cmd, d
		}
	}
	return best
}

// distance is the edit distance over runes, a swap of two neighbours
// counting as one edit (hlep is one edit from help).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
