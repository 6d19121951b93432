package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

func TestSaveRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	doc := testDoc("https://example.com/dpa", "aa11")
	in := Entry{Doc: doc, Status: subproc.StatusOK, Records: testRecords()}
	v, err := db.Save(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if v != 1 {
		t.Errorf("Save version = %d, want 1", v)
	}
	latest, ok, err := db.Latest(ctx, doc.Path)
	if err != nil || !ok {
		t.Fatalf("Latest = %v, %v, %v", latest, ok, err)
	}
	if got, want := latest, (Version{DocumentID: latest.DocumentID, Version: 1, SHA256: "aa11", Status: subproc.StatusOK}); got != want {
		t.Errorf("Latest = %+v, want %+v", got, want)
	}

	got, err := db.Rows(ctx, latest.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	if want := testRecords(); !reflect.DeepEqual(got, want) {
		t.Errorf("Rows:\n got %+v\nwant %+v", got, want)
	}

	loaded, err := db.Load(ctx, latest.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	wantDoc := *doc
	wantDoc.Raw, wantDoc.Text = nil, ""
	if !reflect.DeepEqual(*loaded.Doc, wantDoc) {
		t.Errorf("Load Doc:\n got %+v\nwant %+v", *loaded.Doc, wantDoc)
	}
	loaded.Doc, in.Doc = nil, nil
	if !reflect.DeepEqual(loaded, in) {
		t.Errorf("Load Entry:\n got %+v\nwant %+v", loaded, in)
	}
}

// TestSaveColumns checks the stored form: NULL for empty strings, '[]' for
// nil slices, JSON without HTML escaping, child rows and the latest views.
func TestSaveColumns(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.Save(ctx, Entry{Doc: testDoc("a.html", "aa11"), Status: subproc.StatusOK, Records: testRecords()}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM subprocessors WHERE ord = 1 AND aliases = '["AWS","A & <B>"]' AND reg_no_valid = 1 AND page = 3`, 1},
		{`SELECT count(*) FROM subprocessors WHERE ord = 2 AND aliases = '[]' AND country = '[]' AND raw_notes = '[]'
			AND reg_no IS NULL AND reg_no_valid IS NULL AND address IS NULL AND purpose IS NULL
			AND data_categories IS NULL AND raw_reg_no IS NULL AND page IS NULL AND layout = 'list'`, 1},
		{`SELECT count(*) FROM documents WHERE row_count = 2 AND stage IS NULL AND error IS NULL AND format = 'html'`, 1},
		{`SELECT count(*) FROM subprocessor_countries WHERE code IN ('LU', 'US')`, 2},
		{`SELECT count(*) FROM subprocessor_locations WHERE code = 'EU'`, 1},
		{`SELECT count(*) FROM subprocessor_legal_bases WHERE basis IN ('SCC', 'DPF')`, 2},
		{`SELECT count(*) FROM latest_subprocessors WHERE path = 'a.html' AND version = 1`, 2},
	}
	for _, tt := range tests {
		if got := count(t, db, tt.query); got != tt.want {
			t.Errorf("%s = %d, want %d", tt.query, got, tt.want)
		}
	}
}

// TestSaveProvFallback checks that a row whose Prov is zero takes Raw.Prov.
func TestSaveProvFallback(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	prov := subproc.Provenance{Page: 2, LineStart: 5, LineEnd: 6, Layout: "kv-block"}
	rec := subproc.Record{Name: "X", Raw: subproc.RawRecord{Name: "X", Prov: prov}}
	if _, err := db.Save(ctx, Entry{Doc: testDoc("a", "1"), Status: subproc.StatusOK, Records: []subproc.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	v, _, _ := db.Latest(ctx, "a")
	rows, err := db.Rows(ctx, v.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Prov != prov {
		t.Errorf("Rows = %+v, want one row with Prov %+v", rows, prov)
	}
}

func TestSaveVersions(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const path = "/dpa/vendor.pdf"
	steps := []struct {
		sha  string
		rows int
		want int
	}{
		{"aaa", 2, 1},
		{"aaa", 1, 1}, // same content: nothing written
		{"bbb", 1, 2},
		{"bbb", 2, 2},
		{"aaa", 2, 3}, // back to the old content: still a new version
	}
	for i, s := range steps {
		got, err := db.Save(ctx, Entry{Doc: testDoc(path, s.sha), Status: subproc.StatusOK, Records: testRecords()[:s.rows]})
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got != s.want {
			t.Errorf("step %d: Save(sha %s) = version %d, want %d", i, s.sha, got, s.want)
		}
	}
	vs, err := db.Versions(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		rows, err := db.Rows(ctx, v.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Repeat("r", len(rows))+":"+v.SHA256)
	}
	if want := []string{"rr:aaa", "r:bbb", "rr:aaa"}; !reflect.DeepEqual(got, want) {
		t.Errorf("versions (rows:sha) = %v, want %v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM sources`); n != 1 {
		t.Errorf("sources = %d, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM latest_documents WHERE version = 3`); n != 1 {
		t.Errorf("latest_documents with version 3 = %d, want 1", n)
	}
}

func TestSaveWithoutRows(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		in   Entry
	}{
		{"failed read", Entry{Doc: &subproc.Document{Path: "gone.pdf"}, Status: subproc.StatusFailed,
			Stage: "read", Err: "open gone.pdf: permission denied"}},
		{"failed extract", Entry{Doc: testDoc("broken.pdf", "cc"), Status: subproc.StatusFailed,
			Stage: "extract", Err: "parse page 2: bad xref"}},
		{"no list", Entry{Doc: testDoc("privacy.html", "dd"), Status: subproc.StatusNoList}},
		{"unsupported", Entry{Doc: &subproc.Document{Path: "a.docx", SHA256: "ee", Size: 10}, Status: subproc.StatusUnsupported}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTest(t)
			v, err := db.Save(ctx, tt.in)
			if err != nil || v != 1 {
				t.Fatalf("Save = %d, %v, want 1", v, err)
			}
			latest, ok, err := db.Latest(ctx, tt.in.Doc.Path)
			if err != nil || !ok || latest.Status != tt.in.Status || latest.SHA256 != tt.in.Doc.SHA256 {
				t.Fatalf("Latest = %+v, %v, %v", latest, ok, err)
			}
			got, err := db.Load(ctx, latest.DocumentID)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.in
			wantDoc := *want.Doc
			wantDoc.Raw, wantDoc.Text = nil, ""
			if !reflect.DeepEqual(*got.Doc, wantDoc) {
				t.Errorf("Load Doc:\n got %+v\nwant %+v", *got.Doc, wantDoc)
			}
			got.Doc, want.Doc = nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load:\n got %+v\nwant %+v", got, want)
			}
			// Saving the same outcome again writes nothing.
			if v, err := db.Save(ctx, tt.in); err != nil || v != 1 {
				t.Errorf("second Save = %d, %v, want 1", v, err)
			}
		})
	}
}

