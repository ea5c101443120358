package service

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// CRMService owns customers, contacts, opportunities and activities: only
// what a ticket system needs of a CRM.
//
// Every member may read a customer and add contacts and activities to it
// (support staff meet new contacts on every call). The customer's own
// fields and its opportunities change only by its owner, the owner's
// leaders, or an admin; a customer nobody owns is anyone's to edit.
type CRMService struct {
	tx      TxRunner
	store   CRMStore
	org     *OrgService
	tickets *TicketService // the 360 view's ticket history; nil leaves it empty
	now     func() time.Time
}

// NewCRMService wires the CRM. tickets may be nil.
func NewCRMService(tx TxRunner, store CRMStore, org *OrgService, tickets *TicketService) *CRMService {
	return &CRMService{tx: tx, store: store, org: org, tickets: tickets, now: time.Now}
}

// Field limits of the CRM.
const (
	maxCustomerName = 128
	maxPersonName   = 64
	maxTags         = 20
	maxTag          = 32
)

var customerNumberPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// CreateCustomer stores a new customer owned by c.OwnerID, or by the actor
// when none is given. Every bad field is reported at once.
func (s *CRMService) CreateCustomer(ctx context.Context, actor Actor, c Customer) (*Customer, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	if c.OwnerID == 0 {
		c.OwnerID = u.ID
	}
	if err := checkCustomer(x, &c); err != nil {
		return nil, err
	}
	now := s.stamp()
	c.ID, c.CreatedBy, c.CreatedAt, c.UpdatedAt = 0, u.ID, now, now
	if err := s.store.InsertCustomer(ctx, &c); err != nil {
		return nil, numberTaken(err, c.Number)
	}
	return &c, nil
}

// UpdateCustomer changes a customer's fields (owner side only); an empty
// number or owner keeps the stored one.
func (s *CRMService) UpdateCustomer(ctx context.Context, actor Actor, c Customer) (*Customer, error) {
	var out *Customer
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		x, cur, err := s.editable(ctx, actor, c.ID)
		if err != nil {
			return err
		}
		if c.Number == "" {
			c.Number = cur.Number
		}
		if c.OwnerID == 0 {
			c.OwnerID = cur.OwnerID
		}
		if err := checkCustomer(x, &c); err != nil {
			return err
		}
		c.CreatedBy, c.CreatedAt, c.UpdatedAt = cur.CreatedBy, cur.CreatedAt, s.stamp()
		if err := s.store.UpdateCustomer(ctx, &c); err != nil {
			return numberTaken(err, c.Number)
		}
		out = &c
		return nil
	})
	return out, err
}

// Customer returns one customer.
func (s *CRMService) Customer(ctx context.Context, actor Actor, id int64) (*Customer, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	return s.visibleCustomer(ctx, actor, x, u, id)
}

// visibleCustomer loads a customer the actor may open by id. In exact
// lookup mode a customer is someone else's business unless the actor (or a
// subordinate) owns it, manages service, or can read one of its tickets;
// otherwise sequential ids would undo what exact mode is for. Refusal
// looks exactly like a missing customer.
func (s *CRMService) visibleCustomer(ctx context.Context, actor Actor, x *OrgIndex, u *User, id int64) (*Customer, error) {
	c, err := s.customer(ctx, id)
	if err != nil {
		return nil, err
	}
	if lookupMode(x) == LookupFuzzy || u.HasRole(RoleAdmin) || u.HasRole(RoleServiceManager) ||
		c.OwnerID == u.ID || x.IsSubordinate(u.ID, c.OwnerID) {
		return c, nil
	}
	if s.tickets != nil {
		ids, err := s.store.CustomerTicketIDs(ctx, id, 0, customerHistoryBatch)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			readable, err := ticketGate{s.tickets}.readable(ctx, actor, ids)
			if err != nil {
				return nil, err
			}
			if len(readable) > 0 {
				return c, nil
			}
		}
	}
	return nil, E(KindNotFound, "customer.not_found", "customer %d not found", id)
}

func (s *CRMService) customer(ctx context.Context, id int64) (*Customer, error) {
	c, err := s.store.Customer(ctx, id)
	if IsKind(err, KindNotFound) {
		return nil, E(KindNotFound, "customer.not_found", "customer %d not found", id)
	}
	return c, err
}

// editable loads a customer the actor may change.
func (s *CRMService) editable(ctx context.Context, actor Actor, id int64) (*OrgIndex, *Customer, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.customer(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !canEditCustomer(x, u, c) {
		return nil, nil, E(KindForbidden, "customer.forbidden", "user %d may not change customer %d", u.ID, id)
	}
	return x, c, nil
}

func canEditCustomer(x *OrgIndex, u *User, c *Customer) bool {
	return u.HasRole(RoleAdmin) || c.OwnerID == 0 || c.OwnerID == u.ID || x.IsSubordinate(u.ID, c.OwnerID)
}

func checkCustomer(x *OrgIndex, c *Customer) error {
	bad := map[string]string{}
	c.Name = strings.TrimSpace(c.Name)
	checkLen(bad, "name", c.Name, 1, maxCustomerName)
	if c.Number != "" && !customerNumberPattern.MatchString(c.Number) {
		bad["number"] = "must be 1 to 32 letters, digits, _ or -"
	}
	c.Phone = normalizePhone(c.Phone)
	checkLen(bad, "phone", c.Phone, 0, 32)
	if _, ok := x.Dept(c.RegionDeptID); c.RegionDeptID != 0 && !ok {
		bad["region_dept_id"] = "no such department"
	}
	if u, ok := x.User(c.OwnerID); !ok || !u.Enabled {
		bad["owner_id"] = "must be an enabled member"
	}
	c.Tags = cleanTags(bad, c.Tags)
	return invalidIf(bad)
}

func numberTaken(err error, number string) error {
	if IsKind(err, KindConflict) {
		return Wrap(KindConflict, "customer.number_taken", fmt.Errorf("customer number %q is taken: %w", number, err))
	}
	return err
}

// staffMember returns the org index and the acting user, who must be an
// enabled member.
func staffMember(ctx context.Context, org *OrgService, actor Actor) (*OrgIndex, *User, error) {
	x, err := org.Index(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, ok := x.User(actor.UserID)
	if !ok || !u.Enabled {
		return nil, nil, E(KindUnauthenticated, "auth.unknown_user", "user %d is not an enabled member", actor.UserID)
	}
	return x, u, nil
}

func (s *CRMService) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }
