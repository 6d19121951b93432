package subproc_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html/charset"
	"golang.org/x/tools/txtar"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/corpus/gold"
	"github.com/subproc/subproc/corpus/pdf"
	"github.com/subproc/subproc/pipeline"
)

// The PDF reader runs in worker processes that are this executable started
// with pdf.WorkerArg; in the test binary init serves them before any test
// (an init, not a TestMain, so that other test files of the package may have
// theirs).
func init() {
	if pdf.IsWorker(os.Args) {
		os.Exit(pdf.ServeWorker())
	}
}

var renditionsDump = flag.String("renditions.dump", "",
	"write the decoded text of every rendition (FOLDER_FILE.txt) and its rows (FOLDER_FILE.json) into this folder")

var (
	renditionPoolOnce sync.Once
	renditionPool     *pdf.Pool
)

// renditionChain is the chain of golden_test.go with the real PDF decoder:
// a pdf.Pool of two workers (the pdfium fallback started when needed, its
// compiled code cached in the user's cache folder as the program does). The
// pool lives as long as the test binary; its workers exit with it.
func renditionChain(tb testing.TB) *pipeline.Chain {
	tb.Helper()
	c := *chain(tb)
	renditionPoolOnce.Do(func() {
		opt := pdf.PoolOptions{Workers: 2}
		if dir, err := os.UserCacheDir(); err == nil {
			opt.CacheDir = filepath.Join(dir, "subproc", "pdfium")
		}
		renditionPool = pdf.NewPool(opt)
	})
	c.Decoder = corpus.Decoder{PDF: renditionPool}
	return &c
}

// The rendition fixtures (testdata/renditions, see its README.md): each seed
// and a selection of the golden documents as a web page (page.html) and that
// page printed to PDF by Chromium and by LibreOffice, with the source's gold.
// Issue 3, acceptance 1: every rendition of every seed scores cell F1 >= 0.9
// and >= 0.95 on average; the golden-derived renditions must reach 0.8.
const (
	renditionsDir      = "testdata/renditions"
	hostileDir         = "testdata/renditions/hostile"
	seedRenditionMin   = 0.9
	seedRenditionAvg   = 0.95
	goldenRenditionMin = 0.8
	renditionDeadline  = 2 * time.Minute  // one good document, PDF workers included
	hostileDeadline    = 90 * time.Second // one hostile document: a worker that hangs must be killed by then
	hostileGrace       = 15 * time.Second // how long Process may take to return after its context ends
	maxFixtureBytes    = 3 << 20
)

// renditionFiles are the files of a rendition folder that go through the
// pipeline, with the format the reader would sniff.
var renditionFiles = []struct {
	file   string
	format subproc.Format
}{
	{"page.html", subproc.FormatHTML},
	{"chromium.pdf", subproc.FormatPDF},
	{"libreoffice.pdf", subproc.FormatPDF},
}

// renditionFolders lists the folders of testdata/renditions that hold a gold.json.
func renditionFolders(t *testing.T) []gold.Entry {
	t.Helper()
	entries, err := gold.Dir(renditionsDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatalf("no rendition folders with a gold.json in %s", renditionsDir)
	}
	return entries
}

// processBounded runs doc through the chain with a deadline and reports whether
// it came back: Process must honour its context (the PDF reader kills its
// worker), so a document that is still running hostileGrace after the deadline
// is a hang. The goroutine of a hung document is left behind; the test fails.
func processBounded(tb testing.TB, doc *subproc.Document, limit time.Duration) (pipeline.Outcome, time.Duration, bool) {
	tb.Helper()
	c := renditionChain(tb) // before the goroutine: it may call tb.Fatal
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	start := time.Now()
	done := make(chan pipeline.Outcome, 1)
	go func() { done <- c.Process(ctx, doc) }()
	select {
	case o := <-done:
		return o, time.Since(start), true
	case <-ctx.Done():
	}
	select {
	case o := <-done:
		return o, time.Since(start), true
	case <-time.After(hostileGrace):
		return pipeline.Outcome{}, time.Since(start), false
	}
}

// capDeadline shortens d so that the document still ends before the test's
// own deadline (go test -timeout), keeping a margin for the report.
func capDeadline(t *testing.T, d time.Duration) time.Duration {
	if end, ok := t.Deadline(); ok {
		if left := time.Until(end) - hostileGrace - 20*time.Second; left < d {
			d = max(left, 5*time.Second)
		}
	}
	return d
}