// TestSaveAtomic checks that a Save that fails leaves no trace: no source, no
// document version, no rows, and the previous version untouched.
func TestSaveAtomic(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	badRows := testRecords()
	badRows = append(badRows, subproc.Record{Name: ""}) // violates CHECK (name <> '')
	tests := []struct {
		name    string
		ctx     context.Context
		in      Entry
		wantErr string
	}{
		{"constraint on row 3", context.Background(),
			Entry{Doc: testDoc("x", "new"), Status: subproc.StatusOK, Records: badRows}, "insert row 3"},
		{"cancelled context", cancelled,
			Entry{Doc: testDoc("x", "new"), Status: subproc.StatusOK, Records: testRecords()}, "context canceled"},
		{"unchanged status", context.Background(),
			Entry{Doc: testDoc("x", "new"), Status: subproc.StatusUnchanged}, "not stored"},
		{"nil doc", context.Background(), Entry{Status: subproc.StatusOK}, "nil Doc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, _ := openTest(t)
			// An earlier version of another source and of the same source.
			for _, path := range []string{"other", "x"} {
				if _, err := db.Save(ctx, Entry{Doc: testDoc(path, "old"), Status: subproc.StatusOK, Records: testRecords()}); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, db)
			_, err := db.Save(tt.ctx, tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Save error = %v, want one containing %q", err, tt.wantErr)
			}
			if got := snapshot(t, db); got != before {
				t.Errorf("after failed Save: %+v, want %+v", got, before)
			}
			if v, _, _ := db.Latest(ctx, "x"); v.Version != 1 || v.SHA256 != "old" {
				t.Errorf("Latest(x) = %+v, want version 1 with sha old", v)
			}
		})
	}
}

// counts is the number of rows of every table.
type counts struct{ sources, documents, rows, countries, locations, bases int }

