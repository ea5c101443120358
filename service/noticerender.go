package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"text/template"
	"time"
)

// NoticeTemplates renders notices from a template tree (templates/notices):
//
//	staff/<kind>.<lang>.md       markdown app messages and group robots
//	cards/<kind>.<lang>.json     template cards (JSON with {{json .X}} for values)
//	customer/<node>.<lang>.tmpl  {{define "subject"}}, {{define "text"}}, {{define "sms"}}
//
// The shipped tree is embedded; a file of the same path in the override
// directory replaces it, and is picked up on its next use (its modification
// time is checked), so admins change wording without a rebuild or restart.
// An override that does not parse is ignored, with a warning, in favour of
// the shipped file.
type NoticeTemplates struct {
	base fs.FS
	dir  string
	log  *slog.Logger

	mu    sync.Mutex
	cache map[string]*noticeTemplate
}

type noticeTemplate struct {
	tpl     *template.Template
	fromDir bool
	mod     time.Time
}

// NewNoticeTemplates parses every shipped template and every override in
// dir ("" for none), and reports every file that does not parse at once.
func NewNoticeTemplates(base fs.FS, dir string, log *slog.Logger) (*NoticeTemplates, error) {
	n := &NoticeTemplates{base: base, dir: dir, log: log, cache: map[string]*noticeTemplate{}}
	var problems []string
	check := func(fsys fs.FS, where string) {
		_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !noticeFile(p) {
				return err
			}
			raw, err := fs.ReadFile(fsys, p)
			if err == nil {
				_, err = parseNotice(p, raw)
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s%s: %v", where, p, err))
			}
			return nil
		})
	}
	check(base, "")
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("notice template directory %q is not a directory", dir)
		}
		check(os.DirFS(dir), dir+string(filepath.Separator))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("notice templates: %s", strings.Join(problems, "; "))
	}
	return n, nil
}

// noticeFile reports whether p is a notice template (pages are HTML and
// belong to the web edge).
func noticeFile(p string) bool {
	switch path.Dir(p) {
	case "staff", "cards", "customer":
		return true
	}
	return false
}

// parseNotice parses a template and executes it once on data with every
// field set, so a template that names a field NoticeData lacks, or misses
// a part a customer notice needs, is refused when it is read rather than
// when a ticket changes (its error would roll the change back).
func parseNotice(name string, raw []byte) (*template.Template, error) {
	t, err := template.New(path.Base(name)).Option("missingkey=error").Funcs(noticeFuncs).Parse(string(raw))
	if err != nil {
		return nil, err
	}
	parts := []string{""}
	if path.Dir(name) == "customer" {
		parts = []string{"subject", "text", "sms"}
	}
	for _, part := range parts {
		if _, err := execute(t, part, probeData); err != nil {
			return nil, err
		}
	}
	return t, nil
}

var probeData = NoticeData{Lang: LangZh, Recipient: "r", Actor: "a", Ticket: NoticeTicket{ID: 1, Number: "GD1", Subject: "s",
	Status: "st", Priority: "p"}, Role: "r", From: "f", To: "t", Queue: "q", Note: "n", Excerpt: "e", Approved: true,
	Target: "t", Due: "d", Handler: "h", Score: 5, Customer: "c", Link: "https://l", CSATLink: "https://c",
	Summary: &NoticeSummary{Day: "2026-01-01", Open: 1, Overdue: 1, ResolvedYesterday: 1}}

var noticeFuncs = template.FuncMap{
	// json writes a value as a JSON literal, for card templates.
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	// clip shortens text to n characters, with an ellipsis.
	"clip": func(n int, s string) string { return clipRunes(s, n) },
}

// Files is the template tree as an admin sees it: overrides over the
// shipped files. The web edge reads its pages from here.
func (n *NoticeTemplates) Files() fs.FS { return overlayFS{top: n.dir, base: n.base} }

// lookup returns the template at p in lang, falling back to Chinese when
// there is no English file.
func (n *NoticeTemplates) lookup(dir, name, lang, ext string) (*template.Template, error) {
	for _, l := range []string{lang, LangZh} {
		if t, err := n.get(fmt.Sprintf("%s/%s.%s.%s", dir, name, l, ext)); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return t, err
		}
	}
	return nil, fmt.Errorf("no notice template %s/%s.%s.%s: %w", dir, name, lang, ext, fs.ErrNotExist)
}

func (n *NoticeTemplates) get(p string) (*template.Template, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t, ok := n.override(p); ok {
		return t, nil
	}
	if cur := n.cache[p]; cur != nil && !cur.fromDir {
		return cur.tpl, nil
	}
	raw, err := fs.ReadFile(n.base, p)
	if err != nil {
		return nil, err
	}
	t, err := parseNotice(p, raw)
	if err != nil {
		return nil, err
	}
	n.cache[p] = &noticeTemplate{tpl: t}
	return t, nil
}

// Staff renders a staff notice: markdown, or a card's JSON.
func (n *NoticeTemplates) Staff(kind NoticeKind, card bool, d NoticeData) (StaffPayload, error) {
	dir, ext := "staff", "md"
	if card {
		dir, ext = "cards", "json"
	}
	t, err := n.lookup(dir, string(kind), d.Lang, ext)
	if err != nil {
		return StaffPayload{}, err
	}
	out, err := execute(t, "", d)
	if err != nil {
		return StaffPayload{}, err
	}
	p := StaffPayload{Lang: d.Lang}
	if !card {
		p.Text = out
		return p, nil
	}
	if !json.Valid([]byte(out)) {
		return StaffPayload{}, fmt.Errorf("card template %s/%s: output is not JSON", dir, kind)
	}
	p.Card = json.RawMessage(out)
	return p, nil
}

// CustomerTexts are one customer notice in each form a channel needs.
type CustomerTexts struct {
	Subject string // email subject
	Text    string // 微信客服, group-send, email body
	SMS     string // short enough for a text message
}

// Customer renders a customer notice for a lifecycle node.
func (n *NoticeTemplates) Customer(node NoticeNode, d NoticeData) (CustomerTexts, error) {
	t, err := n.lookup("customer", string(node), d.Lang, "tmpl")
	if err != nil {
		return CustomerTexts{}, err
	}
	var out CustomerTexts
	for name, dst := range map[string]*string{"subject": &out.Subject, "text": &out.Text, "sms": &out.SMS} {
		if *dst, err = execute(t, name, d); err != nil {
			return CustomerTexts{}, err
		}
	}
	return out, nil
}

func execute(t *template.Template, name string, d NoticeData) (string, error) {
	var buf bytes.Buffer
	var err error
	if name == "" {
		err = t.Execute(&buf, d)
	} else {
		err = t.ExecuteTemplate(&buf, name, d)
	}
	if err != nil {
		return "", fmt.Errorf("render notice: %w", err)
	}
	return strings.TrimSpace(buf.String()), nil
}
