package service_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

const testCap = 1024

// attachEnv is the fixture ticket with attachments stored under dir.
type attachEnv struct {
	*onTicket
	dir   string
	svc   *service.AttachmentService
	blobs *repo.DiskBlobs
	recs  *service.RecordService
}

func newAttachEnv(t *testing.T, st *servicetest.Stack) *attachEnv {
	t.Helper()
	e := &attachEnv{onTicket: newOnTicket(t, st), dir: t.TempDir()}
	blobs, err := repo.NewDiskBlobs(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = blobs.Close() })
	records := repo.NewRecords(st.DB)
	e.blobs = blobs
	e.recs = service.NewRecordService(st.DB, records, e.k.Tickets)
	e.svc = service.NewAttachmentService(st.DB, repo.NewAttachments(st.DB), blobs, records, e.k.Tickets, testCap)
	return e
}

// blobFiles lists the stored blobs, relative to the directory.
func (e *attachEnv) blobFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(e.dir, p)
			out = append(out, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	pngBytes  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 100)...)
	pdfBytes  = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n")
	zipBytes  = append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), bytes.Repeat([]byte{1}, 50)...)
	oleBytes  = append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 50)...)
	textBytes = []byte("现场日志：压缩机启动电流过大 ⚡\n第二行\n")
)

func TestAttachmentTypesAndCap(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newAttachEnv(t, st)
			owner := e.k.As(t, "eng_east1")
			cases := []struct {
				name, declared string
				body           []byte
				wantType       string // "" means rejected
				wantCode       string
			}{
				{"现场照片😀.png", "image/png", pngBytes, "image/png", ""},
				{"photo.jpg", "image/jpeg", append(pngBytes, 1), "image/png", ""}, // an image all the same: stored as what it is
				{"报价单.pdf", "", pdfBytes, "application/pdf", ""},
				{"报告.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", zipBytes,
					"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
				{"旧报表.xls", "application/octet-stream", oleBytes, "application/vnd.ms-excel", ""},
				{"日志.txt", "text/plain", textBytes, "text/plain; charset=utf-8", ""},
				{"logs.zip", "application/x-zip-compressed", append(zipBytes, 2), "application/zip", ""},
				{"exactly-cap.txt", "", bytes.Repeat([]byte("a"), testCap), "text/plain; charset=utf-8", ""},
				{"over-cap.txt", "", bytes.Repeat([]byte("b"), testCap+1), "", "attachment.too_large"},
				{"page.html", "text/html", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), "", "attachment.rejected"},
				{"page.txt", "", []byte("<html><body onload=x()>"), "", "attachment.rejected"}, // HTML whatever the name
				{"setup.exe", "", append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 60)...), "", "attachment.rejected"},
				{"macro.exe", "", oleBytes, "", "attachment.rejected"},
				{"fake.pdf", "application/pdf", pngBytes, "", "attachment.rejected"}, // claim and content disagree
				{"empty.txt", "", nil, "", "attachment.rejected"},
				{"/", "", textBytes, "", "attachment.rejected"}, // no name left
			}
			for _, c := range cases {
				a, err := e.svc.Attach(ctx, owner, service.Upload{TicketID: e.ticket.ID, Name: c.name,
					DeclaredType: c.declared, Body: bytes.NewReader(c.body)})
				if c.wantType == "" {
					var de *service.Error
					if !asDomain(err, &de) || de.Kind != service.KindInvalid || de.Code != c.wantCode {
						t.Errorf("%s: got %v, want %s", c.name, err, c.wantCode)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
					continue
				}
				if a.ContentType != c.wantType || a.Size != int64(len(c.body)) || a.Name != c.name {
					t.Errorf("%s: stored %+v, want type %s", c.name, a, c.wantType)
				}
				_, rc, err := e.svc.Open(ctx, e.k.As(t, "eng_east2"), a.ID)
				if err != nil {
					t.Fatalf("open %s: %v", c.name, err)
				}
				got, _ := io.ReadAll(rc)
				_ = rc.Close()
				if !bytes.Equal(got, c.body) {
					t.Errorf("%s: read back %d bytes, want %d", c.name, len(got), len(c.body))
				}
			}
			for _, f := range e.blobFiles(t) {
				if strings.HasPrefix(f, "tmp") {
					t.Errorf("left a temporary file behind: %s", f)
				}
			}
		})
	}
}

