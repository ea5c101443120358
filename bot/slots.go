package bot

import (
	"strconv"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// A slot is one thing a new ticket's dialog can ask: a standard field
// (its index in stdSlots), a template's custom field (slotCustom plus its
// index in the template), or a step of the dialog itself.
const (
	slotSubject     uint8 = 0
	slotPriority    uint8 = 2
	slotCustomer    uint8 = 6
	slotContact     uint8 = 7
	slotOpportunity uint8 = 8
	slotOwner       uint8 = 9
	slotCustom      uint8 = 32
	slotTemplate    uint8 = 250
	slotConfirm     uint8 = 251
	maxCustomFields       = int(slotTemplate - slotCustom)
)

// stdSlots are the standard fields by slot, in the order the dialog asks
// them (the subject first).
var stdSlots = []string{"subject", "description", "priority", "type", "reason", "product", "customer_id",
	"contact_id", "opportunity_id", "owner_id", "receiving_dept_id"}

// slotKey is the service's field key of a slot: "subject", or
// "custom.serial_no" for a template's field.
func slotKey(slot uint8, tpl *service.Template) string {
	if int(slot) < len(stdSlots) {
		return stdSlots[slot]
	}
	if f := customField(slot, tpl); f != nil {
		return "custom." + f.Key
	}
	return ""
}

func customField(slot uint8, tpl *service.Template) *service.FieldDef {
	i := int(slot) - int(slotCustom)
	if tpl == nil || slot < slotCustom || i >= len(tpl.Fields) {
		return nil
	}
	return &tpl.Fields[i]
}

// slotName is what the dialog calls a slot.
func slotName(l lang, slot uint8, tpl *service.Template) string {
	if f := customField(slot, tpl); f != nil {
		return l.pick(f.Label, f.LabelEn)
	}
	return fieldName(l, slotKey(slot, tpl))
}

// nextSlot is the first slot, in asking order, that the service's check
// of the draft found a problem with.
func nextSlot(bad map[string]string, tpl *service.Template) (uint8, bool) {
	for i, key := range stdSlots {
		if _, ok := bad[key]; ok {
			return uint8(i), true // #nosec G115 -- stdSlots is short
		}
	}
	if tpl != nil {
		for i := range tpl.Fields {
			if _, ok := bad["custom."+tpl.Fields[i].Key]; ok && i < maxCustomFields {
				return slotCustom + uint8(i), true // #nosec G115 -- bounded by maxCustomFields
			}
		}
	}
	return 0, false
}

// draftTicket is the dialog's answers as the service's input.
func draftTicket(d *dialog, tpl *service.Template) service.NewTicket {
	in := service.NewTicket{TemplateID: d.template, Origin: service.OriginWeComChat}
	id := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
	for _, a := range d.answers {
		switch slotKey(a.slot, tpl) {
		case "subject":
			in.Subject = a.value
		case "description":
			in.Description = a.value
		case "priority":
			in.Priority = service.Priority(a.value)
		case "type":
			in.Type = service.TicketType(a.value)
		case "reason":
			in.Reason = a.value
		case "product":
			in.Product = a.value
		case "customer_id":
			in.CustomerID = id(a.value)
		case "contact_id":
			in.ContactID = id(a.value)
		case "opportunity_id":
			in.OpportunityID = id(a.value)
		case "owner_id":
			in.OwnerID = id(a.value)
		case "receiving_dept_id":
			in.ReceivingDeptID = id(a.value)
		default:
			f := customField(a.slot, tpl)
			if f == nil {
				continue
			}
			if in.CustomFields == nil {
				in.CustomFields = map[string]any{}
			}
			if f.Kind == service.FieldMultiSelect {
				in.CustomFields[f.Key] = strings.Split(a.value, ",")
			} else {
				in.CustomFields[f.Key] = a.value
			}
		}
	}
	return in
}
