package service

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// Field limits of the requirement documents.
const (
	maxSubject         = 255
	maxDescription     = 32000
	maxSolution        = 32000
	maxInternalComment = 3000
	maxReason          = 255
	maxProduct         = 128
)

// checkValues adds every problem of the ticket's own values to bad, and
// puts custom fields into their stored form.
func (s *TicketService) checkValues(t *Ticket, tpl *Template, x *OrgIndex, bad map[string]string) {
	for _, c := range []struct {
		key, val string
		min, max int
	}{
		{"subject", t.Subject, 1, maxSubject}, {"description", t.Description, 0, maxDescription},
		{"solution", t.Solution, 0, maxSolution}, {"internal_comment", t.InternalComment, 0, maxInternalComment},
		{"reason", t.Reason, 0, maxReason}, {"product", t.Product, 0, maxProduct},
	} {
		if n := utf8.RuneCountInString(c.val); n < c.min || n > c.max {
			bad[c.key] = fmt.Sprintf("must be %d to %d characters", c.min, c.max)
		}
	}
	if !t.Priority.Valid() {
		bad["priority"] = "unknown priority"
	}
	if !slices.Contains(s.d.Types, t.Type) {
		bad["type"] = "unknown ticket type"
	}
	if !t.Origin.Valid() {
		bad["origin"] = "unknown origin"
	}
	checkMembers(x, t, bad)
	if tpl == nil {
		if len(t.CustomFields) > 0 {
			bad["custom_fields"] = "custom fields need a template"
		}
		return
	}
	for k := range t.CustomFields {
		if !slices.ContainsFunc(tpl.Fields, func(f FieldDef) bool { return f.Key == k }) {
			bad["custom."+k] = "not a field of this template"
		}
	}
	for _, f := range tpl.Fields {
		v, ok := t.CustomFields[f.Key]
		if !ok || empty(v) {
			delete(t.CustomFields, f.Key)
			if f.Required {
				bad["custom."+f.Key] = "required"
			}
			continue
		}
		norm, problem := f.normalize(v, x)
		if problem != "" {
			bad["custom."+f.Key] = problem
			continue
		}
		t.CustomFields[f.Key] = norm
	}
}

func checkMembers(x *OrgIndex, t *Ticket, bad map[string]string) {
	for _, m := range t.Members {
		if u, ok := x.User(m.UserID); !ok || !u.Enabled {
			bad["members"] = fmt.Sprintf("user %d is not an enabled member", m.UserID)
		}
		if !m.Access.Valid() || (m.Role != MemberAssistant && m.Role != MemberTeam) {
			bad["members"] = "each member needs role assistant or team and access read or write"
		}
		if m.UserID == t.OwnerID && t.OwnerID != 0 {
			bad["members"] = "the owner is not a member"
		}
	}
}

// checkStandard applies the template's visibility and requiredness of the
// standard fields. On create every field given counts; on update only the
// ones changed, and the receiver and receiving department are left to the
// dispatch actions.
func checkStandard(tpl *Template, old, n *Ticket, bad map[string]string) {
	if tpl == nil {
		return
	}
	for _, f := range StdFields {
		if old != nil && (f == StdOwner || f == StdReceivingDept) {
			continue
		}
		r := tpl.rule(f)
		v := stdValue(n, f)
		touched := v != "" && v != "0"
		if old != nil {
			touched = v != stdValue(old, f)
		}
		switch {
		case r.Hidden && touched:
			bad[string(f)] = "not used by this template"
		case r.Required && (v == "" || v == "0") && f != StdPriority && f != StdType: // these always have a default
			bad[string(f)] = "required"
		}
	}
}

func stdValue(t *Ticket, f StdField) string {
	switch f {
	case StdDescription:
		return t.Description
	case StdPriority:
		return string(t.Priority)
	case StdType:
		return string(t.Type)
	case StdReason:
		return t.Reason
	case StdProduct:
		return t.Product
	case StdCustomer:
		return fmt.Sprint(t.CustomerID)
	case StdContact:
		return fmt.Sprint(t.ContactID)
	case StdOpportunity:
		return fmt.Sprint(t.OpportunityID)
	case StdOwner:
		return fmt.Sprint(t.OwnerID)
	case StdReceivingDept:
		return fmt.Sprint(t.ReceivingDeptID)
	}
	return ""
}
