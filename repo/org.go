package repo

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

// Orgs stores departments, users, roles, groups and settings.
type Orgs struct{ db *DB }

// NewOrgs returns the org repository.
func NewOrgs(db *DB) *Orgs { return &Orgs{db: db} }

var _ service.OrgStore = (*Orgs)(nil)

type departmentRow struct {
	ID        int64 `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	NameEn    string
	ParentID  int64
	SortOrder int64
	Kind      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (departmentRow) TableName() string { return "departments" }

type userRow struct {
	ID         int64  `gorm:"primaryKey"`
	UserID     string `gorm:"column:userid"`
	Name       string
	Mobile     string
	Email      string
	Position   string
	MainDeptID int64
	Lang       string
	Enabled    bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (userRow) TableName() string { return "users" }

type groupRow struct {
	ID        int64 `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (groupRow) TableName() string { return "user_groups" }

// pair is any two-column link row (user-dept, dept-leader, ...).
type pair struct{ A, B int64 }

type roleRow struct {
	UserID int64
	Role   string
}

type settingRow struct {
	Name      string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
}

func (settingRow) TableName() string { return "settings" }

// LoadOrg reads the whole org: a few thousand rows at most, read on change
// only (service caches the index).
func (o *Orgs) LoadOrg(ctx context.Context) (*service.OrgData, error) {
	q := o.db.conn(ctx)
	var depts []departmentRow
	var users []userRow
	var groups []groupRow
	var settings []settingRow
	var roles []roleRow
	var memberships, leaders, directs, members []pair
	steps := []func() error{
		func() error { return q.Order("id").Find(&depts).Error },
		func() error { return q.Order("id").Find(&users).Error },
		func() error { return q.Order("id").Find(&groups).Error },
		func() error { return q.Find(&settings).Error },
		func() error { return q.Table("user_roles").Order("user_id, role").Find(&roles).Error },
		func() error { return pairs(q, "user_departments", "user_id", "dept_id", &memberships) },
		func() error { return pairs(q, "department_leaders", "dept_id", "user_id", &leaders) },
		func() error { return pairs(q, "user_leaders", "user_id", "leader_id", &directs) },
		func() error { return pairs(q, "user_group_members", "group_id", "user_id", &members) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, dbErr(err)
		}
	}
	out := &service.OrgData{Settings: map[string]string{}}
	leadersOf := group(leaders)
	for _, d := range depts {
		out.Departments = append(out.Departments, service.Department{
			ID: d.ID, Name: d.Name, NameEn: d.NameEn, ParentID: d.ParentID, Order: d.SortOrder,
			Kind: service.DeptKind(d.Kind), LeaderIDs: leadersOf[d.ID],
		})
	}
	deptsOf, directOf := group(memberships), group(directs)
	rolesOf := map[int64][]service.Role{}
	for _, r := range roles {
		rolesOf[r.UserID] = append(rolesOf[r.UserID], service.Role(r.Role))
	}
	for _, u := range users {
		out.Users = append(out.Users, service.User{
			ID: u.ID, UserID: u.UserID, Name: u.Name, Mobile: u.Mobile, Email: u.Email, Position: u.Position,
			MainDeptID: u.MainDeptID, DeptIDs: nonNil(deptsOf[u.ID]), LeaderIDs: nonNil(directOf[u.ID]),
			Roles: nonNilRoles(rolesOf[u.ID]), Enabled: u.Enabled, Lang: u.Lang,
		})
	}
	membersOf := group(members)
	for _, g := range groups {
		out.Groups = append(out.Groups, service.Group{ID: g.ID, Name: g.Name, MemberIDs: nonNil(membersOf[g.ID])})
	}
	for _, s := range settings {
		out.Settings[s.Name] = s.Value
	}
	return out, nil
}

func pairs(q *gorm.DB, table, a, b string, out *[]pair) error {
	return q.Table(table).Select(a + " AS a, " + b + " AS b").Order(a + ", " + b).Find(out).Error
}

// group turns sorted pairs into A -> sorted Bs.
func group(ps []pair) map[int64][]int64 {
	out := map[int64][]int64{}
	for _, p := range ps {
		out[p.A] = append(out[p.A], p.B)
	}
	return out
}

func nonNil(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

func nonNilRoles(s []service.Role) []service.Role {
	if s == nil {
		return []service.Role{}
	}
	slices.Sort(s)
	return s
}

// SaveDepartment upserts the department and replaces its leaders.
func (o *Orgs) SaveDepartment(ctx context.Context, d *service.Department) error {
	return o.db.InTx(ctx, func(ctx context.Context) error {
		q := o.db.conn(ctx)
		now := time.Now().UTC()
		row := departmentRow{ID: d.ID, Name: d.Name, NameEn: d.NameEn, ParentID: d.ParentID,
			SortOrder: d.Order, Kind: string(d.Kind), CreatedAt: now, UpdatedAt: now}
		err := q.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "id"}},
			DoUpdates: clause.AssignmentColumns([]string{"name", "name_en", "parent_id", "sort_order", "kind", "updated_at"}),
		}).Create(&row).Error
		if err != nil {
			return dbErr(err)
		}
		return replaceLinks(q, "department_leaders", "dept_id", "user_id", d.ID, d.LeaderIDs)
	})
}

