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
