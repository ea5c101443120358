package service

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Article is a knowledge-base entry (解决方案), often published from a
// resolved ticket's solution.
type Article struct {
	ID        int64
	Title     string
	Body      string
	Tags      []string
	AuthorID  int64
	Published bool
	// TicketIDs are the tickets it came from, as the reader may see them:
	// a ticket the reader may not open is left out.
	TicketIDs []int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ArticleHit is a search result; higher Score ranks first.
type ArticleHit struct {
	Article
	Score int
}

// SolutionStore persists articles and their source tickets. repo
// implements it; every method joins the transaction in ctx.
type SolutionStore interface {
	// SaveArticle inserts (ID 0) or updates an article, not its tickets.
	SaveArticle(ctx context.Context, a *Article) error
	// Article returns one article with all its source tickets, or
	// KindNotFound.
	Article(ctx context.Context, id int64) (*Article, error)
	// LinkTicket records a source ticket; linking twice is not an error.
	LinkTicket(ctx context.Context, articleID, ticketID int64) error
	// ArticlesFromTicket returns the ids of the articles the ticket is a
	// source of.
	ArticlesFromTicket(ctx context.Context, ticketID int64) ([]int64, error)
	// SearchArticles ranks published articles by how many terms their
	// title (3 points each), tags (2) and body (1) contain, then newest
	// first; articles with no term are left out.
	SearchArticles(ctx context.Context, terms []string, limit int) ([]ArticleHit, error)
}

// maxSearchTerms bounds the LIKE clauses one search runs.
const maxSearchTerms = 10

// SearchTerms splits a query into what the store matches: words of
// letters and digits in lower case (two characters or more), and the
// character pairs of Chinese runs, which have no word boundaries (a lone
// Chinese character stands for itself). 打印机卡纸 matches through 打印,
// 印机, 机卡 and 卡纸, so an article saying 打印机 and 卡纸 apart still ranks.
func SearchTerms(q string) []string {
	out := []string{}
	add := func(t string) {
		if !slices.Contains(out, t) && len(out) < maxSearchTerms {
			out = append(out, t)
		}
	}
	var word, han []rune
	flush := func() {
		if len(word) >= 2 {
			add(string(word))
		}
		if len(han) == 1 {
			add(string(han))
		}
		for i := 0; i+1 < len(han); i++ {
			add(string(han[i : i+2]))
		}
		word, han = word[:0], han[:0]
	}
	for _, r := range strings.ToLower(q) {
		switch {
		case unicode.Is(unicode.Han, r):
			if len(word) > 0 {
				flush()
			}
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if len(han) > 0 {
				flush()
			}
			word = append(word, r)
		default:
			flush()
		}
	}
	flush()
	return out
}