// pagesFacts is pages.json: for each PDF of a folder, its page count and the
// pages on which pdftotext finds each gold row's name.
type pagesFacts map[string]struct {
	Pages int              `json:"pages"`
	Names map[string][]int `json:"names"`
}

// TestRenditions is issue 3's acceptance 1: the same document as a web page and
// as PDFs printed by two producers gives the rows of its gold. Renditions whose
// format the corpus cannot decode yet are skipped, saying so.
func TestRenditions(t *testing.T) {
	type score struct {
		folder, file string
		f1           float64
	}
	var seedScores, allScores []score
	for _, e := range renditionFolders(t) {
		g, err := gold.Load(e.Path)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(renditionsDir, e.Name)
		seed := strings.HasPrefix(e.Name, "seed-")
		floor := goldenRenditionMin
		if seed {
			floor = seedRenditionMin
		}
		var facts pagesFacts
		if b, err := os.ReadFile(filepath.Join(dir, "pages.json")); err == nil {
			if err := json.Unmarshal(b, &facts); err != nil {
				t.Fatalf("%s/pages.json: %v", e.Name, err)
			}
		}
		for _, r := range renditionFiles {
			t.Run(e.Name+"/"+r.file, func(t *testing.T) {
				if !corpus.Decodable(r.format) {
					t.Skipf("%s decoding is not available yet (corpus.Decodable(%q) is false): rendition not scored",
						strings.ToUpper(string(r.format)), r.format)
				}
				path := filepath.Join(dir, r.file)
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				doc := &subproc.Document{Path: path, Raw: data, Size: int64(len(data)), Format: r.format}
				o, took, finished := processBounded(t, doc, renditionDeadline)
				if !finished {
					t.Fatalf("did not finish within %v", took)
				}
				if *renditionsDump != "" {
					base := filepath.Join(*renditionsDump, e.Name+"_"+r.file)
					rows, _ := json.MarshalIndent(o.Extraction(), "", "  ")
					if err := errors.Join(os.MkdirAll(*renditionsDump, 0o755),
						os.WriteFile(base+".txt", []byte(o.Doc.Text), 0o644),
						os.WriteFile(base+".json", rows, 0o644)); err != nil {
						t.Error(err)
					}
				}
				record := func(f1 float64) {
					s := score{e.Name, r.file, f1}
					allScores = append(allScores, s)
					if seed {
						seedScores = append(seedScores, s)
					}
				}
				if o.Status != subproc.StatusOK && o.Status != subproc.StatusNoList {
					record(0)
					t.Fatalf("status %s at stage %q: %s (%s); want ok with %d rows",
						o.Status, o.Stage, o.Reason(), o.Hint(), len(g.Subprocessors))
				}
				docs := []gold.Doc{{Name: e.Name, Gold: g}}
				preds := map[string]*subproc.Extraction{e.Name: o.Extraction()}
				d := gold.Score(docs, preds).PerDoc[0]
				t.Logf("status %s, cell F1 %.3f (P %.3f R %.3f), rows %d/%d, pred %d, language %s (gold %s), %v",
					o.Status, d.CellF1, d.CellP, d.CellR, d.MatchedRows, d.GoldRows, d.PredRows,
					str(d.PredLanguage), str(d.GoldLanguage), took.Round(time.Millisecond))
				record(d.CellF1)
				if d.CellF1 < floor {
					t.Errorf("cell F1 %.3f < %.2f (rows %d/%d, pred %d)\n%s",
						d.CellF1, floor, d.MatchedRows, d.GoldRows, d.PredRows, diff(docs, preds, e.Name))
				}
				if r.format == subproc.FormatPDF {
					checkPages(t, o.Records, facts[r.file].Names, facts[r.file].Pages)
				}
			})
		}
	}
	if len(allScores) == 0 {
		t.Logf("no rendition was scored: HTML and PDF decoding are not available yet")
		return
	}
	sort.Slice(allScores, func(i, j int) bool { return allScores[i].f1 < allScores[j].f1 })
	var b strings.Builder
	for _, s := range allScores {
		fmt.Fprintf(&b, "\n  %.3f  %s/%s", s.f1, s.folder, s.file)
	}
	t.Logf("renditions scored, worst first:%s", b.String())
	if len(seedScores) > 0 {
		sum := 0.0
		for _, s := range seedScores {
			sum += s.f1
		}
		avg := sum / float64(len(seedScores))
		t.Logf("seed renditions: %d scored, average cell F1 %.3f", len(seedScores), avg)
		if avg < seedRenditionAvg {
			t.Errorf("seed renditions: average cell F1 %.3f < %.2f", avg, seedRenditionAvg)
		}
	}
}

