package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/store"
)

// mixed is a corpus of good documents and every kind of failure.
func mixed(t testing.TB) (files, []File) {
	t.Helper()
	fs, list := corpusOf(30)
	fs["doc005.txt"] = "a BINARY file"
	fs["doc011.txt"] = "row: x\nBOOM"
	fs["doc017.txt"] = "row: y\nPANIC"
	fs["doc023.txt"] = "a document without a list"
	fs["doc029.txt"] = "  \n\t\n"
	delete(fs, "doc002.txt") // listed, gone by the time it is read
	return fs, list
}

func TestRunnerSameOutputWhateverWorkers(t *testing.T) {
	fs, list := mixed(t)
	type run struct {
		saved []string
		done  []string
		stats Stats
	}
	runWith := func(workers int) run {
		var r run
		m := &memStore{}
		runner := &Runner{Chain: chain(fs, extractor{}), Store: m, Options: Options{
			Workers: workers,
			OnDone: func(o Outcome) {
				r.done = append(r.done, fmt.Sprintf("%d %s %s v%d", o.Seq, o.Doc.Path, o.Status, o.Version))
			},
		}}
		stats, err := runner.Run(context.Background(), list)
		if err != nil {
			t.Fatalf("workers %d: Run: %v", workers, err)
		}
		stats.Elapsed, stats.Writing, stats.Commits, stats.Timing = 0, 0, 0, Timing{}
		r.saved, r.stats = m.summary(), stats
		return r
	}
	want := runWith(1)
	if len(want.saved) != len(list) {
		t.Fatalf("workers 1: %d documents saved, want %d", len(want.saved), len(list))
	}
	wantStats := Stats{Documents: 30, OK: 24, NoList: 1, Failed: 5, Rows: 56, Bytes: 2008}
	if want.stats != wantStats {
		t.Errorf("workers 1: stats\n got  %+v\n want %+v", want.stats, wantStats)
	}
	for _, workers := range []int{2, 4, 16} {
		got := runWith(workers)
		same(t, fmt.Sprintf("workers %d: saved", workers), got.saved, want.saved)
		same(t, fmt.Sprintf("workers %d: OnDone", workers), got.done, want.done)
		if got.stats != want.stats {
			t.Errorf("workers %d: stats %+v, want %+v", workers, got.stats, want.stats)
		}
	}
}

// TestRunnerSameDatabaseWhateverWorkers runs the fake stages into a real
// SQLite store: row ids and versions do not depend on the number of workers.
func TestRunnerSameDatabaseWhateverWorkers(t *testing.T) {
	fs, list := mixed(t)
	var want []string
	for _, workers := range []int{1, 4} {
		path := filepath.Join(t.TempDir(), "subproc.db")
		db := openStore(t, path)
		runner := &Runner{Chain: chain(fs, extractor{}), Store: db, Options: Options{Workers: workers}}
		for range 2 { // the second run finds everything unchanged
			if _, err := runner.Run(context.Background(), list); err != nil {
				t.Fatalf("workers %d: Run: %v", workers, err)
			}
		}
		got := dump(t, path)
		if want == nil {
			want = got
			continue
		}
		same(t, fmt.Sprintf("workers %d: database", workers), got, want)
	}
}

