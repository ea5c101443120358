package service

import (
	"context"
	"strconv"
	"time"
)

// ActionNudge is 催办: someone chased the handler. It is a timeline entry
// only; the ticket itself does not change.
const ActionNudge Action = "nudge"

// NudgeEvery is how often one ticket's handler can be chased: more often
// is noise, and WeCom drops what exceeds a member's budget anyway.
const NudgeEvery = 10 * time.Minute

// Nudged says whom a 催办 is for.
type Nudged struct {
	Ticket  *Ticket
	Handler *User
}

// Nudge chases the handler of an open ticket. Its creator, the handler's
// leaders (and theirs) and admins may; at most once per NudgeEvery per
// ticket. It writes the timeline entry in the caller's transaction; the
// caller tells the handler.
func (s *ChatService) Nudge(ctx context.Context, actor Actor, ticketID int64) (*Nudged, error) {
	g := ticketGate{s.tickets}
	t, err := g.open(ctx, actor, ticketID, AccessRead)
	if err != nil {
		return nil, err
	}
	x, err := g.org(ctx)
	if err != nil {
		return nil, err
	}
	me, _ := x.User(actor.UserID)
	if actor.UserID != t.CreatorID && !x.IsSubordinate(actor.UserID, t.OwnerID) && (me == nil || !me.HasRole(RoleAdmin)) {
		return nil, E(KindForbidden, "nudge.not_allowed", "only the creator or the handler's leaders chase ticket %d", t.ID)
	}
	handler, ok := x.User(t.OwnerID)
	if t.Status != StatusInProgress || !ok || t.OwnerID == actor.UserID {
		return nil, E(KindConflict, "nudge.no_handler", "ticket %d has no handler to chase (%s)", t.ID, StateOf(t))
	}
	n, err := s.kv.Incr(ctx, "nudge:"+strconv.FormatInt(t.ID, 10), NudgeEvery)
	if err != nil {
		return nil, err
	}
	if n > 1 {
		return nil, E(KindRateLimited, "nudge.too_often", "ticket %d was chased less than %s ago", t.ID, NudgeEvery)
	}
	if err := g.note(ctx, actor, t, ActionNudge, map[string]any{"handler_id": t.OwnerID}); err != nil {
		return nil, err
	}
	return &Nudged{Ticket: t, Handler: handler}, nil
}
