package service

import (
	"slices"
)

// OrgIndex is an immutable, in-memory view of the org built once per org
// version, so permission checks and scope queries answer from maps instead
// of walking the tree in SQL on every request.
type OrgIndex struct {
	users        map[int64]*User
	byUserID     map[string]*User
	depts        map[int64]*Department
	children     map[int64][]int64
	members      map[int64][]int64 // dept -> users (any membership)
	reports      map[int64][]int64 // leader -> users whose direct leader they are
	led          map[int64][]int64 // user -> departments they lead
	groups       map[int64]*Group
	groupsOf     map[int64][]int64 // user -> groups
	settings     map[string]string
	includeSubs  bool
	subordinates map[int64][]int64 // memo, filled at build time
}

// NewOrgIndex indexes org data.
func NewOrgIndex(d *OrgData) *OrgIndex {
	x := &OrgIndex{
		users:    make(map[int64]*User, len(d.Users)),
		byUserID: make(map[string]*User, len(d.Users)),
		depts:    make(map[int64]*Department, len(d.Departments)),
		children: map[int64][]int64{},
		members:  map[int64][]int64{},
		reports:  map[int64][]int64{},
		led:      map[int64][]int64{},
		groups:   map[int64]*Group{},
		groupsOf: map[int64][]int64{},
		settings: d.Settings,
	}
	if x.settings == nil {
		x.settings = map[string]string{}
	}
	x.includeSubs = x.settings[SettingSubordinatesIncludeSubdepts] != "false"
	for i := range d.Departments {
		dp := &d.Departments[i]
		x.depts[dp.ID] = dp
		if dp.ParentID != 0 {
			x.children[dp.ParentID] = append(x.children[dp.ParentID], dp.ID)
		}
		for _, l := range dp.LeaderIDs {
			x.led[l] = append(x.led[l], dp.ID)
		}
	}
	for i := range d.Users {
		u := &d.Users[i]
		x.users[u.ID] = u
		x.byUserID[u.UserID] = u
		for _, dep := range u.DeptIDs {
			x.members[dep] = append(x.members[dep], u.ID)
		}
		for _, l := range u.LeaderIDs {
			x.reports[l] = append(x.reports[l], u.ID)
		}
	}
	for i := range d.Groups {
		g := &d.Groups[i]
		x.groups[g.ID] = g
		for _, m := range g.MemberIDs {
			x.groupsOf[m] = append(x.groupsOf[m], g.ID)
		}
	}
	x.subordinates = make(map[int64][]int64, len(x.users))
	for id := range x.users {
		x.subordinates[id] = x.computeSubordinates(id)
	}
	return x
}

// User returns a user by our id.
func (x *OrgIndex) User(id int64) (*User, bool) { u, ok := x.users[id]; return u, ok }

// UserByUserID returns a user by WeCom userid.
func (x *OrgIndex) UserByUserID(userid string) (*User, bool) {
	u, ok := x.byUserID[userid]
	return u, ok
}

// Dept returns a department.
func (x *OrgIndex) Dept(id int64) (*Department, bool) { d, ok := x.depts[id]; return d, ok }

// Group returns a group.
func (x *OrgIndex) Group(id int64) (*Group, bool) { g, ok := x.groups[id]; return g, ok }

// Users returns every user, ordered by id.
func (x *OrgIndex) Users() []*User { return byID(x.users) }

// Departments returns every department, ordered by id.
func (x *OrgIndex) Departments() []*Department { return byID(x.depts) }

// Groups returns every group, ordered by id.
func (x *OrgIndex) Groups() []*Group { return byID(x.groups) }

// byID lists a map's values in id order, so pickers and lists built from
// the index read the same on every request.
func byID[T any](m map[int64]*T) []*T {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]*T, 0, len(ids))
	for _, id := range ids {
		out = append(out, m[id])
	}
	return out
}

// Setting returns an org setting.
func (x *OrgIndex) Setting(name string) string { return x.settings[name] }

