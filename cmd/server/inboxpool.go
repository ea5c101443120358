package main

import (
	"context"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
)

// inboxWriters is how many goroutines write accepted callbacks, and on
// MySQL the size of their own connection pool.
const inboxWriters = 16

// inboxWorkers is how many goroutines handle callbacks (each member's in
// order on one of them). Handling a chat message mostly waits on the
// database, Redis and WeCom, so one per core left replies queueing
// behind each other: with 8, 200 members chatting at once waited a
// second for a reply (issue 9's chat round trip).
const inboxWorkers = 64

// openInboxPool gives the callback acknowledgement its own MySQL
// connections. WeCom waits about 5 s for the ack, and the ack waits for
// the inbox write alone; sharing the pool with the chat workers, a slow
// database made acks queue behind their queries (issue 9: with 500 ms of
// latency, acks took two round trips instead of one). SQLite keeps one
// pool: it has one writer anyway.
func (a *app) openInboxPool(ctx context.Context) (*repo.DB, error) {
	if a.cfg.DB.Driver != repo.MySQL {
		return a.db, nil
	}
	db, err := repo.Open(ctx, a.cfg.DB.Driver, a.cfg.DB.DSN, inboxWriters, a.log)
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, db.Close)
	return db, nil
}

// ackedInbox is the inbox store with its batch inserts, which the ack
// waits for, on the acknowledgement pool.
type ackedInbox struct {
	service.InboxStore
	acks *repo.Inbox
}

func (s ackedInbox) InsertBatch(ctx context.Context, items []*service.InboxItem) error {
	return s.acks.InsertBatch(ctx, items)
}
