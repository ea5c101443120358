package service

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// TicketImportColumns are the columns a ticket import may have, besides
// one "custom.<key>" column per custom field of the rows' templates.
// template is a template code and owner a WeCom userid; the ids are ours.
var TicketImportColumns = []string{"template", "subject", "description", "priority", "type", "customer_id",
	"contact_id", "opportunity_id", "owner", "receiving_dept_id", "product", "reason"}

// multiValueSep splits a multi-select cell: "a;b", "a,b" or "a；b".
var multiValueSep = regexp.MustCompile(`\s*[;,；，]\s*`)

// ImportTickets creates tickets from a table (admins and service
// managers), each row validated exactly as Create validates one ticket,
// and reports every bad row with every bad field. Imported tickets have
// origin import; the importer is their creator.
func (s *TicketService) ImportTickets(ctx context.Context, actor Actor, src RowSource, opt ImportOptions) (*ImportReport, error) {
	actor.Origin = OriginImport
	p, err := s.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	if !p.admin && !p.serviceManager {
		return nil, E(KindForbidden, "import.forbidden", "only admins and service managers import tickets")
	}
	known := func(c string) bool {
		key, custom := strings.CutPrefix(c, "custom.")
		return slices.Contains(TicketImportColumns, c) || (custom && templateKeyPattern.MatchString(key))
	}
	table, err := readHeader(src, known, "subject")
	if err != nil {
		return nil, err
	}
	// The rows share templates and dispatch rules; read each once.
	imp := *s
	imp.d.Templates = &templateMemo{TemplateStore: s.d.Templates, byID: map[templateKey]*Template{}, byCode: map[string]*Template{}}
	imp.d.Rules = &ruleMemo{DispatchRuleStore: s.d.Rules}
	cal := *s.d.Calendar
	cal.store = &calendarMemo{CalendarStore: cal.store, days: map[[2]string]map[string]bool{}}
	imp.d.Calendar = &cal
	rep := &ImportReport{Errors: []RowError{}}
	var good []*Ticket
	err = table.each(func(line int, row map[string]string) error {
		in, bad := imp.ticketRow(ctx, p.x, row)
		t, err := imp.prepare(ctx, p, actor, in)
		more, err := problems(err)
		if err != nil {
			return err
		}
		for k, v := range more {
			if _, seen := bad[importColumn(k)]; !seen { // a cell that did not parse says more
				bad[importColumn(k)] = v
			}
		}
		rep.add(line, bad)
		if len(bad) == 0 {
			good = append(good, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = commit(ctx, s.d.Tx, opt, rep, good, func(ctx context.Context, t *Ticket) error { return imp.store(ctx, p, actor, t) })
	return rep, err
}

// ticketRow reads one row into a new ticket, with the problems of cells
// that do not even parse.
func (s *TicketService) ticketRow(ctx context.Context, x *OrgIndex, row map[string]string) (NewTicket, map[string]string) {
	bad := map[string]string{}
	in := NewTicket{Subject: row["subject"], Description: row["description"], Priority: Priority(row["priority"]),
		Type: TicketType(row["type"]), Product: row["product"], Reason: row["reason"], Origin: OriginImport,
		CustomFields: map[string]any{}}
	id := func(col string) int64 {
		v := row[col]
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			bad[col] = "must be an id (a whole number)"
		}
		return n
	}
	in.CustomerID, in.ContactID, in.OpportunityID = id("customer_id"), id("contact_id"), id("opportunity_id")
	in.ReceivingDeptID = id("receiving_dept_id")
	if v := row["owner"]; v != "" {
		if u, ok := x.UserByUserID(v); ok {
			in.OwnerID = u.ID
		} else {
			bad["owner"] = "no such member"
		}
	}
	var tpl *Template
	if code := row["template"]; code != "" {
		t, err := s.d.Templates.TemplateByCode(ctx, code)
		if err == nil && t.Enabled {
			tpl, in.TemplateID = t, t.ID
		} else {
			bad["template"] = "no such template"
		}
	}
	for col, v := range row {
		key, ok := strings.CutPrefix(col, "custom.")
		if !ok || v == "" {
			continue
		}
		in.CustomFields[key] = v
		if tpl == nil {
			continue
		}
		for _, f := range tpl.Fields {
			if f.Key == key && f.Kind == FieldMultiSelect {
				in.CustomFields[key] = multiValueSep.Split(v, -1)
			}
		}
	}
	return in, bad
}

// importColumn names a validation problem by the import's column.
func importColumn(field string) string {
	switch field {
	case "owner_id":
		return "owner"
	case "template_id":
		return "template"
	}
	return field
}

// templateMemo reads each template version once during an import.
type templateMemo struct {
	TemplateStore
	byID   map[templateKey]*Template // version 0: the current one
	byCode map[string]*Template
}

type templateKey struct {
	id      int64
	version int
}

func (m *templateMemo) Template(ctx context.Context, id int64, version int) (*Template, error) {
	key := templateKey{id, version}
	if t, ok := m.byID[key]; ok {
		return t, nil
	}
	t, err := m.TemplateStore.Template(ctx, id, version)
	if err == nil {
		m.byID[key] = t
	}
	return t, err
}

func (m *templateMemo) TemplateByCode(ctx context.Context, code string) (*Template, error) {
	if t, ok := m.byCode[code]; ok {
		return t, nil
	}
	t, err := m.TemplateStore.TemplateByCode(ctx, code)
	if err == nil {
		m.byCode[code], m.byID[templateKey{t.ID, 0}] = t, t
	}
	return t, err
}

// calendarMemo reads each window of calendar days once during an import
// (every row's SLA clock starts the same day).
type calendarMemo struct {
	CalendarStore
	days map[[2]string]map[string]bool
}

func (m *calendarMemo) CalendarDays(ctx context.Context, from, to string) (map[string]bool, error) {
	if d, ok := m.days[[2]string{from, to}]; ok {
		return d, nil
	}
	d, err := m.CalendarStore.CalendarDays(ctx, from, to)
	if err == nil {
		m.days[[2]string{from, to}] = d
	}
	return d, err
}

// ruleMemo reads the enabled dispatch rules once during an import; the
// round-robin cursors still go to the store.
type ruleMemo struct {
	DispatchRuleStore
	enabled []*DispatchRule
	read    bool
}

func (m *ruleMemo) DispatchRules(ctx context.Context, enabledOnly bool) ([]*DispatchRule, error) {
	if !enabledOnly {
		return m.DispatchRuleStore.DispatchRules(ctx, false)
	}
	if !m.read {
		rules, err := m.DispatchRuleStore.DispatchRules(ctx, true)
		if err != nil {
			return nil, err
		}
		m.enabled, m.read = rules, true
	}
	return m.enabled, nil
}
