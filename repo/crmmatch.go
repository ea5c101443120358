package repo

import (
	"context"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// matchSpec is what one kind of CRM lookup compares the term with. Every
// condition holds {op}, which becomes "= ?" for a whole-value match or a
// containing LIKE.
type matchSpec struct {
	from   string   // the table aliased c, with any joins
	text   []string // conditions on the term
	phone  []string // conditions on the term read as a phone number
	owners string   // what the fuzzy owners own; each ? takes their list
}

var (
	customerMatch = matchSpec{from: "customers c", text: []string{"c.name {op}", "c.number {op}"},
		phone:  []string{"c.phone {op}", "c.id IN (SELECT customer_id FROM contacts WHERE phone {op})"},
		owners: "c.owner_id IN ?"}
	contactMatch = matchSpec{from: "contacts c JOIN customers cu ON cu.id = c.customer_id",
		text: []string{"c.name {op}", "c.email {op}"}, phone: []string{"c.phone {op}"}, owners: "cu.owner_id IN ?"}
	opportunityMatch = matchSpec{from: "opportunities c JOIN customers cu ON cu.id = c.customer_id",
		text: []string{"c.name {op}"}, owners: "(c.owner_id IN ? OR cu.owner_id IN ?)"}
)

// FindContacts matches a contact's name, email and phone, whole values
// first.
func (s *CRM) FindContacts(ctx context.Context, m service.CRMMatch) ([]service.Contact, error) {
	return findMatching(ctx, s.db, contactRow.contact, contactMatch, m)
}

// FindOpportunities matches a deal's name, whole values first.
func (s *CRM) FindOpportunities(ctx context.Context, m service.CRMMatch) ([]service.Opportunity, error) {
	return findMatching(ctx, s.db, opportunityRow.opportunity, opportunityMatch, m)
}

// conds joins the spec's conditions with OR, each comparing with op; like
// turns the values into containing patterns.
func (sp matchSpec) conds(m service.CRMMatch, op string, like bool) (string, []any) {
	var cs []string
	var args []any
	add := func(conds []string, v string) {
		if like {
			v = likePattern(v)
		}
		for _, c := range conds {
			cs = append(cs, strings.ReplaceAll(c, "{op}", op))
			args = append(args, v)
		}
	}
	add(sp.text, m.Term)
	if m.Phone != "" {
		add(sp.phone, m.Phone)
	}
	return "(" + strings.Join(cs, " OR ") + ")", args
}

// findMatching answers a lookup: whole-value matches always, containing
// ones when fuzzy (or within what the fuzzy owners own), whole values
// first, then newest. Only whole-value matches can use the indexes;
// containing matches scan, bounded by the limit.
func findMatching[R any, T any](ctx context.Context, db *DB, conv func(R) T, sp matchSpec, m service.CRMMatch) ([]T, error) {
	exact, exactArgs := sp.conds(m, "= ?", false)
	fuzzy, fuzzyArgs := sp.conds(m, "LIKE ? ESCAPE '!'", true)
	where, args := exact, exactArgs
	switch {
	case m.Fuzzy:
		where, args = where+" OR "+fuzzy, append(args, fuzzyArgs...)
	case len(m.FuzzyOwners) > 0:
		where += " OR (" + sp.owners + " AND " + fuzzy + ")"
		for range strings.Count(sp.owners, "?") {
			args = append(args, m.FuzzyOwners)
		}
		args = append(args, fuzzyArgs...)
	}
	order := "CASE WHEN " + exact + " THEN 0 ELSE 1 END, c.id DESC"
	args = append(args, exactArgs...)
	var rows []R
	err := db.conn(ctx).Raw("SELECT c.* FROM "+sp.from+" WHERE "+where+" ORDER BY "+order+" LIMIT ?",
		append(args, m.Limit)...).Scan(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		out = append(out, conv(r))
	}
	return out, nil
}
