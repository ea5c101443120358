package repo

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// ChatState keeps the chat bot's open dialogs in the database: the
// embedded stack's in-process session store does not outlive the process,
// and a dialog must. It has the session store's Get, Set and Delete; a
// write joins the transaction in ctx.
type ChatState struct {
	db  *DB
	now func() time.Time
}

// NewChatState returns the dialog store.
func NewChatState(db *DB) *ChatState { return &ChatState{db: db, now: time.Now} }

type chatStateRow struct {
	StateKey   string `gorm:"primaryKey"`
	StateValue []byte
	ExpiresAt  time.Time
}

func (chatStateRow) TableName() string { return "chat_state" }

// noExpiry stands for a ttl of 0.
var noExpiry = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// Get returns a value that has not expired.
func (c *ChatState) Get(ctx context.Context, key string) (string, bool, error) {
	var rows []chatStateRow
	err := c.db.conn(ctx).Where("state_key = ? AND expires_at > ?", key, c.now().UTC()).Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return "", false, dbErr(err)
	}
	return string(rows[0].StateValue), true, nil
}

// Set stores a value for ttl (0: no expiry) and drops expired ones.
func (c *ChatState) Set(ctx context.Context, key, val string, ttl time.Duration) error {
	now := c.now().UTC()
	exp := noExpiry
	if ttl > 0 {
		exp = now.Add(ttl)
	}
	q := c.db.conn(ctx)
	err := q.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "state_key"}},
		DoUpdates: clause.AssignmentColumns([]string{"state_value", "expires_at"}),
	}).Create(&chatStateRow{StateKey: key, StateValue: []byte(val), ExpiresAt: exp}).Error
	if err != nil {
		return dbErr(err)
	}
	return dbErr(q.Where("expires_at <= ?", now).Delete(&chatStateRow{}).Error)
}

// Delete removes keys; absent keys are not an error.
func (c *ChatState) Delete(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	return dbErr(c.db.conn(ctx).Where("state_key IN ?", keys).Delete(&chatStateRow{}).Error)
}
