package service

import (
	"context"
	"slices"
	"strconv"
)

// CustomerImportColumns are the columns a customer import may have. owner
// is a WeCom userid (the importer when empty); tags are separated by ";".
var CustomerImportColumns = []string{"number", "name", "phone", "region_dept_id", "tags", "owner"}

// ImportCustomers creates customers from a table (admins and service
// managers), each row checked as CreateCustomer checks one, plus numbers
// taken already or repeated in the file.
func (s *CRMService) ImportCustomers(ctx context.Context, actor Actor, src RowSource, opt ImportOptions) (*ImportReport, error) {
	x, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	if !u.HasRole(RoleAdmin) && !u.HasRole(RoleServiceManager) {
		return nil, E(KindForbidden, "import.forbidden", "only admins and service managers import customers")
	}
	table, err := readHeader(src, func(c string) bool { return slices.Contains(CustomerImportColumns, c) }, "name")
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Errors: []RowError{}}
	var good []*Customer
	numbers := map[string]int{} // number -> line that has it
	now := s.stamp()
	err = table.each(func(line int, row map[string]string) error {
		c, bad, err := s.customerRow(ctx, x, u, row)
		if err != nil {
			return err
		}
		if first, dup := numbers[c.Number]; c.Number != "" && dup {
			bad["number"] = "repeats the number of line " + strconv.Itoa(first)
		} else if c.Number != "" {
			numbers[c.Number] = line
		}
		rep.add(line, bad)
		if len(bad) == 0 {
			c.CreatedBy, c.CreatedAt, c.UpdatedAt = u.ID, now, now
			good = append(good, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = commit(ctx, s.tx, opt, rep, good, func(ctx context.Context, c *Customer) error {
		return numberTaken(s.store.InsertCustomer(ctx, c), c.Number)
	})
	return rep, err
}

// customerRow reads and checks one row.
func (s *CRMService) customerRow(ctx context.Context, x *OrgIndex, u *User, row map[string]string) (*Customer, map[string]string, error) {
	bad := map[string]string{}
	c := &Customer{Number: row["number"], Name: row["name"], Phone: row["phone"], OwnerID: u.ID}
	if v := row["region_dept_id"]; v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			bad["region_dept_id"] = "must be an id (a whole number)"
		}
		c.RegionDeptID = n
	}
	if v := row["owner"]; v != "" {
		if o, ok := x.UserByUserID(v); ok {
			c.OwnerID = o.ID
		} else {
			bad["owner"] = "no such member"
		}
	}
	if v := row["tags"]; v != "" {
		c.Tags = multiValueSep.Split(v, -1)
	}
	more, err := problems(checkCustomer(x, c))
	if err != nil {
		return nil, nil, err
	}
	for k, v := range more {
		if _, seen := bad[importColumn(k)]; !seen {
			bad[importColumn(k)] = v
		}
	}
	if _, seen := bad["number"]; c.Number != "" && !seen {
		taken, err := s.store.FindCustomers(ctx, CRMMatch{Term: c.Number, Limit: 5})
		if err != nil {
			return nil, nil, err
		}
		if slices.ContainsFunc(taken, func(o Customer) bool { return o.Number == c.Number }) {
			bad["number"] = "is taken by another customer"
		}
	}
	return c, bad, nil
}