func TestRunnerRecordsFailuresAndGoesOn(t *testing.T) {
	fs, list := mixed(t)
	m := &memStore{}
	var outcomes []Outcome
	runner := &Runner{Chain: chain(fs, extractor{}), Store: m, Options: Options{
		Workers: 3,
		OnDone:  func(o Outcome) { outcomes = append(outcomes, o) },
	}}
	if _, err := runner.Run(context.Background(), list); err != nil {
		t.Fatalf("Run: %v", err)
	}
	tests := []struct {
		seq    int
		status subproc.Status
		stage  Stage
		reason string
	}{
		{0, subproc.StatusOK, "", ""},
		{2, subproc.StatusFailed, StageRead, "no such file"},
		{5, subproc.StatusFailed, StageDecode, "binary content"},
		{11, subproc.StatusFailed, StageExtract, "table cut off"},
		{17, subproc.StatusFailed, StageExtract, "internal error: runtime error: index out of range [3] with length 0 (in pipeline.extractor.Extract"},
		{23, subproc.StatusNoList, "", ""},
		{29, subproc.StatusFailed, StageDecode, "no text"},
	}
	for _, tt := range tests {
		o := outcomes[tt.seq]
		if o.Seq != tt.seq || o.Status != tt.status || o.Stage != tt.stage || !strings.Contains(o.Reason(), tt.reason) {
			t.Errorf("outcome %d: got %d %s %q %q, want %s %q containing %q", tt.seq, o.Seq, o.Status,
				o.Stage, o.Reason(), tt.status, tt.stage, tt.reason)
		}
		if (tt.status == subproc.StatusFailed) != (o.Hint() != "") {
			t.Errorf("outcome %d: hint %q", tt.seq, o.Hint())
		}
		saved := m.saved[tt.seq]
		if saved.Status != tt.status || saved.Stage != string(tt.stage) || saved.Err != o.Reason() {
			t.Errorf("saved %d: got %s %q %q, want %s %q %q", tt.seq, saved.Status, saved.Stage, saved.Err,
				tt.status, tt.stage, o.Reason())
		}
	}
	if got := m.saved[2].Doc; got.Path != "doc002.txt" || got.Format != subproc.FormatText {
		t.Errorf("document that failed to read: saved %+v, want the listing's path and format", got)
	}
}

func TestRunnerOnErrorAborts(t *testing.T) {
	fs, list := mixed(t)
	m := &memStore{}
	stop := errors.New("stop at the first failure")
	var failed []int
	runner := &Runner{Chain: chain(fs, extractor{}), Store: m, Options: Options{
		Workers: 4,
		OnError: func(o Outcome) error {
			failed = append(failed, o.Seq)
			return stop
		},
	}}
	stats, err := runner.Run(context.Background(), list)
	if !errors.Is(err, stop) {
		t.Fatalf("Run: got error %v, want %v", err, stop)
	}
	if len(failed) != 1 || failed[0] != 2 {
		t.Errorf("OnError called for %v, want [2]", failed)
	}
	if len(m.saved) != 3 || stats.Documents != 3 {
		t.Errorf("%d documents saved, %d done, want 3: the run stops after the failure", len(m.saved), stats.Documents)
	}
}

func TestRunnerSkipsUnchanged(t *testing.T) {
	fs, list := corpusOf(6)
	m := &memStore{}
	runner := &Runner{Chain: chain(fs, extractor{}), Store: m, Options: Options{Workers: 2}}
	if _, err := runner.Run(context.Background(), list); err != nil {
		t.Fatal(err)
	}

	var extracted atomic.Int32
	runner.Chain.Extractor = extractor{hook: func(context.Context, *subproc.Document) { extracted.Add(1) }}
	stats, err := runner.Run(context.Background(), list)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged != 6 || m.saves != 6 || extracted.Load() != 0 {
		t.Errorf("second run: %d unchanged, %d saves, %d extracted; want 6 unchanged, no new save, none extracted",
			stats.Unchanged, m.saves, extracted.Load())
	}

	fs["doc003.txt"] += "row: a new vendor\n"
	var versions []int
	runner.OnDone = func(o Outcome) { versions = append(versions, o.Version) }
	stats, err = runner.Run(context.Background(), list)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged != 5 || stats.OK != 1 || m.saves != 7 || extracted.Load() != 1 {
		t.Errorf("after a change: %+v, %d saves, %d extracted; want 5 unchanged, 1 stored, 1 extracted",
			stats, m.saves, extracted.Load())
	}
	if want := []int{1, 1, 1, 2, 1, 1}; fmt.Sprint(versions) != fmt.Sprint(want) {
		t.Errorf("versions %v, want %v", versions, want)
	}
}

