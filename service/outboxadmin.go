package service

import "context"

// NoticeAdmin lets admins see the notices the outbox gave up on and send
// them again.
type NoticeAdmin struct {
	org    *OrgService
	outbox *Outbox
}

// NewNoticeAdmin wires the dead-letter administration.
func NewNoticeAdmin(org *OrgService, outbox *Outbox) *NoticeAdmin {
	return &NoticeAdmin{org: org, outbox: outbox}
}

// DeadLetters lists dead notices, newest first (admin only).
func (a *NoticeAdmin) DeadLetters(ctx context.Context, actor Actor, limit int) ([]Notice, error) {
	if _, err := requireAdmin(ctx, a.org, actor); err != nil {
		return nil, err
	}
	return a.outbox.DeadLetters(ctx, limit)
}

// RetryDead makes a dead notice pending again (admin only).
func (a *NoticeAdmin) RetryDead(ctx context.Context, actor Actor, id int64) error {
	if _, err := requireAdmin(ctx, a.org, actor); err != nil {
		return err
	}
	return a.outbox.RetryDead(ctx, id)
}
