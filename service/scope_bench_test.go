package service_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/repo/repotest"
	"github.com/wecom-ticket/ticket/repo/store/storetest"
	"github.com/wecom-ticket/ticket/service"
)

// The scope benchmarks measure what every list and every ticket read
// starts with: the principal (who the reader is in the org, what is shared
// with them) and a preset view turned into the store's query, for readers
// of a large org: 5,000 users in 500 departments six levels deep. The org
// and the sharing rules are applied through the services onto the real
// embedded stack (SQLite, in-process store), as servicetest wires it, so
// the principal's store reads (org version, sharing rules) are real.

// Org shape: company > divisions > 8 regions > 5 areas each > 3 branches
// each > stations to 500 departments; every tenth station an outsourced
// provider without a leader.
const (
	benchUsers           = 5000
	benchDepts           = 500
	benchRegions         = 8
	benchAreasPerRegion  = 5
	benchBranchesPerArea = 3
	benchAgents          = 200
	benchSales           = 50
)

// benchOrg is the generated org and the readers the benchmarks act as.
type benchOrg struct {
	snap service.OrgSnapshot
	// The readers: a plain engineer at a station of the huge region, that
	// region's manager, and the manager at the top of the company.
	engineer, regionalManager, topManager, admin   string
	hugeRegion, otherRegion, salesDept, afterSales int64
	engineerArea, hugeBranch                       int64
	sharedEngineer                                 string // someone in another region, shared with the engineer's area
}

type benchDept struct {
	spec   service.DeptSpec
	level  int
	region int64
	leader string // "" for an outsourced provider
}

