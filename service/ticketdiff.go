package service

import (
	"encoding/json"
	"reflect"
	"time"
)

// ticketFields flattens what a timeline entry shows of a ticket. Version
// and updated_at are left out: they change on every write and say nothing.
func ticketFields(t *Ticket) map[string]any {
	ts := func(p *time.Time) any {
		if p == nil {
			return nil
		}
		return p.UTC().Format(time.RFC3339Nano)
	}
	members := make([]map[string]any, 0, len(t.Members))
	for _, m := range t.Members {
		members = append(members, map[string]any{"user_id": m.UserID, "role": m.Role, "access": m.Access})
	}
	return map[string]any{
		"number": t.Number, "subject": t.Subject, "description": t.Description, "solution": t.Solution,
		"internal_comment": t.InternalComment, "priority": t.Priority, "type": t.Type, "origin": t.Origin,
		"reason": t.Reason, "product": t.Product, "customer_id": t.CustomerID, "contact_id": t.ContactID,
		"opportunity_id": t.OpportunityID, "owner_id": t.OwnerID, "receiving_dept_id": t.ReceivingDeptID,
		"receiver_id": t.ReceiverID, "template_id": t.TemplateID, "template_version": t.TemplateVersion,
		"status": t.Status, "waiting_customer": t.WaitingCustomer, "locked": t.Locked,
		"custom_fields": t.CustomFields, "response_due_at": ts(t.ResponseDueAt), "resolve_due_at": ts(t.ResolveDueAt),
		"first_response_at": ts(t.FirstResponseAt), "resolved_at": ts(t.ResolvedAt), "resolved_by": t.ResolvedBy,
		"closed_at": ts(t.ClosedAt), "closed_by": t.ClosedBy, "merged_into_id": t.MergedIntoID, "members": members,
	}
}

// diffTickets returns the fields that differ, before and after. Values
// are compared as JSON, which is how they are stored.
func diffTickets(a, b *Ticket) (before, after map[string]any) {
	fa, fb := ticketFields(a), ticketFields(b)
	before, after = map[string]any{}, map[string]any{}
	for k, vb := range fb {
		va := fa[k]
		if !jsonEqual(va, vb) {
			before[k], after[k] = va, vb
		}
	}
	return before, after
}

func jsonEqual(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	if errA != nil || errB != nil {
		return reflect.DeepEqual(a, b)
	}
	return string(ja) == string(jb)
}
