package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestApplyDemoOrgIsIdempotent(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			snap, err := configs.ParseOrg(configs.DemoOrg)
			if err != nil {
				t.Fatal(err)
			}
			first, err := st.Org.Apply(ctx, snap, service.ApplyOptions{})
			if err != nil {
				t.Fatalf("first apply: %v", err)
			}
			if first.UsersCreated != len(snap.Users) || first.DeptsCreated != len(snap.Departments) {
				t.Fatalf("first apply = %+v, want %d users and %d departments created", first, len(snap.Users), len(snap.Departments))
			}
			before, err := st.Org.Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			again, err := st.Org.Apply(ctx, snap, service.ApplyOptions{Prune: true})
			if err != nil {
				t.Fatalf("second apply: %v", err)
			}
			if again.Changed() {
				t.Fatalf("second apply changed %+v, want nothing", again)
			}
			after, err := st.Org.Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if before != after {
				t.Fatal("an unchanged org invalidated the cached index")
			}
		})
	}
}

func TestApplyRejectsBadSnapshotWhole(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			region := service.DeptKind("galaxy")
			snap := service.OrgSnapshot{
				Departments: []service.DeptSpec{
					{ID: 1, Name: "总部"},
					{ID: 2, Name: "", Parent: 99, Kind: &region, Leaders: []string{"ghost"}},
				},
				Users: []service.UserSpec{
					{UserID: "ok_user", Name: "好人", MainDepartment: 1},
					{UserID: "bad user!", Name: "x", MainDepartment: 7, Roles: []service.Role{"king"}, Email: "nope", Lang: "fr"},
				},
				Settings: map[string]string{"org.unknown": "1"},
			}
			_, err := st.Org.Apply(ctx, snap, service.ApplyOptions{})
			var de *service.Error
			if !asDomain(err, &de) || de.Kind != service.KindInvalid {
				t.Fatalf("err = %v, want an invalid-input error", err)
			}
			for _, field := range []string{
				"departments[1].name", "departments[1].parent", "departments[1].kind", "departments[1].leaders",
				"users[1].userid", "users[1].main_department", "users[1].roles", "users[1].email", "users[1].lang",
				"settings.org.unknown",
			} {
				if de.Fields[field] == "" {
					t.Errorf("no problem reported for %s; got %v", field, de.Fields)
				}
			}
			idx, err := st.Org.Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(idx.Users()) + len(idx.Departments()); n != 0 {
				t.Fatalf("a rejected snapshot stored %d rows", n)
			}
		})
	}
}

func TestSubordinates(t *testing.T) {
	cases := []struct {
		leader      string
		includeSubs bool
		want        []string
	}{
		{"east_mgr", true, []string{"eng_east1", "eng_east2", "eng_east3", "eng_sh1"}},
		// eng_east3 reports to east_mgr and eng_sh1 to eng_east3: the
		// direct-leader chain still reaches the branch without sub-departments.
		{"east_mgr", false, []string{"eng_east1", "eng_east2", "eng_east3", "eng_sh1"}},
		{"svc_mgr", true, []string{"east_mgr", "eng_east1", "eng_east2", "eng_east3", "eng_sh1", "eng_south1",
			"eng_west1", "eng_west2", "south_mgr", "vendor1", "west_mgr"}},
		// Without sub-departments svc_mgr keeps the regional managers (direct
		// reports) and their chains, but not vendor1, who only sits in a
		// department below.
		{"svc_mgr", false, []string{"east_mgr", "eng_east1", "eng_east2", "eng_east3", "eng_sh1", "eng_south1",
			"eng_west1", "eng_west2", "south_mgr", "west_mgr"}},
		{"cs_lead", true, []string{"agent1", "agent2", "sales1"}},
		{"agent1", true, []string{}},
		{"eng_east3", true, []string{"eng_sh1"}},
	}
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			st.SeedDemo(t)
			for _, c := range cases {
				val := "false"
				if c.includeSubs {
					val = "true"
				}
				if _, err := st.Org.Apply(ctx, service.OrgSnapshot{Settings: map[string]string{service.SettingSubordinatesIncludeSubdepts: val}}, service.ApplyOptions{}); err != nil {
					t.Fatal(err)
				}
				idx, err := st.Org.Index(ctx)
				if err != nil {
					t.Fatal(err)
				}
				leader, _ := idx.UserByUserID(c.leader)
				got := []string{}
				for _, id := range idx.Subordinates(leader.ID) {
					u, _ := idx.User(id)
					got = append(got, u.UserID)
				}
				slices.Sort(got)
				if !slices.Equal(got, c.want) {
					t.Errorf("subordinates(%s, subdepts=%v) = %v, want %v", c.leader, c.includeSubs, got, c.want)
				}
			}
		})
	}
}

func TestLeadersRouting(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			st.SeedDemo(t)
			idx, err := st.Org.Index(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for user, want := range map[string]string{"eng_east1": "east_mgr", "east_mgr": "svc_mgr", "vendor1": "svc_mgr"} {
				u, _ := idx.UserByUserID(user)
				leaders := idx.Leaders(u.ID)
				if len(leaders) != 1 {
					t.Fatalf("leaders(%s) = %v", user, leaders)
				}
				l, _ := idx.User(leaders[0])
				if l.UserID != want {
					t.Errorf("leader of %s = %s, want %s", user, l.UserID, want)
				}
			}
		})
	}
}
