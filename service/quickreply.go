package service

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ReplyScope is who a quick reply is for.
type ReplyScope string

// The scopes: everyone, a department (and the departments below it), or
// one person.
const (
	ReplyCompany ReplyScope = "company"
	ReplyDept    ReplyScope = "dept"
	ReplyPerson  ReplyScope = "person"
)

// QuickReply is a canned response (快捷回复). Its body may hold variables
// such as {{ticket.number}}, filled in from a ticket by Render.
type QuickReply struct {
	ID        int64
	Scope     ReplyScope
	ScopeID   int64 // the department or the person; 0 for the company
	Title     string
	Body      string
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// QuickReplyStore persists quick replies. repo implements it.
type QuickReplyStore interface {
	// SaveQuickReply inserts (ID 0) or replaces one.
	SaveQuickReply(ctx context.Context, r *QuickReply) error
	// QuickReply returns one, or KindNotFound.
	QuickReply(ctx context.Context, id int64) (*QuickReply, error)
	DeleteQuickReply(ctx context.Context, id int64) error
	// QuickRepliesFor returns the company's, the departments' and the
	// person's replies, in scope then title order.
	QuickRepliesFor(ctx context.Context, depts []int64, userID int64) ([]QuickReply, error)
}

// QuickReplyService keeps quick replies: admins write the company's,
// department leaders their departments', everyone their own.
type QuickReplyService struct {
	store     QuickReplyStore
	org       *OrgService
	tickets   *TicketService
	customers CustomerNames // nil: {{customer.name}} is empty
	now       func() time.Time
}

// NewQuickReplyService wires quick replies; Render reads tickets through
// the ticket service, so its permission rule holds. customers may be nil.
func NewQuickReplyService(store QuickReplyStore, org *OrgService, tickets *TicketService, customers CustomerNames) *QuickReplyService {
	return &QuickReplyService{store: store, org: org, tickets: tickets, customers: customers, now: time.Now}
}

// Quick reply limits.
const (
	maxReplyTitle = 64
	maxReplyBody  = 2000
)

var replyVariable = regexp.MustCompile(`\{\{\s*([a-z_.]+)\s*\}\}`)

// Save creates (ID 0) or changes a quick reply the actor may manage;
// every bad field is reported at once. A person's reply is the actor's
// own when no person is named.
func (s *QuickReplyService) Save(ctx context.Context, actor Actor, r QuickReply) (*QuickReply, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	if r.Scope == ReplyPerson && r.ScopeID == 0 {
		r.ScopeID = u.ID
	}
	bad := map[string]string{}
	r.Title, r.Body = strings.TrimSpace(r.Title), strings.TrimSpace(r.Body)
	checkLen(bad, "title", r.Title, 1, maxReplyTitle)
	checkLen(bad, "body", r.Body, 1, maxReplyBody)
	for _, m := range replyVariable.FindAllStringSubmatch(r.Body, -1) {
		if _, ok := replyFillers[m[1]]; !ok {
			bad["body"] = "unknown variable {{" + m[1] + "}}"
		}
	}
	if err := s.mayManage(x, u, r, bad); err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, Invalid(bad)
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	if r.ID != 0 {
		cur, err := s.visible(ctx, x, u, r.ID)
		if err != nil {
			return nil, err
		}
		if err := s.mayManage(x, u, *cur, nil); err != nil {
			return nil, err
		}
		r.CreatedBy, r.CreatedAt = cur.CreatedBy, cur.CreatedAt
	} else {
		r.CreatedBy, r.CreatedAt = u.ID, now
	}
	r.UpdatedAt = now
	if err := s.store.SaveQuickReply(ctx, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Delete removes a quick reply the actor may manage.
func (s *QuickReplyService) Delete(ctx context.Context, actor Actor, id int64) error {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return err
	}
	cur, err := s.visible(ctx, x, u, id)
	if err != nil {
		return err
	}
	if err := s.mayManage(x, u, *cur, nil); err != nil {
		return err
	}
	return s.store.DeleteQuickReply(ctx, id)
}

// List returns the replies the actor may use: the company's, those of
// their departments and the departments above them, and their own.
func (s *QuickReplyService) List(ctx context.Context, actor Actor) ([]QuickReply, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	return s.store.QuickRepliesFor(ctx, ancestorsOf(x, u.DeptIDs), u.ID)
}

// mayManage checks the scope (into bad, when given) and whether the actor
// may write in it.
func (s *QuickReplyService) mayManage(x *OrgIndex, u *User, r QuickReply, bad map[string]string) error {
	forbidden := E(KindForbidden, "quickreply.forbidden", "user %d may not manage %s replies", u.ID, r.Scope)
	admin := u.HasRole(RoleAdmin)
	switch r.Scope {
	case ReplyCompany:
		if r.ScopeID != 0 && bad != nil {
			bad["scope_id"] = "must be 0 for the company"
		}
		if !admin {
			return forbidden
		}
	case ReplyDept:
		if _, ok := x.Dept(r.ScopeID); !ok {
			if bad != nil {
				bad["scope_id"] = "no such department"
			}
			return nil
		}
		if !admin && !slices.ContainsFunc(ancestorsOf(x, []int64{r.ScopeID}), func(d int64) bool {
			return slices.Contains(x.DeptLeaders(d), u.ID)
		}) {
			return forbidden
		}
	case ReplyPerson:
		if r.ScopeID != u.ID {
			return forbidden
		}
	default:
		if bad != nil {
			bad["scope"] = "must be company, dept or person"
		}
	}
	return nil
}

// visible returns a reply the actor may use; any other id is not found.
func (s *QuickReplyService) visible(ctx context.Context, x *OrgIndex, u *User, id int64) (*QuickReply, error) {
	r, err := s.store.QuickReply(ctx, id)
	notFound := E(KindNotFound, "quickreply.not_found", "quick reply %d not found", id)
	if IsKind(err, KindNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	switch {
	case r.Scope == ReplyCompany:
	case r.Scope == ReplyDept && slices.Contains(ancestorsOf(x, u.DeptIDs), r.ScopeID):
	case r.Scope == ReplyPerson && r.ScopeID == u.ID:
	default:
		return nil, notFound
	}
	return r, nil
}
