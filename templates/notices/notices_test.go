package notices_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/notices"
	"github.com/wecom-ticket/ticket/wecom"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Every notice template renders its sample to exactly its golden file:
// a change of wording shows up in review as a change of the golden file.
func TestTemplatesRenderTheirGoldenFiles(t *testing.T) {
	tpls, err := service.NewNoticeTemplates(notices.Files, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = fs.WalkDir(notices.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Dir(p) == "pages" {
			return err
		}
		n++
		t.Run(p, func(t *testing.T) { checkGolden(t, tpls, p) })
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walk: %v (%d templates)", err, n)
	}
}

func checkGolden(t *testing.T, tpls *service.NoticeTemplates, p string) {
	dir, file := path.Split(p)
	parts := strings.Split(file, ".") // name.lang.ext
	if len(parts) != 3 {
		t.Fatalf("%s: want name.lang.ext", p)
	}
	name, lang := parts[0], parts[1]
	sample := name
	if dir == "customer/" {
		sample = "customer_" + name
	}
	var d service.NoticeData
	raw, err := os.ReadFile(filepath.Join("samples", sample+".json"))
	if err != nil {
		t.Fatalf("no sample data for %s: %v", p, err)
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	d.Lang = lang
	var got string
	switch dir {
	case "customer/":
		c, err := tpls.Customer(service.NoticeNode(name), d)
		if err != nil {
			t.Fatal(err)
		}
		if c.Subject == "" || c.Text == "" || c.SMS == "" {
			t.Fatalf("subject, text and sms must all render: %+v", c)
		}
		got = fmt.Sprintf("subject: %s\n\n%s\n\nsms: %s\n", c.Subject, c.Text, c.SMS)
	default:
		card := dir == "cards/"
		p, err := tpls.Staff(service.NoticeKind(name), card, d)
		if err != nil {
			t.Fatal(err)
		}
		got = p.Text + "\n"
		if card {
			var tc wecom.TemplateCard
			if err := json.Unmarshal(p.Card, &tc); err != nil {
				t.Fatal(err)
			}
			if err := tc.Validate(); err != nil {
				t.Fatalf("card: %v", err)
			}
			got = string(p.Card) + "\n"
		} else if len(p.Text) > wecom.MaxMarkdownBytes {
			t.Fatalf("%d bytes: over WeCom's markdown limit", len(p.Text))
		}
	}
	golden := filepath.Join("testdata", filepath.FromSlash(p)+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s renders\n%s\nwant (%s)\n%s", p, got, golden, want)
	}
}

// Every staff kind and customer node has a Chinese and an English file.
func TestEveryNoticeHasBothLanguages(t *testing.T) {
	for _, k := range service.NoticeKinds {
		for _, lang := range []string{"zh", "en"} {
			md := fmt.Sprintf("staff/%s.%s.md", k, lang)
			card := fmt.Sprintf("cards/%s.%s.json", k, lang)
			if !exists(md) && !exists(card) {
				t.Errorf("notice kind %s has no %s template (%s or %s)", k, lang, md, card)
			}
		}
	}
	for _, node := range service.NoticeNodes {
		for _, lang := range []string{"zh", "en"} {
			if p := fmt.Sprintf("customer/%s.%s.tmpl", node, lang); !exists(p) {
				t.Errorf("customer node %s has no %s", node, p)
			}
		}
	}
}

func exists(p string) bool {
	_, err := fs.Stat(notices.Files, p)
	return err == nil
}
