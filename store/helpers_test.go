package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/subproc/subproc"
)

// openTest opens a new database in a temporary folder and closes it when tb ends.
func openTest(tb testing.TB) (*DB, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "subproc.db")
	db, err := Open(path)
	if err != nil {
		tb.Fatalf("Open(%q): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db, path
}

// testDoc returns a document as the read..extract stages fill it.
func testDoc(path, sha string) *subproc.Document {
	return &subproc.Document{
		Path: path, Format: subproc.FormatHTML, Size: 1234,
		ModTime: time.Date(2024, 3, 1, 12, 30, 0, 500, time.UTC),
		SHA256:  sha, Raw: []byte("<html>"), Text: "text", Encoding: "windows-1252",
		Language: "da", LanguageConfidence: 0.93, Publisher: "Example A/S",
	}
}

// testRecords returns two rows: one with every field set, one with only a name.
func testRecords() []subproc.Record {
	valid := true
	prov := subproc.Provenance{Page: 3, LineStart: 10, LineEnd: 12, Layout: "table"}
	return []subproc.Record{
		{
			Name: "Amazon Web Services EMEA SARL", Aliases: []string{"AWS", "A & <B>"},
			RegNo: "B186284", RegNoValid: &valid, Address: "38 Avenue John F. Kennedy, L-1855 Luxembourg",
			Country: []string{"LU", "US"}, Purpose: "Hosting", LegalBasis: []string{subproc.LegalSCC, subproc.LegalDPF},
			Location: []string{subproc.LocationEU, "US"}, DataCategories: "contact data",
			Raw: subproc.RawRecord{
				Name: "Amazon Web Services EMEA SARL (AWS)¹", RegNo: "RCS B186284",
				Address: "38 Avenue John F. Kennedy, L-1855 Luxembourg", Country: "Luxembourg / USA",
				Purpose: "Hosting", LegalBasis: "SCC, DPF", Location: "EU, USA",
				DataCategories: "contact data", Notes: []string{"¹ via subsidiaries", "list as of 2024"},
				Prov: prov,
			},
			Prov: prov,
		},
		{
			Name: "Bare Name ApS",
			Raw:  subproc.RawRecord{Name: "Bare Name ApS", Prov: subproc.Provenance{LineStart: 14, LineEnd: 14, Layout: "list"}},
			Prov: subproc.Provenance{LineStart: 14, LineEnd: 14, Layout: "list"},
		},
	}
}

// count returns the result of a count(*) query on the reader pool.
func count(tb testing.TB, db *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.r.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}
