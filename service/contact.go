package service

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
)

// WeCom external_userids are opaque ids of letters, digits, _ and -.
var externalUserIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// SaveContact adds a contact (ID 0) to a customer or changes one. Any
// member may; a contact never moves to another customer.
func (s *CRMService) SaveContact(ctx context.Context, actor Actor, c Contact) (*Contact, error) {
	_, u, err := staffMember(ctx, s.org, actor)
	if err != nil {
		return nil, err
	}
	var out *Contact
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		now := s.stamp()
		if c.ID == 0 {
			if _, err := s.customer(ctx, c.CustomerID); err != nil {
				return err
			}
			c.CreatedBy, c.CreatedAt = u.ID, now
		} else {
			cur, err := s.store.Contact(ctx, c.ID)
			if IsKind(err, KindNotFound) {
				return E(KindNotFound, "contact.not_found", "contact %d not found", c.ID)
			}
			if err != nil {
				return err
			}
			c.CustomerID, c.CreatedBy, c.CreatedAt = cur.CustomerID, cur.CreatedBy, cur.CreatedAt
		}
		c.UpdatedAt = now
		if err := checkContact(&c); err != nil {
			return err
		}
		if err := s.store.SaveContact(ctx, &c); err != nil {
			if IsKind(err, KindConflict) {
				return Wrap(KindConflict, "contact.external_taken",
					fmt.Errorf("WeCom id %q is on another contact: %w", c.ExternalUserID, err))
			}
			return err
		}
		out = &c
		return nil
	})
	return out, err
}

func checkContact(c *Contact) error {
	bad := map[string]string{}
	c.Name = strings.TrimSpace(c.Name)
	checkLen(bad, "name", c.Name, 1, maxPersonName)
	c.Phone = normalizePhone(c.Phone)
	checkLen(bad, "phone", c.Phone, 0, 32)
	c.Email = strings.TrimSpace(c.Email)
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > 128 {
			bad["email"] = "is not an email address"
		}
	}
	if c.ExternalUserID != "" && !externalUserIDPattern.MatchString(c.ExternalUserID) {
		bad["external_userid"] = "is not a WeCom external_userid"
	}
	return invalidIf(bad)
}
