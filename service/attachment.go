package service

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Attachment is a file on a ticket or on one of its service records.
type Attachment struct {
	ID          int64
	TicketID    int64
	RecordID    int64  // 0: on the ticket itself
	Key         string // hex SHA-256 of the content: its name in the BlobStore
	Name        string // the file name as uploaded, without any directory
	ContentType string // from the content, not from what the uploader claimed
	Size        int64
	UploaderID  int64
	CreatedAt   time.Time
}

// BlobStore keeps attachment bytes by content. The attachment service has
// already checked type and permission; the store only stores. repo's disk
// store implements it.
type BlobStore interface {
	// Put stores what r yields under the hex SHA-256 of the bytes and
	// returns that key and the size; the same bytes stored twice are kept
	// once. When reading r fails nothing is kept and the error is returned
	// wrapped.
	Put(ctx context.Context, r io.Reader) (key string, size int64, err error)
	// Open returns the bytes under key, or KindNotFound, also for anything
	// that is not a SHA-256 hex key, so no key names a file elsewhere.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// AttachmentStore persists attachment rows.
type AttachmentStore interface {
	// InsertAttachment stores a row and sets ID.
	InsertAttachment(ctx context.Context, a *Attachment) error
	// Attachment returns one row, or KindNotFound.
	Attachment(ctx context.Context, id int64) (*Attachment, error)
	// SameAttachment returns the row with this content already on the
	// ticket (and record), or KindNotFound.
	SameAttachment(ctx context.Context, ticketID, recordID int64, key string) (*Attachment, error)
	// Attachments returns the rows of the tickets, oldest first.
	Attachments(ctx context.Context, ticketIDs []int64) ([]Attachment, error)
}

// sniffLen is how much http.DetectContentType looks at.
const sniffLen = 512

// Types taken as sniffed: images, PDF, plain text, zip.
var sniffedTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/bmp": true,
	"application/pdf": true, "text/plain": true, "application/zip": true,
}

// Office documents sniff as zip (OOXML) or as nothing (the old OLE
// formats); the extension says which, among these only.
var (
	ooxmlTypes = map[string]string{
		".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	}
	oleTypes = map[string]string{
		".doc": "application/msword",
		".xls": "application/vnd.ms-excel",
		".ppt": "application/vnd.ms-powerpoint",
	}
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// contentType decides a file's type from its first bytes and its name, or
// returns "" when the file is not on the allow-list. HTML, SVG, scripts and
// executables are never on it: they could run in a reader's browser.
func contentType(head []byte, name string) string {
	sniffed := http.DetectContentType(head)
	media, _, _ := mime.ParseMediaType(sniffed)
	ext := strings.ToLower(path.Ext(name))
	switch {
	case media == "application/zip" && ooxmlTypes[ext] != "":
		return ooxmlTypes[ext]
	case bytes.HasPrefix(head, oleMagic):
		return oleTypes[ext]
	case media == "text/plain":
		return sniffed // keep the charset
	case sniffedTypes[media]:
		return media
	}
	return ""
}

// family groups the types a client may reasonably claim for one kind of
// file (a browser says image/jpg, Windows says x-zip-compressed).
func family(media string) string {
	switch {
	case strings.HasPrefix(media, "image/"):
		return "image"
	case strings.HasPrefix(media, "text/"):
		return "text"
	case media == "application/pdf":
		return "pdf"
	case media == "application/zip" || media == "application/x-zip-compressed":
		return "zip"
	case strings.HasPrefix(media, "application/vnd.openxmlformats-officedocument."),
		media == "application/msword", strings.HasPrefix(media, "application/vnd.ms-"):
		return "office"
	}
	return media
}

// claimFits reports whether the type the uploader declared agrees with
// the one found; an empty or generic claim agrees with anything.
func claimFits(declared, found string) bool {
	d, _, err := mime.ParseMediaType(declared)
	if declared == "" || (err == nil && d == "application/octet-stream") {
		return true
	}
	f, _, _ := mime.ParseMediaType(found)
	return err == nil && family(d) == family(f)
}

// cleanFileName keeps the last path element of an uploaded name, without
// control characters, at most 255 characters; "" when nothing is left.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	if r := []rune(name); len(r) > 255 {
		name = string(r[len(r)-255:]) // keep the extension
	}
	return name
}
