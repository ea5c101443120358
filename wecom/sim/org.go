package sim

import (
	"slices"

	"github.com/wecom-ticket/ticket/service"
)

// Member status as user/get reports it.
const (
	statusActive   = 1
	statusDisabled = 2
)

// org indexes the address book; it is read-only after newOrg.
type org struct {
	depts    []service.DeptSpec
	deptIdx  map[int64]int
	children map[int64][]int64
	users    []service.UserSpec
	userIdx  map[string]int
}

func newOrg(snap service.OrgSnapshot) *org {
	o := &org{deptIdx: map[int64]int{}, children: map[int64][]int64{}, userIdx: map[string]int{}}
	o.depts = slices.Clone(snap.Departments)
	for i, d := range o.depts {
		o.deptIdx[d.ID] = i
		o.children[d.Parent] = append(o.children[d.Parent], d.ID)
	}
	o.users = slices.Clone(snap.Users)
	for i, u := range o.users {
		o.userIdx[u.UserID] = i
	}
	return o
}

func (o *org) user(id string) (service.UserSpec, bool) {
	i, ok := o.userIdx[id]
	if !ok {
		return service.UserSpec{}, false
	}
	return o.users[i], true
}

func (o *org) dept(id int64) (service.DeptSpec, bool) {
	i, ok := o.deptIdx[id]
	if !ok {
		return service.DeptSpec{}, false
	}
	return o.depts[i], true
}

// active reports whether a member can receive messages and write to the app.
func (o *org) active(id string) bool {
	u, ok := o.user(id)
	return ok && (u.Enabled == nil || *u.Enabled)
}

// subtree is id and every department below it, parents before children.
func (o *org) subtree(id int64) []int64 {
	out := []int64{id}
	for _, c := range o.children[id] {
		out = append(out, o.subtree(c)...)
	}
	return out
}

// members lists, in file order, the users in any of deps.
func (o *org) members(deps []int64) []service.UserSpec {
	var out []service.UserSpec
	for _, u := range o.users {
		for _, d := range u.Departments {
			if slices.Contains(deps, d) {
				out = append(out, u)
				break
			}
		}
	}
	return out
}

// wireUser renders a member as user/get and user/list do. is_leader_in_dept
// is derived from the departments' leaders, as WeCom keeps the two in step.
func (o *org) wireUser(u service.UserSpec) map[string]any {
	leader := make([]int, len(u.Departments))
	order := make([]int, len(u.Departments))
	for i, d := range u.Departments {
		if dep, ok := o.dept(d); ok && slices.Contains(dep.Leaders, u.UserID) {
			leader[i] = 1
		}
	}
	status := statusActive
	if u.Enabled != nil && !*u.Enabled {
		status = statusDisabled
	}
	return map[string]any{
		"userid": u.UserID, "name": u.Name, "department": nonNil(u.Departments), "order": order,
		"position": u.Position, "mobile": u.Mobile, "gender": "0", "email": u.Email,
		"is_leader_in_dept": leader, "direct_leader": nonNil(u.Leaders), "avatar": "", "thumb_avatar": "",
		"telephone": "", "alias": "", "status": status, "main_department": u.MainDepartment,
	}
}

func wireDept(d service.DeptSpec) map[string]any {
	return map[string]any{
		"id": d.ID, "name": d.Name, "name_en": d.NameEn, "department_leader": nonNil(d.Leaders),
		"parentid": d.Parent, "order": d.Order,
	}
}

// nonNil makes empty lists encode as [] as WeCom's do, not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
