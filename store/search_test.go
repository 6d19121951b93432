package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/subproc/subproc"
)

func TestFilterMatch(t *testing.T) {
	tests := []struct {
		query string
		want  string
	}{
		{"", ""},
		{"   ", ""},
		{"amazon", `"amazon"`},
		{"Amazon Web", `"Amazon" "Web"`},
		{`"web services" emea`, `"web services" "emea"`},
		{"amaz*", `"amaz*"`},
		{"eu-west-1", `"eu-west-1"`},
		{"aws OR azure", `"aws" OR "azure"`},
		{"OR aws OR", `"aws"`},
		{"aws OR OR azure", `"aws" OR "azure"`},
		{"aws or azure", `"aws" "or" "azure"`},
		{`NEAR AND NOT ( ) name:x`, `"NEAR" "AND" "NOT" "name:x"`},
		{`"unclosed phrase`, `"unclosed phrase"`},
		{`a"b`, `"a" "b"`},
		{"* & - aws", `"aws"`},
		{"a*b", `"a b"`},
		{"Malmö", `"Malmö"`},
	}
	for _, tt := range tests {
		got, err := Filter{Query: tt.query}.match()
		if err != nil || got != tt.want {
			t.Errorf("match(%q) = %q, %v; want %q", tt.query, got, err, tt.want)
		}
	}
	for _, q := range []string{"*", `""`, "- & /", "OR"} {
		if got, err := (Filter{Query: q}).match(); !errors.Is(err, ErrQuery) {
			t.Errorf("match(%q) = %q, %v; want ErrQuery", q, got, err)
		}
	}
}

// matchinfo builds a 'pcnalx' blob for one phrase over the six columns:
// rows in the table, average and row lengths, and per column the hits in
// the row, hits in all rows and rows with a hit.
func matchinfo(rows uint32, avg, length, hits, docs [6]uint32) []byte {
	v := []uint32{1, 6, rows}
	v = append(v, avg[:]...)
	v = append(v, length[:]...)
	for j := range 6 {
		v = append(v, hits[j], hits[j]*2, docs[j])
	}
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.NativeEndian.PutUint32(b[4*i:], x)
	}
	return b
}

