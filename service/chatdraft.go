package service

import (
	"context"
	"errors"
)

// CheckNew validates a new ticket exactly as Create would and writes
// nothing. It returns the bad fields by key (empty when the ticket could
// be created): the chat asks for a template's fields one by one and checks
// the draft after each answer with the same rules.
func (s *TicketService) CheckNew(ctx context.Context, actor Actor, in NewTicket) (map[string]string, error) {
	p, err := s.principal(ctx, actor)
	if err != nil {
		return nil, err
	}
	_, err = s.prepare(ctx, p, actor, in)
	var de *Error
	switch {
	case err == nil:
		return map[string]string{}, nil
	case errors.As(err, &de) && de.Kind == KindInvalid && de.Fields != nil:
		return de.Fields, nil
	}
	return nil, err
}
