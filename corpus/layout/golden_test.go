package layout

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.txtar from the test documents and what Render gives now (review the diff!)")

// goldenCases are the documents of the golden files, one per edge case of the
// package policy.
var goldenCases = map[string]func() []*builder{
	"prose-hyphenation":        proseHyphen,
	"two-columns":              twoColumns,
	"table-borderless":         func() []*builder { return tablePage(noRules, false) },
	"table-strokes":            func() []*builder { return tablePage(strokes, false) },
	"table-rects":              func() []*builder { return tablePage(rects, false) },
	"table-centred-strokes":    func() []*builder { return tablePage(strokes, true) },
	"table-centred-borderless": func() []*builder { return tablePage(noRules, true) },
	"table-cut-borderless":     func() []*builder { return cutTable(noRules) },
	"table-cut-rects":          func() []*builder { return cutTable(rects) },
	"running-headers":          runningHeaders,
	"table-merged-cells":       mergedCells,
	"table-headerless":         headerless,
	"list-drawn-bullets":       drawnBullets,
	"definition-list":          definitionList,
	"key-value-lines":          keyValueLines,
	"running-headers-body":     bodyAtPageTops,
	"list-dash-continuation":   dashContinuation,
}

// Each golden file holds pages.json (the positioned pages), want.txt (the
// text form, form feeds shown as "<FF>") and boxes.txt (the box of each line).
func TestGolden(t *testing.T) {
	if *update {
		for name, mk := range goldenCases {
			var pages []Page
			for _, b := range mk() {
				pages = append(pages, b.p)
			}
			writeGolden(t, name, pages)
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files (run with -update): %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			pages, want, wantBoxes := readGolden(t, file)
			res := Render(pages, Options{})
			checkBoxes(t, res)
			if got := showText(res.Text); got != want {
				t.Errorf("text:\n%s\nwant:\n%s", got, want)
			}
			if got := showBoxes(res.Boxes); got != wantBoxes {
				t.Errorf("boxes:\n%s\nwant:\n%s", got, wantBoxes)
			}
		})
	}
}

func showText(s string) string { return strings.ReplaceAll(s, "\f", "<FF>") + "\n" }

func showBoxes(bs []Box) string {
	var b strings.Builder
	for _, x := range bs {
		if x == (Box{}) {
			b.WriteString("-\n")
			continue
		}
		fmt.Fprintf(&b, "%d %.1f %.1f %.1f %.1f\n", x.Page, x.X0, x.Y0, x.X1, x.Y1)
	}
	return b.String()
}

// marshalPages writes pages as JSON with one run or rule per line.
func marshalPages(pages []Page) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, p := range pages {
		fmt.Fprintf(&b, "{\"Number\":%d,\"Width\":%g,\"Height\":%g,\"Runs\":[\n", p.Number, p.Width, p.Height)
		for k, r := range p.Runs {
			j, _ := json.Marshal(r)
			b.Write(j)
			if k < len(p.Runs)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("],\"Rules\":[\n")
		for k, s := range p.Rules {
			j, _ := json.Marshal(s)
			b.Write(j)
			if k < len(p.Rules)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("]")
		if len(p.Shapes) > 0 {
			b.WriteString(",\"Shapes\":[\n")
			for k, s := range p.Shapes {
				j, _ := json.Marshal(s)
				b.Write(j)
				if k < len(p.Shapes)-1 {
					b.WriteByte(',')
				}
				b.WriteByte('\n')
			}
			b.WriteString("]")
		}
		b.WriteString("}")
		if i < len(pages)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes()
}

func writeGolden(tb testing.TB, name string, pages []Page) {
	tb.Helper()
	res := Render(pages, Options{})
	a := &txtar.Archive{
		Comment: []byte("Render golden case " + name + ": pages.json in, want.txt (form feeds as <FF>) and boxes.txt out.\nRegenerate with: go test ./corpus/layout -run Golden -update\n"),
		Files: []txtar.File{
			{Name: "pages.json", Data: marshalPages(pages)},
			{Name: "want.txt", Data: []byte(showText(res.Text))},
			{Name: "boxes.txt", Data: []byte(showBoxes(res.Boxes))},
		},
	}
	if err := os.MkdirAll(filepath.Join("testdata", "golden"), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "golden", name+".txtar"), txtar.Format(a), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func readGolden(tb testing.TB, file string) (pages []Page, want, boxes string) {
	tb.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range a.Files {
		files[f.Name] = f.Data
	}
	if err := json.Unmarshal(files["pages.json"], &pages); err != nil {
		tb.Fatalf("%s: pages.json: %v", file, err)
	}
	return pages, string(files["want.txt"]), string(files["boxes.txt"])
}

// goldenPages returns the pages of every golden file, sorted by name, for
// the fuzz seeds.
func goldenPages(tb testing.TB) [][]Page {
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.txtar"))
	sort.Strings(files)
	var out [][]Page
	for _, f := range files {
		p, _, _ := readGolden(tb, f)
		out = append(out, p)
	}
	return out
}
