package repo

import (
	"context"
)

// counterUpsert adds one to a day's counter, creating it at 1. The row
// stays locked until the transaction ends, so the read that follows sees
// this increment and no other instance can take the same number.
var counterUpsert = map[string]string{
	MySQL:  "INSERT INTO ticket_counters (day, last_value) VALUES (?, 1) ON DUPLICATE KEY UPDATE last_value = last_value + 1",
	SQLite: "INSERT INTO ticket_counters (day, last_value) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET last_value = last_value + 1",
}

// NextTicketNumber returns the next number of day (yyyymmdd).
func (s *Tickets) NextTicketNumber(ctx context.Context, day string) (int64, error) {
	var n int64
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		q := s.db.conn(ctx)
		if err := q.Exec(counterUpsert[s.db.driver], day).Error; err != nil {
			return dbErr(err)
		}
		return dbErr(q.Raw("SELECT last_value FROM ticket_counters WHERE day = ?", day).Scan(&n).Error)
	})
	return n, err
}
