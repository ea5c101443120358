package service

import (
	"context"
	"fmt"
	"slices"
)

// ApplyOptions tunes Apply.
type ApplyOptions struct {
	// Prune removes departments and disables users that the snapshot does
	// not list: right for WeCom's full address book, wrong for a partial
	// seed file.
	Prune bool
}

// ApplyReport counts what Apply changed.
type ApplyReport struct {
	DeptsCreated, DeptsUpdated, DeptsRemoved  int
	UsersCreated, UsersUpdated, UsersDisabled int
	GroupsSaved, SettingsSaved                int
}

// Changed reports whether anything was written.
func (r ApplyReport) Changed() bool { return r != ApplyReport{} }

// Apply makes the stored org match the snapshot, in one transaction. Rows
// that already match are not written, so applying the same snapshot twice
// (or a seed file and then WeCom's identical address book) changes nothing.
// An invalid snapshot is rejected whole, with every problem at once.
func (s *OrgService) Apply(ctx context.Context, snap OrgSnapshot, opts ApplyOptions) (ApplyReport, error) {
	s.applying.Lock()
	defer s.applying.Unlock()
	var rep ApplyReport
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.store.LoadOrg(ctx)
		if err != nil {
			return fmt.Errorf("load org: %w", err)
		}
		a := newApplier(cur, snap)
		if bad := a.validate(); len(bad) > 0 {
			return Invalid(bad)
		}
		rep, err = a.run(ctx, s.store, opts)
		return err
	})
	if err != nil {
		return ApplyReport{}, err
	}
	if rep.Changed() {
		if err := s.invalidate(ctx); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// applier holds one Apply's working state.
type applier struct {
	cur       *OrgData
	snap      OrgSnapshot
	curDepts  map[int64]*Department
	curUsers  map[string]*User
	curGroups map[string]*Group
	ids       map[string]int64 // userid -> id, for current and newly created users
}

func newApplier(cur *OrgData, snap OrgSnapshot) *applier {
	a := &applier{
		cur: cur, snap: snap,
		curDepts:  map[int64]*Department{},
		curUsers:  map[string]*User{},
		curGroups: map[string]*Group{},
		ids:       map[string]int64{},
	}
	for i := range cur.Departments {
		a.curDepts[cur.Departments[i].ID] = &cur.Departments[i]
	}
	for i := range cur.Users {
		u := &cur.Users[i]
		a.curUsers[u.UserID] = u
		a.ids[u.UserID] = u.ID
	}
	for i := range cur.Groups {
		a.curGroups[cur.Groups[i].Name] = &cur.Groups[i]
	}
	return a
}

func (a *applier) run(ctx context.Context, st OrgStore, opts ApplyOptions) (ApplyReport, error) {
	var rep ApplyReport
	// New users first, bare, so departments and leaders can refer to them.
	for _, spec := range a.snap.Users {
		if _, ok := a.ids[spec.UserID]; ok {
			continue
		}
		u := &User{UserID: spec.UserID, Name: spec.Name, Enabled: true, DeptIDs: []int64{}, LeaderIDs: []int64{}, Roles: []Role{}}
		if err := st.SaveUser(ctx, u); err != nil {
			return rep, fmt.Errorf("create user %s: %w", spec.UserID, err)
		}
		a.ids[spec.UserID] = u.ID
		rep.UsersCreated++
	}
	for _, spec := range a.snap.Departments {
		want := a.desiredDept(spec)
		old, exists := a.curDepts[spec.ID]
		if exists && deptEqual(old, want) {
			continue
		}
		if err := st.SaveDepartment(ctx, want); err != nil {
			return rep, fmt.Errorf("save department %d: %w", spec.ID, err)
		}
		if exists {
			rep.DeptsUpdated++
		} else {
			rep.DeptsCreated++
		}
	}
	for _, spec := range a.snap.Users {
		want := a.desiredUser(spec)
		old, exists := a.curUsers[spec.UserID]
		if exists && userEqual(old, want) {
			continue
		}
		if err := st.SaveUser(ctx, want); err != nil {
			return rep, fmt.Errorf("save user %s: %w", spec.UserID, err)
		}
		if exists {
			rep.UsersUpdated++
		}
	}
	for _, spec := range a.snap.Groups {
		want := &Group{Name: spec.Name, MemberIDs: a.resolve(spec.Members)}
		if old, ok := a.curGroups[spec.Name]; ok {
			if slices.Equal(old.MemberIDs, want.MemberIDs) {
				continue
			}
			want.ID = old.ID
		}
		if err := st.SaveGroup(ctx, want); err != nil {
			return rep, fmt.Errorf("save group %s: %w", spec.Name, err)
		}
		rep.GroupsSaved++
	}
	for name, val := range a.snap.Settings {
		if old, ok := a.cur.Settings[name]; ok && old == val {
			continue
		}
		if err := st.PutSetting(ctx, name, val); err != nil {
			return rep, fmt.Errorf("save setting %s: %w", name, err)
		}
		rep.SettingsSaved++
	}
	if opts.Prune {
		if err := a.prune(ctx, st, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func (a *applier) prune(ctx context.Context, st OrgStore, rep *ApplyReport) error {
	keepDept := map[int64]bool{}
	for _, d := range a.snap.Departments {
		keepDept[d.ID] = true
	}
	for _, d := range a.cur.Departments {
		if !keepDept[d.ID] {
			if err := st.DeleteDepartment(ctx, d.ID); err != nil {
				return fmt.Errorf("remove department %d: %w", d.ID, err)
			}
			rep.DeptsRemoved++
		}
	}
	keepUser := map[string]bool{}
	for _, u := range a.snap.Users {
		keepUser[u.UserID] = true
	}
	for i := range a.cur.Users {
		u := a.cur.Users[i]
		if keepUser[u.UserID] || !u.Enabled {
			continue
		}
		u.Enabled = false
		if err := st.SaveUser(ctx, &u); err != nil {
			return fmt.Errorf("disable user %s: %w", u.UserID, err)
		}
		rep.UsersDisabled++
	}
	return nil
}

func (a *applier) resolve(userids []string) []int64 {
	out := make([]int64, 0, len(userids))
	for _, u := range userids {
		out = append(out, a.ids[u])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (a *applier) desiredDept(spec DeptSpec) *Department {
	d := &Department{
		ID: spec.ID, Name: spec.Name, NameEn: spec.NameEn, ParentID: spec.Parent,
		Order: spec.Order, LeaderIDs: a.resolve(spec.Leaders),
	}
	switch {
	case spec.Kind != nil:
		d.Kind = *spec.Kind
	case a.curDepts[spec.ID] != nil:
		d.Kind = a.curDepts[spec.ID].Kind
	}
	return d
}

func (a *applier) desiredUser(spec UserSpec) *User {
	old := a.curUsers[spec.UserID]
	u := &User{
		ID: a.ids[spec.UserID], UserID: spec.UserID, Name: spec.Name, Mobile: spec.Mobile,
		Email: spec.Email, Position: spec.Position, MainDeptID: spec.MainDepartment,
		LeaderIDs: a.resolve(spec.Leaders), Enabled: true, Lang: spec.Lang, Roles: []Role{},
	}
	depts := slices.Clone(spec.Departments)
	if u.MainDeptID != 0 {
		depts = append(depts, u.MainDeptID)
	} else if len(depts) > 0 {
		u.MainDeptID = depts[0]
	}
	slices.Sort(depts)
	u.DeptIDs = slices.Compact(depts)
	if u.DeptIDs == nil {
		u.DeptIDs = []int64{}
	}
	switch {
	case spec.Roles != nil:
		u.Roles = slices.Clone(spec.Roles)
		slices.Sort(u.Roles)
		u.Roles = slices.Compact(u.Roles)
	case old != nil:
		u.Roles = slices.Clone(old.Roles)
	}
	switch {
	case spec.Enabled != nil:
		u.Enabled = *spec.Enabled
	case old != nil:
		u.Enabled = old.Enabled
	}
	if u.Lang == "" && old != nil {
		u.Lang = old.Lang
	}
	return u
}

func deptEqual(a, b *Department) bool {
	return a.ID == b.ID && a.Name == b.Name && a.NameEn == b.NameEn && a.ParentID == b.ParentID &&
		a.Order == b.Order && a.Kind == b.Kind && slices.Equal(a.LeaderIDs, b.LeaderIDs)
}

func userEqual(a, b *User) bool {
	return a.UserID == b.UserID && a.Name == b.Name && a.Mobile == b.Mobile && a.Email == b.Email &&
		a.Position == b.Position && a.MainDeptID == b.MainDeptID && a.Enabled == b.Enabled &&
		a.Lang == b.Lang && slices.Equal(a.DeptIDs, b.DeptIDs) && slices.Equal(a.LeaderIDs, b.LeaderIDs) &&
		slices.Equal(a.Roles, b.Roles)
}