// checkPages checks the page provenance of a PDF rendition's rows against
// pages.json: a row that names a page must be on a page where its name is
// printed. Rows without a page are only reported.
func checkPages(t *testing.T, recs []subproc.Record, names map[string][]int, pages int) {
	t.Helper()
	var missing []string
	for _, r := range recs {
		if r.Prov.Page == 0 {
			missing = append(missing, r.Name)
			continue
		}
		if r.Prov.Page > pages {
			t.Errorf("row %q: page %d, but the PDF has %d pages", r.Name, r.Prov.Page, pages)
			continue
		}
		want, ok := names[r.Name]
		if !ok || len(want) == 0 {
			continue // not a gold name, or not found by pdftotext
		}
		found := false
		for _, p := range want {
			found = found || p == r.Prov.Page
		}
		if !found {
			t.Errorf("row %q: page %d, but its name is printed on page(s) %v", r.Name, r.Prov.Page, want)
		}
	}
	if len(missing) > 0 {
		t.Logf("%d of %d rows have no page provenance: %s", len(missing), len(recs), strings.Join(missing, "; "))
	}
}

// hostileExpect is hostile/expect.json, written by hostile/make.py.
type hostileExpect map[string]struct {
	Status string `json:"status"`
	Reason string `json:"reason"`     // a regexp the reason (with its hint) must match; "" for any
	Not    string `json:"reason_not"` // a regexp the reason must not match (a damaged file is no "scan"); "" for none
	How    string `json:"how"`
	Note   string `json:"note"`
	Size   int    `json:"size"`
}

func loadHostile(t *testing.T) hostileExpect {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(hostileDir, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp hostileExpect
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatalf("expect.json: %v", err)
	}
	return exp
}

// failureStatus reports whether s says a document was not read: failed, or a
// dedicated status such as an "encrypted" one; not ok, no_list, unchanged or
// unsupported.
func failureStatus(s subproc.Status) bool {
	switch s {
	case subproc.StatusOK, subproc.StatusNoList, subproc.StatusUnchanged, subproc.StatusUnsupported, "":
		return false
	}
	return true
}

