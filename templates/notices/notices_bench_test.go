package notices_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/notices"
)

// The notice-render benchmarks render the shipped templates with the
// golden test's sample data (samples/), through service.NoticeTemplates
// as the notifier does. service's BenchmarkStaffNotice covers the
// "assigned" staff notice; these cover the customer notices (three texts
// per node), the other staff notices and the template-card JSON.

func benchTemplates(b *testing.B) *service.NoticeTemplates {
	b.Helper()
	tpls, err := service.NewNoticeTemplates(notices.Files, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	return tpls
}

func sample(b *testing.B, name string) service.NoticeData {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join("samples", name+".json"))
	if err != nil {
		b.Fatal(err)
	}
	var d service.NoticeData
	if err := json.Unmarshal(raw, &d); err != nil {
		b.Fatal(err)
	}
	d.Lang = service.LangZh
	return d
}

// BenchmarkCustomerNotice renders a customer notice for a lifecycle node:
// the email subject, the text (微信客服, group-send, email body) and the
// SMS.
func BenchmarkCustomerNotice(b *testing.B) {
	tpls := benchTemplates(b)
	for _, node := range []service.NoticeNode{service.NoticeCreated, service.NoticeDispatched, service.NoticeResolved} {
		b.Run("node="+string(node), func(b *testing.B) {
			d := sample(b, "customer_"+string(node))
			if c, err := tpls.Customer(node, d); err != nil || c.Subject == "" || c.Text == "" || c.SMS == "" {
				b.Fatalf("Customer(%s) = %+v, %v", node, c, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tpls.Customer(node, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStaffNotices renders staff notices other than "assigned": the
// markdown of an SLA breach, a transfer request and an @mention, and the
// daily summary's template card (rendered, then checked to be JSON).
func BenchmarkStaffNotices(b *testing.B) {
	tpls := benchTemplates(b)
	for _, c := range []struct {
		kind service.NoticeKind
		card bool
	}{
		{"sla_breached", false}, {"transfer_requested", false}, {"mentioned", false}, {"daily_summary", true},
	} {
		name := "kind=" + string(c.kind)
		if c.card {
			name += "/card"
		}
		b.Run(name, func(b *testing.B) {
			d := sample(b, string(c.kind))
			p, err := tpls.Staff(c.kind, c.card, d)
			if err != nil || (c.card && len(p.Card) == 0) || (!c.card && p.Text == "") {
				b.Fatalf("Staff(%s, card %v) = %+v, %v", c.kind, c.card, p, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tpls.Staff(c.kind, c.card, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
