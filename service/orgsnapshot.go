package service

import "context"

// OrgSnapshot describes an org as a seed file or WeCom's address book gives
// it: people are named by userid, departments by WeCom id. Applying a
// snapshot is how both `server seed` and `server sync-org` change the org,
// so the two agree by construction.
type OrgSnapshot struct {
	Settings    map[string]string `yaml:"settings"`
	Departments []DeptSpec        `yaml:"departments"`
	Users       []UserSpec        `yaml:"users"`
	Groups      []GroupSpec       `yaml:"groups"`
}

// DeptSpec is one department of a snapshot.
type DeptSpec struct {
	ID      int64     `yaml:"id"`
	Name    string    `yaml:"name"`
	NameEn  string    `yaml:"name_en"`
	Parent  int64     `yaml:"parent"`
	Order   int64     `yaml:"order"`
	Kind    *DeptKind `yaml:"kind"` // nil keeps the stored kind (WeCom has none)
	Leaders []string  `yaml:"leaders"`
}

// UserSpec is one user of a snapshot.
type UserSpec struct {
	UserID         string   `yaml:"userid"`
	Name           string   `yaml:"name"`
	Mobile         string   `yaml:"mobile"`
	Email          string   `yaml:"email"`
	Position       string   `yaml:"position"`
	MainDepartment int64    `yaml:"main_department"`
	Departments    []int64  `yaml:"departments"`
	Leaders        []string `yaml:"leaders"` // direct leaders by userid
	Roles          []Role   `yaml:"roles"`   // nil keeps the stored roles (WeCom has none)
	Enabled        *bool    `yaml:"enabled"` // nil: enabled when new, unchanged otherwise
	Lang           string   `yaml:"lang"`    // empty keeps the stored language
}

// GroupSpec is one user group of a snapshot.
type GroupSpec struct {
	Name    string   `yaml:"name"`
	Members []string `yaml:"members"`
}

// Directory is WeCom's address book as the service needs it. The WeCom
// client implements it; a nil Directory means WeCom is not configured.
type Directory interface {
	// Snapshot returns every department and user visible to the app.
	// Settings and Groups are left empty and Roles, Kind and Lang nil,
	// since WeCom does not know them.
	Snapshot(ctx context.Context) (OrgSnapshot, error)
	// User fetches one member (user/get), e.g. when a callback names a
	// userid the system does not know yet. An unknown userid is a
	// KindNotFound error.
	User(ctx context.Context, userid string) (UserSpec, error)
}
