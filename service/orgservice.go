package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"
	"time"
)

// orgVersionKey holds a random token that changes whenever the org
// changes, so every server instance knows when its cached index is stale
// with one store read instead of reloading the org per request.
const orgVersionKey = "org:version"

// OrgService owns the org: applying seed files and WeCom's address book,
// fetching unknown users, and the cached index every permission check uses.
type OrgService struct {
	tx    TxRunner
	store OrgStore
	kv    SessionStore
	dir   Directory // nil when WeCom is not configured

	// applying is held while this instance writes the org: each apply
	// reads and rewrites it whole, so concurrent ones only deadlock each
	// other. Other instances are met by RefreshUser's retries.
	applying sync.Mutex

	mu      sync.Mutex
	index   *OrgIndex
	version string
}

// NewOrgService wires the org service. dir may be nil.
func NewOrgService(tx TxRunner, store OrgStore, kv SessionStore, dir Directory) *OrgService {
	return &OrgService{tx: tx, store: store, kv: kv, dir: dir}
}

// Index returns the current org index, reloading it when another instance
// (or this one) changed the org.
func (s *OrgService) Index(ctx context.Context) (*OrgIndex, error) {
	v, _, err := s.kv.Get(ctx, orgVersionKey)
	if err != nil {
		return nil, fmt.Errorf("org version: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.index != nil && s.version == v {
		return s.index, nil
	}
	data, err := s.store.LoadOrg(ctx)
	if err != nil {
		return nil, fmt.Errorf("load org: %w", err)
	}
	s.index, s.version = NewOrgIndex(data), v
	return s.index, nil
}

// invalidate makes every instance reload the org on its next Index call.
func (s *OrgService) invalidate(ctx context.Context) error {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	if err := s.kv.Set(ctx, orgVersionKey, hex.EncodeToString(b), 0); err != nil {
		return fmt.Errorf("bump org version: %w", err)
	}
	s.mu.Lock()
	s.index = nil
	s.mu.Unlock()
	return nil
}

// SyncFromDirectory applies WeCom's address book: departments missing from
// WeCom are removed and users missing from it are disabled (never deleted:
// their tickets still point at them). Roles, groups, settings and
// department kinds are ours and stay as they are.
func (s *OrgService) SyncFromDirectory(ctx context.Context) (ApplyReport, error) {
	if s.dir == nil {
		return ApplyReport{}, E(KindUnavailable, "wecom.not_configured", "WeCom is not configured")
	}
	snap, err := s.dir.Snapshot(ctx)
	if err != nil {
		return ApplyReport{}, fmt.Errorf("read WeCom address book: %w", err)
	}
	return s.Apply(ctx, snap, ApplyOptions{Prune: true})
}

// EnsureUser returns the user with this WeCom userid, fetching them from
// WeCom first when the system does not know them yet (a callback from a
// member added since the last sync).
func (s *OrgService) EnsureUser(ctx context.Context, userid string) (*User, error) {
	idx, err := s.Index(ctx)
	if err != nil {
		return nil, err
	}
	if u, ok := idx.UserByUserID(userid); ok {
		return u, nil
	}
	return s.RefreshUser(ctx, userid)
}

// RefreshUser fetches one member from WeCom (user/get) and applies it: a
// change_contact event, or a callback from someone new.
func (s *OrgService) RefreshUser(ctx context.Context, userid string) (*User, error) {
	if s.dir == nil {
		return nil, E(KindNotFound, "org.unknown_user", "user %q is not known", userid)
	}
	spec, err := s.dir.User(ctx, userid)
	if err != nil {
		return nil, fmt.Errorf("fetch user %q from WeCom: %w", userid, err)
	}
	idx, err := s.Index(ctx)
	if err != nil {
		return nil, err
	}
	// WeCom may name departments or leaders we have not synced yet; keep
	// what we know so the member can act now, and let the next sync-org
	// fill in the rest.
	spec.Departments = slices.DeleteFunc(spec.Departments, func(d int64) bool { _, ok := idx.Dept(d); return !ok })
	if _, ok := idx.Dept(spec.MainDepartment); !ok {
		spec.MainDepartment = 0
	}
	spec.Leaders = slices.DeleteFunc(spec.Leaders, func(l string) bool { _, ok := idx.UserByUserID(l); return !ok })
	// Many new members writing at once (a team's first day) deadlock on
	// MySQL's gap locks; the database rolled the loser back, and applying
	// one member again is safe, so try a few times before giving up.
	for attempt := 1; ; attempt++ {
		_, err := s.Apply(ctx, OrgSnapshot{Users: []UserSpec{spec}}, ApplyOptions{})
		if err == nil {
			break
		}
		if !IsDeadlock(err) || attempt == 5 {
			return nil, err
		}
		time.Sleep(time.Duration(attempt*attempt) * 10 * time.Millisecond)
	}
	if idx, err = s.Index(ctx); err != nil {
		return nil, err
	}
	if u, ok := idx.UserByUserID(userid); ok {
		return u, nil
	}
	return nil, E(KindNotFound, "org.unknown_user", "user %q is not known", userid)
}

// DisableUser marks a member who left WeCom as disabled; their tickets
// keep pointing at them.
func (s *OrgService) DisableUser(ctx context.Context, userid string) error {
	idx, err := s.Index(ctx)
	if err != nil {
		return err
	}
	u, ok := idx.UserByUserID(userid)
	if !ok || !u.Enabled {
		return nil
	}
	off := false
	spec := UserSpec{UserID: u.UserID, Name: u.Name, Mobile: u.Mobile, Email: u.Email, Position: u.Position,
		MainDepartment: u.MainDeptID, Departments: u.DeptIDs, Enabled: &off}
	for _, l := range u.LeaderIDs {
		if lu, ok := idx.User(l); ok {
			spec.Leaders = append(spec.Leaders, lu.UserID)
		}
	}
	_, err = s.Apply(ctx, OrgSnapshot{Users: []UserSpec{spec}}, ApplyOptions{})
	return err
}

// RenameUser follows a WeCom userid change (change_contact with
// NewUserID), keeping the same user row so their tickets stay theirs.
func (s *OrgService) RenameUser(ctx context.Context, oldID, newID string) error {
	idx, err := s.Index(ctx)
	if err != nil {
		return err
	}
	u, ok := idx.UserByUserID(oldID)
	if !ok {
		return nil
	}
	if _, taken := idx.UserByUserID(newID); taken {
		return E(KindConflict, "org.userid_taken", "userid %q is already in use", newID)
	}
	renamed := *u
	renamed.UserID = newID
	if err := s.store.SaveUser(ctx, &renamed); err != nil {
		return err
	}
	return s.invalidate(ctx)
}
