package service

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// PartyKind names what a sharing rule shares from or to.
type PartyKind string

// The parties: records are owned by a user or a department; they are
// shared to a user, a department (with the departments below it) or a group.
const (
	PartyUser  PartyKind = "user"
	PartyDept  PartyKind = "dept"
	PartyGroup PartyKind = "group"
)

// SharingRule shares the tickets owned by a user, or by anyone whose main
// department is in a department's subtree, with a user, department or
// group, read-only or read-write.
type SharingRule struct {
	ID         int64
	SourceKind PartyKind
	SourceID   int64
	TargetKind PartyKind
	TargetID   int64
	Access     Access
	CreatedBy  int64
	CreatedAt  time.Time
}

// owners returns the owners whose tickets the rule shares.
func (r SharingRule) owners(x *OrgIndex) []int64 {
	if r.SourceKind == PartyUser {
		return []int64{r.SourceID}
	}
	tree := x.Subtree(r.SourceID)
	out := []int64{}
	for _, d := range tree {
		for _, m := range x.DeptMembers(d) {
			if u, ok := x.User(m); ok && slices.Contains(tree, u.MainDeptID) {
				out = append(out, m)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SharingService lets admins manage sharing rules.
type SharingService struct {
	org   *OrgService
	store SharingStore
	now   func() time.Time
}

// NewSharingService wires the sharing-rule administration.
func NewSharingService(org *OrgService, store SharingStore) *SharingService {
	return &SharingService{org: org, store: store, now: time.Now}
}

// Share stores a rule (admin only); every bad field is reported at once.
func (s *SharingService) Share(ctx context.Context, actor Actor, r SharingRule) (*SharingRule, error) {
	x, err := requireAdmin(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	bad := map[string]string{}
	checkParty(x, bad, "source", r.SourceKind, r.SourceID, false)
	checkParty(x, bad, "target", r.TargetKind, r.TargetID, true)
	if !r.Access.Valid() {
		bad["access"] = "must be read or write"
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	r.ID, r.CreatedBy, r.CreatedAt = 0, actor.UserID, s.now().UTC()
	if err := s.store.SaveSharingRule(ctx, &r); err != nil {
		return nil, fmt.Errorf("save sharing rule: %w", err)
	}
	return &r, nil
}

// Unshare deletes a rule (admin only).
func (s *SharingService) Unshare(ctx context.Context, actor Actor, id int64) error {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return err
	}
	return s.store.DeleteSharingRule(ctx, id)
}

// Rules lists every rule (admin only).
func (s *SharingService) Rules(ctx context.Context, actor Actor) ([]SharingRule, error) {
	if _, err := requireAdmin(ctx, s.org, actor); err != nil {
		return nil, err
	}
	return s.store.SharingRules(ctx)
}

func checkParty(x *OrgIndex, bad map[string]string, at string, k PartyKind, id int64, groupOK bool) {
	switch {
	case k == PartyUser:
		if _, ok := x.User(id); !ok {
			bad[at+"_id"] = "no such user"
		}
	case k == PartyDept:
		if _, ok := x.Dept(id); !ok {
			bad[at+"_id"] = "no such department"
		}
	case k == PartyGroup && groupOK:
		if x.groups[id] == nil {
			bad[at+"_id"] = "no such group"
		}
	case groupOK:
		bad[at+"_kind"] = "must be user, dept or group"
	default:
		bad[at+"_kind"] = "must be user or dept"
	}
}

// requireAdmin returns the org index when the actor is an enabled admin.
func requireAdmin(ctx context.Context, org *OrgService, actor Actor) (*OrgIndex, error) {
	x, err := org.Index(ctx)
	if err != nil {
		return nil, err
	}
	u, ok := x.User(actor.UserID)
	switch {
	case !ok || !u.Enabled:
		return nil, E(KindUnauthenticated, "auth.unknown_user", "user %d is not an enabled member", actor.UserID)
	case !u.HasRole(RoleAdmin):
		return nil, E(KindForbidden, "admin.required", "only an admin may do this")
	}
	return x, nil
}
