package service

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// NoticePrefs is what one user wants to hear, and when. Quiet hours are
// minutes after midnight, China time; -1 when unset. A notice due in
// quiet hours waits until they end, and everything that waited goes out
// then as one digest (the outbox merges a recipient's due backlog).
type NoticePrefs struct {
	UserID     int64
	Muted      []NoticeKind // sorted
	QuietStart int
	QuietEnd   int
}

// DefaultNoticePrefs hears everything at any time.
func DefaultNoticePrefs(userID int64) NoticePrefs {
	return NoticePrefs{UserID: userID, Muted: []NoticeKind{}, QuietStart: -1, QuietEnd: -1}
}

// Wants reports whether the user hears notices of kind k.
func (p NoticePrefs) Wants(k NoticeKind) bool { return !k.Mutable() || !slices.Contains(p.Muted, k) }

// Release returns when a notice due at `at` may go out: at itself, or the
// end of the quiet hours at falls in.
func (p NoticePrefs) Release(at time.Time, loc *time.Location) time.Time {
	if p.QuietStart < 0 || p.QuietEnd < 0 || p.QuietStart == p.QuietEnd {
		return at
	}
	local := at.In(loc)
	minute := local.Hour()*60 + local.Minute()
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	end := midnight.Add(time.Duration(p.QuietEnd) * time.Minute)
	switch {
	case p.QuietStart < p.QuietEnd && minute >= p.QuietStart && minute < p.QuietEnd:
		return end.UTC()
	case p.QuietStart > p.QuietEnd && minute < p.QuietEnd: // after midnight in overnight quiet hours
		return end.UTC()
	case p.QuietStart > p.QuietEnd && minute >= p.QuietStart:
		return end.AddDate(0, 0, 1).UTC()
	}
	return at
}

// PreferenceStore persists preferences and department group chats.
type PreferenceStore interface {
	// Preferences returns the stored preferences of the users that have
	// any; the rest hear everything.
	Preferences(ctx context.Context, userIDs []int64) (map[int64]NoticePrefs, error)
	SavePreferences(ctx context.Context, p NoticePrefs, at time.Time) error
	// GroupChats returns department -> group robot webhook key.
	GroupChats(ctx context.Context) (map[int64]string, error)
	// SetGroupChat sets a department's robot key; "" removes it.
	SetGroupChat(ctx context.Context, deptID int64, robotKey string, by int64, at time.Time) error
}

// PreferenceService lets users choose their notices, and admins name each
// department's group chat.
type PreferenceService struct {
	org   *OrgService
	store PreferenceStore
	now   func() time.Time
}

// NewPreferenceService wires preferences.
func NewPreferenceService(org *OrgService, store PreferenceStore) *PreferenceService {
	return &PreferenceService{org: org, store: store, now: time.Now}
}

// NoticePrefsInput is what a user sets: the kinds to mute and quiet hours
// as "22:00" and "08:00" (both empty: none).
type NoticePrefsInput struct {
	Muted      []NoticeKind
	QuietStart string
	QuietEnd   string
}

// Get returns the actor's preferences.
func (s *PreferenceService) Get(ctx context.Context, actor Actor) (NoticePrefs, error) {
	if _, _, err := staffMember(ctx, s.org, actor); err != nil {
		return NoticePrefs{}, err
	}
	got, err := s.store.Preferences(ctx, []int64{actor.UserID})
	if err != nil {
		return NoticePrefs{}, err
	}
	if p, ok := got[actor.UserID]; ok {
		return p, nil
	}
	return DefaultNoticePrefs(actor.UserID), nil
}

// Save replaces the actor's preferences, every bad field reported at once.
func (s *PreferenceService) Save(ctx context.Context, actor Actor, in NoticePrefsInput) (NoticePrefs, error) {
	if _, _, err := staffMember(ctx, s.org, actor); err != nil {
		return NoticePrefs{}, err
	}
	p := DefaultNoticePrefs(actor.UserID)
	bad := map[string]string{}
	for _, k := range in.Muted {
		switch {
		case !k.Valid():
			bad["muted"] = fmt.Sprintf("unknown notice kind %q", k)
		case !k.Mutable():
			bad["muted"] = fmt.Sprintf("%s notices cannot be turned off", k)
		default:
			p.Muted = append(p.Muted, k)
		}
	}
	slices.Sort(p.Muted)
	p.Muted = slices.Compact(p.Muted)
	if (in.QuietStart == "") != (in.QuietEnd == "") {
		bad["quiet_end"] = "give both ends of the quiet hours, or neither"
	} else if in.QuietStart != "" {
		var ok1, ok2 bool
		p.QuietStart, ok1 = clockMinutes(in.QuietStart)
		p.QuietEnd, ok2 = clockMinutes(in.QuietEnd)
		if !ok1 || !ok2 || p.QuietStart == p.QuietEnd {
			bad["quiet_start"] = "quiet hours are two different times such as 22:00 and 08:00"
		}
	}
	if err := invalidIf(bad); err != nil {
		return NoticePrefs{}, err
	}
	return p, s.store.SavePreferences(ctx, p, s.now().UTC())
}

// clockMinutes parses "HH:MM" as minutes after midnight.
func clockMinutes(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return -1, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// SetGroupChat names the WeCom group robot (its webhook key) that speaks
// for a department in its group chat; "" removes it. Admin only.
func (s *PreferenceService) SetGroupChat(ctx context.Context, actor Actor, deptID int64, robotKey string) error {
	x, err := requireAdmin(ctx, s.org, actor)
	if err != nil {
		return err
	}
	bad := map[string]string{}
	if _, ok := x.Dept(deptID); !ok {
		bad["dept_id"] = "no such department"
	}
	if robotKey != "" && !externalUserIDPattern.MatchString(robotKey) {
		bad["robot_key"] = "is not a group robot webhook key"
	}
	if err := invalidIf(bad); err != nil {
		return err
	}
	return s.store.SetGroupChat(ctx, deptID, robotKey, actor.UserID, s.now().UTC())
}

// groupChatDept returns the nearest department at or above dept that has
// a group chat, or 0.
func groupChatDept(x *OrgIndex, chats map[int64]string, dept int64) int64 {
	seen := map[int64]bool{}
	for id := dept; id != 0 && !seen[id]; {
		seen[id] = true
		if chats[id] != "" {
			return id
		}
		d, ok := x.Dept(id)
		if !ok {
			return 0
		}
		id = d.ParentID
	}
	return 0
}
