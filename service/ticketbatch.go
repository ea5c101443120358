package service

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
)

// maxBatch bounds one batch request.
const maxBatch = 500

// BatchResult is one ticket's outcome in a batch: Ticket when it changed,
// Err (a domain error) when it was refused.
type BatchResult struct {
	TicketID int64
	Ticket   *Ticket
	Err      error
}

// BatchChangeOwner gives many tickets a new owner, each in its own
// transaction, so one refusal (no access, locked, wrong state) does not
// stop the rest.
func (s *TicketService) BatchChangeOwner(ctx context.Context, actor Actor, ids []int64, owner int64) ([]BatchResult, error) {
	p, err := s.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 || len(ids) > maxBatch {
		return nil, Invalid(map[string]string{"ticket_ids": "must list 1 to 500 tickets"})
	}
	if u, ok := p.x.User(owner); !ok || !u.Enabled {
		return nil, Invalid(map[string]string{"owner_id": "must be an enabled member"})
	}
	out := make([]BatchResult, 0, len(ids))
	for _, id := range ids {
		t, err := s.mutate(ctx, actor, id, change{action: ActionChangeOwner,
			apply: func(_ context.Context, _ *principal, t, n *Ticket) error {
				if t.OwnerID == owner {
					return E(KindConflict, "ticket.same_owner", "ticket %d is already theirs", t.ID)
				}
				assign(n, owner)
				n.Status = t.Status // an owner change does not move the lifecycle
				return nil
			}})
		out = append(out, BatchResult{TicketID: id, Ticket: t, Err: err})
	}
	return out, nil
}

// likelyDuplicates returns the customer's open tickets the actor may read
// whose subjects resemble this one, most similar first.
func (s *TicketService) likelyDuplicates(ctx context.Context, p *principal, customerID int64, subject string, except int64) ([]*Ticket, error) {
	if customerID == 0 {
		return nil, nil
	}
	open, err := s.d.Tickets.OpenByCustomer(ctx, customerID, 200)
	if err != nil {
		return nil, err
	}
	want := bigrams(subject)
	score := map[int64]float64{}
	var out []*Ticket
	for _, t := range open {
		if t.ID == except || p.access(t) == AccessNone {
			continue
		}
		if sc := jaccard(want, bigrams(t.Subject)); sc >= 0.3 {
			score[t.ID] = sc
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b *Ticket) int { return cmp.Compare(score[b.ID], score[a.ID]) })
	return out[:min(len(out), 5)], nil
}

// SuggestDuplicates is likelyDuplicates for a ticket not created yet.
func (s *TicketService) SuggestDuplicates(ctx context.Context, actor Actor, customerID int64, subject string) ([]*Ticket, error) {
	p, err := s.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	return s.likelyDuplicates(ctx, p, customerID, subject, 0)
}

// bigrams are the character pairs of a subject, ignoring case, spaces and
// punctuation: they work for Chinese, which has no word boundaries.
func bigrams(s string) map[string]bool {
	var rs []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			rs = append(rs, r)
		}
	}
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	if len(rs) == 1 {
		out[string(rs)] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
