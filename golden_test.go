package subproc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus/gold"
	"github.com/subproc/subproc/extract/lang"
	"github.com/subproc/subproc/pipeline"
	"github.com/subproc/subproc/rules"
)

var update = flag.Bool("update", false, "rewrite the want.json of every golden file with what the extractor finds now (review the diff!)")

var (
	detOnce sync.Once
	det     *lang.Detector
	detErr  error
)

// chain returns the real read-less chain with the shared language detector.
func chain(tb testing.TB) *pipeline.Chain {
	tb.Helper()
	detOnce.Do(func() { det, detErr = lang.New(rules.Languages()) })
	if detErr != nil {
		tb.Fatalf("build language detector: %v", detErr)
	}
	return &pipeline.Chain{Detector: det}
}

// extractBytes runs decode -> detect -> extract -> normalise on one in-memory document.
func extractBytes(tb testing.TB, name string, data []byte) *subproc.Extraction {
	tb.Helper()
	format := subproc.FormatText
	switch filepath.Ext(name) {
	case ".md":
		format = subproc.FormatMarkdown
	case ".rst":
		format = subproc.FormatRST
	}
	doc := &subproc.Document{Path: name, Raw: data, Size: int64(len(data)), Format: format}
	o := chain(tb).Process(context.Background(), doc)
	if o.Failed() {
		tb.Fatalf("%s: %s failed: %v", name, o.Stage, o.Err)
	}
	return o.Extraction()
}

// TestSeeds is acceptance point 1 of the text pipeline: every seed document
// extracts with cell F1 >= 0.95 and the right language.
func TestSeeds(t *testing.T) {
	entries, err := gold.Dir("testdata/gold/seeds")
	if err != nil {
		t.Fatal(err)
	}
	var docs []gold.Doc
	preds := map[string]*subproc.Extraction{}
	for _, e := range entries {
		g, err := gold.Load(e.Path)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join("testdata/seeds", g.Document))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, gold.Doc{Name: e.Name, Gold: g})
		preds[e.Name] = extractBytes(t, g.Document, data)
	}
	res := gold.Score(docs, preds)
	for _, d := range res.PerDoc {
		if d.CellF1 < 0.95 {
			t.Errorf("%s: cell F1 %.3f < 0.95 (rows %d/%d, pred %d)\n%s", d.Name, d.CellF1, d.MatchedRows, d.GoldRows, d.PredRows, diff(docs, preds, d.Name))
		}
		if d.PredLanguage == nil || d.GoldLanguage == nil || *d.PredLanguage != *d.GoldLanguage {
			t.Errorf("%s: language %v, want %v", d.Name, str(d.PredLanguage), str(d.GoldLanguage))
		}
	}
	t.Logf("seeds: cell F1 %.3f, rows F1 %.3f, language %.2f", res.CellF1, res.RowF1, res.LanguageAcc)
}

// The golden bars (issue 4, acceptance 1): cell F1 over all documents and
// over each language's documents, and a floor every document must reach.
const (
	goldenOverall  = 0.9
	goldenLanguage = 0.8
	goldenFloor    = 0.5
)

// TestGolden runs every testdata/golden/*.txtar document (one layout, one
// language each, written for the project) through the pipeline and scores it
// against its want.json.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files in testdata/golden")
	}
	var docs []gold.Doc
	preds := map[string]*subproc.Extraction{}
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var input *txtar.File
		wantIdx := -1
		for i := range ar.Files {
			switch name := ar.Files[i].Name; {
			case name == "want.json":
				wantIdx = i
			case strings.HasPrefix(name, "doc."):
				input = &ar.Files[i]
			}
		}
		if input == nil || wantIdx < 0 {
			t.Fatalf("%s: needs a doc.* and a want.json section", f)
		}
		var want subproc.Extraction
		if err := json.Unmarshal(ar.Files[wantIdx].Data, &want); err != nil {
			t.Fatalf("%s: want.json: %v", f, err)
		}
		got := extractBytes(t, input.Name, input.Data)
		name := filepath.Base(f)
		if *update {
			got.Notes = want.Notes
			b, _ := json.MarshalIndent(got, "", "  ")
			ar.Files[wantIdx].Data = append(b, '\n')
			if err := os.WriteFile(f, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		docs = append(docs, gold.Doc{Name: name, Gold: &want})
		preds[name] = got
	}
	if *update {
		return
	}
	res := gold.Score(docs, preds)
	byLang := map[string][]gold.Doc{}
	for _, d := range res.PerDoc {
		if d.GoldLanguage != nil && (d.PredLanguage == nil || *d.PredLanguage != *d.GoldLanguage) {
			t.Errorf("%s: language %v, want %v", d.Name, str(d.PredLanguage), *d.GoldLanguage)
		}
		if d.GoldRows == 0 {
			if d.PredRows != 0 {
				t.Errorf("%s: a document without a list gave %d rows\n%s", d.Name, d.PredRows, diff(docs, preds, d.Name))
			}
			continue
		}
		if d.CellF1 < goldenFloor {
			t.Errorf("%s: cell F1 %.3f < %.2f (rows %d/%d, pred %d)\n%s", d.Name, d.CellF1, goldenFloor, d.MatchedRows, d.GoldRows, d.PredRows, diff(docs, preds, d.Name))
		} else if testing.Verbose() && d.CellF1 < 1 {
			t.Logf("%s: cell F1 %.3f (rows %d/%d, pred %d)", d.Name, d.CellF1, d.MatchedRows, d.GoldRows, d.PredRows)
		}
	}
	for _, d := range docs {
		l := strings.SplitN(d.Name, "-", 2)[0]
		byLang[l] = append(byLang[l], d)
	}
	var langs []string
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		r := gold.Score(byLang[l], preds)
		t.Logf("%s: %2d documents, cell F1 %.3f, rows F1 %.3f", l, r.Docs, r.CellF1, r.RowF1)
		if r.CellF1 < goldenLanguage {
			t.Errorf("%s: cell F1 %.3f < %.2f", l, r.CellF1, goldenLanguage)
		}
	}
	t.Logf("golden: %d documents, cell F1 %.3f, rows F1 %.3f, language %.2f", res.Docs, res.CellF1, res.RowF1, res.LanguageAcc)
	if res.CellF1 < goldenOverall {
		t.Errorf("golden: cell F1 %.3f < %.2f", res.CellF1, goldenOverall)
	}
}

func str(p *string) string {
	if p == nil {
		return "None"
	}
	return *p
}

// diff shows gold and predicted rows side by side for a failing document.
func diff(docs []gold.Doc, preds map[string]*subproc.Extraction, name string) string {
	var b bytes.Buffer
	for _, d := range docs {
		if d.Name != name {
			continue
		}
		p := preds[name]
		fmt.Fprintf(&b, "  gold rows:\n")
		for _, r := range d.Gold.Subprocessors {
			j, _ := json.Marshal(r)
			fmt.Fprintf(&b, "    %s\n", j)
		}
		fmt.Fprintf(&b, "  predicted rows (language %q):\n", p.Language)
		for _, r := range p.Subprocessors {
			j, _ := json.Marshal(r)
			fmt.Fprintf(&b, "    %s\n", j)
		}
	}
	return b.String()
}