// newBenchOrg builds the org deterministically. Everyone reports to the
// leader of the nearest department above them that has one, as WeCom's
// direct_leader usually says; 40% of the engineers work in the first
// (huge) region, and one in twenty belongs to a second department.
func newBenchOrg() *benchOrg {
	o := &benchOrg{topManager: "boss", admin: "admin", afterSales: 3, salesDept: 5}
	var depts []*benchDept
	byID := map[int64]*benchDept{}
	var users []service.UserSpec
	enabled := true
	user := func(userid, name string, main int64, leaders []string, roles ...service.Role) {
		if roles == nil {
			roles = []service.Role{}
		}
		users = append(users, service.UserSpec{UserID: userid, Name: name, MainDepartment: main, Departments: []int64{main},
			Leaders: leaders, Roles: roles, Enabled: &enabled, Mobile: fmt.Sprintf("139%08d", len(users))})
	}
	kindOf := func(k service.DeptKind) *service.DeptKind { return &k }
	dept := func(id, parent int64, level int, kind service.DeptKind, region int64, leader string) *benchDept {
		d := &benchDept{spec: service.DeptSpec{ID: id, Name: fmt.Sprintf("部门%d", id), NameEn: fmt.Sprintf("Dept %d", id),
			Parent: parent, Order: id, Kind: kindOf(kind)}, level: level, region: region, leader: leader}
		if leader != "" {
			d.spec.Leaders = []string{leader}
		}
		depts = append(depts, d)
		byID[id] = d
		return d
	}
	// leaderAbove is whom a member of dept reports to.
	leaderAbove := func(dept int64) []string {
		for d := byID[dept]; d != nil; d = byID[d.spec.Parent] {
			if d.leader != "" {
				return []string{d.leader}
			}
		}
		return nil
	}

	dept(1, 0, 1, service.DeptPlain, 0, "boss")
	dept(2, 1, 2, service.DeptPlain, 0, "cs_lead")
	dept(3, 1, 2, service.DeptPlain, 0, "svc_mgr")
	dept(4, 1, 2, service.DeptPlain, 0, "it_lead")
	dept(5, 1, 2, service.DeptPlain, 0, "sales_lead")
	user("boss", "赵总", 1, nil)
	user("cs_lead", "孙主管", 2, []string{"boss"}, service.RoleAgent)
	user("svc_mgr", "吴经理", 3, []string{"boss"}, service.RoleServiceManager)
	user("it_lead", "钱工", 4, []string{"boss"}, service.RoleEngineer)
	user("sales_lead", "秦经理", 5, []string{"boss"})
	user("admin", "系统管理员", 4, []string{"it_lead"}, service.RoleAdmin)

	var regions, areas, branches, stations []*benchDept
	next := int64(101)
	newDept := func(parent *benchDept, level int, kind service.DeptKind, outsourced bool) *benchDept {
		id := next
		next++
		leader := ""
		if !outsourced {
			leader = fmt.Sprintf("lead%04d", id)
		}
		region := parent.region
		if level == 3 {
			region = id
		}
		d := dept(id, parent.spec.ID, level, kind, region, leader)
		if leader != "" {
			roles := []service.Role{service.RoleEngineer}
			if level == 3 {
				roles = []service.Role{service.RoleEngineer, service.RoleRegionalManager}
			}
			user(leader, fmt.Sprintf("主管%04d", id), id, leaderAbove(parent.spec.ID), roles...)
		}
		return d
	}
	for range benchRegions {
		regions = append(regions, newDept(byID[3], 3, service.DeptRegion, false))
	}
	for _, r := range regions {
		for range benchAreasPerRegion {
			areas = append(areas, newDept(r, 4, service.DeptPlain, false))
		}
	}
	for _, a := range areas {
		for range benchBranchesPerArea {
			branches = append(branches, newDept(a, 5, service.DeptBranch, false))
		}
	}
	for i := 0; len(depts) < benchDepts; i++ {
		outsourced := i%10 == 9
		kind := service.DeptPlain
		if outsourced {
			kind = service.DeptOutsourced
		}
		stations = append(stations, newDept(branches[i%len(branches)], 6, kind, outsourced))
	}
	o.hugeRegion, o.otherRegion = regions[0].spec.ID, regions[1].spec.ID
	o.regionalManager = regions[0].leader
	o.hugeBranch = branches[0].spec.ID

	for i := range benchAgents {
		user(fmt.Sprintf("agent%04d", i), fmt.Sprintf("客服%04d", i), 2, []string{"cs_lead"}, service.RoleAgent)
	}
	for i := range benchSales {
		user(fmt.Sprintf("sales%04d", i), fmt.Sprintf("销售%04d", i), 5, []string{"sales_lead"})
	}
	var huge, rest []*benchDept
	for _, s := range stations {
		if s.region == o.hugeRegion {
			huge = append(huge, s)
		} else {
			rest = append(rest, s)
		}
	}
	for i := 0; len(users) < benchUsers; i++ {
		var main *benchDept
		switch {
		case i < 30: // in the huge region's own office: its manager's 我负责部门的
			main = regions[0]
		case i%5 < 2:
			main = huge[i%len(huge)]
		default:
			main = rest[i%len(rest)]
		}
		userid := fmt.Sprintf("eng%05d", i)
		user(userid, fmt.Sprintf("工程师%05d", i), main.spec.ID, leaderAbove(main.spec.ID), service.RoleEngineer)
		if i%20 == 19 {
			u := &users[len(users)-1]
			if other := stations[(i*7)%len(stations)].spec.ID; other != main.spec.ID {
				u.Departments = append(u.Departments, other)
			}
		}
		if o.engineer == "" && main.level == 6 && main.leader != "" && main.region == o.hugeRegion {
			o.engineer = userid
			o.engineerArea = byID[byID[main.spec.Parent].spec.Parent].spec.ID
		}
		if o.sharedEngineer == "" && main.level == 6 && main.region != o.hugeRegion {
			o.sharedEngineer = userid
		}
	}

	o.snap = service.OrgSnapshot{Settings: map[string]string{service.SettingSubordinatesIncludeSubdepts: "true"}}
	for _, d := range depts {
		o.snap.Departments = append(o.snap.Departments, d.spec)
	}
	o.snap.Users = users
	managers := []string{}
	for _, r := range regions {
		managers = append(managers, r.leader)
	}
	hugeEngineers := []string{}
	for _, u := range users {
		if len(hugeEngineers) < 100 && byID[u.MainDepartment].region == o.hugeRegion {
			hugeEngineers = append(hugeEngineers, u.UserID)
		}
	}
	o.snap.Groups = []service.GroupSpec{{Name: "区域主管", Members: managers}, {Name: "大区工程师", Members: hugeEngineers}}
	return o
}

// benchStack is the org applied to a fresh embedded stack, with sharing
// rules that reach each reader by a different road.
type benchStack struct {
	org     *benchOrg
	db      *repo.DB
	orgs    *service.OrgService
	tickets *service.TicketService
	x       *service.OrgIndex
}