func TestBM25(t *testing.T) {
	avg := [6]uint32{3, 1, 1, 10, 8, 4}
	score := func(length, hits, docs [6]uint32) float64 {
		t.Helper()
		s, err := bm25(matchinfo(100, avg, length, hits, docs))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	inName := score([6]uint32{3, 0, 0, 10, 0, 0}, [6]uint32{1, 0, 0, 0, 0, 0}, [6]uint32{5, 0, 0, 5, 0, 0})
	inPurpose := score([6]uint32{3, 0, 0, 10, 0, 0}, [6]uint32{0, 0, 0, 1, 0, 0}, [6]uint32{5, 0, 0, 5, 0, 0})
	shortName := score([6]uint32{2, 0, 0, 10, 0, 0}, [6]uint32{1, 0, 0, 0, 0, 0}, [6]uint32{5, 0, 0, 5, 0, 0})
	rare := score([6]uint32{3, 0, 0, 10, 0, 0}, [6]uint32{1, 0, 0, 0, 0, 0}, [6]uint32{1, 0, 0, 5, 0, 0})
	everywhere := score([6]uint32{3, 0, 0, 10, 0, 0}, [6]uint32{1, 0, 0, 0, 0, 0}, [6]uint32{100, 0, 0, 5, 0, 0})
	none := score([6]uint32{3, 0, 0, 10, 0, 0}, [6]uint32{}, [6]uint32{5, 0, 0, 5, 0, 0})
	for _, c := range []struct {
		what       string
		more, less float64
	}{
		{"a hit in the name beats one in the purpose", inName, inPurpose},
		{"a hit in a shorter name beats one in a longer", shortName, inName},
		{"a rare word beats a common one", rare, inName},
		{"a word in every row still counts", everywhere, none},
	} {
		if c.more <= c.less {
			t.Errorf("%s: %g <= %g", c.what, c.more, c.less)
		}
	}
	if none != 0 {
		t.Errorf("no hits: score %g, want 0", none)
	}
	for _, bad := range [][]byte{nil, {1, 2, 3}, matchinfo(1, avg, avg, avg, avg)[:40]} {
		if _, err := bm25(bad); err == nil {
			t.Errorf("bm25(%d bytes): no error", len(bad))
		}
	}
}

func TestExactness(t *testing.T) {
	tests := []struct {
		q, name, aliases string
		want             int
	}{
		{"twilio inc.", "Twilio Inc.", `[]`, matchName},
		{"Twilio  Inc.", "Twilio Inc.", `[]`, matchWords}, // q is folded by the caller
		{"twilio", "Twilio Inc.", `[]`, matchWords},
		{"aws", "Amazon Web Services EMEA SARL", `["AWS"]`, matchAlias},
		{"aws", "AWS", `["AWS"]`, matchName},
		{"ÅRHUS IT", "Århus  IT", `[]`, matchName},
		{"", "", `[]`, matchWords},
	}
	for _, tt := range tests {
		if got := exactness(tt.q, tt.name, tt.aliases); got != tt.want {
			t.Errorf("exactness(%q, %q, %s) = %v, want %v", tt.q, tt.name, tt.aliases, got, tt.want)
		}
	}
	if got, want := foldSpace(`  "Twilio   Inc." `), "Twilio Inc."; got != want {
		t.Errorf("foldSpace = %q, want %q", got, want)
	}
}

// searchNames runs a query over every version and returns the names found, best first.
func searchNames(tb testing.TB, db *DB, q string) []string {
	tb.Helper()
	res, err := db.Search(context.Background(), Filter{Query: q}, 0)
	if err != nil {
		tb.Fatalf("Search(%q): %v", q, err)
	}
	var names []string
	for _, h := range res.Hits {
		names = append(names, h.Record.Name)
	}
	return names
}

// TestSearchIndexFollowsRows checks that the triggers keep the index in
// step with inserts, updates and deletes of rows.
func TestSearchIndexFollowsRows(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.Save(ctx, Entry{Doc: testDoc("/docs/a.html", "aa"), Status: subproc.StatusOK, Records: testRecords()}); err != nil {
		t.Fatal(err)
	}
	if got := searchNames(t, db, "luxembourg hosting"); len(got) != 1 || got[0] != "Amazon Web Services EMEA SARL" {
		t.Errorf("search by address and purpose: %q", got)
	}
	if got := searchNames(t, db, "aws"); len(got) != 1 {
		t.Errorf("search by alias: %q", got)
	}
	if got := searchNames(t, db, "B186284"); len(got) != 1 {
		t.Errorf("search by registration number: %q", got)
	}
	if _, err := db.w.Exec(`UPDATE subprocessors SET name = 'Renamed Hosting SA' WHERE name = 'Bare Name ApS'`); err != nil {
		t.Fatal(err)
	}
	if got := searchNames(t, db, "renamed"); len(got) != 1 {
		t.Errorf("after update: %q", got)
	}
	if got := searchNames(t, db, "bare"); len(got) != 0 {
		t.Errorf("old name still found after update: %q", got)
	}
	if _, err := db.w.Exec(`DELETE FROM documents`); err != nil { // cascades to the rows
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM subprocessors_fts`); n != 0 {
		t.Errorf("index has %d rows after the rows were deleted", n)
	}
}

// TestSearchMigrationBackfills checks that migration 0003 indexes the rows a
// database held before it.
func TestSearchMigrationBackfills(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/old.db"
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	mustExec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`)
	for _, m := range ms {
		if m.name == "0003_search.sql" {
			break
		}
		mustExec(m.sql)
		mustExec(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.version, m.name)
	}
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := save(ctx, tx, Entry{Doc: testDoc("/docs/old.html", "00"), Status: subproc.StatusOK, Records: testRecords()}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := searchNames(t, db, "aws"); len(got) != 1 || got[0] != "Amazon Web Services EMEA SARL" {
		t.Errorf("rows stored before the migration: search found %q", got)
	}
	if got, want := count(t, db, `SELECT count(*) FROM subprocessors_fts`), 2; got != want {
		t.Errorf("index has %d rows, want %d", got, want)
	}
}
