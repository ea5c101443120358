package repo

import (
	"context"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// Attachments stores attachment rows; the bytes live in a BlobStore.
type Attachments struct{ db *DB }

// NewAttachments returns the attachment repository.
func NewAttachments(db *DB) *Attachments { return &Attachments{db: db} }

var _ service.AttachmentStore = (*Attachments)(nil)

type attachmentRow struct {
	ID          int64 `gorm:"primaryKey"`
	TicketID    int64
	RecordID    *int64
	BlobKey     string
	Name        string
	ContentType string
	Size        int64
	UploaderID  int64
	CreatedAt   time.Time
}

func (attachmentRow) TableName() string { return "attachments" }

func (r attachmentRow) attachment() service.Attachment {
	return service.Attachment{ID: r.ID, TicketID: r.TicketID, RecordID: orZero(r.RecordID), Key: r.BlobKey, Name: r.Name,
		ContentType: r.ContentType, Size: r.Size, UploaderID: r.UploaderID, CreatedAt: r.CreatedAt}
}

// InsertAttachment stores a row.
func (s *Attachments) InsertAttachment(ctx context.Context, a *service.Attachment) error {
	row := attachmentRow{TicketID: a.TicketID, RecordID: nullable(a.RecordID), BlobKey: a.Key, Name: a.Name,
		ContentType: a.ContentType, Size: a.Size, UploaderID: a.UploaderID, CreatedAt: a.CreatedAt}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return dbErr(err)
	}
	a.ID = row.ID
	return nil
}

// Attachment returns one row.
func (s *Attachments) Attachment(ctx context.Context, id int64) (*service.Attachment, error) {
	return takeOne(ctx, s.db, attachmentRow.attachment, "id = ?", id)
}

// SameAttachment finds this content already on the ticket (and record).
func (s *Attachments) SameAttachment(ctx context.Context, ticketID, recordID int64, key string) (*service.Attachment, error) {
	if recordID == 0 {
		return takeOne(ctx, s.db, attachmentRow.attachment, "ticket_id = ? AND blob_key = ? AND record_id IS NULL", ticketID, key)
	}
	return takeOne(ctx, s.db, attachmentRow.attachment, "ticket_id = ? AND blob_key = ? AND record_id = ?", ticketID, key, recordID)
}

// Attachments returns the rows of the tickets, oldest first.
func (s *Attachments) Attachments(ctx context.Context, ticketIDs []int64) ([]service.Attachment, error) {
	return findAll(ctx, s.db, attachmentRow.attachment, "id", "ticket_id IN ?", ticketIDs)
}