// TestRunnerCancelLeavesWholeDocuments cancels a run into a real store while
// documents are in flight: what was committed is a prefix of the input, each
// document with all its rows.
func TestRunnerCancelLeavesWholeDocuments(t *testing.T) {
	fs, list := corpusOf(40)
	path := filepath.Join(t.TempDir(), "subproc.db")
	db := openStore(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	x := extractor{hook: func(ctx context.Context, doc *subproc.Document) {
		if doc.Path == "doc020.txt" {
			cancel() // Ctrl-C while this one is being extracted
		}
	}}
	var done int
	runner := &Runner{Chain: chain(fs, x), Store: db, Options: Options{
		Workers: 4,
		OnDone:  func(Outcome) { done++ },
	}}
	stats, err := runner.Run(ctx, list)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: got error %v, want context.Canceled", err)
	}
	if done != stats.Documents || stats.Documents >= 40 {
		t.Errorf("%d documents done, %d reported by OnDone, of 40", stats.Documents, done)
	}

	sqldb, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer sqldb.Close()
	rows, err := sqldb.Query(`SELECT s.path, d.row_count, (SELECT count(*) FROM subprocessors WHERE document_id = d.id)
		FROM documents d JOIN sources s ON s.id = d.source_id ORDER BY d.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var p string
		var want, got int
		if err := rows.Scan(&p, &want, &got); err != nil {
			t.Fatal(err)
		}
		if p != list[n].Path {
			t.Errorf("document %d stored is %s, want %s: commits must follow input order", n, p, list[n].Path)
		}
		if got != want || got != n%4+1 {
			t.Errorf("%s: %d rows stored, row_count %d, want %d", p, got, want, n%4+1)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != stats.Documents || n > 20 {
		t.Errorf("%d documents stored, %d done; want the same, at most the 20 before the cancel", n, stats.Documents)
	}
}

// TestRunnerCancelDuringSave cancels while a transaction is open: it is
// finished, and nothing after it is committed.
func TestRunnerCancelDuringSave(t *testing.T) {
	fs, list := corpusOf(10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := &memStore{hook: func(e store.Entry) {
		if e.Doc.Path == "doc004.txt" {
			cancel()
		}
	}}
	runner := &Runner{Chain: chain(fs, extractor{}), Store: m, Options: Options{Workers: 3}}
	stats, err := runner.Run(ctx, list)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: got error %v, want context.Canceled", err)
	}
	if len(m.saved) != 5 || stats.Documents != 5 {
		t.Errorf("%d saved, %d done; want 5: doc004 finished, nothing after it", len(m.saved), stats.Documents)
	}
}

func TestRunnerWithoutStore(t *testing.T) {
	fs, list := corpusOf(8)
	list = append(list, list[3]) // listed twice, processed once
	var got []*subproc.Extraction
	runner := &Runner{Chain: chain(fs, extractor{}), Options: Options{
		Workers: 3,
		OnDone:  func(o Outcome) { got = append(got, o.Extraction()) },
	}}
	stats, err := runner.Run(context.Background(), list)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != 8 || stats.OK != 8 || len(got) != 8 {
		t.Fatalf("got %d extractions, stats %+v; want 8", len(got), stats)
	}
	for i, e := range got {
		if want := fmt.Sprintf("doc%03d.txt", i); e.Document != want || len(e.Subprocessors) != i%4+1 {
			t.Errorf("extraction %d: %s with %d rows, want %s with %d", i, e.Document, len(e.Subprocessors), want, i%4+1)
		}
	}
}

func openStore(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dump lists the documents and rows of the database at path with their ids.
func dump(t testing.TB, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, q := range []string{
		`SELECT d.id, s.path, d.version, d.status, coalesce(d.stage, ''), coalesce(d.error, ''), d.row_count,
			coalesce(d.language, ''), coalesce(d.publisher, '') FROM documents d JOIN sources s ON s.id = d.source_id ORDER BY d.id`,
		`SELECT id, document_id, ord, name, coalesce(raw_name, ''), line_start, line_end, coalesce(layout, '')
			FROM subprocessors ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if len(out) == 0 {
		t.Fatal("empty database")
	}
	return out
}
