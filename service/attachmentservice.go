package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxAttachmentSize caps a file when the service is given no cap.
const DefaultMaxAttachmentSize = 20 << 20

// AttachmentService puts files on tickets and records and hands them back
// to whoever may read the ticket.
type AttachmentService struct {
	tx      TxRunner
	store   AttachmentStore
	blobs   BlobStore
	records RecordStore
	gate    ticketGate
	maxSize int64
}

// NewAttachmentService wires attachments; maxSize 0 means
// DefaultMaxAttachmentSize.
func NewAttachmentService(tx TxRunner, store AttachmentStore, blobs BlobStore, records RecordStore,
	tickets *TicketService, maxSize int64,
) *AttachmentService {
	if maxSize <= 0 {
		maxSize = DefaultMaxAttachmentSize
	}
	return &AttachmentService{tx: tx, store: store, blobs: blobs, records: records, gate: ticketGate{tickets},
		maxSize: maxSize}
}

// Upload is a file to attach. Body is read once, to the end or the cap.
type Upload struct {
	TicketID     int64
	RecordID     int64 // 0: on the ticket itself
	Name         string
	DeclaredType string // what the client claimed; checked, never trusted
	Body         io.Reader
}

var errTooLarge = errors.New("file exceeds the size cap")

// Attach stores a file on a ticket the actor may change. The type comes
// from the content and must be on the allow-list (images, PDF, office
// documents, text, zip) and agree with the declared type. The same
// content attached twice to the same place returns the first attachment.
func (s *AttachmentService) Attach(ctx context.Context, actor Actor, up Upload) (*Attachment, error) {
	if _, err := s.gate.openForChange(ctx, actor, up.TicketID, ActionAttach); err != nil {
		return nil, err
	}
	if err := s.checkRecord(ctx, up.TicketID, up.RecordID); err != nil {
		return nil, err
	}
	name := cleanFileName(up.Name)
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(up.Body, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	head = head[:n]
	ct := contentType(head, name)
	bad := map[string]string{}
	switch {
	case name == "":
		bad["name"] = "needs a file name"
	case n == 0:
		bad["file"] = "is empty"
	case ct == "":
		bad["file"] = "this type of file is not accepted (images, PDF, office documents, text and zip are)"
	case !claimFits(up.DeclaredType, ct):
		bad["file"] = fmt.Sprintf("is %s, not %s as declared", ct, up.DeclaredType)
	}
	if len(bad) > 0 {
		return nil, &Error{Kind: KindInvalid, Code: "attachment.rejected", Message: "attachment rejected", Fields: bad}
	}
	body := &capReader{r: io.MultiReader(bytes.NewReader(head), up.Body), left: s.maxSize}
	// Stored before the transaction: a file of megabytes must not hold one
	// open. A blob whose row then fails is only an unreferenced copy.
	key, size, err := s.blobs.Put(ctx, body)
	if errors.Is(err, errTooLarge) {
		return nil, &Error{Kind: KindInvalid, Code: "attachment.too_large", Message: "attachment too large",
			Fields: map[string]string{"file": fmt.Sprintf("is larger than %d bytes", s.maxSize)}}
	}
	if err != nil {
		return nil, fmt.Errorf("store attachment: %w", err)
	}
	a := &Attachment{TicketID: up.TicketID, RecordID: up.RecordID, Key: key, Name: name, ContentType: ct, Size: size,
		UploaderID: actor.UserID, CreatedAt: s.gate.now()}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		t, err := s.gate.openForChange(ctx, actor, up.TicketID, ActionAttach)
		if err != nil {
			return err
		}
		same, err := s.store.SameAttachment(ctx, a.TicketID, a.RecordID, key)
		if err == nil {
			a = same
			return nil
		}
		if !IsKind(err, KindNotFound) {
			return err
		}
		if err := s.store.InsertAttachment(ctx, a); err != nil {
			return err
		}
		return s.gate.note(ctx, actor, t, ActionAttach, map[string]any{
			"attachment_id": a.ID, "name": a.Name, "size": a.Size, "record_id": a.RecordID})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// checkRecord makes sure a record named by an upload is on the ticket.
func (s *AttachmentService) checkRecord(ctx context.Context, ticketID, recordID int64) error {
	if recordID == 0 {
		return nil
	}
	r, err := s.records.Record(ctx, recordID)
	if err != nil && !IsKind(err, KindNotFound) {
		return err
	}
	if err != nil || r.TicketID != ticketID {
		return E(KindNotFound, "record.not_found", "record %d not found on ticket %d", recordID, ticketID)
	}
	return nil
}

// List returns the files on a ticket and on the duplicates merged into it.
func (s *AttachmentService) List(ctx context.Context, actor Actor, ticketID int64) ([]Attachment, error) {
	ids, err := s.gate.family(ctx, actor, ticketID)
	if err != nil {
		return nil, err
	}
	return s.store.Attachments(ctx, ids)
}

// Open returns an attachment and its bytes; the caller closes them. Who
// may not read its ticket learns nothing, not even that it exists.
func (s *AttachmentService) Open(ctx context.Context, actor Actor, id int64) (*Attachment, io.ReadCloser, error) {
	a, err := s.store.Attachment(ctx, id)
	if err == nil {
		_, err = s.gate.open(ctx, actor, a.TicketID, AccessRead)
	}
	if IsKind(err, KindNotFound) {
		return nil, nil, E(KindNotFound, "attachment.not_found", "attachment %d not found", id)
	}
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.blobs.Open(ctx, a.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("open attachment %d: %w", id, err)
	}
	return a, rc, nil
}

// capReader fails with errTooLarge once more than left bytes were read.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, errTooLarge
	}
	return n, err
}