// TestHostilePDFs is issue 3's acceptance 3 for the hostile PDFs: each ends as a
// failed document with a clear reason, in bounded time, and the run goes on.
// The per-file deadline (hostileDeadline, shortened to fit go test -timeout)
// turns a hang into a test failure instead of a stuck test binary.
func TestHostilePDFs(t *testing.T) {
	exp := loadHostile(t)
	names := make([]string, 0, len(exp))
	for n := range exp {
		names = append(names, n)
	}
	sort.Strings(names)
	if !corpus.Decodable(subproc.FormatPDF) {
		t.Skipf("PDF decoding is not available yet (corpus.Decodable(%q) is false): %d hostile PDFs not run",
			subproc.FormatPDF, len(names))
	}
	hwm0 := peakRSS()
	for _, name := range names {
		e := exp[name]
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(hostileDir, name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			limit := capDeadline(t, hostileDeadline)
			doc := &subproc.Document{Path: path, Raw: data, Size: int64(len(data)), Format: subproc.FormatPDF}
			o, took, finished := processBounded(t, doc, limit)
			if !finished {
				t.Fatalf("still running %v after a %v deadline: a hang (%s)", took.Round(time.Second), limit, e.How)
			}
			if errors.Is(o.Err, context.DeadlineExceeded) || errors.Is(o.Err, context.Canceled) {
				t.Fatalf("stopped by the test's %v deadline after %v: the PDF reader must give up on its own "+
					"(its worker timeout) with a clear reason (%s)", limit, took.Round(time.Millisecond), e.How)
			}
			reason := o.Reason()
			t.Logf("status %s, stage %q, %v: %s | hint: %s", o.Status, o.Stage, took.Round(time.Millisecond), reason, o.Hint())
			if !failureStatus(o.Status) {
				t.Errorf("status %q with %d rows, want %s (%s)", o.Status, len(o.Records), e.Status, e.How)
				return
			}
			if strings.TrimSpace(reason) == "" {
				t.Errorf("status %s without a reason", o.Status)
			}
			if e.Reason != "" && !mustCompile(t, e.Reason).MatchString(reason+" "+o.Hint()) {
				t.Errorf("reason %q (hint %q) does not say what is wrong: want it to match %s", reason, o.Hint(), e.Reason)
			}
			if e.Not != "" && mustCompile(t, e.Not).MatchString(reason) {
				t.Errorf("reason %q is misleading for this file (%s): it must not match %s", reason, e.How, e.Not)
			}
		})
	}
	// The run goes on: a good PDF right after the hostile ones still reads.
	t.Run("good-after-hostile", func(t *testing.T) {
		path := filepath.Join(renditionsDir, "seed-003", "libreoffice.pdf")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := &subproc.Document{Path: path, Raw: data, Size: int64(len(data)), Format: subproc.FormatPDF}
		o, took, finished := processBounded(t, doc, renditionDeadline)
		if !finished {
			t.Fatalf("did not finish within %v", took)
		}
		if o.Status != subproc.StatusOK {
			t.Errorf("status %s (%s) after the hostile files, want ok", o.Status, o.Reason())
		}
	})
	if hwm0 > 0 {
		grew := peakRSS() - hwm0
		t.Logf("peak RSS of the test process grew by %d MiB over the hostile files", grew>>20)
		if grew > 1<<30 {
			t.Errorf("peak RSS of the test process grew by %d MiB: a bomb was inflated in-process", grew>>20)
		}
	}
}

func mustCompile(t *testing.T, expr string) *regexp.Regexp {
	t.Helper()
	re, err := regexp.Compile(expr)
	if err != nil {
		t.Fatalf("expect.json: %v", err)
	}
	return re
}