func newBenchStack(b *testing.B) *benchStack {
	b.Helper()
	ctx := context.Background()
	o := newBenchOrg()
	db := repotest.SQLite(b)
	kv := storetest.Memory(b)
	orgs := service.NewOrgService(db, repo.NewOrgs(db), kv, nil)
	if _, err := orgs.Apply(ctx, o.snap, service.ApplyOptions{}); err != nil {
		b.Fatalf("apply the org: %v", err)
	}
	x, err := orgs.Index(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if n := len(x.Users()); n != benchUsers {
		b.Fatalf("%d users, want %d", n, benchUsers)
	}
	id := func(userid string) int64 {
		u, ok := x.UserByUserID(userid)
		if !ok {
			b.Fatalf("no user %q", userid)
		}
		return u.ID
	}
	sharing := repo.NewSharing(db)
	admin := service.Actor{UserID: id(o.admin), Origin: service.OriginWebForm}
	groups := x.GroupsOf(id(o.regionalManager))
	if len(groups) == 0 {
		b.Fatal("the regional manager is in no group")
	}
	rules := []service.SharingRule{
		// Another region's tickets, to every regional manager (by group).
		{SourceKind: service.PartyDept, SourceID: o.otherRegion, TargetKind: service.PartyGroup, TargetID: groups[0], Access: service.AccessRead},
		// Sales' tickets, to the top manager.
		{SourceKind: service.PartyDept, SourceID: o.salesDept, TargetKind: service.PartyUser, TargetID: id(o.topManager), Access: service.AccessRead},
		// One engineer's tickets, to the engineer's area (and the stations below it).
		{SourceKind: service.PartyUser, SourceID: id(o.sharedEngineer), TargetKind: service.PartyDept, TargetID: o.engineerArea, Access: service.AccessWrite},
		// A branch's tickets, to all of after-sales.
		{SourceKind: service.PartyDept, SourceID: o.hugeBranch, TargetKind: service.PartyDept, TargetID: o.afterSales, Access: service.AccessRead},
	}
	share := service.NewSharingService(orgs, sharing)
	for _, r := range rules {
		if _, err := share.Share(ctx, admin, r); err != nil {
			b.Fatalf("share %+v: %v", r, err)
		}
	}
	tickets := service.NewTicketService(service.TicketDeps{Tx: db, Tickets: repo.NewTickets(db), Templates: repo.NewTemplates(db),
		Rules: repo.NewDispatchRules(db), Sharing: sharing, Org: orgs})
	return &benchStack{org: o, db: db, orgs: orgs, tickets: tickets, x: x}
}

// readers are the benchmarks' actors, by role.
func (s *benchStack) readers(b *testing.B) []struct {
	name  string
	actor service.Actor
} {
	b.Helper()
	out := []struct {
		name  string
		actor service.Actor
	}{}
	for _, r := range []struct{ name, userid string }{
		{"engineer", s.org.engineer}, {"regional_manager", s.org.regionalManager}, {"top_manager", s.org.topManager},
	} {
		u, ok := s.x.UserByUserID(r.userid)
		if !ok {
			b.Fatalf("no %s %q", r.name, r.userid)
		}
		out = append(out, struct {
			name  string
			actor service.Actor
		}{"role=" + r.name, service.Actor{UserID: u.ID, Origin: service.OriginMiniProgram}})
	}
	return out
}

// BenchmarkPrincipal is building a reader's principal, as every list and
// ticket read does: the cached org index (one session-store read of the
// org version), the reader's subordinates, the department they lead, the
// dispatch queues they work (a walk over all 500 departments) and the
// sharing rules that reach them (one SQLite query), expanded to owners.
func BenchmarkPrincipal(b *testing.B) {
	s := newBenchStack(b)
	ctx := context.Background()
	for _, r := range s.readers(b) {
		b.Run(r.name, func(b *testing.B) {
			if _, err := service.BenchPrincipal(s.tickets, ctx, r.actor); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := service.BenchPrincipal(s.tickets, ctx, r.actor); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkViewQuery is turning a preset view into the store's query for
// a principal built beforehand: the id lists (team, shared owners,
// department members) merged, sorted and deduplicated. ids is how many
// ids the query names.
func BenchmarkViewQuery(b *testing.B) {
	s := newBenchStack(b)
	ctx := context.Background()
	for _, r := range s.readers(b) {
		p, err := service.BenchPrincipal(s.tickets, ctx, r.actor)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range service.Views {
			b.Run(r.name+"/view="+string(v), func(b *testing.B) {
				q := service.BenchViewQuery(p, v)
				if !q.All && len(q.Parts) == 0 && v == service.ViewAll {
					b.Fatalf("%s sees nothing in %s", r.name, v)
				}
				ids := 0
				for _, part := range q.Parts {
					ids += len(part.IDs)
				}
				b.ReportAllocs()
				for b.Loop() {
					service.BenchViewQuery(p, v)
				}
				b.ReportMetric(float64(ids), "ids")
			})
		}
	}
}

// BenchmarkOrgIndex is indexing the stored org (every subordinate list
// precomputed), which each instance does whenever the org changes.
func BenchmarkOrgIndex(b *testing.B) {
	s := newBenchStack(b)
	data, err := repo.NewOrgs(s.db).LoadOrg(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	top, _ := s.x.UserByUserID(s.org.topManager)
	b.Run(fmt.Sprintf("users=%d/depts=%d", len(data.Users), len(data.Departments)), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if x := service.NewOrgIndex(data); len(x.Subordinates(top.ID)) != benchUsers-1 {
				b.Fatalf("the top manager has %d subordinates, want everyone else", len(x.Subordinates(top.ID)))
			}
		}
	})
}
