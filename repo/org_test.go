package repo_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/repo/repotest"
	"github.com/wecom-ticket/ticket/service"
)

// TestOrgStoreContract runs the same org-store expectations on every
// backend (SQLite always, MySQL when TICKET_TEST_MYSQL_DSN is set).
func TestOrgStoreContract(t *testing.T) {
	for _, be := range repotest.Backends(t) {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			st := repo.NewOrgs(be.DB)

			root := &service.Department{ID: 1, Name: "总部 🏢", NameEn: "HQ", LeaderIDs: []int64{}}
			east := &service.Department{ID: 4, Name: "华东区", ParentID: 1, Kind: service.DeptRegion, LeaderIDs: []int64{}}
			for _, d := range []*service.Department{root, east} {
				if err := st.SaveDepartment(ctx, d); err != nil {
					t.Fatalf("save department: %v", err)
				}
			}
			mgr := &service.User{UserID: "east_mgr", Name: "郑东", MainDeptID: 4, DeptIDs: []int64{4},
				LeaderIDs: []int64{}, Roles: []service.Role{service.RoleEngineer, service.RoleRegionalManager}, Enabled: true}
			if err := st.SaveUser(ctx, mgr); err != nil {
				t.Fatalf("save user: %v", err)
			}
			if mgr.ID == 0 {
				t.Fatal("SaveUser did not set the id")
			}
			eng := &service.User{UserID: "eng_east1", Name: "陈工 😀", Email: "e@x.cn", MainDeptID: 4, DeptIDs: []int64{1, 4},
				LeaderIDs: []int64{mgr.ID}, Roles: []service.Role{service.RoleEngineer}, Enabled: true, Lang: "en"}
			if err := st.SaveUser(ctx, eng); err != nil {
				t.Fatalf("save user: %v", err)
			}
			east.LeaderIDs = []int64{mgr.ID}
			if err := st.SaveDepartment(ctx, east); err != nil {
				t.Fatalf("update department: %v", err)
			}
			g := &service.Group{Name: "华东工程师", MemberIDs: []int64{mgr.ID, eng.ID}}
			if err := st.SaveGroup(ctx, g); err != nil {
				t.Fatalf("save group: %v", err)
			}
			if err := st.PutSetting(ctx, service.SettingSubordinatesIncludeSubdepts, "false"); err != nil {
				t.Fatalf("put setting: %v", err)
			}

			got, err := st.LoadOrg(ctx)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if len(got.Departments) != 2 || got.Departments[0].Name != "总部 🏢" || got.Departments[1].Kind != service.DeptRegion {
				t.Fatalf("departments = %+v", got.Departments)
			}
			if l := got.Departments[1].LeaderIDs; len(l) != 1 || l[0] != mgr.ID {
				t.Fatalf("east leaders = %v, want [%d]", l, mgr.ID)
			}
			if len(got.Users) != 2 {
				t.Fatalf("users = %+v", got.Users)
			}
			u := got.Users[1]
			if u.Name != "陈工 😀" || u.Lang != "en" || len(u.DeptIDs) != 2 || u.LeaderIDs[0] != mgr.ID || u.Roles[0] != service.RoleEngineer {
				t.Fatalf("user round trip = %+v", u)
			}
			if r := got.Users[0].Roles; len(r) != 2 || r[0] != service.RoleEngineer || r[1] != service.RoleRegionalManager {
				t.Fatalf("roles = %v, want sorted [engineer regional_manager]", r)
			}
			if len(got.Groups) != 1 || len(got.Groups[0].MemberIDs) != 2 {
				t.Fatalf("groups = %+v", got.Groups)
			}
			if got.Settings[service.SettingSubordinatesIncludeSubdepts] != "false" {
				t.Fatalf("settings = %v", got.Settings)
			}

			// Replacing links replaces, not appends; saving by userid updates in place.
			eng.ID = 0
			eng.DeptIDs, eng.Roles = []int64{4}, []service.Role{}
			if err := st.SaveUser(ctx, eng); err != nil {
				t.Fatalf("resave user: %v", err)
			}
			if err := st.DeleteDepartment(ctx, 1); err != nil {
				t.Fatalf("delete department: %v", err)
			}
			got, err = st.LoadOrg(ctx)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if len(got.Users) != 2 || len(got.Users[1].DeptIDs) != 1 || len(got.Users[1].Roles) != 0 {
				t.Fatalf("after resave: %+v", got.Users)
			}
			if len(got.Departments) != 1 || got.Departments[0].ID != 4 {
				t.Fatalf("after delete: %+v", got.Departments)
			}
		})
	}
}
