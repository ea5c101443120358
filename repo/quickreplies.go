package repo

import (
	"context"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// QuickReplies stores canned responses.
type QuickReplies struct{ db *DB }

// NewQuickReplies returns the quick reply repository.
func NewQuickReplies(db *DB) *QuickReplies { return &QuickReplies{db: db} }

var _ service.QuickReplyStore = (*QuickReplies)(nil)

type quickReplyRow struct {
	ID        int64 `gorm:"primaryKey"`
	Scope     string
	ScopeID   int64
	Title     string
	Body      string
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (quickReplyRow) TableName() string { return "quick_replies" }

func (r quickReplyRow) reply() service.QuickReply {
	return service.QuickReply{ID: r.ID, Scope: service.ReplyScope(r.Scope), ScopeID: r.ScopeID, Title: r.Title,
		Body: r.Body, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// SaveQuickReply inserts (ID 0) or replaces a reply.
func (s *QuickReplies) SaveQuickReply(ctx context.Context, r *service.QuickReply) error {
	row := quickReplyRow{ID: r.ID, Scope: string(r.Scope), ScopeID: r.ScopeID, Title: r.Title, Body: r.Body,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	q := s.db.conn(ctx)
	if r.ID == 0 {
		if err := q.Create(&row).Error; err != nil {
			return dbErr(err)
		}
		r.ID = row.ID
		return nil
	}
	res := q.Model(&quickReplyRow{}).Where("id = ?", r.ID).Select("scope", "scope_id", "title", "body", "updated_at").Updates(&row)
	if res.Error == nil && res.RowsAffected == 0 {
		return service.E(service.KindNotFound, "quickreply.not_found", "quick reply %d not found", r.ID)
	}
	return dbErr(res.Error)
}

// QuickReply returns one reply.
func (s *QuickReplies) QuickReply(ctx context.Context, id int64) (*service.QuickReply, error) {
	var row quickReplyRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, dbErr(err)
	}
	r := row.reply()
	return &r, nil
}

// DeleteQuickReply removes a reply.
func (s *QuickReplies) DeleteQuickReply(ctx context.Context, id int64) error {
	return dbErr(s.db.conn(ctx).Where("id = ?", id).Delete(&quickReplyRow{}).Error)
}

// QuickRepliesFor returns the company's, the departments' and the
// person's replies: three ranges of the (scope, scope_id, id) index.
func (s *QuickReplies) QuickRepliesFor(ctx context.Context, depts []int64, userID int64) ([]service.QuickReply, error) {
	var rows []quickReplyRow
	err := s.db.conn(ctx).Where("(scope = ? AND scope_id = 0) OR (scope = ? AND scope_id IN ?) OR (scope = ? AND scope_id = ?)",
		string(service.ReplyCompany), string(service.ReplyDept), depts, string(service.ReplyPerson), userID).
		Order("CASE scope WHEN 'company' THEN 0 WHEN 'dept' THEN 1 ELSE 2 END, title, id").Find(&rows).Error
	if err != nil {
		return nil, dbErr(err)
	}
	out := make([]service.QuickReply, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.reply())
	}
	return out, nil
}
