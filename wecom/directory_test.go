package wecom_test

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/service"
)

// normalize keeps what WeCom knows, in a canonical order: Roles, Kind,
// Lang, Settings and Groups are ours; nil Enabled means enabled.
func normalize(s service.OrgSnapshot) service.OrgSnapshot {
	out := service.OrgSnapshot{}
	for _, d := range s.Departments {
		d.Kind = nil
		d.Leaders = slices.Sorted(slices.Values(d.Leaders))
		out.Departments = append(out.Departments, d)
	}
	for _, u := range s.Users {
		u.Roles, u.Lang = nil, ""
		enabled := u.Enabled == nil || *u.Enabled
		u.Enabled = &enabled
		u.Departments = slices.Clone(u.Departments)
		u.Leaders = slices.Sorted(slices.Values(u.Leaders))
		out.Users = append(out.Users, u)
	}
	slices.SortFunc(out.Departments, func(a, b service.DeptSpec) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Users, func(a, b service.UserSpec) int { return cmp.Compare(a.UserID, b.UserID) })
	return out
}

func TestSnapshotMatchesDemoOrg(t *testing.T) {
	want, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		t.Fatal(err)
	}
	s := newSim(t, want)
	c := newClient(t, s, newStore(t))
	got, err := c.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	g, w := normalize(got), normalize(want)
	if len(g.Departments) != 10 || len(g.Users) != 20 {
		t.Fatalf("got %d departments, %d users", len(g.Departments), len(g.Users))
	}
	for i := range w.Departments {
		if !reflect.DeepEqual(g.Departments[i], w.Departments[i]) {
			t.Errorf("department %d:\n got  %+v\n want %+v", w.Departments[i].ID, g.Departments[i], w.Departments[i])
		}
	}
	for i := range w.Users {
		if !reflect.DeepEqual(g.Users[i], w.Users[i]) {
			t.Errorf("user %s:\n got  %+v\n want %+v", w.Users[i].UserID, g.Users[i], w.Users[i])
		}
	}
	if got.Settings != nil || got.Groups != nil || got.Users[0].Roles != nil || got.Departments[0].Kind != nil {
		t.Errorf("Snapshot filled fields WeCom does not know")
	}
	if n := len(s.Requests("user/list")); n != 1 {
		t.Errorf("user/list requests = %d, want 1 (fetch_child from the single root)", n)
	}
}

// TestSnapshotScopes: an app whose visibility is two separate subtrees,
// a member in both, and one disabled member.
func TestSnapshotScopes(t *testing.T) {
	off := false
	org := service.OrgSnapshot{
		Departments: []service.DeptSpec{
			{ID: 3, Name: "售后", Parent: 1, Leaders: []string{"a"}},
			{ID: 4, Name: "华东", Parent: 3},
			{ID: 9, Name: "销售", Parent: 1},
		},
		Users: []service.UserSpec{
			{UserID: "a", Name: "A", MainDepartment: 3, Departments: []int64{3, 9}},
			{UserID: "b", Name: "B", MainDepartment: 4, Departments: []int64{4}, Leaders: []string{"a"}, Enabled: &off},
		},
	}
	s := newSim(t, org)
	c := newClient(t, s, newStore(t))
	got, err := c.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != 2 || got.Users[0].UserID != "a" || got.Users[1].UserID != "b" {
		t.Fatalf("users %+v: want a once, then b", got.Users)
	}
	if *got.Users[0].Enabled != true || *got.Users[1].Enabled != false {
		t.Errorf("enabled flags %v %v, want true false", *got.Users[0].Enabled, *got.Users[1].Enabled)
	}
	if n := len(s.Requests("user/list")); n != 2 {
		t.Errorf("user/list requests = %d, want one per visible root (2)", n)
	}
}

func TestUser(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	u, err := c.User(context.Background(), "sales1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "尤销售" || !reflect.DeepEqual(u.Departments, []int64{9, 2}) || u.MainDepartment != 9 ||
		!reflect.DeepEqual(u.Leaders, []string{"sales_lead"}) || u.Email != "sales1@demo.example.com" || u.Enabled == nil || !*u.Enabled {
		t.Errorf("User(sales1) = %+v", u)
	}
	if _, err := c.User(context.Background(), "nobody"); !service.IsKind(err, service.KindNotFound) {
		t.Errorf("User(nobody) err = %v, want KindNotFound", err)
	}
}
