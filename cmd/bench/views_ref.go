package main

import (
	"context"
	"database/sql"
	"strings"
)

// refPart is one way into a view: a column of tickets (or of a side
// table) equal to one of ids.
type refPart struct {
	kind   string // owner, member, queue, resolved, closed, from, approver, requester
	ids    []int64
	status string // queue
}

// refView is a view as the reference asks it.
type refView struct {
	all      bool
	parts    []refPart
	statuses []string
	priority string
	admin    bool
	text     string
}

var openStatusNames = []string{"pending_allocation", "pending_dispatch", "in_progress"}

// refViewOf reads the view's definition (the preset views of the product
// brief) onto the reader's sets.
func refViewOf(view string, s *scopeOf) refView {
	me := []int64{s.me}
	team := unionIDs(me, s.subs)
	v := refView{admin: s.admin}
	switch view {
	case "all":
		v.all = s.admin
		if !s.admin {
			v.parts = []refPart{{kind: "owner", ids: unionIDs(team, s.shared, s.deptUsers)}, {kind: "member", ids: unionIDs(team, s.deptUsers)}}
		}
	case "mine":
		v.parts = []refPart{{kind: "owner", ids: me}}
	case "participating":
		v.parts = []refPart{{kind: "member", ids: me}}
	case "my_department":
		v.parts = []refPart{{kind: "owner", ids: s.deptUsers}, {kind: "member", ids: s.deptUsers}}
	case "subordinates_own":
		v.parts = []refPart{{kind: "owner", ids: s.subs}}
	case "subordinates_participate":
		v.parts = []refPart{{kind: "member", ids: s.subs}}
	case "shared":
		v.parts = []refPart{{kind: "owner", ids: s.shared}}
	case "unresolved", "todo":
		v.parts, v.statuses = []refPart{{kind: "owner", ids: me}}, openStatusNames
	case "urgent":
		v.parts, v.priority = []refPart{{kind: "owner", ids: me}}, "urgent"
	case "closed":
		v.parts, v.statuses = []refPart{{kind: "owner", ids: me}}, []string{"closed"}
	case "pending_allocation", "pending_dispatch":
		if s.admin {
			v.all, v.statuses = true, []string{view}
			break
		}
		var depts []int64
		if s.serviceMgr {
			depts = append(depts, 0)
		}
		if view == "pending_dispatch" {
			depts = append(depts, s.queueDepts...)
		}
		v.parts = []refPart{{kind: "queue", ids: depts, status: view}}
	case "done":
		v.parts = []refPart{{kind: "resolved", ids: me}, {kind: "closed", ids: me}}
	case "transferred":
		v.parts = []refPart{{kind: "from", ids: me}}
	case "transfer_pending":
		v.parts = []refPart{{kind: "approver", ids: me}, {kind: "requester", ids: me}}
	}
	return v
}

// refBroad is how many people the owner and member parts may name
// before one walk down the primary key is cheaper than a range per
// person (about 20 rows each).
const refBroad = 100

// sql is the reference's one statement for the first page (20, newest
// first), or "" when the view is empty by definition. Narrow views are a
// UNION of one index range per person (and per status), each stopping
// after 20; broad ones walk the primary key.
func (v refView) sql() string {
	base := []string{"1 = 1"}
	if !v.admin {
		base = append(base, "t.voided = 0")
	}
	if v.priority != "" {
		base = append(base, "t.priority = "+litS(v.priority))
	}
	if v.text != "" {
		like := litS("%" + v.text + "%")
		base = append(base, "(t.number LIKE "+like+" ESCAPE '!' OR t.subject LIKE "+like+" ESCAPE '!' OR t.description LIKE "+like+" ESCAPE '!')")
	}
	statusIn := ""
	if len(v.statuses) > 0 {
		q := make([]string, len(v.statuses))
		for i, s := range v.statuses {
			q[i] = litS(s)
		}
		statusIn = "t.status IN (" + strings.Join(q, ",") + ")"
	}
	people := 0
	for _, p := range v.parts {
		if p.kind == "owner" || p.kind == "member" {
			people += len(p.ids)
		}
	}
	if v.all || people > refBroad {
		where := append([]string{}, base...)
		if statusIn != "" {
			where = append(where, statusIn)
		}
		var preds []string
		for _, p := range v.parts {
			if len(p.ids) > 0 {
				preds = append(preds, p.predicate())
			}
		}
		if !v.all {
			if len(preds) == 0 {
				return ""
			}
			where = append(where, "("+strings.Join(preds, " OR ")+")")
		}
		return "SELECT t.id FROM tickets t WHERE " + strings.Join(where, " AND ") + " ORDER BY t.id DESC LIMIT 20"
	}
	var branches []string
	for _, p := range v.parts {
		for _, id := range p.ids {
			if p.kind == "owner" && len(v.statuses) > 0 { // one (owner, status) range each
				for _, st := range v.statuses {
					branches = append(branches, p.branch(id, append(base, "t.status = "+litS(st))))
				}
				continue
			}
			where := base
			if statusIn != "" {
				where = append(append([]string{}, base...), statusIn)
			}
			branches = append(branches, p.branch(id, where))
		}
	}
	switch len(branches) {
	case 0:
		return ""
	case 1:
		return branches[0]
	}
	return "SELECT id FROM ((" + strings.Join(branches, ") UNION (") + ")) u ORDER BY id DESC LIMIT 20"
}

// sideTable is the side table and condition of a part that is not a
// column of tickets.
func (p refPart) sideTable(id string) (table, cond string) {
	switch p.kind {
	case "member":
		return "ticket_members", "s.user_id " + id
	case "from":
		return "ticket_transfers", "s.status = 'approved' AND s.from_user_id " + id
	case "approver":
		return "ticket_transfers", "s.status = 'open' AND s.approver_id " + id
	case "requester":
		return "ticket_transfers", "s.status = 'open' AND s.requested_by " + id
	}
	return "", ""
}

func (p refPart) column() string {
	switch p.kind {
	case "owner":
		return "t.owner_id"
	case "resolved":
		return "t.resolved_by_id"
	case "closed":
		return "t.closed_by_id"
	case "queue":
		return "t.status = " + litS(p.status) + " AND t.receiving_dept_id"
	}
	return ""
}

// branch is the part's index range for one id, newest 20.
func (p refPart) branch(id int64, where []string) string {
	if table, cond := p.sideTable("= " + litI(id)); table != "" {
		return "SELECT DISTINCT s.ticket_id AS id FROM " + table + " s JOIN tickets t ON t.id = s.ticket_id WHERE " + cond +
			" AND " + strings.Join(where, " AND ") + " ORDER BY s.ticket_id DESC LIMIT 20"
	}
	return "SELECT t.id FROM tickets t WHERE " + p.column() + " = " + litI(id) + " AND " + strings.Join(where, " AND ") +
		" ORDER BY t.id DESC LIMIT 20"
}

// predicate is the part as a condition on one row of tickets: a counted
// subquery, the best form on MariaDB (it materializes an EXISTS as a
// semi-join over every named person's rows before the walk; see
// repo/ticketlist.go scanPredicate).
func (p refPart) predicate() string {
	in := "IN (" + idList(p.ids) + ")"
	if table, cond := p.sideTable(in); table != "" {
		return "(SELECT COUNT(*) FROM " + table + " s WHERE s.ticket_id = t.id AND " + cond + ") > 0"
	}
	return p.column() + " " + in
}

// refIDs runs the reference statement.
func refIDs(ctx context.Context, db *sql.DB, q string) ([]int64, error) {
	ids := []int64{}
	if q == "" {
		return ids, nil
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
