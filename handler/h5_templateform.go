package handler

import (
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// The template form names its inputs as the service names their problems
// ("sla.high", "standard_fields.product"), except the custom fields: their
// rows are numbered as the form lists them ("fields.2.kind"), removed and
// blank ones included, so the service's "fields[1].kind" is mapped back.

// stdChoices are the settings of a standard field's select.
var stdChoices = []string{"optional", "hidden", "required"}

// templateInput is a posted template form in the service's terms.
type templateInput struct {
	formReader // bad: by input name, what could not be read
	def        service.TemplateDef
	rows       []int // the form row of each of def.Fields
}

// templateFrom reads a template form. What cannot be read (a number that
// is not one) is reported by input, never guessed at.
func templateFrom(form url.Values, loc *time.Location) templateInput {
	in := templateInput{formReader: formReader{form: form, bad: map[string]string{}}}
	get := in.text
	d := &in.def
	d.Code, d.Name, d.NameEn, d.SceneLabel = get("code"), get("name"), get("name_en"), get("scene_label")
	d.Scene, d.TransferApprover = service.Scene(get("scene")), service.ApproverRule(get("transfer_approver"))
	mode, _ := strconv.Atoi(get("dispatch_mode")) // anything else is 0, which the service refuses
	d.DispatchMode = service.DispatchMode(mode)
	d.DefaultPriority, d.DefaultType = service.Priority(get("default_priority")), service.TicketType(get("default_type"))
	for _, n := range form["customer_notices"] {
		d.Notices = append(d.Notices, service.NoticeNode(n))
	}
	warn, reassign := get("escalation.warn_at"), in.on("escalation.reassign")
	if warn != "" || reassign {
		// An empty share keeps the default warning, as no policy at all does.
		d.Escalation = &service.SLAEscalation{WarnAt: service.DefaultWarnAt, Reassign: reassign}
		if warn != "" {
			d.Escalation.WarnAt = in.decimal("escalation.warn_at", warn) / 100
		}
	}
	for _, p := range service.Priorities {
		at := "sla." + string(p)
		resp, res := get(at+".response_hours"), get(at+".resolve_hours")
		if resp == "" && res == "" {
			continue
		}
		if d.SLA == nil {
			d.SLA = map[service.Priority]service.SLATarget{}
		}
		d.SLA[p] = service.SLATarget{ResponseHours: in.decimal(at, resp), ResolveHours: in.decimal(at, res)}
	}
	for _, f := range service.StdFields {
		name := "standard_fields." + string(f)
		var r service.FieldRule
		switch get(name) {
		case "", "optional":
			continue
		case "hidden":
			r.Hidden = true
		case "required":
			r.Required = true
		default:
			in.bad[name] = "must be hidden, optional or required"
		}
		if d.Standard == nil {
			d.Standard = map[service.StdField]service.FieldRule{}
		}
		d.Standard[f] = r
	}
	for row := 0; form.Has(rowName(row, "key")); row++ {
		if f, ok := in.field(row, loc); ok {
			d.Fields = append(d.Fields, f)
			in.rows = append(in.rows, row)
		}
	}
	return in
}

// field reads one custom field row; a removed row, or one left without
// key and label (the blank rows for new fields), is not a field.
func (in *templateInput) field(row int, loc *time.Location) (service.FieldDef, bool) {
	get := func(name string) string { return in.text(rowName(row, name)) }
	f := service.FieldDef{Key: get("key"), Label: get("label"), LabelEn: get("label_en"), Kind: service.FieldKind(get("kind")),
		Required: in.on(rowName(row, "required")), Pattern: in.form.Get(rowName(row, "pattern"))}
	if in.on(rowName(row, "remove")) || f.Key == "" && f.Label == "" {
		return f, false
	}
	for _, line := range strings.Split(get("options"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		parts := append(strings.SplitN(line, "=", 3), "", "")
		f.Options = append(f.Options, service.FieldOption{Value: strings.TrimSpace(parts[0]),
			Label: strings.TrimSpace(parts[1]), LabelEn: strings.TrimSpace(parts[2])})
	}
	f.MaxLen = in.number(rowName(row, "max_len"))
	for name, to := range map[string]**float64{"min": &f.Min, "max": &f.Max} {
		if s := get(name); s != "" {
			n := in.decimal(rowName(row, name), s)
			*to = &n
		}
	}
	switch s := get("default"); {
	case s == "":
	case f.Kind == service.FieldMultiSelect:
		var vals []string
		for _, v := range strings.Split(s, ",") {
			vals = append(vals, strings.TrimSpace(v))
		}
		f.Default = vals
	default:
		f.Default = typedValue(f, s, loc)
	}
	return f, true
}

func rowName(row int, name string) string { return "fields." + strconv.Itoa(row) + "." + name }

var serviceRowKey = regexp.MustCompile(`^fields\[(\d+)\]\.(.+)$`)

// formProblems are the service's problems by input: a custom field's by
// its form row, a notice node's at the notice checkboxes.
func (in *templateInput) formProblems(fields map[string]string) map[string]string {
	out := map[string]string{}
	for k, p := range fields {
		if m := serviceRowKey.FindStringSubmatch(k); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(in.rows) {
				k = rowName(in.rows[i], m[2])
			}
		} else if strings.HasPrefix(k, "customer_notices[") {
			k = "customer_notices"
		}
		out[k] = p
	}
	return out
}

// templateValues is a definition as its form shows it.
func templateValues(d *service.TemplateDef, loc *time.Location) url.Values {
	vals := url.Values{"code": {d.Code}, "name": {d.Name}, "name_en": {d.NameEn}, "scene": {string(d.Scene)},
		"scene_label": {d.SceneLabel}, "dispatch_mode": {strconv.Itoa(int(d.DispatchMode))},
		"default_priority": {string(d.DefaultPriority)}, "default_type": {string(d.DefaultType)},
		"transfer_approver": {string(d.TransferApprover)}}
	for _, n := range d.Notices {
		vals.Add("customer_notices", string(n))
	}
	if e := d.Escalation; e != nil {
		vals.Set("escalation.warn_at", formatNumber(math.Round(e.WarnAt*1e6)/1e4))
		vals.Set("escalation.reassign", strconv.FormatBool(e.Reassign))
	}
	for p, t := range d.SLA {
		vals.Set("sla."+string(p)+".response_hours", formatNumber(t.ResponseHours))
		vals.Set("sla."+string(p)+".resolve_hours", formatNumber(t.ResolveHours))
	}
	for f, r := range d.Standard {
		vals.Set("standard_fields."+string(f), map[bool]string{true: "hidden"}[r.Hidden]+map[bool]string{true: "required"}[r.Required])
	}
	for row, f := range d.Fields {
		set := func(name, v string) { vals.Set(rowName(row, name), v) }
		set("key", f.Key)
		set("label", f.Label)
		set("label_en", f.LabelEn)
		set("kind", string(f.Kind))
		set("required", strconv.FormatBool(f.Required))
		set("pattern", f.Pattern)
		var opts []string
		for _, o := range f.Options {
			opts = append(opts, strings.TrimSuffix(o.Value+"="+o.Label+"="+o.LabelEn, "="))
		}
		set("options", strings.Join(opts, "\n"))
		if f.Default != nil {
			set("default", strings.Join(customFormValue(f, f.Default, loc), ","))
		}
		if f.MaxLen != 0 {
			set("max_len", strconv.Itoa(f.MaxLen))
		}
		if f.Min != nil {
			set("min", formatNumber(*f.Min))
		}
		if f.Max != nil {
			set("max", formatNumber(*f.Max))
		}
	}
	return vals
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