func snapshot(tb testing.TB, db *DB) counts {
	tb.Helper()
	return counts{
		sources:   count(tb, db, `SELECT count(*) FROM sources`),
		documents: count(tb, db, `SELECT count(*) FROM documents`),
		rows:      count(tb, db, `SELECT count(*) FROM subprocessors`),
		countries: count(tb, db, `SELECT count(*) FROM subprocessor_countries`),
		locations: count(tb, db, `SELECT count(*) FROM subprocessor_locations`),
		bases:     count(tb, db, `SELECT count(*) FROM subprocessor_legal_bases`),
	}
}

func TestLoadNotFound(t *testing.T) {
	db, _ := openTest(t)
	_, err := db.Load(context.Background(), 42)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Load(42) error = %v, want ErrNotFound", err)
	}
	if _, ok, err := db.Latest(context.Background(), "never"); ok || err != nil {
		t.Errorf("Latest(never) = ok %v, err %v, want false, nil", ok, err)
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	entries := []Entry{
		{Doc: testDoc("a", "1"), Status: subproc.StatusOK, Records: testRecords()},
		{Doc: testDoc("a", "2"), Status: subproc.StatusOK, Records: testRecords()[:1]},
		{Doc: testDoc("b", "1"), Status: subproc.StatusNoList},
		{Doc: &subproc.Document{Path: "c"}, Status: subproc.StatusFailed, Stage: "read", Err: "boom"},
	}
	for _, e := range entries {
		if _, err := db.Save(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Sources: 3, Documents: 4, Rows: 3, LatestRows: 1, Status: map[subproc.Status]int{
		subproc.StatusOK: 1, subproc.StatusNoList: 1, subproc.StatusFailed: 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

// TestSaveRetryAfterFailure: a document that failed is stored again with the
// same bytes only when the retry no longer fails; failing again writes nothing.
func TestSaveRetryAfterFailure(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const path = "/dpa/flaky.txt"
	steps := []struct {
		status subproc.Status
		want   int
	}{
		{subproc.StatusFailed, 1},
		{subproc.StatusFailed, 1}, // fails again: nothing new
		{subproc.StatusOK, 2},     // the retry succeeds: a new version with rows
		{subproc.StatusOK, 2},     // and is then unchanged
		{subproc.StatusFailed, 2}, // a later failure does not replace a good version
	}
	for i, s := range steps {
		e := Entry{Doc: testDoc(path, "same"), Status: s.status}
		if s.status == subproc.StatusFailed {
			e.Stage, e.Err = "extract", "boom"
		} else {
			e.Records = testRecords()
		}
		got, err := db.Save(ctx, e)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got != s.want {
			t.Errorf("step %d: Save(%s) = version %d, want %d", i, s.status, got, s.want)
		}
	}
}

// TestSaveAll: several documents in one transaction get the versions Save
// would give them one by one, and a bad one stores none of them.
func TestSaveAll(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.Save(ctx, Entry{Doc: testDoc("a", "v1"), Status: subproc.StatusOK, Records: testRecords()}); err != nil {
		t.Fatal(err)
	}
	entries := []Entry{
		{Doc: testDoc("a", "v2"), Status: subproc.StatusOK, Records: testRecords()},
		{Doc: testDoc("b", "v1"), Status: subproc.StatusNoList},
		{Doc: testDoc("a", "v2"), Status: subproc.StatusOK, Records: testRecords()}, // unchanged by then
		{Doc: testDoc("c", "v1"), Status: subproc.StatusFailed, Stage: "decode", Err: "binary"},
	}
	got, err := db.SaveAll(ctx, entries)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 1, 2, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("SaveAll versions = %v, want %v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 4 {
		t.Errorf("documents = %d, want 4 (a twice, b, c)", n)
	}

	before := snapshot(t, db)
	bad := testRecords()
	bad = append(bad, subproc.Record{Name: ""}) // violates CHECK (name <> '')
	_, err = db.SaveAll(ctx, []Entry{
		{Doc: testDoc("d", "v1"), Status: subproc.StatusOK, Records: testRecords()},
		{Doc: testDoc("e", "v1"), Status: subproc.StatusOK, Records: bad},
	})
	if err == nil || !strings.Contains(err.Error(), "save e") {
		t.Fatalf("SaveAll with a bad second entry: error %v, want one naming e", err)
	}
	if got := snapshot(t, db); got != before {
		t.Errorf("after a failed SaveAll: %+v, want %+v (nothing of d stored)", got, before)
	}
	if _, err := db.SaveAll(ctx, nil); err != nil {
		t.Errorf("SaveAll(nil): %v", err)
	}
}
