package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser test drives headless Chromium through the Chrome DevTools
// Protocol (github.com/chromedp/chromedp, pure Go, no driver binary) against
// `subproc serve` on 127.0.0.1: it searches, filters, sorts, opens a
// document and an entity, downloads a CSV, and checks what the pages show.
// It writes screenshots of the main pages to docs/screenshots, which the
// README links to; their data is made stable (paths and times) so that a
// run on the same Chromium rewrites the same pictures.

// screenshotsDir is where the browser test writes its screenshots.
var screenshotsDir = filepath.Join("..", "..", "docs", "screenshots")

// webTestdata holds the documents the web tests add to the seeds.
var webTestdata = filepath.Join("..", "..", "web", "testdata")

// chromium returns the browser to drive: $SUBPROC_CHROMIUM, else Debian's
// chromium, else another Chrome on the PATH. It skips the test when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SUBPROC_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("skipping the browser test: Chromium is not installed (Debian: apt-get install chromium; or set SUBPROC_CHROMIUM to a Chrome binary)")
	return ""
}

// browserDB builds the database the browser test serves: the seeds, the
// document with markup in its names, and northwind.txt in two versions. The
// paths and times that would differ from run to run are then set to fixed
// values, so that the screenshots only change when the pages do.
func browserDB(t *testing.T, dir string) string {
	t.Helper()
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	for _, s := range seeds {
		copyFile(t, s, filepath.Join(docs, filepath.Base(s)))
	}
	copyFile(t, filepath.Join(webTestdata, "900_xss.txt"), filepath.Join(docs, "900_xss.txt"))
	copyFile(t, filepath.Join(webTestdata, "northwind.v1.txt"), filepath.Join(docs, "northwind.txt"))
	db := filepath.Join(dir, "subproc.db")
	mustRun(t, dir, 0, "ingest", "--quiet", "--db", db, docs)
	copyFile(t, filepath.Join(webTestdata, "northwind.v2.txt"), filepath.Join(docs, "northwind.txt"))
	mustRun(t, dir, 0, "ingest", "--quiet", "--db", db, docs)

	w, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, q := range []string{
		`UPDATE sources SET path = '/srv/dpa/' || replace(path, rtrim(path, replace(path, '/', '')), ''),
			first_seen = '2026-01-05T09:00:00.000Z'`,
		`UPDATE documents SET ingested_at = printf('2026-%02d-05T09:00:00.000Z', version),
			mod_time = printf('2026-%02d-04T16:30:00Z', version)`,
	} {
		if _, err := w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}

func TestServeBrowser(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	srv := startServe(t, dir, "--db", browserDB(t, dir))
	base := strings.TrimSuffix(srv.URL, "/")

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // Chromium refuses to run as root with its sandbox
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()

	// No page may open a dialog: a script from a document would.
	var dialogs atomic.Int32
	dialogEvents := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogEvents {
			if err != nil {
				return
			}
			dialogs.Add(1)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()

	b := &driver{t: t, ctx: ctx}
	if err := os.MkdirAll(screenshotsDir, 0o755); err != nil {
		t.Fatal(err)
	}

	// The search page lists every row of the newest versions, sorted by name.
	b.open(base + "/")
	if title := b.run(chromedp.Title()); title != "Search · subproc" {
		t.Errorf("title %q", title)
	}
	total := apiTotal(t, base+"/api/search")
	if got := b.text("#summary"); !strings.Contains(got, fmt.Sprintf("of %d in the newest version", total)) {
		t.Errorf("summary %q, want %d rows", got, total)
	}
	if n := b.count("#results tbody tr"); n != min(total, 50) {
		t.Errorf("%d rows on the first page, want %d", n, min(total, 50))
	}
	b.noScripts()

	// Search by words: the browser shows what the API counts.
	b.do(chromedp.SendKeys(chromedp.CSS("#q"), "hosting"))
	b.submit(`form.search button[type="submit"]`)
	if loc := b.run(chromedp.Location()); !strings.Contains(loc, "q=hosting") {
		t.Errorf("after the search the address is %s", loc)
	}
	want := apiTotal(t, base+"/api/search?q=hosting")
	if got := b.text("#summary"); want == 0 || !strings.Contains(got, fmt.Sprintf("of %d in", want)) {
		t.Errorf("q=hosting: summary %q, want %d rows", got, want)
	}

	// Filter by country: every row shown is in Ireland.
	b.do(chromedp.SetValue(chromedp.CSS(`select[name="country"]`), "IE"))
	b.submit(`form.search button[type="submit"]`)
	want = apiTotal(t, base+"/api/search?q=hosting&country=IE")
	countries := b.texts("#results tbody td:nth-child(2)")
	if want == 0 || len(countries) != want {
		t.Errorf("q=hosting country=IE: %d rows shown, the API counts %d", len(countries), want)
	}
	for _, c := range countries {
		if !strings.Contains(c, "IE") {
			t.Errorf("country=IE shows a row in %q", c)
		}
	}
	b.screenshot("search.png", false)

	// Sort by name, then the other way round, with the column links; the
	// words and the filter stay.
	b.follow(`#results thead th:nth-child(1) a`)
	names := b.texts("#results tbody td.name > a")
	if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("sorted by name: %q", names)
	}
	b.follow(`#results thead th:nth-child(1) a`)
	desc := b.texts("#results tbody td.name > a")
	slices.Reverse(desc)
	if !slices.Equal(desc, names) {
		t.Errorf("sorted by name descending: %q, want the reverse of %q", desc, names)
	}

	// Download the result as CSV: the rows the page shows, with a header.
	dl := t.TempDir()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: ptr(true),
	}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	b.do(chromedp.Click(chromedp.CSS(`#summary a[href*="format=csv"]`)))
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dl, ev.GUID)
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatalf("download cancelled")
		}
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatalf("downloaded CSV: %v", err)
	}
	if len(recs) != want+1 || recs[0][9] != "name" || recs[0][14] != "country" {
		t.Fatalf("downloaded CSV: %d records, want a header and %d rows: %q", len(recs), want, recs[0])
	}
	for _, r := range recs[1:] {
		if !strings.Contains(r[14], "IE") || !slices.Contains(names, r[9]) {
			t.Errorf("downloaded CSV row %q (%s) is not on the page", r[9], r[14])
		}
	}

	// Open a document from a result: its page shows the row highlighted,
	// with the lines and raw text it came from.
	b.follow(`#results tbody tr:first-child td.doc a`)
	if loc := b.run(chromedp.Location()); !strings.Contains(loc, "/documents/") || !strings.Contains(loc, "#row-") {
		t.Errorf("the document link led to %s", loc)
	}
	if got, first := b.text("tbody:target tr.norm td.name"), names[len(names)-1]; !strings.HasPrefix(got, first) {
		t.Errorf("highlighted row %q, want the first result %q", got, first)
	}
	if src := b.text("tbody:target .src"); !strings.Contains(src, "lines ") {
		t.Errorf("highlighted row's source %q lacks its lines", src)
	}

	// The documents list, and the document in two versions with its changes.
	b.open(base + "/documents")
	b.screenshot("documents.png", false)
	b.follow(`a[title="/srv/dpa/northwind.txt"]`)
	changes := b.text("ul.changes")
	for _, want := range []string{"added Stripe Payments Europe Ltd.", "removed Mailgun Technologies Inc.",
		"changed Amazon Web Services EMEA SARL", "country: IE → DE", "legal_basis: SCC → DPF"} {
		if !strings.Contains(changes, want) {
			t.Errorf("changes of northwind.txt lack %q:\n%s", want, changes)
		}
	}
	if n := b.count("table.docrows > tbody"); n != 3 {
		t.Errorf("northwind.txt version 2 shows %d rows, want 3", n)
	}
	b.screenshot("document.png", true)

	// An entity: what each version of each document says about it.
	b.follow(`table.docrows a[href^="/entities/"]`) // Amazon Web Services EMEA SARL
	if h := b.text("h1"); !strings.HasPrefix(h, "Amazon Web Services") {
		t.Errorf("entity page of %q", h)
	}
	if n := b.count("table.history td.changed"); n == 0 {
		t.Errorf("the entity's history marks no change (northwind.txt moved it from IE to DE)")
	}
	b.screenshot("entity.png", true)

	b.open(base + "/entities")
	b.screenshot("entities.png", false)
	b.open(base + "/audit")
	if h := b.text("h1"); h != "Audit findings" {
		t.Errorf("audit page heading %q", h)
	}
	b.noScripts()
	b.screenshot("audit.png", false)

	// Markup in a document is shown as text, and runs nothing.
	b.open(base + "/search?q=evil")
	if got := b.text("#results td.name"); !strings.HasPrefix(got, "<script>alert(1)</script> Evil Corp") {
		t.Errorf("the name with markup is shown as %q", got)
	}
	b.noScripts()
	b.follow(`#results td.doc a`)
	if got := b.text("tbody:target .src"); !strings.Contains(got, "<img src=x onerror=alert(2)>") {
		t.Errorf("the raw purpose with markup is shown as %q", got)
	}
	b.noScripts()
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d dialogs opened: a document's script ran", n)
	}
}

