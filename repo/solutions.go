package repo

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

// Solutions stores knowledge articles and their source tickets.
type Solutions struct{ db *DB }

// NewSolutions returns the knowledge-base repository.
func NewSolutions(db *DB) *Solutions { return &Solutions{db: db} }

var _ service.SolutionStore = (*Solutions)(nil)

type solutionRow struct {
	ID        int64 `gorm:"primaryKey"`
	Title     string
	Body      string
	Tags      string
	AuthorID  int64
	Published bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (solutionRow) TableName() string { return "solutions" }

func (r solutionRow) article() service.Article {
	return service.Article{ID: r.ID, Title: r.Title, Body: r.Body, Tags: parseList(r.Tags), AuthorID: r.AuthorID,
		Published: r.Published, TicketIDs: []int64{}, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type solutionTicketRow struct {
	SolutionID int64 `gorm:"primaryKey;autoIncrement:false"`
	TicketID   int64 `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt  time.Time
}

func (solutionTicketRow) TableName() string { return "solution_tickets" }

// SaveArticle inserts or updates an article.
func (s *Solutions) SaveArticle(ctx context.Context, a *service.Article) error {
	row := solutionRow{ID: a.ID, Title: a.Title, Body: a.Body, Tags: jsonList(a.Tags), AuthorID: a.AuthorID,
		Published: a.Published, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if err := s.db.conn(ctx).Save(&row).Error; err != nil {
		return dbErr(err)
	}
	a.ID = row.ID
	return nil
}

// Article returns one article with its source tickets.
func (s *Solutions) Article(ctx context.Context, id int64) (*service.Article, error) {
	a, err := takeOne(ctx, s.db, solutionRow.article, "id = ?", id)
	if err != nil {
		return nil, err
	}
	err = s.db.conn(ctx).Model(&solutionTicketRow{}).Where("solution_id = ?", id).Order("ticket_id").
		Pluck("ticket_id", &a.TicketIDs).Error
	return a, dbErr(err)
}

// LinkTicket records a source ticket once.
func (s *Solutions) LinkTicket(ctx context.Context, articleID, ticketID int64) error {
	row := solutionTicketRow{SolutionID: articleID, TicketID: ticketID, CreatedAt: time.Now().UTC()}
	return dbErr(s.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error)
}

// ArticlesFromTicket lists the articles a ticket is a source of.
func (s *Solutions) ArticlesFromTicket(ctx context.Context, ticketID int64) ([]int64, error) {
	var ids []int64
	err := s.db.conn(ctx).Model(&solutionTicketRow{}).Where("ticket_id = ?", ticketID).Order("solution_id").
		Pluck("solution_id", &ids).Error
	return ids, dbErr(err)
}

// SearchArticles scores every published article in SQL with LIKE, the
// same on both databases (no engine-specific full-text index): a
// knowledge base holds thousands of articles, not millions.
func (s *Solutions) SearchArticles(ctx context.Context, terms []string, limit int) ([]service.ArticleHit, error) {
	if len(terms) == 0 {
		return []service.ArticleHit{}, nil
	}
	var score []string
	var args []any
	for _, t := range terms {
		p := likePattern(t)
		score = append(score, "CASE WHEN title LIKE ? ESCAPE '!' THEN 3 ELSE 0 END",
			"CASE WHEN tags LIKE ? ESCAPE '!' THEN 2 ELSE 0 END", "CASE WHEN body LIKE ? ESCAPE '!' THEN 1 ELSE 0 END")
		args = append(args, p, p, p)
	}
	var rows []struct {
		Row   solutionRow `gorm:"embedded"`
		Score int
	}
	err := s.db.conn(ctx).Raw("SELECT * FROM (SELECT s.*, "+strings.Join(score, " + ")+" AS score "+
		"FROM solutions s WHERE s.published = ?) x WHERE x.score > 0 ORDER BY x.score DESC, x.id DESC LIMIT ?",
		append(args, true, limit)...).Scan(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.ArticleHit, 0, len(rows))
	for _, r := range rows {
		out = append(out, service.ArticleHit{Article: r.Row.article(), Score: r.Score})
	}
	return out, nil
}
