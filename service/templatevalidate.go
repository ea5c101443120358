package service

import (
	"fmt"
	"regexp"
	"slices"
	"unicode/utf8"
)

var templateKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// validate returns every problem of a template definition, by field.
func (d *TemplateDef) validate(types []TicketType) map[string]string {
	bad := map[string]string{}
	if !templateKeyPattern.MatchString(d.Code) {
		bad["code"] = "must be 1-64 lowercase letters, digits or _, starting with a letter"
	}
	if n := utf8.RuneCountInString(d.Name); n == 0 || n > 128 {
		bad["name"] = "must be 1 to 128 characters"
	}
	switch d.Scene {
	case ScenePreSale, SceneInSale, SceneAfterSale:
	case SceneCustom:
		if d.SceneLabel == "" {
			bad["scene_label"] = "a custom scene needs a label"
		}
	default:
		bad["scene"] = "must be presale, insale, aftersale or custom"
	}
	if d.DispatchMode < DispatchByCreator || d.DispatchMode > DispatchAllocateThenRegion {
		bad["dispatch_mode"] = "must be 1, 2, 3 or 4"
	}
	if d.DefaultPriority != "" && !d.DefaultPriority.Valid() {
		bad["default_priority"] = "unknown priority"
	}
	if d.DefaultType != "" && !slices.Contains(types, d.DefaultType) {
		bad["default_type"] = "unknown ticket type"
	}
	for f, r := range d.Standard {
		at := "standard_fields." + string(f)
		switch {
		case !slices.Contains(StdFields, f):
			bad[at] = "unknown standard field"
		case f == StdOwner || f == StdReceivingDept:
			bad[at] = "follows the dispatch mode and cannot be set"
		case r.Hidden && r.Required:
			bad[at] = "cannot be both hidden and required"
		}
	}
	seen := map[string]bool{}
	for i, f := range d.Fields {
		f.validate(fmt.Sprintf("fields[%d]", i), seen, bad)
	}
	for p, t := range d.SLA {
		at := "sla." + string(p)
		switch {
		case !p.Valid():
			bad[at] = "unknown priority"
		case t.ResponseHours < 0 || t.ResolveHours < 0:
			bad[at] = "hours cannot be negative"
		case t.ResponseHours > 0 && t.ResolveHours > 0 && t.ResponseHours > t.ResolveHours:
			bad[at] = "response time cannot exceed resolution time"
		}
	}
	if d.TransferApprover != ApproverOwnerLeader && d.TransferApprover != ApproverTargetManager {
		bad["transfer_approver"] = "must be owner_leader or target_manager"
	}
	d.Escalation.validate(bad)
	for i, n := range d.Notices {
		if !slices.Contains(NoticeNodes, n) {
			bad[fmt.Sprintf("customer_notices[%d]", i)] = "unknown lifecycle node"
		}
	}
	return bad
}

func (f *FieldDef) validate(at string, seen map[string]bool, bad map[string]string) {
	switch {
	case !templateKeyPattern.MatchString(f.Key):
		bad[at+".key"] = "must be 1-64 lowercase letters, digits or _, starting with a letter"
	case seen[f.Key]:
		bad[at+".key"] = fmt.Sprintf("field %q is defined twice", f.Key)
	}
	seen[f.Key] = true
	if f.Label == "" {
		bad[at+".label"] = "required"
	}
	if !slices.Contains(FieldKinds, f.Kind) {
		bad[at+".kind"] = "unknown field kind"
		return
	}
	selects := f.Kind == FieldSingleSelect || f.Kind == FieldMultiSelect
	switch {
	case selects && len(f.Options) == 0:
		bad[at+".options"] = "a select field needs options"
	case !selects && len(f.Options) > 0:
		bad[at+".options"] = "only select fields have options"
	}
	values := map[string]bool{}
	for _, o := range f.Options {
		if o.Value == "" || o.Label == "" || values[o.Value] {
			bad[at+".options"] = "each option needs a unique value and a label"
		}
		values[o.Value] = true
	}
	if f.MaxLen < 0 {
		bad[at+".max_len"] = "cannot be negative"
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		bad[at+".min"] = "cannot exceed max"
	}
	if f.Pattern != "" {
		if _, err := regexp.Compile(f.Pattern); err != nil {
			bad[at+".pattern"] = "not a valid regular expression"
		}
	}
	if f.Default != nil && f.Kind != FieldUser && f.Kind != FieldDepartment {
		if _, problem := f.normalize(f.Default, nil); problem != "" {
			bad[at+".default"] = problem
		}
	}
}
