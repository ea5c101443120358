package service

import (
	"context"
	"strconv"
)

// NewCustomerFacts gives automatic dispatch rules a customer's region and
// tags straight from the CRM store, so the ticket service does not need
// the CRM service (which itself reads tickets for the 360 view).
func NewCustomerFacts(store CRMStore) CustomerFacts { return crmFacts{store} }

type crmFacts struct{ store CRMStore }

// CustomerFacts returns the region as the region department's id in
// decimal ("4"), the value a rule's customer_regions lists; "" when the
// customer has no region. An unknown customer has no facts, so no region
// or tag rule matches it.
func (f crmFacts) CustomerFacts(ctx context.Context, customerID int64) (string, []string, error) {
	c, err := f.store.Customer(ctx, customerID)
	if IsKind(err, KindNotFound) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	region := ""
	if c.RegionDeptID != 0 {
		region = strconv.FormatInt(c.RegionDeptID, 10)
	}
	return region, c.Tags, nil
}

// CheckLinks reports references to customers, contacts or opportunities
// that do not exist, and contacts or opportunities of another customer.
func (f crmFacts) CheckLinks(ctx context.Context, customerID, contactID, opportunityID int64) (map[string]string, error) {
	bad := map[string]string{}
	if customerID != 0 {
		if _, err := f.store.Customer(ctx, customerID); IsKind(err, KindNotFound) {
			bad["customer_id"] = "no such customer"
		} else if err != nil {
			return nil, err
		}
	}
	belongs := func(field string, owner int64, err error) error {
		switch {
		case IsKind(err, KindNotFound):
			bad[field] = "does not exist"
		case err != nil:
			return err
		case customerID != 0 && owner != customerID:
			bad[field] = "belongs to another customer"
		}
		return nil
	}
	if contactID != 0 {
		c, err := f.store.Contact(ctx, contactID)
		owner := int64(0)
		if c != nil {
			owner = c.CustomerID
		}
		if err := belongs("contact_id", owner, err); err != nil {
			return nil, err
		}
	}
	if opportunityID != 0 {
		o, err := f.store.Opportunity(ctx, opportunityID)
		owner := int64(0)
		if o != nil {
			owner = o.CustomerID
		}
		if err := belongs("opportunity_id", owner, err); err != nil {
			return nil, err
		}
	}
	return bad, nil
}

// SoleContact returns the id of the customer's only contact, or 0.
func (f crmFacts) SoleContact(ctx context.Context, customerID int64) (int64, error) {
	cs, err := f.store.Contacts(ctx, customerID)
	if err != nil || len(cs) != 1 {
		return 0, err
	}
	return cs[0].ID, nil
}