// DeleteDepartment removes a department, its leaders and memberships.
func (o *Orgs) DeleteDepartment(ctx context.Context, id int64) error {
	return o.db.InTx(ctx, func(ctx context.Context) error {
		q := o.db.conn(ctx)
		for _, stmt := range []struct{ table, col string }{
			{"department_leaders", "dept_id"}, {"user_departments", "dept_id"}, {"departments", "id"},
		} {
			if err := q.Exec("DELETE FROM "+stmt.table+" WHERE "+stmt.col+" = ?", id).Error; err != nil {
				return dbErr(err)
			}
		}
		return nil
	})
}

// SaveUser upserts by userid and replaces departments, leaders and roles.
func (o *Orgs) SaveUser(ctx context.Context, u *service.User) error {
	return o.db.InTx(ctx, func(ctx context.Context) error {
		q := o.db.conn(ctx)
		now := time.Now().UTC()
		row := userRow{ID: u.ID, UserID: u.UserID, Name: u.Name, Mobile: u.Mobile, Email: u.Email,
			Position: u.Position, MainDeptID: u.MainDeptID, Lang: u.Lang, Enabled: u.Enabled, UpdatedAt: now}
		if row.ID == 0 {
			var existing userRow
			err := q.Where("userid = ?", u.UserID).Take(&existing).Error
			switch {
			case err == nil:
				row.ID = existing.ID
			case !isNotFound(err):
				return dbErr(err)
			}
		}
		var err error
		if row.ID == 0 {
			row.CreatedAt = now
			err = q.Create(&row).Error
		} else {
			err = q.Model(&userRow{ID: row.ID}).Select("userid", "name", "mobile", "email", "position",
				"main_dept_id", "lang", "enabled", "updated_at").Updates(&row).Error
		}
		if err != nil {
			return dbErr(err)
		}
		u.ID = row.ID
		if err := replaceLinks(q, "user_departments", "user_id", "dept_id", u.ID, u.DeptIDs); err != nil {
			return err
		}
		if err := replaceLinks(q, "user_leaders", "user_id", "leader_id", u.ID, u.LeaderIDs); err != nil {
			return err
		}
		if err := q.Exec("DELETE FROM user_roles WHERE user_id = ?", u.ID).Error; err != nil {
			return dbErr(err)
		}
		for _, r := range u.Roles {
			if err := q.Exec("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", u.ID, string(r)).Error; err != nil {
				return dbErr(err)
			}
		}
		return nil
	})
}

// SaveGroup upserts by name and replaces its members.
func (o *Orgs) SaveGroup(ctx context.Context, g *service.Group) error {
	return o.db.InTx(ctx, func(ctx context.Context) error {
		q := o.db.conn(ctx)
		now := time.Now().UTC()
		var row groupRow
		err := q.Where("name = ?", g.Name).Take(&row).Error
		switch {
		case isNotFound(err):
			row = groupRow{Name: g.Name, CreatedAt: now, UpdatedAt: now}
			err = q.Create(&row).Error
		case err == nil:
			err = q.Model(&row).Update("updated_at", now).Error
		}
		if err != nil {
			return dbErr(err)
		}
		g.ID = row.ID
		return replaceLinks(q, "user_group_members", "group_id", "user_id", g.ID, g.MemberIDs)
	})
}

// PutSetting stores one setting.
func (o *Orgs) PutSetting(ctx context.Context, name, value string) error {
	row := settingRow{Name: name, Value: value, UpdatedAt: time.Now().UTC()}
	err := o.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "name"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"}),
	}).Create(&row).Error
	return dbErr(err)
}

// replaceLinks makes the link table hold exactly (owner, each of ids).
func replaceLinks(q *gorm.DB, table, ownerCol, otherCol string, owner int64, ids []int64) error {
	if err := q.Exec("DELETE FROM "+table+" WHERE "+ownerCol+" = ?", owner).Error; err != nil {
		return dbErr(err)
	}
	if len(ids) == 0 {
		return nil
	}
	rows := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		rows = append(rows, map[string]any{ownerCol: owner, otherCol: id})
	}
	return dbErr(q.Table(table).Create(rows).Error)
}