// peakRSS is the process's peak resident set size (Linux VmHWM), 0 when unknown.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// TestRenditionFixtures checks the fixtures themselves, so a stale or broken
// fixture is told apart from a reader bug: every folder is complete, its source
// and gold are those of the original document, the PDFs are what their
// producers wrote, the page charsets decode, the hostile files are listed, and
// the whole folder stays small.
func TestRenditionFixtures(t *testing.T) {
	for _, e := range renditionFolders(t) {
		dir := filepath.Join(renditionsDir, e.Name)
		srcs, _ := filepath.Glob(filepath.Join(dir, "source.*"))
		if len(srcs) != 1 {
			t.Errorf("%s: want one source.* file, found %d", e.Name, len(srcs))
			continue
		}
		src, _ := os.ReadFile(srcs[0])
		gj, _ := os.ReadFile(e.Path)
		origSrc, origGold := originalOf(t, e.Name, srcs[0])
		if origSrc != nil && !bytes.Equal(src, origSrc) {
			t.Errorf("%s: %s differs from the original document: rerun testdata/renditions/make.sh", e.Name, filepath.Base(srcs[0]))
		}
		if origGold != nil && !sameJSON(gj, origGold) {
			t.Errorf("%s: gold.json differs from the original document's gold: rerun testdata/renditions/make.sh", e.Name)
		}
		if g, err := gold.Load(e.Path); err != nil || len(g.Subprocessors) == 0 {
			t.Errorf("%s: gold.json: %v (rows %v)", e.Name, err, g)
		}
		page, err := os.ReadFile(filepath.Join(dir, "page.html"))
		if err != nil {
			t.Error(err)
			continue
		}
		enc, name, _ := charset.DetermineEncoding(page, "text/html")
		if m := metaCharset.FindSubmatch(page[:min(len(page), 1024)]); m == nil {
			t.Errorf("%s/page.html: no <meta charset> in its first 1024 bytes", e.Name)
		} else if got := strings.ToLower(string(m[1])); got != name && !(got == "utf-8" && name == "utf-8") {
			t.Errorf("%s/page.html: <meta charset=%s>, but it sniffs as %s", e.Name, got, name)
		}
		if text, err := enc.NewDecoder().Bytes(page); err != nil || bytes.ContainsRune(text, '\uFFFD') {
			t.Errorf("%s/page.html: does not decode as %s: %v", e.Name, name, err)
		}
		for _, p := range []struct{ file, producer string }{
			{"chromium.pdf", "(Skia/PDF"},
			{"libreoffice.pdf", "/Producer<FEFF004C0069006200720065004F00660066006900630065"}, // "LibreOffice" in UTF-16BE
		} {
			b, err := os.ReadFile(filepath.Join(dir, p.file))
			switch {
			case err != nil:
				t.Error(err)
			case !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.Contains(b[max(0, len(b)-64):], []byte("%%EOF")):
				t.Errorf("%s/%s: not a complete PDF", e.Name, p.file)
			case !bytes.Contains(b, []byte(p.producer)):
				t.Errorf("%s/%s: producer is not %s", e.Name, p.file, p.producer)
			}
		}
	}
	// The Windows-1252 page reads as such and keeps its Nordic letters.
	page, err := os.ReadFile(filepath.Join(renditionsDir, "seed-003", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	if enc, name, _ := charset.DetermineEncoding(page, "text/html"); name != "windows-1252" {
		t.Errorf("seed-003/page.html: charset %s, want windows-1252", name)
	} else if bytes.Contains(page, []byte("å")) {
		t.Errorf("seed-003/page.html: holds UTF-8, not windows-1252 bytes")
	} else if text, _ := enc.NewDecoder().Bytes(page); !bytes.Contains(text, []byte("årshjul")) || !bytes.Contains(text, []byte("verktøy")) {
		t.Errorf("seed-003/page.html: å and ø do not decode from windows-1252")
	}

	exp := loadHostile(t)
	files, _ := filepath.Glob(filepath.Join(hostileDir, "*.pdf"))
	if len(files) != len(exp) {
		t.Errorf("hostile: %d PDFs, expect.json lists %d", len(files), len(exp))
	}
	for _, f := range files {
		e, ok := exp[filepath.Base(f)]
		fi, err := os.Stat(f)
		switch {
		case !ok:
			t.Errorf("hostile/%s: not in expect.json", filepath.Base(f))
		case err != nil || fi.Size() != int64(e.Size):
			t.Errorf("hostile/%s: size %v, expect.json says %d: rerun hostile/make.py", filepath.Base(f), fi.Size(), e.Size)
		}
	}

	var total int64
	filepath.Walk(renditionsDir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	t.Logf("testdata/renditions: %d bytes", total)
	if total > maxFixtureBytes {
		t.Errorf("testdata/renditions holds %d bytes, more than %d", total, maxFixtureBytes)
	}
}

// originalOf returns the source and gold a rendition folder was made from:
// testdata/seeds + testdata/gold/seeds for seed-NNN, the doc.* and want.json of
// testdata/golden/NAME.txtar for golden-NAME; nil when there is none.
func originalOf(t *testing.T, folder, source string) (src, goldJSON []byte) {
	t.Helper()
	switch {
	case strings.HasPrefix(folder, "seed-"):
		m, _ := filepath.Glob(filepath.Join("testdata/seeds", strings.TrimPrefix(folder, "seed-")+"_*.txt"))
		if len(m) != 1 {
			t.Errorf("%s: no single seed testdata/seeds/%s_*.txt", folder, strings.TrimPrefix(folder, "seed-"))
			return nil, nil
		}
		src, _ = os.ReadFile(m[0])
		goldJSON, _ = os.ReadFile(filepath.Join("testdata/gold/seeds", filepath.Base(m[0])+".json"))
		return src, goldJSON
	case strings.HasPrefix(folder, "golden-"):
		ar, err := txtar.ParseFile(filepath.Join("testdata/golden", strings.TrimPrefix(folder, "golden-")+".txtar"))
		if err != nil {
			t.Errorf("%s: %v", folder, err)
			return nil, nil
		}
		for _, f := range ar.Files {
			switch {
			case f.Name == "want.json":
				goldJSON = f.Data
			case f.Name == "doc"+strings.TrimPrefix(filepath.Base(source), "source"):
				src = f.Data
			}
		}
		return src, goldJSON
	}
	return nil, nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta\s+charset="?([\w-]+)`)

func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
