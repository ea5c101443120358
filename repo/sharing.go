package repo

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/wecom-ticket/ticket/service"
)

// Sharing stores sharing rules and the business calendar's overrides:
// two small admin tables.
type Sharing struct{ db *DB }

// NewSharing returns the sharing-rule and calendar repository.
func NewSharing(db *DB) *Sharing { return &Sharing{db: db} }

var (
	_ service.SharingStore  = (*Sharing)(nil)
	_ service.CalendarStore = (*Sharing)(nil)
)

type sharingRow struct {
	ID         int64 `gorm:"primaryKey"`
	SourceKind string
	SourceID   int64
	TargetKind string
	TargetID   int64
	Access     string
	CreatedBy  int64
	CreatedAt  time.Time
}

func (sharingRow) TableName() string { return "sharing_rules" }

func (r sharingRow) rule() service.SharingRule {
	return service.SharingRule{ID: r.ID, SourceKind: service.PartyKind(r.SourceKind), SourceID: r.SourceID,
		TargetKind: service.PartyKind(r.TargetKind), TargetID: r.TargetID, Access: service.Access(r.Access),
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
}

// SharingRulesTo returns the rules that reach the user directly, through
// one of the departments or through one of the groups.
func (s *Sharing) SharingRulesTo(ctx context.Context, userID int64, depts, groups []int64) ([]service.SharingRule, error) {
	q := s.db.conn(ctx).Where("target_kind = ? AND target_id = ?", string(service.PartyUser), userID)
	if len(depts) > 0 {
		q = q.Or("target_kind = ? AND target_id IN ?", string(service.PartyDept), depts)
	}
	if len(groups) > 0 {
		q = q.Or("target_kind = ? AND target_id IN ?", string(service.PartyGroup), groups)
	}
	return s.find(q.Order("id"))
}

// SharingRules returns every rule.
func (s *Sharing) SharingRules(ctx context.Context) ([]service.SharingRule, error) {
	return s.find(s.db.conn(ctx).Order("id"))
}

func (s *Sharing) find(q *gorm.DB) ([]service.SharingRule, error) {
	var rows []sharingRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.SharingRule, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.rule())
	}
	return out, nil
}

// SaveSharingRule inserts a rule; the same source and target twice is a
// conflict.
func (s *Sharing) SaveSharingRule(ctx context.Context, r *service.SharingRule) error {
	row := sharingRow{SourceKind: string(r.SourceKind), SourceID: r.SourceID, TargetKind: string(r.TargetKind),
		TargetID: r.TargetID, Access: string(r.Access), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return dbErr(err)
	}
	r.ID = row.ID
	return nil
}

// DeleteSharingRule removes a rule.
func (s *Sharing) DeleteSharingRule(ctx context.Context, id int64) error {
	return dbErr(s.db.conn(ctx).Where("id = ?", id).Delete(&sharingRow{}).Error)
}

type calendarRow struct {
	Day       string `gorm:"primaryKey"`
	Workday   bool
	Note      string
	UpdatedAt time.Time
}

func (calendarRow) TableName() string { return "business_calendar" }

// CalendarDays returns the overrides between from and to, inclusive.
func (s *Sharing) CalendarDays(ctx context.Context, from, to string) (map[string]bool, error) {
	var rows []calendarRow
	if err := s.db.conn(ctx).Where("day >= ? AND day <= ?", from, to).Find(&rows).Error; err != nil {
		return nil, dbErr(err)
	}
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r.Day] = r.Workday
	}
	return out, nil
}

// SetCalendarDay stores or replaces a day's override.
func (s *Sharing) SetCalendarDay(ctx context.Context, day string, workday bool, note string) error {
	return dbErr(s.db.conn(ctx).Save(&calendarRow{Day: day, Workday: workday, Note: note, UpdatedAt: time.Now().UTC()}).Error)
}

// DeleteCalendarDay removes a day's override.
func (s *Sharing) DeleteCalendarDay(ctx context.Context, day string) error {
	return dbErr(s.db.conn(ctx).Where("day = ?", day).Delete(&calendarRow{}).Error)
}
