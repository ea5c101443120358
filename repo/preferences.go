package repo

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

type preferenceRow struct {
	UserID     int64 `gorm:"primaryKey;autoIncrement:false"`
	Muted      string
	QuietStart int
	QuietEnd   int
	UpdatedAt  time.Time
}

func (preferenceRow) TableName() string { return "notice_preferences" }

type groupChatRow struct {
	DeptID    int64 `gorm:"primaryKey;autoIncrement:false"`
	RobotKey  string
	UpdatedBy int64
	UpdatedAt time.Time
}

func (groupChatRow) TableName() string { return "notice_group_chats" }

// Preferences returns the stored preferences among the users.
func (n *Notices) Preferences(ctx context.Context, userIDs []int64) (map[int64]service.NoticePrefs, error) {
	out := map[int64]service.NoticePrefs{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []preferenceRow
	if err := n.db.conn(ctx).Where("user_id IN ?", userIDs).Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	for _, r := range rows {
		p := service.NoticePrefs{UserID: r.UserID, Muted: []service.NoticeKind{}, QuietStart: r.QuietStart, QuietEnd: r.QuietEnd}
		for _, k := range strings.Split(r.Muted, ",") {
			if k != "" {
				p.Muted = append(p.Muted, service.NoticeKind(k))
			}
		}
		slices.Sort(p.Muted)
		out[r.UserID] = p
	}
	return out, nil
}

// SavePreferences replaces a user's preferences.
func (n *Notices) SavePreferences(ctx context.Context, p service.NoticePrefs, at time.Time) error {
	muted := make([]string, len(p.Muted))
	for i, k := range p.Muted {
		muted[i] = string(k)
	}
	row := preferenceRow{UserID: p.UserID, Muted: strings.Join(muted, ","), QuietStart: p.QuietStart, QuietEnd: p.QuietEnd, UpdatedAt: at}
	err := n.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"muted", "quiet_start", "quiet_end", "updated_at"}),
	}).Create(&row).Error
	return dbErr(err)
}

// GroupChats returns every department's robot key.
func (n *Notices) GroupChats(ctx context.Context) (map[int64]string, error) {
	var rows []groupChatRow
	if err := n.db.conn(ctx).Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.DeptID] = r.RobotKey
	}
	return out, nil
}

// SetGroupChat sets or (with "") removes a department's robot key.
func (n *Notices) SetGroupChat(ctx context.Context, deptID int64, robotKey string, by int64, at time.Time) error {
	q := n.db.conn(ctx)
	if robotKey == "" {
		return dbErr(q.Where("dept_id = ?", deptID).Delete(&groupChatRow{}).Error)
	}
	row := groupChatRow{DeptID: deptID, RobotKey: robotKey, UpdatedBy: by, UpdatedAt: at}
	return dbErr(q.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "dept_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"robot_key", "updated_by", "updated_at"}),
	}).Create(&row).Error)
}
