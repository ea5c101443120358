package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// viewsShape is the size of the generated org and tickets.
type viewsShape struct {
	Tickets, Users, Depts, Grants int
}

// genDept and genUser are the generated org as the generator needs it.
type genDept struct {
	id, parent, region int64 // region: the 大区 above it (0 outside them)
	level              int
	kind               string
	leaders            []int64
}

type genUser struct {
	id, main, region int64
	userid, name     string
	depts, leaders   []int64
	roles            []string
	leads            bool
}

// viewsData is the generated data set and the people it was shaped for.
type viewsData struct {
	shape    viewsShape
	rng      *rand.Rand
	demo     map[string]int64 // the seeded demo org's userids -> ids
	depts    []*genDept
	deptByID map[int64]*genDept
	users    []*genUser
	userByID map[int64]*genUser
	huge     int64   // the one huge region
	cities   []int64 // branches
	stations []int64
	agents   []int64
	workers  []int64 // who may own tickets
	pool     []int64 // workers weighted: the huge region's work more
	busy     []int64 // the few busy engineers
	byRegion map[int64][]int64
	owned    map[int64]int
	product  string // the searched term, in about 1% of subjects
	rows     map[string]int
}

var regionNames = []string{"华东", "华北", "华南", "华中", "西南", "西北", "东北", "港澳"}

// buildOrg shapes 500 departments six levels deep (company, after-sales,
// eight regions of which one holds 40%, areas, branches, stations) and
// fills them to the user count, on top of the seeded demo org.
func (g *viewsData) buildOrg(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "SELECT id, userid FROM users")
	if err != nil {
		return err
	}
	var maxUser int64
	for rows.Next() {
		var id int64
		var uid string
		if err := rows.Scan(&id, &uid); err != nil {
			_ = rows.Close()
			return err
		}
		g.demo[uid] = id
		maxUser = max(maxUser, id)
	}
	_ = rows.Close()
	var demoDepts int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM departments").Scan(&demoDepts); err != nil {
		return err
	}
	for _, need := range []string{"boss", "svc_mgr", "cs_lead", "admin"} {
		if g.demo[need] == 0 {
			return fmt.Errorf("the seeded demo org has no %s", need)
		}
	}
	nextDept := int64(101)
	add := func(parent int64, level int, kind string, region int64) *genDept {
		d := &genDept{id: nextDept, parent: parent, level: level, kind: kind, region: region}
		nextDept++
		if region == 0 {
			d.region = d.id
		}
		g.depts = append(g.depts, d)
		g.deptByID[d.id] = d
		return d
	}
	var regions, areas []*genDept
	for range regionNames {
		regions = append(regions, add(3, 3, "region", 0))
	}
	g.huge = regions[0].id
	for i := range 40 { // the huge region 16, the others 3 or 4
		r := regions[0]
		if i >= 16 {
			r = regions[1+(i-16)%7]
		}
		areas = append(areas, add(r.id, 4, "", r.id))
	}
	for range 130 {
		a := areas[g.rng.IntN(len(areas))]
		g.cities = append(g.cities, add(a.id, 5, "branch", a.region).id)
	}
	for len(g.depts)+demoDepts < g.shape.Depts {
		c := g.deptByID[g.cities[g.rng.IntN(len(g.cities))]]
		kind := ""
		if g.rng.IntN(10) == 0 {
			kind = "outsourced"
		}
		g.stations = append(g.stations, add(c.id, 6, kind, c.region).id)
	}
	nextUser := maxUser + 1
	newUser := func(main int64, roles ...string) *genUser {
		u := &genUser{id: nextUser, main: main, depts: []int64{main}, roles: roles,
			userid: fmt.Sprintf("v_u%05d", nextUser), name: fmt.Sprintf("员工%05d", nextUser)}
		nextUser++
		if d := g.deptByID[main]; d != nil {
			u.region = d.region
		}
		g.users = append(g.users, u)
		g.userByID[u.id] = u
		return u
	}
	// Leaders first, top down, so each reports to the one above.
	for _, d := range g.depts {
		if d.kind == "outsourced" {
			continue
		}
		n := 1
		if g.rng.IntN(10) == 0 {
			n = 2
		}
		for range n {
			roles := []string{"engineer"}
			if d.level == 3 {
				roles = []string{"engineer", "regional_manager"}
			}
			u := newUser(d.id, roles...)
			u.leads = true
			u.leaders = g.leadersAbove(d.parent)
			d.leaders = append(d.leaders, u.id)
		}
	}
	for range 200 {
		u := newUser(2, "agent")
		u.leaders = []int64{g.demo["cs_lead"]}
		g.agents = append(g.agents, u.id)
	}
	g.agents = append(g.agents, g.demo["agent1"], g.demo["agent2"])
	// Some work straight in the huge region's office: its 我负责部门的.
	for i := 0; len(g.users)+len(g.demo) < g.shape.Users; i++ {
		main := g.huge
		if i >= 30 {
			main = g.depts[len(regions)+g.rng.IntN(len(g.depts)-len(regions))].id
		}
		u := newUser(main, "engineer")
		if g.deptByID[main].kind != "outsourced" {
			u.leaders = g.leadersAbove(main)
		}
		if g.rng.IntN(20) == 0 {
			if other := g.depts[g.rng.IntN(len(g.depts))].id; other != main {
				u.depts = append(u.depts, other)
			}
		}
	}
	for _, u := range g.users {
		d := g.deptByID[u.main]
		if u.region == 0 || (u.leads && d.level < 5) {
			continue // agents and managers do not take tickets
		}
		g.workers = append(g.workers, u.id)
		g.byRegion[u.region] = append(g.byRegion[u.region], u.id)
		w := 2
		if u.region == g.huge {
			w = 3
		}
		for range w {
			g.pool = append(g.pool, u.id)
		}
	}
	for len(g.busy) < 5 {
		if id := g.byRegion[g.huge][g.rng.IntN(len(g.byRegion[g.huge]))]; !slices.Contains(g.busy, id) && !g.userByID[id].leads {
			g.busy = append(g.busy, id)
		}
	}
	return nil
}

