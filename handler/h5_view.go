package handler

import (
	"fmt"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// h5View is what every page executes with: the frame's facts and the
// page's own Data. Its methods are the pages' words and names, in the
// reader's language.
type h5View struct {
	Page     string // the template
	TitleKey string // h5Text key of the title
	Lang     string // "zh" or "en"
	Path     string // this page, for the language switch to come back to
	Me       *service.User
	Admin    bool
	Demo     bool
	CSRF     string
	Flash    string // a sentence about what just happened
	Data     any
	x        *service.OrgIndex // for names; nil on pages without people
	loc      *time.Location    // the business calendar's time zone
}

// T is the page text for key; a missing key shows itself, and a test
// checks that every key the templates use exists.
func (v *h5View) T(key string) string {
	if m, ok := h5Text[key]; ok {
		return m.in(v.Lang)
	}
	return key
}

// InAdmin reports whether the page is one of the admin pages, for the
// navigation's current mark.
func (v *h5View) InAdmin() bool { return strings.HasPrefix(v.Page, "admin") }

// HTMLLang is the lang attribute of the page.
func (v *h5View) HTMLLang() string {
	if v.Lang == "en" {
		return "en"
	}
	return "zh-CN"
}

// Other is the language the switch offers.
func (v *h5View) Other() string {
	if v.Lang == "en" {
		return "zh"
	}
	return "en"
}

// Person names a member; 0 or an unknown id is "—".
func (v *h5View) Person(id int64) string {
	if v.x != nil {
		if u, ok := v.x.User(id); ok {
			return u.Name
		}
	}
	return "—"
}

// DeptName names a department in the reader's language.
func (v *h5View) DeptName(id int64) string {
	if v.x != nil {
		if d, ok := v.x.Dept(id); ok {
			if v.Lang == "en" && d.NameEn != "" {
				return d.NameEn
			}
			return d.Name
		}
	}
	return "—"
}

// State names a ticket's lifecycle state.
func (v *h5View) State(t *service.Ticket) string {
	return service.StateLabel(service.StateOf(t), v.Lang)
}

// StateKey is the state, for the badge's colour.
func (v *h5View) StateKey(t *service.Ticket) string { return string(service.StateOf(t)) }

// Prio names a priority.
func (v *h5View) Prio(p service.Priority) string { return service.PriorityLabel(p, v.Lang) }

// TypeName names a ticket type; configured types without a label show as
// they are.
func (v *h5View) TypeName(t service.TicketType) string { return v.T("type." + string(t)) }

// ActionName names a timeline action.
func (v *h5View) ActionName(a service.Action) string { return v.T("action." + string(a)) }

// ViewName names a preset view.
func (v *h5View) ViewName(view service.View) string { return v.T("view." + string(view)) }

// When is a time in China time, to the minute.
func (v *h5View) When(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(v.loc).Format("2006-01-02 15:04")
}

// WhenP is When for an optional time.
func (v *h5View) WhenP(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return v.When(*t)
}

// Money is an amount in yuan.
func (v *h5View) Money(cents int64) string {
	return fmt.Sprintf("¥%d.%02d", cents/100, abs(cents%100))
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
