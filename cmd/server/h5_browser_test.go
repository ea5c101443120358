package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The H5 pages are driven in Debian's Chromium, headless, against the real
// server binary. Without Chromium they skip, so `go test ./...` passes on
// a clean clone; CI sets TICKET_TEST_CHROMIUM=required (and .ci/run
// installs the chromium package), so CI cannot pass without having run
// them.

// envChromium set to "required" turns a missing Chromium from a skip into
// a failure.
const envChromium = "TICKET_TEST_CHROMIUM"

// chromiumPath finds the browser: H5_CHROMIUM when set, else chromium on
// PATH, else Debian's /usr/bin/chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	candidates := []string{"chromium", "/usr/bin/chromium"}
	if p := os.Getenv("H5_CHROMIUM"); p != "" {
		candidates = []string{p}
	}
	for _, p := range candidates {
		if full, err := exec.LookPath(p); err == nil {
			return full
		}
	}
	const missing = "Chromium is not installed, so the H5 browser tests cannot run: install Debian's chromium and " +
		"fonts-noto-cjk (apt-get install chromium fonts-noto-cjk; .ci/run does this) or set H5_CHROMIUM to a Chromium binary"
	if os.Getenv(envChromium) == "required" {
		t.Fatal(missing + " (" + envChromium + "=required)")
	}
	t.Skip(missing)
	return ""
}

// screenshotDir is H5_SCREENSHOT_DIR, else a new temporary directory that
// is kept, so the pictures can be looked at after the run.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("H5_SCREENSHOT_DIR")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "h5-screenshots-"); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser is one headless Chromium tab with a phone-sized viewport.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
}

const phoneWidth, phoneHeight = 390, 844

// newBrowser starts Chromium (from chromiumPath, which the test calls
// first so that it skips before starting a server).
func newBrowser(t *testing.T, chromium, base string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("lang", "zh-CN"), chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(phoneWidth, phoneHeight))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first run starts the browser and must not carry a timeout: the
	// browser lives as long as that call's context.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b := &browser{t: t, ctx: ctx, base: base, dir: screenshotDir(t)}
	b.viewport(phoneWidth)
	return b
}

// step bounds one browser step.
const step = 20 * time.Second

// do runs steps that return nothing.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser at %s: %v", b.location(), err)
	}
}

// run runs one step that returns a value.
func valueOf[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser at %s: %v", b.location(), err)
	}
	return v
}

func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

func (b *browser) viewport(width int64) {
	b.do(chromedp.EmulateViewport(width, phoneHeight))
}

// open loads a page of the site.
func (b *browser) open(path string) { b.do(chromedp.Navigate(b.base + path)) }

// submit clicks what posts a form (or follows a link) and waits for the
// page that answers; it returns that page's status.
func (b *browser) submit(sel string) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, step)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("submit %s at %s: %v", sel, b.location(), err)
	}
	return resp.Status
}

// text is the visible text of the first element sel matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(valueOf(b, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)))
}

// js evaluates an expression of the page.
func js[T any](b *browser, expr string) T {
	b.t.Helper()
	return valueOf(b, chromedp.Evaluate[T](expr))
}

// choose selects the option of a <select> whose label contains label.
func (b *browser) choose(sel, label string) {
	b.t.Helper()
	ok := js[bool](b, fmt.Sprintf(`(() => { const s = document.querySelector(%q);
		const o = [...s.options].find(o => o.textContent.includes(%q)); if (!o) return false;
		s.value = o.value; s.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel, label))
	if !ok {
		b.t.Fatalf("no option %q in %s at %s", label, sel, b.location())
	}
}

// shot saves the viewport (390×844) as name.png, and the whole page,
// from the top, as name-full.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	b.save(name+".png", valueOf(b, chromedp.CaptureScreenshot()))
	b.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	b.save(name+"-full.png", valueOf(b, chromedp.FullScreenshot(100)))
	b.t.Logf("screenshot %s", filepath.Join(b.dir, name+".png"))
}

func (b *browser) save(file string, png []byte) {
	b.t.Helper()
	if err := os.WriteFile(filepath.Join(b.dir, file), png, 0o600); err != nil {
		b.t.Fatal(err)
	}
}

// fitsWidth checks that the page does not scroll sideways at width,
// once the page has laid itself out again (charts resize on a timer).
func (b *browser) fitsWidth(width int64, what string) {
	b.t.Helper()
	b.viewport(width)
	defer b.viewport(phoneWidth)
	time.Sleep(300 * time.Millisecond)
	if w := js[int64](b, `document.documentElement.scrollWidth`); w > width {
		wide := js[string](b, fmt.Sprintf(`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > %d)
			.slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")`, width))
		b.t.Errorf("%s is %d px wide at a %d px viewport, the layout breaks: %s", what, w, width, wide)
	}
}

func sendKeys(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible)
}

func clearValue(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel))
}

// openAction unfolds the detail page's form for an action, as a tap on
// its title does.
func openAction(action string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(fmt.Sprintf(`details:has(form[action$="/do/%s"]) > summary`, action)), chromedp.NodeVisible)
}

// waitDrawn waits until the dashboard's script has drawn its charts.
func waitDrawn() chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(`#chart-status[data-drawn="1"]`))
}
