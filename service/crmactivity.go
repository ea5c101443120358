package service

import (
	"context"
	"strings"
)

// AddActivity records a follow-up with a customer. Any member may; the
// owner defaults to the actor.
func (s *CRMService) AddActivity(ctx context.Context, actor Actor, a Activity) (*Activity, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	if _, err := s.customer(ctx, a.CustomerID); err != nil {
		return nil, err
	}
	if a.OwnerID == 0 {
		a.OwnerID = u.ID
	}
	bad := map[string]string{}
	a.Subject = strings.TrimSpace(a.Subject)
	checkLen(bad, "subject", a.Subject, 1, 255)
	if !a.Kind.Valid() {
		bad["kind"] = "unknown kind"
	}
	if o, ok := x.User(a.OwnerID); !ok || !o.Enabled {
		bad["owner_id"] = "must be an enabled member"
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	a.ID, a.DoneAt, a.CreatedBy, a.CreatedAt = 0, nil, u.ID, s.stamp()
	if err := s.store.SaveActivity(ctx, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// CompleteActivity marks an activity done. Its owner, their leaders, its
// creator and the customer's editors may; completing it twice is a
// conflict.
func (s *CRMService) CompleteActivity(ctx context.Context, actor Actor, id int64) (*Activity, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	var out *Activity
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.store.Activity(ctx, id)
		if IsKind(err, KindNotFound) {
			return E(KindNotFound, "activity.not_found", "activity %d not found", id)
		}
		if err != nil {
			return err
		}
		c, err := s.customer(ctx, a.CustomerID)
		if err != nil {
			return err
		}
		mine := a.OwnerID == u.ID || a.CreatedBy == u.ID || x.IsSubordinate(u.ID, a.OwnerID)
		if !mine && !canEditCustomer(x, u, c) {
			return E(KindForbidden, "activity.forbidden", "user %d may not complete activity %d", u.ID, id)
		}
		if !a.Open() {
			return E(KindConflict, "activity.done", "activity %d is already done", id)
		}
		now := s.stamp()
		a.DoneAt = &now
		if err := s.store.SaveActivity(ctx, a); err != nil {
			return err
		}
		out = a
		return nil
	})
	return out, err
}
