package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

// BenchmarkExtract extracts every seed document; b.SetBytes makes -bench report MB/s.
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	if len(files) == 0 {
		b.Skip("no seeds in ../testdata/seeds")
	}
	langs := map[string]string{"000": "nb", "001": "da", "002": "sv", "003": "nb", "004": "sv"}
	var docs []*subproc.Document
	var size int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		size += int64(len(data))
		docs = append(docs, &subproc.Document{Path: f, Text: string(data), Language: langs[filepath.Base(f)[:3]]})
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := Extract(context.Background(), d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractLong extracts a 40-page DPA (seed 001 repeated ten times):
// the time must grow linearly with the length.
func BenchmarkExtractLong(b *testing.B) {
	data, err := os.ReadFile("../testdata/seeds/001_c5a236ff6bdad0fb.txt")
	if err != nil {
		b.Skip("no seed 001")
	}
	text := strings.Repeat(string(data)+"\n\f", 10)
	d := &subproc.Document{Text: text, Language: "da"}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Extract(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
}