// leadersAbove is the nearest department at or above dept with leaders:
// who a new member there reports to.
func (g *viewsData) leadersAbove(dept int64) []int64 {
	for d := g.deptByID[dept]; d != nil; d = g.deptByID[d.parent] {
		if len(d.leaders) > 0 {
			return slices.Clone(d.leaders)
		}
	}
	return []int64{g.demo["svc_mgr"]}
}

// writeOrg stores the generated org and the sharing grants.
func (g *viewsData) writeOrg(ctx context.Context, db *sql.DB) error {
	now := litT(time.Now())
	ws := map[string]*bulkWriter{
		"departments":        newBulkWriter(ctx, db, "departments", "id, name, name_en, parent_id, sort_order, kind, created_at, updated_at", 1),
		"users":              newBulkWriter(ctx, db, "users", "id, userid, name, position, main_dept_id, enabled, created_at, updated_at", 1),
		"user_departments":   newBulkWriter(ctx, db, "user_departments", "user_id, dept_id", 1),
		"department_leaders": newBulkWriter(ctx, db, "department_leaders", "dept_id, user_id", 1),
		"user_leaders":       newBulkWriter(ctx, db, "user_leaders", "user_id, leader_id", 1),
		"user_roles":         newBulkWriter(ctx, db, "user_roles", "user_id, role", 1),
		"sharing_rules":      newBulkWriter(ctx, db, "sharing_rules", "source_kind, source_id, target_kind, target_id, access, created_by, created_at", 2),
	}
	levelName := map[int]string{4: "片区", 5: "网点", 6: "服务站"}
	for i, d := range g.depts {
		name := regionNames[i%len(regionNames)] + "大区"
		if d.level > 3 {
			name = fmt.Sprintf("%s%s%d", regionNames[slices.IndexFunc(g.depts, func(x *genDept) bool { return x.id == d.region })], levelName[d.level], d.id)
		}
		ws["departments"].row(litI(d.id), litS(name), litS(fmt.Sprintf("Unit %d", d.id)), litI(d.parent), litI(int64(i)), litS(d.kind), now, now)
		for _, l := range d.leaders {
			ws["department_leaders"].row(litI(d.id), litI(l))
		}
	}
	for _, u := range g.users {
		ws["users"].row(litI(u.id), litS(u.userid), litS(u.name), litS("服务工程师"), litI(u.main), "1", now, now)
		for _, d := range u.depts {
			ws["user_departments"].row(litI(u.id), litI(d))
		}
		for _, l := range u.leaders {
			ws["user_leaders"].row(litI(u.id), litI(l))
		}
		for _, r := range u.roles {
			ws["user_roles"].row(litI(u.id), litS(r))
		}
	}
	g.writeGrants(ws["sharing_rules"], now)
	var first error
	for _, name := range []string{"departments", "users", "user_departments", "department_leaders", "user_leaders", "user_roles", "sharing_rules"} {
		w := ws[name]
		if err := w.close(); err != nil && first == nil {
			first = err
		}
		g.rows[name] = w.rows
	}
	return first
}

// writeGrants writes the sharing rules: mostly one engineer sharing with a
// colleague of the same region, some with a branch or station, a few
// whole stations shared with a person or another unit.
func (g *viewsData) writeGrants(w *bulkWriter, now string) {
	seen := map[[4]int64]bool{}
	admin := litI(g.demo["admin"])
	var units []int64
	units = append(append(units, g.cities...), g.stations...)
	kinds := []string{"user", "dept"}
	for len(seen) < g.shape.Grants {
		var sk, tk int // 0 user, 1 dept
		var src, dst int64
		switch p := g.rng.IntN(100); {
		case p < 88:
			src = g.workers[g.rng.IntN(len(g.workers))]
			if peers := g.byRegion[g.userByID[src].region]; g.rng.IntN(10) < 7 {
				dst = peers[g.rng.IntN(len(peers))]
			} else {
				dst = g.users[g.rng.IntN(len(g.users))].id
			}
		case p < 96:
			src, tk, dst = g.workers[g.rng.IntN(len(g.workers))], 1, units[g.rng.IntN(len(units))]
		case p < 99:
			sk, src, dst = 1, units[g.rng.IntN(len(units))], g.users[g.rng.IntN(len(g.users))].id
		default:
			sk, src, tk, dst = 1, g.stations[g.rng.IntN(len(g.stations))], 1, units[g.rng.IntN(len(units))]
		}
		key := [4]int64{int64(sk), src, int64(tk), dst}
		if (sk == tk && src == dst) || seen[key] {
			continue
		}
		seen[key] = true
		access := "read"
		if g.rng.IntN(10) < 3 {
			access = "write"
		}
		w.row(litS(kinds[sk]), litI(src), litS(kinds[tk]), litI(dst), litS(access), admin, now)
	}
}
