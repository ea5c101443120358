package main

import (
	"context"
	"database/sql"
	"slices"
)

// scopeOrg is the org as the reference reads it from the database,
// independently of the server's own index: who is below whom, what is
// shared with whom, who works which queue. The reference's ids come from
// here, so a disagreement with the API shows up as different ids.
type scopeOrg struct {
	users       map[int64]*scopeUser
	depts       map[int64]*scopeDept
	children    map[int64][]int64
	members     map[int64][]int64 // dept -> users with any membership
	reports     map[int64][]int64 // leader -> their direct reports
	groupsOf    map[int64][]int64
	led         map[int64][]int64 // user -> departments they lead
	includeSubs bool
}

type scopeUser struct {
	main  int64
	depts []int64
	roles []string
}

type scopeDept struct {
	parent  int64
	kind    string
	leaders []int64
}

func loadScopeOrg(ctx context.Context, db *sql.DB) (*scopeOrg, error) {
	o := &scopeOrg{users: map[int64]*scopeUser{}, depts: map[int64]*scopeDept{}, children: map[int64][]int64{},
		members: map[int64][]int64{}, reports: map[int64][]int64{}, groupsOf: map[int64][]int64{}, led: map[int64][]int64{},
		includeSubs: true}
	var setting string
	err := db.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = 'org.subordinates_include_subdepartments'").Scan(&setting)
	switch {
	case err == nil:
		o.includeSubs = setting != "false"
	case err != sql.ErrNoRows:
		return nil, err
	}
	steps := []struct {
		q   string
		row func(a, b int64, s string)
	}{
		{"SELECT id, parent_id, kind FROM departments", func(id, parent int64, kind string) {
			o.depts[id] = &scopeDept{parent: parent, kind: kind}
			o.children[parent] = append(o.children[parent], id)
		}},
		{"SELECT id, main_dept_id, '' FROM users", func(id, main int64, _ string) { o.users[id] = &scopeUser{main: main} }},
		{"SELECT user_id, dept_id, '' FROM user_departments", func(u, d int64, _ string) {
			if x := o.users[u]; x != nil {
				x.depts = append(x.depts, d)
			}
			o.members[d] = append(o.members[d], u)
		}},
		{"SELECT dept_id, user_id, '' FROM department_leaders ORDER BY dept_id, user_id", func(d, u int64, _ string) {
			if x := o.depts[d]; x != nil {
				x.leaders = append(x.leaders, u)
			}
			o.led[u] = append(o.led[u], d)
		}},
		{"SELECT user_id, leader_id, '' FROM user_leaders", func(u, l int64, _ string) { o.reports[l] = append(o.reports[l], u) }},
		{"SELECT user_id, 0, role FROM user_roles", func(u, _ int64, r string) {
			if x := o.users[u]; x != nil {
				x.roles = append(x.roles, r)
			}
		}},
		{"SELECT group_id, user_id, '' FROM user_group_members", func(g, u int64, _ string) { o.groupsOf[u] = append(o.groupsOf[u], g) }},
	}
	for _, s := range steps {
		rows, err := db.QueryContext(ctx, s.q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var a, b int64
			var c string
			if err := rows.Scan(&a, &b, &c); err != nil {
				_ = rows.Close()
				return nil, err
			}
			s.row(a, b, c)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func (o *scopeOrg) subtree(dept int64) []int64 {
	out := []int64{}
	seen := map[int64]bool{}
	stack := []int64{dept}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, d)
		stack = append(stack, o.children[d]...)
	}
	slices.Sort(out)
	return out
}

// scopeOf is what the rules give one reader.
type scopeOf struct {
	me                 int64
	admin, serviceMgr  bool
	subs, deptUsers    []int64
	shared, queueDepts []int64
	ancestors, groups  []int64 // where sharing rules reach them
}

// scope works out the reader's sets as the permission rules describe
// them: subordinates are the members of the departments they lead (with
// the departments below, when the org says so) and everyone on a
// direct-leader chain below them, transitively.
func (o *scopeOrg) scope(ctx context.Context, db *sql.DB, me int64) (*scopeOf, error) {
	u := o.users[me]
	s := &scopeOf{me: me, admin: slices.Contains(u.roles, "admin"), serviceMgr: slices.Contains(u.roles, "service_manager")}
	seen := map[int64]bool{me: true}
	var queue []int64
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			queue = append(queue, id)
		}
	}
	for _, d := range o.led[me] {
		depts := []int64{d}
		if o.includeSubs {
			depts = o.subtree(d)
		}
		for _, dd := range depts {
			for _, m := range o.members[dd] {
				add(m)
			}
		}
	}
	for _, r := range o.reports[me] {
		add(r)
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		s.subs = append(s.subs, id)
		for _, r := range o.reports[id] {
			add(r)
		}
	}
	slices.Sort(s.subs)
	if d := o.depts[u.main]; d != nil && slices.Contains(d.leaders, me) {
		for _, m := range o.members[u.main] {
			if mu := o.users[m]; mu != nil && mu.main == u.main {
				s.deptUsers = append(s.deptUsers, m)
			}
		}
	}
	for id, d := range o.depts {
		if d.kind != "" && slices.Contains(o.queueManagers(id), me) {
			s.queueDepts = append(s.queueDepts, id)
		}
	}
	slices.Sort(s.queueDepts)
	for _, d := range u.depts {
		for id := d; id != 0 && !slices.Contains(s.ancestors, id); {
			s.ancestors = append(s.ancestors, id)
			x := o.depts[id]
			if x == nil {
				break
			}
			id = x.parent
		}
	}
	s.groups = o.groupsOf[me]
	shared, err := o.sharedOwners(ctx, db, s)
	s.shared = shared
	return s, err
}

// queueManagers: a department's leaders, or those of the nearest
// department above with some.
func (o *scopeOrg) queueManagers(dept int64) []int64 {
	for id, hops := dept, 0; id != 0 && hops < 64; hops++ {
		d := o.depts[id]
		if d == nil {
			return nil
		}
		if len(d.leaders) > 0 {
			return d.leaders
		}
		id = d.parent
	}
	return nil
}

// sharedOwners reads the rules that reach the reader (to them, to a
// department they are in or above it, to a group of theirs) and returns
// the owners whose tickets those rules share.
func (o *scopeOrg) sharedOwners(ctx context.Context, db *sql.DB, s *scopeOf) ([]int64, error) {
	// #nosec G202 -- only integer literals are joined in (litI, idList)
	q := "SELECT source_kind, source_id FROM sharing_rules WHERE (target_kind = 'user' AND target_id = " + litI(s.me) + ")"
	if len(s.ancestors) > 0 {
		q += " OR (target_kind = 'dept' AND target_id IN (" + idList(s.ancestors) + "))"
	}
	if len(s.groups) > 0 {
		q += " OR (target_kind = 'group' AND target_id IN (" + idList(s.groups) + "))"
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	set := map[int64]bool{}
	for rows.Next() {
		var kind string
		var src int64
		if err := rows.Scan(&kind, &src); err != nil {
			return nil, err
		}
		if kind == "user" {
			set[src] = true
			continue
		}
		tree := o.subtree(src)
		for _, d := range tree {
			for _, m := range o.members[d] {
				if mu := o.users[m]; mu != nil && slices.Contains(tree, mu.main) {
					set[m] = true
				}
			}
		}
	}
	out := make([]int64, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, rows.Err()
}

func idList(ids []int64) string {
	b := make([]byte, 0, len(ids)*6)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, litI(id)...)
	}
	return string(b)
}

func unionIDs(lists ...[]int64) []int64 {
	var out []int64
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
