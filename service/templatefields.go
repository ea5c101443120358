package service

import (
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 \-]{4,19}[0-9]$`)

// Default lengths of text fields when the template sets none.
const (
	maxTextLen     = 255
	maxLongTextLen = 32000
)

// normalize checks one custom field value and returns it in its stored
// form: text kinds as strings, number as float64, money as a string with
// two decimals, date and datetime as canonical strings, selects as a
// string or []string, user and department as int64 ids. x may be nil to
// skip the org checks (template defaults).
func (f *FieldDef) normalize(v any, x *OrgIndex) (any, string) {
	switch f.Kind {
	case FieldText, FieldLongText, FieldPhone, FieldEmail:
		return f.text(v)
	case FieldNumber, FieldMoney:
		n, ok := number(v)
		if !ok || math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, "must be a number"
		}
		if f.Min != nil && n < *f.Min || f.Max != nil && n > *f.Max {
			return nil, "out of range"
		}
		if f.Kind == FieldNumber {
			return n, ""
		}
		if math.Abs(n*100-math.Round(n*100)) > 1e-6 {
			return nil, "must have at most two decimals"
		}
		return strconv.FormatFloat(n, 'f', 2, 64), ""
	case FieldDate, FieldDateTime:
		s, _ := v.(string)
		layout := map[FieldKind]string{FieldDate: DayLayout, FieldDateTime: time.RFC3339}[f.Kind]
		t, err := time.Parse(layout, s)
		if err != nil {
			return nil, "must be a date like " + layout
		}
		if f.Kind == FieldDateTime {
			return t.UTC().Format(time.RFC3339), ""
		}
		return s, ""
	case FieldSingleSelect:
		s, _ := v.(string)
		if !f.hasOption(s) {
			return nil, "not one of the options"
		}
		return s, ""
	case FieldMultiSelect:
		return f.multi(v)
	case FieldUser, FieldDepartment:
		id, ok := number(v)
		if !ok || id != math.Trunc(id) || id <= 0 {
			return nil, "must be an id"
		}
		if x != nil && !orgHas(x, f.Kind, int64(id)) {
			return nil, "no such " + map[FieldKind]string{FieldUser: "user", FieldDepartment: "department"}[f.Kind]
		}
		return int64(id), ""
	}
	return nil, "unknown field kind"
}

func orgHas(x *OrgIndex, k FieldKind, id int64) bool {
	if k == FieldUser {
		u, ok := x.User(id)
		return ok && u.Enabled
	}
	_, ok := x.Dept(id)
	return ok
}

func (f *FieldDef) text(v any) (any, string) {
	s, ok := v.(string)
	if !ok {
		return nil, "must be text"
	}
	limit := f.MaxLen
	if limit == 0 {
		limit = map[bool]int{true: maxLongTextLen, false: maxTextLen}[f.Kind == FieldLongText]
	}
	if utf8.RuneCountInString(s) > limit {
		return nil, fmt.Sprintf("must be at most %d characters", limit)
	}
	switch f.Kind {
	case FieldPhone:
		if !phonePattern.MatchString(s) {
			return nil, "not a phone number"
		}
	case FieldEmail:
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			return nil, "not an email address"
		}
	}
	if f.Pattern != "" {
		if re, err := regexp.Compile(f.Pattern); err != nil || !re.MatchString(s) {
			return nil, "does not match the required format"
		}
	}
	return s, ""
}

func (f *FieldDef) multi(v any) (any, string) {
	var in []string
	switch vs := v.(type) {
	case []string:
		in = vs
	case []any:
		for _, e := range vs {
			s, ok := e.(string)
			if !ok {
				return nil, "must be a list of options"
			}
			in = append(in, s)
		}
	default:
		return nil, "must be a list of options"
	}
	out := slices.Clone(in)
	slices.Sort(out)
	if len(slices.Compact(out)) != len(in) {
		return nil, "lists an option twice"
	}
	for _, s := range in {
		if !f.hasOption(s) {
			return nil, fmt.Sprintf("%q is not one of the options", s)
		}
	}
	return out, ""
}

func (f *FieldDef) hasOption(v string) bool {
	return slices.ContainsFunc(f.Options, func(o FieldOption) bool { return o.Value == v })
}

// number accepts the forms a number arrives in: JSON (float64), YAML or
// Go (ints), or a decimal string (money typed by a person).
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		return f, err == nil
	}
	return 0, false
}

// empty reports whether a value counts as not given.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case []string:
		return len(x) == 0
	}
	return false
}
