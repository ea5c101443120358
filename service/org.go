package service

import (
	"context"
	"slices"
)

// Role is what a user may do beyond their own tickets. A user may hold
// several (a regional manager is often an engineer too).
type Role string

// The roles of the requirement documents.
const (
	RoleAdmin           Role = "admin"            // 管理员
	RoleServiceManager  Role = "service_manager"  // 售后主管
	RoleRegionalManager Role = "regional_manager" // 区域主管
	RoleAgent           Role = "agent"            // 客服
	RoleEngineer        Role = "engineer"         // 服务人员
)

// Roles lists every role, in display order.
var Roles = []Role{RoleAdmin, RoleServiceManager, RoleRegionalManager, RoleAgent, RoleEngineer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// DeptKind marks departments that can receive tickets as a unit
// (dispatch modes 3 and 4 allocate to them).
type DeptKind string

// Department kinds; the empty kind is an ordinary department.
const (
	DeptPlain      DeptKind = ""
	DeptRegion     DeptKind = "region"     // 区域
	DeptBranch     DeptKind = "branch"     // 网点
	DeptOutsourced DeptKind = "outsourced" // 外包服务商
)

// Valid reports whether k is a known kind.
func (k DeptKind) Valid() bool {
	switch k {
	case DeptPlain, DeptRegion, DeptBranch, DeptOutsourced:
		return true
	}
	return false
}

// Department is one node of the org tree. Its id is WeCom's department id.
type Department struct {
	ID        int64
	Name      string
	NameEn    string
	ParentID  int64
	Order     int64
	Kind      DeptKind
	LeaderIDs []int64 // user ids, sorted
}

// User is a member of staff. ID is ours; UserID is WeCom's userid.
type User struct {
	ID         int64
	UserID     string
	Name       string
	Mobile     string
	Email      string
	Position   string
	MainDeptID int64
	DeptIDs    []int64 // sorted, includes MainDeptID
	LeaderIDs  []int64 // direct leaders (WeCom direct_leader), sorted
	Roles      []Role  // sorted
	Enabled    bool
	Lang       string // "zh" or "en"; empty means the default
}

// HasRole reports whether u holds r.
func (u *User) HasRole(r Role) bool { return slices.Contains(u.Roles, r) }

// Group is a named set of users, used as a sharing target.
type Group struct {
	ID        int64
	Name      string
	MemberIDs []int64 // sorted
}

// OrgData is the whole org as stored.
type OrgData struct {
	Departments []Department
	Users       []User
	Groups      []Group
	Settings    map[string]string
}

// Org settings (stored in the settings table).
const (
	// SettingSubordinatesIncludeSubdepts is 上级可见数据范围: whether a
	// department leader's subordinates include the members of the
	// departments below the ones they lead. "true" or "false".
	SettingSubordinatesIncludeSubdepts = "org.subordinates_include_subdepartments"
)

// OrgStore persists the org. repo implements it.
type OrgStore interface {
	LoadOrg(ctx context.Context) (*OrgData, error)
	// SaveDepartment inserts or updates the department and replaces its leaders.
	SaveDepartment(ctx context.Context, d *Department) error
	DeleteDepartment(ctx context.Context, id int64) error
	// SaveUser inserts or updates by UserID, sets u.ID, and replaces the
	// user's departments, direct leaders and roles.
	SaveUser(ctx context.Context, u *User) error
	// SaveGroup inserts or updates by Name, sets g.ID, and replaces members.
	SaveGroup(ctx context.Context, g *Group) error
	PutSetting(ctx context.Context, name, value string) error
}

// TxRunner runs fn in one transaction carried by ctx; nested calls join it.
type TxRunner interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}
