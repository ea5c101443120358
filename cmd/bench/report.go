package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// write puts the table in results.md and everything in results.json.
// A partial run (-only) keeps the earlier rows of the benchmarks it did
// not run, so one figure can be remeasured without the others.
func (r *run) write() error {
	if r.partial {
		if err := r.keepEarlier(); err != nil {
			return err
		}
	}
	js, err := json.MarshalIndent(struct {
		Machine string    `json:"machine"`
		Started time.Time `json:"started"`
		Results []result  `json:"results"`
	}{machine(), r.started, r.results}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(r.out, "results.json"), append(js, '\n'), 0o600); err != nil {
		return err
	}
	md := r.markdown()
	if err := os.WriteFile(filepath.Join(r.out, "results.md"), []byte(md), 0o600); err != nil {
		return err
	}
	if r.readme == "" {
		return nil
	}
	return updateReadme(r.readme, md)
}

// The README's Performance section is the latest table, between these.
const (
	readmeStart = "<!-- bench:start -->"
	readmeEnd   = "<!-- bench:end -->"
)

// updateReadme replaces what stands between the markers with the run's
// table (its heading dropped: the README has its own).
func updateReadme(path, md string) error {
	raw, err := os.ReadFile(path) // #nosec G304 -- the path is the operator's flag
	if err != nil {
		return err
	}
	doc := string(raw)
	i, j := strings.Index(doc, readmeStart), strings.Index(doc, readmeEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s section to update", path, readmeStart, readmeEnd)
	}
	body := strings.TrimPrefix(md, "# Benchmark results\n\n")
	body = strings.ReplaceAll(body, "\n## How each figure was measured", "\n#### How each figure was measured")
	body = strings.ReplaceAll(body, "](profiles/", "](bench/profiles/")
	doc = doc[:i+len(readmeStart)] + "\n" + body + doc[j:]
	return os.WriteFile(path, []byte(doc), 0o600) // #nosec G703 -- the README path is the operator's own -readme flag
}

// keepEarlier puts back the rows of results.json whose benchmark this
// run did not measure, in their order, before this run's rows.
func (r *run) keepEarlier() error {
	raw, err := os.ReadFile(filepath.Join(r.out, "results.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var old struct {
		Results []result `json:"results"`
	}
	if err := json.Unmarshal(raw, &old); err != nil {
		return fmt.Errorf("earlier results.json: %w", err)
	}
	measured := map[string]bool{}
	for _, x := range r.results {
		measured[x.Bench] = true
	}
	var kept []result
	for _, x := range old.Results {
		if !measured[x.Bench] {
			kept = append(kept, x)
		}
	}
	r.results = append(kept, r.results...)
	slices.SortStableFunc(r.results, func(a, b result) int { return strings.Compare(a.Bench[:2], b.Bench[:2]) })
	return nil
}

func (r *run) markdown() string {
	var b strings.Builder
	when := "Run " + r.started.UTC().Format("2006-01-02 15:04 UTC")
	if r.partial {
		when = "Partly rerun " + r.started.UTC().Format("2006-01-02 15:04 UTC") + " (" + strings.Join(r.ran, ", ") + "; the other rows are from earlier runs)"
	}
	fmt.Fprintf(&b, "# Benchmark results\n\n%s on %s, MariaDB and Redis on loopback, load generator in the same process on the same cores. Reproduce with `make bench`.\n\n",
		when, machine())
	b.WriteString("| benchmark | case | ours | reference | ratio | target | met |\n|---|---|---|---|---|---|---|\n")
	for _, x := range r.results {
		ref, ratio := "", ""
		if x.Ref != nil {
			ref = x.RefName + ": " + loadCell(*x.Ref)
			if x.Ref.PerSec > 0 {
				ratio = fmt.Sprintf("%.2f× req/s", x.Ours.PerSec/x.Ref.PerSec)
			}
		}
		ours := x.Figure
		if ours == "" {
			ours = loadCell(x.Ours)
		}
		met := "yes"
		if !x.Met {
			met = "**no**"
			if x.Profile != "" {
				met += fmt.Sprintf(" ([profile](%s))", x.Profile)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", x.Bench, x.Case, ours, ref, ratio, x.Target, met)
	}
	b.WriteString("\n## How each figure was measured\n\n")
	seen := map[string]bool{}
	for _, x := range r.results {
		if key := x.Bench + x.How; !seen[key] {
			seen[key] = true
			fmt.Fprintf(&b, "- **%s**: %s.\n", x.Bench, x.How)
		}
	}
	return b.String()
}

func loadCell(l loadResult) string {
	s := fmt.Sprintf("%.0f req/s, p50 %.2f ms, p99 %.2f ms", l.PerSec, l.P50ms, l.P99ms)
	if l.Errors > 0 {
		s += fmt.Sprintf(", %d errors", l.Errors)
	}
	return s
}