func TestAttachmentDedupeTraversalAndPermissions(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			ctx := context.Background()
			e := newAttachEnv(t, st)
			k, owner := e.k, e.k.As(t, "eng_east1")
			put := func(actor service.Actor, ticket, record int64, name string, body []byte) (*service.Attachment, error) {
				return e.svc.Attach(ctx, actor, service.Upload{TicketID: ticket, RecordID: record, Name: name, Body: bytes.NewReader(body)})
			}
			first, err := put(owner, e.ticket.ID, 0, "a.png", pngBytes)
			if err != nil {
				t.Fatal(err)
			}
			again, err := put(owner, e.ticket.ID, 0, "again.png", pngBytes)
			if err != nil || again.ID != first.ID {
				t.Fatalf("same file twice on one ticket = %+v, %v; want attachment %d", again, err, first.ID)
			}
			other := k.Create(t, "eng_east1", service.NewTicket{Subject: "另一单", OwnerID: k.ID(t, "eng_east1")})
			elsewhere, err := put(owner, other.ID, 0, "a.png", pngBytes)
			if err != nil || elsewhere.ID == first.ID || elsewhere.Key != first.Key {
				t.Fatalf("same file on another ticket = %+v, %v", elsewhere, err)
			}
			rec, err := e.recs.Add(ctx, owner, service.NewRecord{TicketID: e.ticket.ID, Body: "见附件"})
			if err != nil {
				t.Fatal(err)
			}
			onRecord, err := put(owner, e.ticket.ID, rec.ID, "a.png", pngBytes)
			if err != nil || onRecord.ID == first.ID || onRecord.RecordID != rec.ID {
				t.Fatalf("same file on a record = %+v, %v", onRecord, err)
			}
			_, err = put(owner, other.ID, rec.ID, "x.png", pngBytes)
			wantRefusal(t, "record of another ticket", err, refused(service.KindNotFound))
			if files := e.blobFiles(t); len(files) != 1 {
				t.Fatalf("blob files = %v, want the one copy", files)
			}

			for _, name := range []string{"../../etc/passwd", `..\..\windows\win.ini`, "a/../../../b.txt"} {
				a, err := put(owner, e.ticket.ID, 0, name, append(textBytes, name...))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if strings.ContainsAny(a.Name, `/\`) || a.Name == ".." {
					t.Errorf("%s stored as %q", name, a.Name)
				}
			}
			for _, f := range e.blobFiles(t) {
				if !filepath.IsLocal(f) || len(filepath.Base(f)) != 64 {
					t.Errorf("unexpected file in the store: %s", f)
				}
			}
			for _, key := range []string{"../../etc/passwd", "/etc/passwd", strings.Repeat("A", 64), first.Key[:63] + "/", ""} {
				_, err := e.blobs.Open(ctx, key)
				wantRefusal(t, "open blob "+key, err, refused(service.KindNotFound))
			}

			before := len(e.blobFiles(t))
			for _, tc := range ticketAccessCases {
				who := k.As(t, tc.who)
				_, err := put(who, e.ticket.ID, 0, tc.who+".txt", []byte("by "+tc.who))
				wantRefusal(t, "attach by "+tc.who, err, tc.write)
				_, err = e.svc.List(ctx, who, e.ticket.ID)
				wantRefusal(t, "list by "+tc.who, err, tc.read)
				_, rc, err := e.svc.Open(ctx, who, first.ID)
				wantRefusal(t, "open by "+tc.who, err, tc.read)
				if rc != nil {
					_ = rc.Close()
				}
			}
			if got := len(e.blobFiles(t)); got != before+3 { // the three allowed writers' files only
				t.Fatalf("blob files = %d, want %d: a refused upload was stored", got, before+3)
			}
			list, err := e.svc.List(ctx, owner, e.ticket.ID)
			if err != nil || len(list) != 8 { // a.png, on record, 3 traversal names, 3 writers
				t.Fatalf("list = %d attachments, %v", len(list), err)
			}
			_, _, err = e.svc.Open(ctx, owner, 424242)
			wantRefusal(t, "missing attachment", err, refused(service.KindNotFound))
		})
	}
}
