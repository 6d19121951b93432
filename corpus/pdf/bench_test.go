package pdf

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/subproc/subproc/corpus/layout"
)

// The benchmarks of issue 3 (acceptance 4) and issue 6: PDF decoding of a
// 54-page document, made by scripts/bench-pdf.sh from the Chromium and
// LibreOffice renditions of the seed documents. BENCHMARKS.md compares them
// with poppler's pdftotext -layout on the same file.
//
//	go test -run '^$' -bench 'ReadLong|ReadRender|RenderLong|PoolWarm' -benchtime 20x ./corpus/pdf/

// benchDoc is the benchmark document, relative to this package.
var benchDoc = filepath.Join("..", "..", "testdata", "bench", "renditions-54p.pdf")

func benchData(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile(benchDoc)
	if err != nil {
		b.Fatalf("read the benchmark document (scripts/bench-pdf.sh makes it): %v", err)
	}
	return data
}

// reportPages reports pages per second of wall time over the whole loop.
func reportPages(b *testing.B, pages int) {
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkReadLong is Read in this process, warm: what a worker does per
// document, without the process around it.
func BenchmarkReadLong(b *testing.B) {
	data := benchData(b)
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		p, err := Read(data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages += len(p)
	}
	reportPages(b, pages)
}

// BenchmarkReadRender is Read and then layout.Render, the decode step of a
// PDF in the pipeline (corpus.Decoder), in this process: the figure to set
// beside pdftotext -layout, which also rebuilds the layout.
func BenchmarkReadRender(b *testing.B) {
	data := benchData(b)
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		p, err := Read(data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		res := layout.Render(p, layout.Options{})
		if res.Text == "" {
			b.Fatal("no text")
		}
		pages += len(p)
	}
	reportPages(b, pages)
}

// BenchmarkRenderLong is layout.Render alone, on pages read once.
func BenchmarkRenderLong(b *testing.B) {
	p, err := Read(benchData(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	pages := 0
	for b.Loop() {
		layout.Render(p, layout.Options{})
		pages += len(p)
	}
	reportPages(b, pages)
}

// BenchmarkPoolWarm is Pool.Pages with one worker (this test binary, see
// TestMain) started before the timer: Read in the worker plus sending the
// PDF and receiving its pages over the pipes.
func BenchmarkPoolWarm(b *testing.B) {
	data := benchData(b)
	p := NewPool(PoolOptions{Workers: 1, NoFallback: true, Command: []string{os.Args[0], WorkerArg}})
	defer p.Close()
	ctx := context.Background()
	if _, err := p.Pages(ctx, data); err != nil { // start the worker
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		pg, err := p.Pages(ctx, data)
		if err != nil {
			b.Fatal(err)
		}
		pages += len(pg)
	}
	reportPages(b, pages)
}
