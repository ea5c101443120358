package handler

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	h5tpl "github.com/wecom-ticket/ticket/templates/h5"
)

// Every page parses with the layout, every asset a page loads is shipped,
// and every word a page or handler asks for exists in both languages.
func TestH5TemplatesCompileAndTheirWordsExist(t *testing.T) {
	assets := staticAssets()
	pages := parseH5Pages(assets)
	names, _ := fs.Glob(h5tpl.Files, "*.html")
	if len(pages) != len(names)-len(h5Layout) {
		t.Fatalf("%d pages parsed from %d files", len(pages), len(names))
	}
	for _, p := range []string{"login", "list", "detail", "form", "pick", "customers", "customer", "dashboard",
		"admin", "admin_templates", "admin_template", "admin_rules", "admin_sharing", "admin_notices",
		"admin_forms", "admin_template_form", "admin_edit", "public_form", "error"} {
		if pages[p] == nil || pages[p].Lookup("content") == nil {
			t.Errorf("page %s is missing or has no content", p)
		}
	}
	keys := map[string]bool{}
	quoted := regexp.MustCompile(`\.T "([a-z_.0-9]+)"`)
	asset := regexp.MustCompile(`asset "([^"]+)"`)
	for _, n := range names {
		b, _ := fs.ReadFile(h5tpl.Files, n)
		for _, m := range quoted.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
		for _, m := range asset.FindAllStringSubmatch(string(b), -1) {
			if assets[m[1]] == "" {
				t.Errorf("%s loads %s, which is not in templates/static", n, m[1])
			}
		}
	}
	goKeys := regexp.MustCompile(`(?:v\.T|h5Text\[)\(?"([a-z_.0-9]+)"`)
	files, _ := filepath.Glob("h5*.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKeys.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") { // a family's prefix: familyKeys
				keys[m[1]] = true
			}
		}
	}
	for k := range keys {
		checkWord(t, k)
	}
	for _, k := range familyKeys() {
		checkWord(t, k)
	}
}

func checkWord(t *testing.T, key string) {
	t.Helper()
	m, ok := h5Text[key]
	if !ok || m.zh == "" || m.en == "" {
		t.Errorf("no words for %q in both languages", key)
	}
}

// familyKeys are the words looked up by a value: every view, state
// action, type, origin, kind and setting a page can show.
func familyKeys() []string {
	var out []string
	add := func(prefix string, vals ...string) {
		for _, v := range vals {
			out = append(out, prefix+v)
		}
	}
	for _, v := range service.Views {
		add("view.", string(v))
	}
	for _, v := range service.DefaultTicketTypes {
		add("type.", string(v))
	}
	for _, o := range append(service.TicketOrigins, service.OriginSystem) {
		add("origin.", string(o))
	}
	for _, k := range service.CostKinds {
		add("cost.", string(k))
	}
	for _, n := range service.NoticeNodes {
		add("node.", string(n))
	}
	for _, f := range service.StdFields {
		add("std.", string(f))
	}
	for _, k := range service.FieldKinds {
		add("kind.", string(k))
	}
	add("action.", "create", "edit", "allocate", "dispatch", "accept", "wait_customer", "resume", "resolve", "close",
		"reopen", "lock", "unlock", "void", "change_owner", "transfer_request", "transfer_to_user", "transfer_to_dept",
		"transfer_reject", "members", "link", "unlink", "merge", "absorb", "unmerge", "unabsorb", "requeue", "nudge", "remind")
	steps := []string{"accept", "allocate", "dispatch", "resolve", "transfer", "approve", "reject", "wait", "resume",
		"close", "reopen", "lock", "unlock", "void"}
	add("do.", steps...)
	add("done.", append(steps, "create", "edit", "template", "retry", "rule", "rule_deleted", "share", "unshare", "form")...)
	add("rule_", "new", "edit")
	add("form_", "new", "edit")
	add("note.", "dispatch", "decide", "wait", "resume", "close", "reopen", "lock", "unlock", "void")
	add("stage.", "prospecting", "qualification", "proposal", "negotiation", "won", "lost")
	add("activity.", "call", "visit", "email", "meeting", "task")
	add("scene.", "presale", "insale", "aftersale", "custom")
	add("mode.", "0", "1", "2", "3", "4")
	add("channel.", string(service.ChannelKF), string(service.ChannelGroupMsg), string(service.ChannelEmail), string(service.ChannelSMS))
	add("delivery.", service.DeliverySent, service.DeliverySkipped, service.DeliveryFailed)
	add("approver.", string(service.ApproverOwnerLeader), string(service.ApproverTargetManager))
	add("access.", string(service.AccessRead), string(service.AccessWrite))
	add("strategy.", strs(service.RuleStrategies)...)
	add("party.", string(service.PartyUser), string(service.PartyDept), string(service.PartyGroup))
	return out
}

// A word is defined once: the three tables do not overlap.
func TestH5WordsAreDefinedOnce(t *testing.T) {
	seen := map[string]int{}
	for _, table := range []map[string]message{h5Words, h5Labels, h5AdminText, h5TemplateEditText, h5RuleEditText} {
		for k := range table {
			seen[k]++
		}
	}
	var twice []string
	for k, n := range seen {
		if n > 1 {
			twice = append(twice, k)
		}
	}
	if len(twice) > 0 {
		t.Fatalf("words defined more than once: %s", strings.Join(twice, ", "))
	}
}

// The problems the services report for fields read as Chinese sentences.
func TestH5ProblemsInChinese(t *testing.T) {
	for p, want := range map[string]string{
		"required": "必填", "does not match the required format": "格式不对", "must be a number": "请填写数字",
		"something new": "填写不正确",
	} {
		if got := problemText("zh", p); got != want {
			t.Errorf("%q → %q, want %q", p, got, want)
		}
	}
	if got := problemText("en", "required"); got != "required" {
		t.Errorf("English keeps the phrase, got %q", got)
	}
}
