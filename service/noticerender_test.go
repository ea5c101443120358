package service_test

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/notices"
)

// An admin's file replaces the shipped template on its next use, without
// a rebuild or a restart; a broken one is refused at start and ignored
// (the shipped one serves) when it breaks later.
func TestNoticeTemplateOverrides(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	file := filepath.Join(dir, "staff", "assigned.zh.md")
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		t.Fatal(err)
	}
	write := func(body string, age time.Duration) {
		t.Helper()
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(file, at, at); err != nil {
			t.Fatal(err)
		}
	}
	write("{{.Ticket.Number", time.Hour)
	if _, err := service.NewNoticeTemplates(notices.Files, dir, log); err == nil || !strings.Contains(err.Error(), "assigned.zh.md") {
		t.Fatalf("a broken override at start: %v", err)
	}
	write("自定义：{{.Ticket.Number}} 归您了", time.Hour)
	tpls, err := service.NewNoticeTemplates(notices.Files, dir, log)
	if err != nil {
		t.Fatal(err)
	}
	d := service.NoticeData{Lang: "zh", Ticket: service.NoticeTicket{Number: "GD1"}, Role: "负责人", Actor: "甲"}
	render := func() string {
		t.Helper()
		p, err := tpls.Staff(service.NoticeAssigned, false, d)
		if err != nil {
			t.Fatal(err)
		}
		return p.Text
	}
	if got := render(); got != "自定义：GD1 归您了" {
		t.Fatalf("override = %q", got)
	}
	write("改过了：{{.Ticket.Number}}", 0)
	if got := render(); got != "改过了：GD1" {
		t.Fatalf("after editing = %q", got)
	}
	write("{{.Nope}}", time.Minute)
	if got := render(); !strings.Contains(got, "工单 GD1 交给您了") {
		t.Fatalf("a broken override must fall back to the shipped template, got %q", got)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if got := render(); !strings.Contains(got, "工单 GD1 交给您了") {
		t.Fatalf("after removing the override = %q", got)
	}
	// English falls back to Chinese only when there is no English file.
	d.Lang = "en"
	if got := render(); !strings.Contains(got, "Ticket GD1 is yours") {
		t.Fatalf("English = %q", got)
	}
}

func TestSignedLinks(t *testing.T) {
	links := service.NewLinkSigner([]byte("0123456789abcdef0123456789abcdef"), "https://t.example.com/", time.Hour)
	other := service.NewLinkSigner([]byte("another-secret-another-secret-00"), "https://t.example.com", time.Hour)
	now := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	url := links.URL(service.LinkStatus, 42, 7, now)
	tok, ok := strings.CutPrefix(url, "https://t.example.com"+service.StatusPagePath)
	if !ok {
		t.Fatalf("url %q", url)
	}
	l, err := links.Verify(tok, service.LinkStatus, now.Add(59*time.Minute))
	if err != nil || l.TicketID != 42 || l.ContactID != 7 {
		t.Fatalf("verify = %+v, %v", l, err)
	}
	for name, check := range map[string]func() error{
		"expired":       func() error { _, err := links.Verify(tok, service.LinkStatus, now.Add(time.Hour)); return err },
		"wrong purpose": func() error { _, err := links.Verify(tok, service.LinkCSAT, now); return err },
		"other secret":  func() error { _, err := other.Verify(tok, service.LinkStatus, now); return err },
		"tampered": func() error {
			_, err := links.Verify(strings.Replace(tok, tok[:4], "AAAA", 1), service.LinkStatus, now)
			return err
		},
	} {
		if err := check(); !service.IsKind(err, service.KindNotFound) {
			t.Errorf("%s: %v, want not found", name, err)
		}
	}
}

// BenchmarkStaffNotice is the rendering part of a notice's cost inside a
// ticket change's transaction.
func BenchmarkStaffNotice(b *testing.B) {
	tpls, err := service.NewNoticeTemplates(notices.Files, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	d := service.NoticeData{Lang: "zh", Actor: "李客服", Role: "负责人", Link: "https://t.example.com/tickets/1",
		Ticket: service.NoticeTicket{Number: "GD20260302-0001", Subject: "打印机卡纸", Status: "处理中", Priority: "普通"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpls.Staff(service.NoticeAssigned, false, d); err != nil {
			b.Fatal(err)
		}
	}
}
