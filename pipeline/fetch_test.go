package pipeline

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/subproc/subproc"
)

// webReader reads "http://" paths like a corpus.Reader: from a fake web of
// path -> content, with fetch evidence. A path absent from the web fails
// with its evidence; a path listed in notModified answers 304 with the hash
// the reader was told. It reads through ReadContext only.
type webReader struct {
	web         files
	notModified map[string]string // path -> SHA-256 of the stored version
	hints       map[string]string // path -> language hint
}

func (w webReader) Read(path string) (*subproc.Document, error) {
	panic("Read called: the chain must call ReadContext")
}

func (w webReader) ReadContext(ctx context.Context, path string) (*subproc.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if sha, ok := w.notModified[path]; ok {
		return &subproc.Document{Path: path, SHA256: sha, Fetch: &subproc.Fetch{URL: path, Status: 304, Conditional: true}}, nil
	}
	doc, err := w.web.Read(path)
	if err != nil {
		return &subproc.Document{Path: "wrong", Fetch: &subproc.Fetch{URL: path, Status: 404, Err: "HTTP 404 Not Found"}},
			errors.New("HTTP 404 Not Found")
	}
	doc.Fetch = &subproc.Fetch{URL: path, Status: 200, SHA256: doc.SHA256}
	doc.Language = w.hints[path]
	return doc, nil
}

// fetchMemStore is a memStore that keeps the evidence of unchanged documents.
type fetchMemStore struct {
	memStore
	fmu      sync.Mutex
	recorded []*subproc.Fetch
}

func (m *fetchMemStore) RecordFetch(ctx context.Context, path string, f *subproc.Fetch) (int, error) {
	m.fmu.Lock()
	defer m.fmu.Unlock()
	m.recorded = append(m.recorded, f)
	return 1, nil
}

func TestRunnerFetchEvidence(t *testing.T) {
	web := files{
		"http://a.example/dpa":  "row: alpha\nrow: beta\n",
		"http://b.example/list": "row: gamma\n",
	}
	r := webReader{web: web, hints: map[string]string{"http://b.example/list": "sv"}}
	st := &fetchMemStore{}
	runner := &Runner{Chain: &Chain{Reader: r, Decoder: decoder{}, Detector: detector{}, Extractor: extractor{},
		Normaliser: normaliser{}}, Store: st, Options: Options{Workers: 2}}
	ctx := context.Background()
	input := listing("http://a.example/dpa", "http://b.example/list", "http://gone.example/x")

	stats, err := runner.Run(ctx, input)
	if err != nil {
		t.Fatal(err)
	}
	if stats.OK != 2 || stats.Failed != 1 {
		t.Errorf("stats %+v, want 2 ok and 1 failed", stats)
	}
	st.mu.Lock()
	saved := st.saved
	st.mu.Unlock()
	if len(saved) != 3 {
		t.Fatalf("%d entries saved, want 3", len(saved))
	}
	for _, e := range saved {
		if e.Doc.Fetch == nil || e.Doc.Fetch.URL != e.Doc.Path {
			t.Errorf("%s: saved without its fetch evidence: %+v", e.Doc.Path, e.Doc.Fetch)
		}
	}
	if e := saved[2]; e.Status != subproc.StatusFailed || e.Stage != string(StageRead) || e.Err != "HTTP 404 Not Found" ||
		e.Doc.Path != "http://gone.example/x" || e.Doc.Fetch.Status != 404 {
		t.Errorf("failed fetch saved as %s %s %q path %s evidence %+v", e.Status, e.Stage, e.Err, e.Doc.Path, e.Doc.Fetch)
	}
	if got := saved[1].Doc.Language; got != "sv" {
		t.Errorf("language hint: stored %q, want sv (no detection over a hint)", got)
	}
	if got := saved[0].Doc.Language; got != "da" {
		t.Errorf("no hint: stored %q, want the detector's da", got)
	}

	// Second run: a 304 for a (unchanged, its evidence recorded), the same
	// bytes for b (unchanged, evidence recorded too).
	r.notModified = map[string]string{"http://a.example/dpa": saved[0].Doc.SHA256}
	runner.Chain.Reader = r
	stats, err = runner.Run(ctx, input[:2])
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged != 2 || st.saves != 3 {
		t.Errorf("second run: %+v, %d saves; want 2 unchanged and nothing saved", stats, st.saves)
	}
	if len(st.recorded) != 2 || st.recorded[0].Status != 304 || st.recorded[1].Status != 200 {
		t.Errorf("recorded %+v, want the 304 and the 200", st.recorded)
	}
}

func TestChainReadContext(t *testing.T) {
	c := chain(files{}, extractor{})
	c.Reader = webReader{web: files{"http://a.example/": "row: x"}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if o := c.Run(ctx, "http://a.example/"); o.Stage != StageRead || !errors.Is(o.Err, context.Canceled) {
		t.Errorf("cancelled read: %s %v, want a read failure with context.Canceled", o.Stage, o.Err)
	}
	o := c.Run(context.Background(), "http://a.example/missing")
	if o.Doc.Path != "http://a.example/missing" || o.Doc.Fetch == nil || o.Doc.Fetch.Status != 404 {
		t.Errorf("failed read: document %+v, want the reader's, with the path asked for", o.Doc)
	}
}