// Subtree returns dept and every department below it, sorted.
func (x *OrgIndex) Subtree(dept int64) []int64 {
	out := []int64{}
	seen := map[int64]bool{}
	var walk func(int64)
	walk = func(id int64) {
		if seen[id] { // a cycle in bad data must not hang us
			return
		}
		seen[id] = true
		out = append(out, id)
		for _, c := range x.children[id] {
			walk(c)
		}
	}
	walk(dept)
	slices.Sort(out)
	return out
}

// LedDepts returns the departments the user leads, sorted.
func (x *OrgIndex) LedDepts(userID int64) []int64 {
	out := slices.Clone(x.led[userID])
	slices.Sort(out)
	return out
}

// DeptMembers returns the users with any membership in dept, sorted.
func (x *OrgIndex) DeptMembers(dept int64) []int64 {
	out := slices.Clone(x.members[dept])
	slices.Sort(out)
	return out
}

// DeptLeaders returns the leaders of dept.
func (x *OrgIndex) DeptLeaders(dept int64) []int64 {
	if d, ok := x.depts[dept]; ok {
		return slices.Clone(d.LeaderIDs)
	}
	return nil
}

// GroupsOf returns the groups a user belongs to.
func (x *OrgIndex) GroupsOf(userID int64) []int64 { return slices.Clone(x.groupsOf[userID]) }

// GroupMembers returns a group's members.
func (x *OrgIndex) GroupMembers(groupID int64) []int64 {
	if g, ok := x.groups[groupID]; ok {
		return slices.Clone(g.MemberIDs)
	}
	return nil
}

// Subordinates returns the users below userID, sorted, never userID itself.
//
// Two relations make someone a subordinate, as WeCom models them: the
// direct-leader chain (transitively: my report's reports are mine too), and
// membership of a department I lead. With 上级可见数据范围 on, the
// departments below the ones I lead count as led too. People reached through
// a led department bring their own direct-leader chains with them.
func (x *OrgIndex) Subordinates(userID int64) []int64 { return x.subordinates[userID] }

// IsSubordinate reports whether user is below leader.
func (x *OrgIndex) IsSubordinate(leader, user int64) bool {
	_, found := slices.BinarySearch(x.subordinates[leader], user)
	return found
}

func (x *OrgIndex) computeSubordinates(userID int64) []int64 {
	seen := map[int64]bool{userID: true}
	queue := []int64{}
	add := func(id int64) {
		if !seen[id] {
			seen[id] = true
			queue = append(queue, id)
		}
	}
	for _, dep := range x.led[userID] {
		depts := []int64{dep}
		if x.includeSubs {
			depts = x.Subtree(dep)
		}
		for _, d := range depts {
			for _, m := range x.members[d] {
				add(m)
			}
		}
	}
	for _, r := range x.reports[userID] {
		add(r)
	}
	out := []int64{}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		out = append(out, id)
		for _, r := range x.reports[id] {
			add(r)
		}
	}
	slices.Sort(out)
	return out
}

// Leaders returns who stands directly above a user: their direct leaders,
// or, when WeCom has none recorded, the leaders of their main department
// (or of its parent, when the user leads it). Transfer approval and
// escalation route here.
func (x *OrgIndex) Leaders(userID int64) []int64 {
	u, ok := x.users[userID]
	if !ok {
		return nil
	}
	if len(u.LeaderIDs) > 0 {
		return slices.Clone(u.LeaderIDs)
	}
	for dept := u.MainDeptID; dept != 0; {
		d, ok := x.depts[dept]
		if !ok {
			break
		}
		leaders := slices.DeleteFunc(slices.Clone(d.LeaderIDs), func(id int64) bool { return id == userID })
		if len(leaders) > 0 {
			return leaders
		}
		dept = d.ParentID
	}
	return nil
}

// UsersWithRole returns enabled users holding r, sorted by id.
func (x *OrgIndex) UsersWithRole(r Role) []int64 {
	out := []int64{}
	for _, u := range x.users {
		if u.Enabled && u.HasRole(r) {
			out = append(out, u.ID)
		}
	}
	slices.Sort(out)
	return out
}
