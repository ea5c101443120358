package handler

import (
	"fmt"
	"strconv"

	"github.com/wecom-ticket/ticket/service"
)

// Party names the source or target of a sharing or dispatch rule.
func (v *h5View) Party(kind service.PartyKind, id int64) string {
	switch kind {
	case service.PartyUser:
		return v.T("party.user") + " " + v.Person(id)
	case service.PartyDept:
		return v.T("party.dept") + " " + v.DeptName(id)
	}
	g := &service.Group{Name: fmt.Sprintf("#%d", id)}
	if v.x != nil {
		if found, ok := v.x.Group(id); ok {
			g = found
		}
	}
	return v.T("party.group") + " " + groupLabel(v, g)
}

// partyInputs: the services name a party's problem by its kind or id,
// and the form picks both with one select.
var partyInputs = map[string]string{"source_kind": "source", "source_id": "source",
	"target_kind": "target", "target_id": "target"}

// partyField picks a member, department or group with one select whose
// values are "kind:id", so the form needs no script to switch pickers.
func partyField(v *h5View, name, label string, offer ...service.PartyKind) formField {
	f := formField{Name: name, Label: label, Kind: "select", Required: true}
	for _, k := range offer {
		var opts []option
		switch k {
		case service.PartyUser, service.PartyDept:
			opts = orgOptions(v, k == service.PartyUser)
		case service.PartyGroup:
			for _, g := range v.x.Groups() {
				opts = append(opts, option{Value: strconv.FormatInt(g.ID, 10), Label: groupLabel(v, g)})
			}
		}
		for i := range opts {
			opts[i].Value = partyValue(k, opts[i].Value)
		}
		f.Groups = append(f.Groups, optionGroup{Label: v.T("party." + string(k)), Options: opts})
	}
	return f
}

func partyValue(k service.PartyKind, id string) string { return string(k) + ":" + id }

// groupLabel names a group with its size.
func groupLabel(v *h5View, g *service.Group) string {
	return g.Name + "（" + strconv.Itoa(len(g.MemberIDs)) + v.T("people") + "）"
}
