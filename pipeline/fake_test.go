package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/extract"
	"github.com/subproc/subproc/rules"
	"github.com/subproc/subproc/store"
)

// The fake stages work on an in-memory corpus: a document's text holds one
// "row: NAME" line per sub-processor, and words that make a stage fail:
// "BINARY" (decode), "BOOM" (extract error), "PANIC" (extract panics).

// files is a fake corpus: path -> content. A missing path fails to read.
type files map[string]string

func (fs files) Read(path string) (*subproc.Document, error) {
	s, ok := fs[path]
	if !ok {
		return nil, fmt.Errorf("open %s: no such file", path)
	}
	sum := sha256.Sum256([]byte(s))
	return &subproc.Document{Path: path, Raw: []byte(s), Size: int64(len(s)),
		Format: subproc.FormatText, SHA256: hex.EncodeToString(sum[:])}, nil
}

// listing lists paths as the corpus would.
func listing(paths ...string) []File {
	var out []File
	for _, p := range paths {
		out = append(out, File{Path: p, Format: subproc.FormatText})
	}
	return out
}

type decoder struct{}

func (decoder) Decode(doc *subproc.Document) error {
	if strings.Contains(string(doc.Raw), "BINARY") {
		return errors.New("binary content, not text")
	}
	doc.Text, doc.Encoding = string(doc.Raw), "utf-8"
	return nil
}

type detector struct{}

func (detector) Detect(text string) (string, float64) { return "da", 0.9 }

// extractor finds "row: NAME" lines. It sleeps a time derived from the
// document's path so that workers finish out of input order, and calls hook,
// if set, before it returns.
type extractor struct {
	hook func(ctx context.Context, doc *subproc.Document)
}

func (x extractor) Extract(ctx context.Context, doc *subproc.Document) (*extract.Result, error) {
	h := fnv.New32a()
	h.Write([]byte(doc.Path))
	time.Sleep(time.Duration(h.Sum32()%5) * time.Millisecond)
	if x.hook != nil {
		x.hook(ctx, doc)
	}
	switch {
	case strings.Contains(doc.Text, "BOOM"):
		return nil, errors.New("table cut off")
	case strings.Contains(doc.Text, "PANIC"):
		var rows []int
		_ = rows[3]
	}
	res := &extract.Result{Publisher: "Publisher of " + doc.Path}
	for i, l := range strings.Split(doc.Text, "\n") {
		if name, ok := strings.CutPrefix(l, "row: "); ok {
			res.Records = append(res.Records, subproc.RawRecord{Name: name,
				Prov: subproc.Provenance{LineStart: i + 1, LineEnd: i + 1, Layout: "fake"}})
		}
	}
	return res, nil
}

type normaliser struct{}

func (normaliser) Normalise(raw subproc.RawRecord, rs *rules.Set) subproc.Record {
	return subproc.Record{Name: strings.ToUpper(raw.Name), Raw: raw, Prov: raw.Prov}
}

// chain is a Chain of the fake stages over fs.
func chain(fs files, x extractor) *Chain {
	return &Chain{Reader: fs, Decoder: decoder{}, Detector: detector{}, Extractor: x,
		Normaliser: normaliser{}}
}

// memStore is a Store in memory. Save holds the lock for the whole entry,
// like a transaction, and can be slowed to widen race windows.
type memStore struct {
	mu    sync.Mutex
	saved []store.Entry // in commit order
	saves int           // Save calls
	hook  func(e store.Entry)
}

func (m *memStore) Latest(ctx context.Context, path string) (store.Version, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var v store.Version
	ok := false
	for _, e := range m.saved {
		if e.Doc.Path == path {
			v.Version++
			v.SHA256, v.Status, ok = e.Doc.SHA256, e.Status, true
		}
	}
	return v, ok, nil
}

func (m *memStore) Save(ctx context.Context, e store.Entry) (int, error) {
	if m.hook != nil {
		m.hook(e)
	}
	v, _, _ := m.Latest(ctx, e.Doc.Path)
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saves++
	m.saved = append(m.saved, e)
	return v.Version + 1, nil
}

// summary is one line per saved entry: path, status, stage, error, rows.
func (m *memStore) summary() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, e := range m.saved {
		var names []string
		for _, r := range e.Records {
			names = append(names, fmt.Sprintf("%s@%d", r.Name, r.Prov.LineStart))
		}
		out = append(out, fmt.Sprintf("%s %s %s %q [%s]", e.Doc.Path, e.Status, e.Stage, e.Err,
			strings.Join(names, " ")))
	}
	return out
}

// corpusOf makes n documents doc000..doc(n-1), document i with i%4+1 rows.
func corpusOf(n int) (files, []File) {
	fs := files{}
	var paths []string
	for i := range n {
		p := fmt.Sprintf("doc%03d.txt", i)
		var b strings.Builder
		fmt.Fprintf(&b, "Document %d\n", i)
		for j := range i%4 + 1 {
			fmt.Fprintf(&b, "row: vendor %d.%d\nsome purpose\n", i, j)
		}
		fs[p] = b.String()
		paths = append(paths, p)
	}
	return fs, listing(paths...)
}

// same reports whether got and want are equal, listing the first difference.
func same(t testing.TB, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d lines, want %d", what, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("%s: line %d:\n got  %s\n want %s", what, i, got[i], want[i])
			return
		}
	}
}
