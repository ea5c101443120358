package service

import (
	"encoding/json"
	"fmt"
	"slices"
)

// newAssistants are the assistants the change added.
func newAssistants(t *Ticket, ev *TimelineEvent) []int64 {
	after, ok := ev.After["members"]
	if !ok {
		return nil
	}
	was := assistantsIn(ev.Before["members"])
	var out []int64
	for _, id := range assistantsIn(after) {
		if !slices.Contains(was, id) && id != t.OwnerID {
			out = append(out, id)
		}
	}
	return out
}

// assistantsIn reads the assistants from a timeline's members field
// (ticketFields), whether in memory or decoded from JSON.
func assistantsIn(v any) []int64 {
	var ms []map[string]any
	switch m := v.(type) {
	case []map[string]any:
		ms = m
	case []any:
		for _, e := range m {
			if mm, ok := e.(map[string]any); ok {
				ms = append(ms, mm)
			}
		}
	}
	var out []int64
	for _, m := range ms {
		if fmt.Sprint(m["role"]) == string(MemberAssistant) {
			out = append(out, asInt64(m["user_id"]))
		}
	}
	return out
}

// changed reports whether the event changed a field.
func changed(ev *TimelineEvent, field string) bool {
	_, ok := ev.After[field]
	return ok
}

// stateBefore is the ticket's lifecycle state before the change.
func stateBefore(t *Ticket, ev *TimelineEvent) State {
	status, waiting := t.Status, t.WaitingCustomer
	if v, ok := ev.Before["status"]; ok {
		status = Status(fmt.Sprint(v))
	}
	if v, ok := ev.Before["waiting_customer"].(bool); ok {
		waiting = v
	}
	return StateOf(&Ticket{Status: status, WaitingCustomer: waiting})
}

// asInt64 reads an id from a timeline field, in memory or from JSON.
func asInt64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int:
		return int64(n)
	case float64:
		return int64(n)
	case json.Number:
		i, _ := n.Int64()
		return i
	}
	return 0
}

func asInt64s(v any) []int64 {
	switch s := v.(type) {
	case []int64:
		return s
	case []any:
		out := make([]int64, 0, len(s))
		for _, e := range s {
			out = append(out, asInt64(e))
		}
		return out
	}
	return nil
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
