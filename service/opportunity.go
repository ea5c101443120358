package service

import (
	"context"
	"strings"
)

// maxAmountCents bounds an amount far above any real deal, so sums of
// many never overflow int64.
const maxAmountCents = 100_000_000_000_000

// SaveOpportunity adds a deal (ID 0) to a customer or changes one. The
// customer's editors may, and so may the deal's owner and their leaders.
// A deal never moves to another customer.
func (s *CRMService) SaveOpportunity(ctx context.Context, actor Actor, o Opportunity) (*Opportunity, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	var out *Opportunity
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		now := s.stamp()
		dealOwner := int64(-1) // nobody, for a new deal
		if o.ID != 0 {
			cur, err := s.store.Opportunity(ctx, o.ID)
			if IsKind(err, KindNotFound) {
				return E(KindNotFound, "opportunity.not_found", "opportunity %d not found", o.ID)
			}
			if err != nil {
				return err
			}
			o.CustomerID, o.CreatedBy, o.CreatedAt, dealOwner = cur.CustomerID, cur.CreatedBy, cur.CreatedAt, cur.OwnerID
		} else {
			o.CreatedBy, o.CreatedAt = u.ID, now
		}
		c, err := s.customer(ctx, o.CustomerID)
		if err != nil {
			return err
		}
		if !canEditCustomer(x, u, c) && dealOwner != u.ID && !x.IsSubordinate(u.ID, dealOwner) {
			return E(KindForbidden, "opportunity.forbidden", "user %d may not change deals of customer %d", u.ID, c.ID)
		}
		if o.OwnerID == 0 {
			o.OwnerID = u.ID
		}
		if o.Stage == "" {
			o.Stage = StageProspecting
		}
		o.UpdatedAt = now
		if err := checkOpportunity(x, &o); err != nil {
			return err
		}
		if err := s.store.SaveOpportunity(ctx, &o); err != nil {
			return err
		}
		out = &o
		return nil
	})
	return out, err
}

func checkOpportunity(x *OrgIndex, o *Opportunity) error {
	bad := map[string]string{}
	o.Name = strings.TrimSpace(o.Name)
	checkLen(bad, "name", o.Name, 1, maxCustomerName)
	if !o.Stage.Valid() {
		bad["stage"] = "unknown stage"
	}
	if o.AmountCents < 0 || o.AmountCents > maxAmountCents {
		bad["amount_cents"] = "must be between 0 and 1,000,000,000,000.00"
	}
	if u, ok := x.User(o.OwnerID); !ok || !u.Enabled {
		bad["owner_id"] = "must be an enabled member"
	}
	return invalidIf(bad)
}
