package repo

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/wecom-ticket/ticket/service"
)

// Chat stores what the chat bot needs beyond the ticket tables.
type Chat struct{ db *DB }

// NewChat returns the chat repository.
func NewChat(db *DB) *Chat { return &Chat{db: db} }

var _ service.ChatStore = (*Chat)(nil)

type chatTurnRow struct {
	TurnKey   string `gorm:"primaryKey"`
	CreatedAt time.Time
}

func (chatTurnRow) TableName() string { return "chat_turns" }

// MarkTurn inserts the key; a key stored already inserts nothing.
func (c *Chat) MarkTurn(ctx context.Context, key string, at time.Time) (bool, error) {
	res := c.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&chatTurnRow{TurnKey: key, CreatedAt: at})
	if res.Error != nil {
		return false, dbErr(res.Error)
	}
	return res.RowsAffected == 1, nil
}

// PruneTurns deletes the turns handled before a time.
func (c *Chat) PruneTurns(ctx context.Context, before time.Time) error {
	return dbErr(c.db.conn(ctx).Where("created_at < ?", before).Delete(&chatTurnRow{}).Error)
}

// TicketIDByNumber reads the unique number index.
func (c *Chat) TicketIDByNumber(ctx context.Context, number string) (int64, error) {
	var ids []int64
	err := c.db.conn(ctx).Table("tickets").Where("number = ?", number).Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return 0, dbErr(err)
	}
	if len(ids) == 0 {
		return 0, service.E(service.KindNotFound, "ticket.not_found", "no ticket numbered %s", number)
	}
	return ids[0], nil
}
