package handler

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// formReader reads posted inputs into the services' types. What cannot
// be read (a malformed number) becomes a problem of its input; checking
// what was read is the service's.
type formReader struct {
	form url.Values
	bad  map[string]string
}

func readForm(c *gin.Context) formReader {
	return formReader{form: postedForm(c), bad: map[string]string{}}
}

func (r formReader) text(name string) string { return strings.TrimSpace(r.form.Get(name)) }

// on reads a checkbox.
func (r formReader) on(name string) bool { return r.form.Get(name) == "true" }

// number reads a whole number; empty is 0.
func (r formReader) number(name string) int {
	return int(r.whole(name, r.form.Get(name), "must be a whole number"))
}

// id reads a chosen record; empty is 0 (none).
func (r formReader) id(name string) int64 {
	return r.whole(name, r.form.Get(name), "not one of the options")
}

// ids reads the records ticked in a group of boxes.
func (r formReader) ids(name string) []int64 {
	var out []int64
	for _, s := range r.form[name] {
		out = append(out, r.whole(name, s, "not one of the options"))
	}
	return out
}

// whole parses s, an input of name; empty is 0, and anything else but a
// whole number is the input's problem.
func (r formReader) whole(name, s, problem string) int64 {
	s = strings.TrimSpace(s)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil && s != "" {
		r.bad[name] = problem
	}
	return n
}

// decimal parses s, a typed-in number; empty is 0. What does not parse
// is reported at at: its input, or the group of inputs it belongs to.
func (r formReader) decimal(at, s string) float64 {
	if s = strings.TrimSpace(s); s == "" {
		return 0
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		r.bad[at] = "must be a number"
		return 0
	}
	return n
}

// list reads a text of items separated by commas (either width),
// enumeration commas or new lines.
func (r formReader) list(name string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(r.form.Get(name), func(c rune) bool {
		return c == ',' || c == '，' || c == '、' || c == '\n' || c == '\r'
	}) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// party reads a party picker: "" is no party, which the service names.
func (r formReader) party(name string) (service.PartyKind, int64) {
	s := r.text(name)
	if s == "" {
		return "", 0
	}
	kind, id, _ := strings.Cut(s, ":")
	return service.PartyKind(kind), r.whole(name, id, "not one of the options")
}

// err is the problems found while reading, as the services report theirs.
func (r formReader) err() error {
	if len(r.bad) > 0 {
		return service.Invalid(r.bad)
	}
	return nil
}

// strs turns a list of string-kinded values into a form's values.
func strs[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, s := range vals {
		out[i] = string(s)
	}
	return out
}

// kinds turns a form's values into string-kinded values.
func kinds[T ~string](vals []string) []T {
	var out []T
	for _, s := range vals {
		out = append(out, T(s))
	}
	return out
}

func idStrings(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}

// checked is a single box's value: ticked when on.
func checked(on bool) []string {
	if on {
		return []string{"true"}
	}
	return nil
}

// checkbox is a single box that reads as "true" when ticked.
func checkbox(name, legend, label string) formField {
	return formField{Name: name, Label: legend, Kind: "multi", Options: []option{{Value: "true", Label: label}}}
}