func ptr[T any](v T) *T { return &v }

// apiTotal is the total of an /api/search answer.
func apiTotal(t *testing.T, url string) int {
	t.Helper()
	var res struct{ Total int }
	if err := json.Unmarshal([]byte(httpGet(t, url, "application/json")), &res); err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// driver runs chromedp actions in one tab and fails the test on errors.
type driver struct {
	t   *testing.T
	ctx context.Context
}

func (b *driver) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

func (b *driver) run(a chromedp.Action[string]) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

// open navigates to url and waits for its main content.
func (b *driver) open(url string) {
	b.t.Helper()
	b.do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main")))
}

// follow clicks the link sel and waits for the page it loads.
func (b *driver) follow(sel string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(sel)))); err != nil {
		b.t.Fatalf("follow %s: %v", sel, err)
	}
	b.do(chromedp.WaitReady(chromedp.CSS("main")))
}

// submit clicks the submit button sel and waits for the page it loads.
func (b *driver) submit(sel string) { b.t.Helper(); b.follow(sel) }

// text is the text content of the first element sel matches, trimmed.
func (b *driver) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(document.querySelector(%q)?.textContent ?? "").replace(/\s+/g, " ").trim()`, sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// texts are the text contents of every element sel matches, trimmed.
func (b *driver) texts(sel string) []string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
		`[...document.querySelectorAll(%q)].map(e => e.textContent.replace(/\s+/g, " ").trim())`, sel)))
	if err != nil {
		b.t.Fatalf("texts of %s: %v", sel, err)
	}
	return s
}

// count is how many elements sel matches.
func (b *driver) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// noScripts fails the test if the page has a script or an element with an
// event handler attribute: the site needs no JavaScript, and a document's
// markup must not become any.
func (b *driver) noScripts() {
	b.t.Helper()
	n := b.count("script, [onerror], [onload], [onclick]")
	if n != 0 {
		loc := b.run(chromedp.Location())
		b.t.Errorf("%s: %d scripts or event handlers on the page", loc, n)
	}
}

// screenshot writes the visible part of the page to docs/screenshots/name,
// or with full the whole page.
func (b *driver) screenshot(name string, full bool) {
	b.t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100) // quality 100: PNG
	}
	png, err := chromedp.Run(b.ctx, shot)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(screenshotsDir, name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
