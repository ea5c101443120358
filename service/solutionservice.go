package service

import (
	"context"
	"strings"
)

// Article limits.
const (
	maxArticleTitle = 255
	maxArticleBody  = 32000 // a ticket's solution fits
	defaultHits     = 10
	maxHits         = 50
)

// SolutionService is the knowledge base: any member writes and searches
// it; only an article's author or an admin changes it; drafts are theirs
// alone to read.
type SolutionService struct {
	tx    TxRunner
	store SolutionStore
	gate  ticketGate
}

// NewSolutionService wires the knowledge base on the ticket service's
// permission rule (for the tickets articles come from).
func NewSolutionService(tx TxRunner, store SolutionStore, tickets *TicketService) *SolutionService {
	return &SolutionService{tx: tx, store: store, gate: ticketGate{tickets}}
}

// Write stores a new article (ID 0), authored by the actor, or changes one
// the actor wrote (admins may change any). Source tickets are linked with
// LinkTicket or PublishFromTicket, not here.
func (s *SolutionService) Write(ctx context.Context, actor Actor, a Article) (*Article, error) {
	_, u, err := s.gate.member(ctx, actor)
	if err != nil {
		return nil, err
	}
	var out *Article
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if a.ID == 0 {
			a.AuthorID, a.CreatedAt = u.ID, s.gate.now()
		} else {
			cur, err := s.editable(ctx, u, a.ID)
			if err != nil {
				return err
			}
			a.AuthorID, a.CreatedAt = cur.AuthorID, cur.CreatedAt
		}
		if err := checkArticle(&a); err != nil {
			return err
		}
		a.UpdatedAt = s.gate.now()
		if err := s.store.SaveArticle(ctx, &a); err != nil {
			return err
		}
		out = &a
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, actor, out)
}

func checkArticle(a *Article) error {
	bad := map[string]string{}
	a.Title, a.Body = strings.TrimSpace(a.Title), strings.TrimSpace(a.Body)
	checkLen(bad, "title", a.Title, 1, maxArticleTitle)
	checkLen(bad, "body", a.Body, 1, maxArticleBody)
	a.Tags = cleanTags(bad, a.Tags)
	return invalidIf(bad)
}

// Get returns an article: a published one to any member, a draft to its
// author and admins; to anyone else it does not exist.
func (s *SolutionService) Get(ctx context.Context, actor Actor, id int64) (*Article, error) {
	_, u, err := s.gate.member(ctx, actor)
	if err != nil {
		return nil, err
	}
	a, err := s.article(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Published && !mayEditArticle(u, a) {
		return nil, articleNotFound(id)
	}
	return s.visible(ctx, actor, a)
}

// Search finds published articles by keywords over title, tags and body,
// best first (see SearchTerms and SolutionStore.SearchArticles).
func (s *SolutionService) Search(ctx context.Context, actor Actor, query string, limit int) ([]ArticleHit, error) {
	if _, _, err := s.gate.member(ctx, actor); err != nil {
		return nil, err
	}
	terms := SearchTerms(query)
	if len(terms) == 0 {
		return nil, Invalid(map[string]string{"query": "needs a word of two letters or a Chinese character"})
	}
	return s.store.SearchArticles(ctx, terms, clampLimit(limit, defaultHits, maxHits))
}

func (s *SolutionService) article(ctx context.Context, id int64) (*Article, error) {
	a, err := s.store.Article(ctx, id)
	if IsKind(err, KindNotFound) {
		return nil, articleNotFound(id)
	}
	return a, err
}

// editable loads an article the user may change; a draft they may not
// even read does not exist for them.
func (s *SolutionService) editable(ctx context.Context, u *User, id int64) (*Article, error) {
	a, err := s.article(ctx, id)
	switch {
	case err != nil:
		return nil, err
	case mayEditArticle(u, a):
		return a, nil
	case !a.Published:
		return nil, articleNotFound(id)
	}
	return nil, E(KindForbidden, "solution.forbidden", "user %d may not change article %d", u.ID, id)
}

func mayEditArticle(u *User, a *Article) bool { return a.AuthorID == u.ID || u.HasRole(RoleAdmin) }

// visible leaves out the source tickets the reader may not open.
func (s *SolutionService) visible(ctx context.Context, actor Actor, a *Article) (*Article, error) {
	ts, err := s.gate.readable(ctx, actor, a.TicketIDs)
	if err != nil {
		return nil, err
	}
	out := *a
	out.TicketIDs = make([]int64, 0, len(ts))
	for _, t := range ts {
		out.TicketIDs = append(out.TicketIDs, t.ID)
	}
	return &out, nil
}

func articleNotFound(id int64) error {
	return E(KindNotFound, "solution.not_found", "article %d not found", id)
}
