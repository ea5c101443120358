package handler

import (
	"strconv"

	"github.com/wecom-ticket/ticket/service"
)

// The inputs of the template form, by section. Their names are the ones
// templateFrom reads.

func choices(v *h5View, prefix string, vals ...string) []option {
	out := make([]option, 0, len(vals))
	for _, s := range vals {
		out = append(out, option{Value: s, Label: v.T(prefix + s)})
	}
	return out
}

// templateBasics names the template; the code only while creating it.
func templateBasics(v *h5View, creating bool) []formField {
	var out []formField
	if creating {
		out = append(out, formField{Name: "code", Label: v.T("template_code"), Kind: "text", Required: true, MaxLen: 64})
	}
	scenes := []string{string(service.ScenePreSale), string(service.SceneInSale), string(service.SceneAfterSale),
		string(service.SceneCustom)}
	return append(out,
		formField{Name: "name", Label: v.T("name"), Kind: "text", Required: true, MaxLen: 128},
		formField{Name: "name_en", Label: v.T("name_en"), Kind: "text", MaxLen: 128},
		formField{Name: "scene", Label: v.T("scene"), Kind: "select", NoBlank: true, Options: choices(v, "scene.", scenes...)},
		formField{Name: "scene_label", Label: v.T("scene_label"), Kind: "text", MaxLen: 64})
}

// templateFlow is how the template's tickets move and whom they tell.
func (h *h5) templateFlow(v *h5View) []formField {
	var modes, nodes []string
	for m := service.DispatchByCreator; m <= service.DispatchAllocateThenRegion; m++ {
		modes = append(modes, strconv.Itoa(int(m)))
	}
	for _, n := range service.NoticeNodes {
		nodes = append(nodes, string(n))
	}
	return []formField{
		{Name: "dispatch_mode", Label: v.T("dispatch_mode"), Kind: "select", NoBlank: true, Options: choices(v, "mode.", modes...)},
		{Name: "default_priority", Label: v.T("default_priority"), Kind: "select", Options: h.priorityOptions(v)},
		{Name: "default_type", Label: v.T("default_type"), Kind: "select", Options: h.typeOptions(v)},
		{Name: "transfer_approver", Label: v.T("transfer_approver"), Kind: "select", NoBlank: true,
			Options: choices(v, "approver.", string(service.ApproverOwnerLeader), string(service.ApproverTargetManager))},
		{Name: "customer_notices", Label: v.T("customer_notices"), Kind: "multi", Options: choices(v, "node.", nodes...)},
		{Name: "escalation.warn_at", Label: v.T("warn_at_pct"), Kind: "number", Min: "0"},
		{Name: "escalation.reassign", Label: v.T("reassign"), Kind: "check"},
	}
}

// templateStd is a rule for each standard field the template decides.
func templateStd(v *h5View) []formField {
	var out []formField
	for _, f := range service.StdFields {
		if f != service.StdOwner && f != service.StdReceivingDept {
			out = append(out, formField{Name: "standard_fields." + string(f), Label: v.T("std." + string(f)), Kind: "select",
				NoBlank: true, Options: choices(v, "", stdChoices...)})
		}
	}
	return out
}

// fieldInputs are one custom field's inputs; a blank row for a new field
// has nothing to remove.
func fieldInputs(v *h5View, row int, blank bool) []formField {
	var kinds []string
	for _, k := range service.FieldKinds {
		kinds = append(kinds, string(k))
	}
	in := func(name, label, kind string) formField {
		return formField{Name: rowName(row, name), Label: v.T(label), Kind: kind}
	}
	kind := in("kind", "kind", "select")
	kind.NoBlank, kind.Options = true, choices(v, "kind.", kinds...)
	out := []formField{in("key", "field_key", "text"), in("label", "field_label", "text"), in("label_en", "field_label_en", "text"),
		kind, in("required", "required", "check"), in("options", "options_lines", "textarea"), in("default", "field_default", "text"),
		in("max_len", "max_len", "number"), in("min", "min", "number"), in("max", "max", "number"), in("pattern", "pattern", "text")}
	if !blank {
		out = append(out, in("remove", "remove_field", "check"))
	}
	return out
}
