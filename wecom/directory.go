package wecom

import (
	"context"
	"net/url"
	"slices"
	"strconv"

	"github.com/silenceper/wechat/v2/util"
	"github.com/silenceper/wechat/v2/work/addresslist"

	"github.com/wecom-ticket/ticket/service"
)

var _ service.Directory = (*Client)(nil)

// Member status values of user/get and user/list.
const (
	statusDisabled = 2
	statusQuit     = 5
)

type departmentList struct {
	util.CommonError
	Department []addresslist.Department `json:"department"`
}

// wireUser is a member as user/get and user/list return it.
type wireUser struct {
	UserID         string   `json:"userid"`
	Name           string   `json:"name"`
	Department     []int64  `json:"department"`
	Position       string   `json:"position"`
	Mobile         string   `json:"mobile"`
	Email          string   `json:"email"`
	IsLeaderInDept []int    `json:"is_leader_in_dept"` // aligned with Department
	DirectLeader   []string `json:"direct_leader"`
	MainDepartment int64    `json:"main_department"`
	Status         int      `json:"status"`
}

type userGet struct {
	util.CommonError
	wireUser
}

// userList is user/list (member details by department), which silenceper
// lacks.
type userList struct {
	util.CommonError
	UserList []wireUser `json:"userlist"`
}

// Snapshot reads every department and member the app can see: one
// department/list, then one user/list with fetch_child=1 per top
// department of the visible scope (a scope may have several).
func (c *Client) Snapshot(ctx context.Context) (service.OrgSnapshot, error) {
	var snap service.OrgSnapshot
	var deps departmentList
	if err := c.get(ctx, "department/list", url.Values{}, &deps); err != nil {
		return snap, err
	}
	known := make(map[int64]int, len(deps.Department)) // id -> index in snap
	for _, d := range deps.Department {
		known[int64(d.ID)] = len(snap.Departments)
		snap.Departments = append(snap.Departments, service.DeptSpec{
			ID: int64(d.ID), Name: d.Name, NameEn: d.NameEn, Parent: int64(d.ParentID), Order: int64(d.Order),
			Leaders: append([]string{}, d.DepartmentLeader...),
		})
	}
	seen := map[string]bool{}
	for _, d := range snap.Departments {
		if _, inScope := known[d.Parent]; inScope {
			continue // fetched with its ancestor
		}
		var list userList
		q := url.Values{"department_id": {strconv.FormatInt(d.ID, 10)}, "fetch_child": {"1"}}
		if err := c.get(ctx, "user/list", q, &list); err != nil {
			return snap, err
		}
		for _, u := range list.UserList {
			if seen[u.UserID] {
				continue
			}
			seen[u.UserID] = true
			snap.Users = append(snap.Users, u.spec())
			addLeaderships(snap.Departments, known, u)
		}
	}
	return snap, nil
}

// addLeaderships merges is_leader_in_dept into the departments' leaders,
// for apps that see a member's flags but not department_leader.
func addLeaderships(deps []service.DeptSpec, known map[int64]int, u wireUser) {
	for i, dep := range u.Department {
		idx, ok := known[dep]
		if !ok || i >= len(u.IsLeaderInDept) || u.IsLeaderInDept[i] != 1 {
			continue
		}
		if !slices.Contains(deps[idx].Leaders, u.UserID) {
			deps[idx].Leaders = append(deps[idx].Leaders, u.UserID)
		}
	}
}

// User reads one member; an unknown userid is KindNotFound.
func (c *Client) User(ctx context.Context, userid string) (service.UserSpec, error) {
	var u userGet
	if err := c.get(ctx, "user/get", url.Values{"userid": {userid}}, &u); err != nil {
		return service.UserSpec{}, err
	}
	return u.spec(), nil
}

func (u wireUser) spec() service.UserSpec {
	enabled := u.Status != statusDisabled && u.Status != statusQuit
	return service.UserSpec{
		UserID:         u.UserID,
		Name:           u.Name,
		Mobile:         u.Mobile,
		Email:          u.Email,
		Position:       u.Position,
		MainDepartment: u.MainDepartment,
		Departments:    append([]int64{}, u.Department...),
		Leaders:        append([]string{}, u.DirectLeader...),
		Enabled:        &enabled,
	}
}
