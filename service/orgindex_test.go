package service_test

import (
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/service"
)

// The index lists users, departments and groups in id order whatever
// order they were stored in, and finds a group by id.
func TestOrgIndexListsInIDOrder(t *testing.T) {
	x := service.NewOrgIndex(&service.OrgData{
		Departments: []service.Department{{ID: 9, Name: "销售部"}, {ID: 1, Name: "总部"}},
		Users:       []service.User{{ID: 30, Name: "乙"}, {ID: 4, Name: "甲"}},
		Groups:      []service.Group{{ID: 7, Name: "售后管理组", MemberIDs: []int64{4}}, {ID: 2, Name: "华东工程师"}},
	})
	ids := func(n int, id func(int) int64) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	users, depts, groups := x.Users(), x.Departments(), x.Groups()
	for what, c := range map[string]struct{ got, want []int64 }{
		"users":       {ids(len(users), func(i int) int64 { return users[i].ID }), []int64{4, 30}},
		"departments": {ids(len(depts), func(i int) int64 { return depts[i].ID }), []int64{1, 9}},
		"groups":      {ids(len(groups), func(i int) int64 { return groups[i].ID }), []int64{2, 7}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s in order %v, want %v", what, c.got, c.want)
		}
	}
	if g, ok := x.Group(7); !ok || g.Name != "售后管理组" || len(g.MemberIDs) != 1 {
		t.Errorf("Group(7) = %+v, %v", g, ok)
	}
	if _, ok := x.Group(3); ok {
		t.Error("Group(3) found a group that does not exist")
	}
}
