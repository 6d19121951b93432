package layout_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subproc/subproc/corpus/layout"
	"github.com/subproc/subproc/corpus/pdf"
)

// TestSamples reads the LibreOffice and Chromium renditions of seeds 001 and
// 003 (../shared/pdf-samples) with corpus/pdf and checks that their
// sub-processor tables come out as tab rows: one row per sub-processor,
// wrapped cells joined, cut rows as continuation lines, each row's box on the
// page its form feeds say.
func TestSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "pdf-samples")
	for _, c := range []struct {
		file, header string
		cols, want   int
	}{
		{"libreoffice_seed003_table.pdf", "Databehandlere", 6, 14},
		{"chromium_seed003_table.pdf", "Databehandlere", 6, 14},
		{"libreoffice_seed001_dpa.pdf", "NAVN", 4, 3},
		{"chromium_seed001_dpa.pdf", "NAVN", 4, 3},
	} {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, c.file))
			if os.IsNotExist(err) {
				t.Skipf("no sample: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			pages, err := pdf.Read(data, pdf.Options{})
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			res := layout.Render(pages, layout.Options{})
			lines := strings.Split(res.Text, "\n")
			if len(res.Boxes) != len(lines) {
				t.Fatalf("%d boxes for %d lines", len(res.Boxes), len(lines))
			}
			page := 1
			var names []string
			in := false
			for i, l := range lines {
				page += strings.Count(l, "\f")
				if b := res.Boxes[i]; b != (layout.Box{}) && b.Page != page {
					t.Errorf("line %d is on page %d by its form feeds, its box says %d", i+1, page, b.Page)
				}
				cells := strings.Split(strings.TrimPrefix(l, "\f"), "\t")
				switch {
				case cells[0] == c.header:
					in = true
				case !in:
				case len(cells) == 1:
					in = false // the table ends at the first line that is not a row
				case len(cells) != c.cols:
					t.Errorf("row %d has %d cells, want %d: %.80q", i+1, len(cells), c.cols, l)
				case cells[0] != "":
					names = append(names, cells[0])
				}
			}
			if len(names) != c.want {
				t.Errorf("got %d sub-processor rows, want %d: %q", len(names), c.want, names)
			}
		})
	}
}
