package service

import (
	"context"
	"sync/atomic"
	"time"
)

// ChannelChat carries the chat bot's replies: app text messages like
// ChannelWeComText, on a channel of their own so a reply is never merged
// into a digest of notices and replies keep their order among themselves.
const ChannelChat Channel = "wecom_chat"

// ChatStore is what the chat service keeps in the database.
type ChatStore interface {
	// MarkTurn records, in the transaction carried by ctx, that the chat
	// message named key was handled; false when it had been already.
	MarkTurn(ctx context.Context, key string, at time.Time) (bool, error)
	// PruneTurns forgets the turns handled before a time.
	PruneTurns(ctx context.Context, before time.Time) error
	// TicketIDByNumber returns the id of the ticket with this number, or
	// KindNotFound.
	TicketIDByNumber(ctx context.Context, number string) (int64, error)
}

// ChatService holds what only the chat needs of the domain: running one
// message's effect exactly once with its replies, finding tickets by
// number, 催办 and reminders. The chat bot translates; the rules are here
// and in the services it calls.
type ChatService struct {
	tx      TxRunner
	store   ChatStore
	outbox  *Outbox
	tickets *TicketService
	notices *Notifier // renders reminders
	kv      SessionStore
	now     func() time.Time
	turns   atomic.Int64
}

// How long a handled message is remembered, and how often old ones are
// forgotten: far longer than any inbox item waits for its retry.
const (
	turnMemory     = 30 * 24 * time.Hour
	pruneTurnEvery = 1000
)

// NewChatService wires the chat's domain side.
func NewChatService(tx TxRunner, store ChatStore, outbox *Outbox, tickets *TicketService, notices *Notifier, kv SessionStore) *ChatService {
	return &ChatService{tx: tx, store: store, outbox: outbox, tickets: tickets, notices: notices, kv: kv, now: time.Now}
}

// Turn runs fn, the effect of one chat message, and writes the notices it
// returns (the replies) in the same transaction, once per key: a message
// handled again after a crash between its commit and its acknowledgement
// changes nothing and sends nothing twice. It reports whether fn ran.
// When fn fails nothing of it is kept and the turn is not marked, so the
// caller can record a refusal under the same key instead.
func (s *ChatService) Turn(ctx context.Context, key string, fn func(ctx context.Context) ([]*Notice, error)) (bool, error) {
	ran := false
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		fresh, err := s.store.MarkTurn(ctx, key, s.now().UTC())
		if err != nil || !fresh {
			return err
		}
		ran = true
		notices, err := fn(ctx)
		if err != nil {
			return err
		}
		return s.outbox.Enqueue(ctx, notices...)
	})
	if err != nil {
		return false, err
	}
	if ran {
		s.outbox.Wake()
	}
	if s.turns.Add(1)%pruneTurnEvery == 0 {
		// Housekeeping, not part of the turn: a failure here must not
		// make the message look unhandled; the next round tries again.
		_ = s.store.PruneTurns(ctx, s.now().UTC().Add(-turnMemory))
	}
	return ran, nil
}

// Ticket returns the ticket with this number when the actor may read it;
// any other number is not found, whether or not it exists.
func (s *ChatService) Ticket(ctx context.Context, actor Actor, number string) (*TicketDetail, error) {
	id, err := s.store.TicketIDByNumber(ctx, number)
	if IsKind(err, KindNotFound) {
		return nil, E(KindNotFound, "ticket.not_found", "ticket %s not found", number)
	}
	if err != nil {
		return nil, err
	}
	return s.tickets.Get(ctx, actor, id)
}
