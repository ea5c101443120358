package service

import (
	"context"
	"regexp"
	"slices"
	"strings"
)

// Record limits.
const (
	maxRecordBody    = 10000
	maxRecordMinutes = 10000 // about a working month; more is a typo
)

// RecordService keeps the service records (服务记录) of tickets.
type RecordService struct {
	tx    TxRunner
	store RecordStore
	gate  ticketGate
}

// NewRecordService wires service records on the ticket service's
// permission rule and timeline.
func NewRecordService(tx TxRunner, store RecordStore, tickets *TicketService) *RecordService {
	return &RecordService{tx: tx, store: store, gate: ticketGate{tickets}}
}

// NewRecord is what the author writes.
type NewRecord struct {
	TicketID   int64
	Body       string
	Minutes    int
	Visibility RecordVisibility // empty: internal
}

// Add writes a record on a ticket the actor may change, with the users it
// @mentions, and a timeline entry, in one transaction.
func (s *RecordService) Add(ctx context.Context, actor Actor, in NewRecord) (*ServiceRecord, error) {
	if in.Visibility == "" {
		in.Visibility = RecordInternal
	}
	in.Body = strings.TrimSpace(in.Body)
	bad := map[string]string{}
	checkLen(bad, "body", in.Body, 1, maxRecordBody)
	if in.Minutes < 0 || in.Minutes > maxRecordMinutes {
		bad["minutes"] = "must be 0 to 10000"
	}
	if !in.Visibility.Valid() {
		bad["visibility"] = "must be internal or customer"
	}
	var out *ServiceRecord
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		t, err := s.gate.openForChange(ctx, actor, in.TicketID, ActionRecord)
		if err != nil {
			return err
		}
		if len(bad) > 0 {
			return Invalid(bad)
		}
		x, err := s.gate.org(ctx)
		if err != nil {
			return err
		}
		r := &ServiceRecord{TicketID: t.ID, AuthorID: actor.UserID, Body: in.Body, Minutes: in.Minutes,
			Visibility: in.Visibility, Mentions: ParseMentions(x, in.Body), CreatedAt: s.gate.now()}
		if err := s.store.InsertRecord(ctx, r); err != nil {
			return err
		}
		out = r
		return s.gate.note(ctx, actor, t, ActionRecord, map[string]any{"record_id": r.ID, "minutes": r.Minutes,
			"visibility": r.Visibility, "mentions": r.Mentions})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// List returns the records of a ticket and of the duplicates merged into
// it, oldest first.
func (s *RecordService) List(ctx context.Context, actor Actor, ticketID int64) ([]ServiceRecord, error) {
	ids, err := s.gate.family(ctx, actor, ticketID)
	if err != nil {
		return nil, err
	}
	return s.store.Records(ctx, ids)
}

// mentionPattern finds @userid where the @ does not continue a word (so
// an email address mentions nobody).
var mentionPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.@\-])@([A-Za-z0-9_@.\-]{1,64})`)

// ParseMentions returns the enabled users a text @mentions by WeCom
// userid, sorted, each once. Trailing punctuation that a userid may
// contain (".", "-") is dropped when the longer token names nobody, so
// "@eng_east1." at the end of a sentence still counts.
func ParseMentions(x *OrgIndex, text string) []int64 {
	out := []int64{}
	for _, m := range mentionPattern.FindAllStringSubmatch(text, -1) {
		for tok := m[1]; tok != ""; tok = tok[:len(tok)-1] {
			if u, ok := x.UserByUserID(tok); ok {
				if u.Enabled {
					out = append(out, u.ID)
				}
				break
			}
			if !strings.ContainsAny(tok[len(tok)-1:], ".-@") {
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
