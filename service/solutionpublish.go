package service

import (
	"context"
	"fmt"
)

// PublishFromTicket turns a resolved (or closed) ticket's solution into a
// published article linked to the ticket: "add the solution to the
// solutions module for future use". Whoever may read the ticket may
// publish it. Title, body and tags default to the ticket's subject,
// solution and product; draft's non-empty fields replace them.
func (s *SolutionService) PublishFromTicket(ctx context.Context, actor Actor, ticketID int64, draft Article) (*Article, error) {
	var out *Article
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		t, err := s.gate.open(ctx, actor, ticketID, AccessRead)
		if err != nil {
			return err
		}
		if (t.Status != StatusResolved && t.Status != StatusClosed) || t.Solution == "" {
			return E(KindConflict, "solution.ticket_unresolved", "ticket %d has no solution yet (it is %s)", t.ID, t.Status)
		}
		if ids, err := s.store.ArticlesFromTicket(ctx, t.ID); err != nil {
			return err
		} else if len(ids) > 0 {
			return E(KindConflict, "solution.already_published", "ticket %d is already article %d", t.ID, ids[0])
		}
		a := Article{Title: t.Subject, Body: t.Solution, Published: true}
		if t.Product != "" {
			a.Tags = []string{t.Product}
		}
		if draft.Title != "" {
			a.Title = draft.Title
		}
		if draft.Body != "" {
			a.Body = draft.Body
		}
		if len(draft.Tags) > 0 {
			a.Tags = draft.Tags
		}
		if out, err = s.Write(ctx, actor, a); err != nil {
			return err
		}
		out.TicketIDs = []int64{t.ID}
		return s.store.LinkTicket(ctx, out.ID, t.ID)
	})
	return out, err
}

// LinkTicket adds a source ticket to an article: the article's author or
// an admin may, with a ticket they may read.
func (s *SolutionService) LinkTicket(ctx context.Context, actor Actor, articleID, ticketID int64) (*Article, error) {
	_, u, err := s.gate.member(ctx, actor)
	if err != nil {
		return nil, err
	}
	var out *Article
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.editable(ctx, u, articleID)
		if err != nil {
			return err
		}
		if _, err := s.gate.open(ctx, actor, ticketID, AccessRead); err != nil {
			return err
		}
		if err := s.store.LinkTicket(ctx, articleID, ticketID); err != nil {
			return fmt.Errorf("link article %d to ticket %d: %w", articleID, ticketID, err)
		}
		if out, err = s.article(ctx, a.ID); err != nil {
			return err
		}
		out, err = s.visible(ctx, actor, out)
		return err
	})
	return out, err
}
