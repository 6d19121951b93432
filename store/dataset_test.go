package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	_ "github.com/mattn/go-sqlite3"
	"golang.org/x/tools/txtar"

	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/extract/lang"
	"github.com/subproc/subproc/pipeline"
	"github.com/subproc/subproc/rules"
	"github.com/subproc/subproc/store"
)

// The versioned source of the dataset: version 1 names Kestrel, version 2
// replaces it with Plover.
const (
	versionOne = `# Harrier Notes – sub-processors

Harrier Notes ApS uses the following sub-processors to provide its service:

1. Kestrel Mail ApS – transactional email "receipts", stored in Denmark
2. Osprey Hosting GmbH – hosting of the platform in Germany
`
	versionTwo = `# Harrier Notes – sub-processors

Harrier Notes ApS uses the following sub-processors to provide its service:

1. Plover Analytics AB – product analytics, stored in Sweden
2. Osprey Hosting GmbH – hosting of the platform in Germany
`
)

// writeGolden writes the doc.* section of every testdata/golden file to dir
// as NAME.EXT (en-list-1.txtar's doc.md -> en-list-1.md).
func writeGolden(tb testing.TB, dir string) {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "*.txtar"))
	if len(files) == 0 {
		tb.Fatal("no golden files in testdata/golden")
	}
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, af := range ar.Files {
			if ext, ok := strings.CutPrefix(af.Name, "doc."); ok {
				name := strings.TrimSuffix(filepath.Base(f), ".txtar") + "." + ext
				if err := os.WriteFile(filepath.Join(dir, name), af.Data, 0o644); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
}

// dataset ingests, with the real pipeline, the seeds, the golden documents
// and a source stored in two versions into a new database, and returns it.
func dataset(t *testing.T) (db *store.DB, path string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	golden, versioned := filepath.Join(dir, "golden"), filepath.Join(dir, "versioned")
	for _, d := range []string{golden, versioned} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeGolden(t, golden)
	harrier := filepath.Join(versioned, "harrier.md")
	if err := os.WriteFile(harrier, []byte(versionOne), 0o644); err != nil {
		t.Fatal(err)
	}

	det, err := lang.New(rules.Languages())
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "subproc.db")
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ingest := func(paths ...string) {
		t.Helper()
		l, err := corpus.Walk(paths)
		if err != nil {
			t.Fatal(err)
		}
		r := &pipeline.Runner{Chain: &pipeline.Chain{Detector: det}, Store: db}
		stats, err := r.Run(ctx, l.Files)
		if err != nil || stats.Failed > 0 {
			t.Fatalf("ingest %v: %v, %d failed", paths, err, stats.Failed)
		}
	}
	seeds, _ := filepath.Abs(filepath.Join("..", "testdata", "seeds"))
	ingest(seeds, golden, versioned)
	if err := os.WriteFile(harrier, []byte(versionTwo), 0o644); err != nil {
		t.Fatal(err)
	}
	ingest(versioned)
	return db, path
}

// exportAll returns every row of the database, all versions.
func exportAll(tb testing.TB, db *store.DB) []*store.Row {
	tb.Helper()
	var rows []*store.Row
	if err := db.Export(context.Background(), store.Filter{}, func(r *store.Row) error {
		rows = append(rows, r)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// words is the set of lower-case words of the text fields a query searches.
func words(r *store.Row) map[string]bool {
	rec := r.Record
	text := strings.Join(append([]string{rec.Name, rec.RegNo, rec.Purpose, rec.Address, rec.DataCategories}, rec.Aliases...), " ")
	w := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w[f] = true
	}
	return w
}

func TestDataset(t *testing.T) {
	ctx := context.Background()
	db, path := dataset(t)
	all := exportAll(t, db)
	latest := map[string]int{} // newest version of each source
	for _, r := range all {
		latest[r.Path] = max(latest[r.Path], r.Version)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	t.Run("export", func(t *testing.T) {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM subprocessors`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if len(all) != n || n < 400 {
			t.Fatalf("exported %d rows, the database has %d (want > 400)", len(all), n)
		}
		var fts int
		raw.QueryRow(`SELECT count(*) FROM subprocessors_fts`).Scan(&fts)
		if fts != n {
			t.Errorf("the index has %d rows, the table %d", fts, n)
		}
		less := func(a, b *store.Row) bool {
			if a.Path != b.Path {
				return a.Path < b.Path
			}
			if a.Version != b.Version {
				return a.Version < b.Version
			}
			return a.Ord < b.Ord
		}
		for i, r := range all {
			if i > 0 && !less(all[i-1], r) {
				t.Errorf("row %d (%s v%d #%d) out of order", i, r.Path, r.Version, r.Ord)
			}
			if r.SHA256 == "" || r.Record.Name == "" || r.Record.Raw.Name == "" || r.Record.Prov.LineStart < 1 ||
				r.Record.Prov.LineEnd < r.Record.Prov.LineStart || r.Record.Prov.Layout == "" || r.IngestedAt == "" {
				t.Errorf("row %d lacks provenance: %+v", i, r)
			}
		}
		stop := errors.New("stop")
		seen := 0
		err := db.Export(ctx, store.Filter{}, func(*store.Row) error {
			if seen++; seen == 3 {
				return stop
			}
			return nil
		})
		if err != stop || seen != 3 {
			t.Errorf("an error from fn: Export returned %v after %d rows, want it after 3", err, seen)
		}
	})

	t.Run("filters", func(t *testing.T) {
		has := func(list []string, v ...string) bool {
			return slices.ContainsFunc(list, func(s string) bool { return slices.Contains(v, s) })
		}
		tests := []struct {
			name string
			f    store.Filter
			want func(r *store.Row) bool
		}{
			{"all versions", store.Filter{}, func(*store.Row) bool { return true }},
			{"latest", store.Filter{Latest: true}, func(*store.Row) bool { return true }},
			{"country", store.Filter{Countries: []string{"DK"}}, func(r *store.Row) bool { return has(r.Record.Country, "DK") }},
			{"two countries", store.Filter{Countries: []string{"DK", "SE"}},
				func(r *store.Row) bool { return has(r.Record.Country, "DK", "SE") }},
			{"location", store.Filter{Locations: []string{"EU"}}, func(r *store.Row) bool { return has(r.Record.Location, "EU") }},
			{"legal basis", store.Filter{LegalBases: []string{"SCC"}}, func(r *store.Row) bool { return has(r.Record.LegalBasis, "SCC") }},
			{"language", store.Filter{Languages: []string{"sv", "nb"}}, func(r *store.Row) bool { return r.Language == "sv" || r.Language == "nb" }},
			{"publisher", store.Filter{Publishers: []string{"quill"}},
				func(r *store.Row) bool { return strings.Contains(strings.ToLower(r.Publisher), "quill") }},
			{"publisher with a wildcard", store.Filter{Publishers: []string{"%"}}, func(r *store.Row) bool { return strings.Contains(r.Publisher, "%") }},
			{"and", store.Filter{Countries: []string{"US"}, LegalBases: []string{"DPF"}, Languages: []string{"en"}},
				func(r *store.Row) bool {
					return has(r.Record.Country, "US") && has(r.Record.LegalBasis, "DPF") && r.Language == "en"
				}},
			{"query", store.Filter{Query: "Amazon"}, func(r *store.Row) bool { return words(r)["amazon"] }},
			{"query and", store.Filter{Query: "twilio sms"}, func(r *store.Row) bool { return words(r)["twilio"] && words(r)["sms"] }},
			{"query or", store.Filter{Query: "hetzner OR mollie"}, func(r *store.Row) bool { return words(r)["hetzner"] || words(r)["mollie"] }},
			{"query and filter", store.Filter{Query: "hosting", Countries: []string{"DE"}},
				func(r *store.Row) bool { return words(r)["hosting"] && has(r.Record.Country, "DE") }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var want []int64
				for _, r := range all {
					if tt.want(r) && (!tt.f.Latest || r.Version == latest[r.Path]) {
						want = append(want, r.ID)
					}
				}
				slices.Sort(want)
				latestToo := tt.f
				latestToo.Latest = true
				for _, f := range []store.Filter{tt.f, latestToo} {
					res, err := db.Search(ctx, f, 0)
					if err != nil {
						t.Fatal(err)
					}
					var got []int64
					for _, h := range res.Hits {
						got = append(got, h.ID)
					}
					slices.Sort(got)
					w := want
					if f.Latest && !tt.f.Latest {
						w = nil
						for _, r := range all {
							if tt.want(r) && r.Version == latest[r.Path] {
								w = append(w, r.ID)
							}
						}
						slices.Sort(w)
					}
					if !reflect.DeepEqual(got, w) || res.Total != len(w) {
						t.Errorf("latest=%v: got %d rows (total %d), want %d", f.Latest, len(got), res.Total, len(w))
					}
					var exported int
					db.Export(ctx, f, func(*store.Row) error { exported++; return nil })
					if exported != len(w) {
						t.Errorf("latest=%v: export gave %d rows, want %d", f.Latest, exported, len(w))
					}
				}
				if tt.name != "publisher with a wildcard" && len(want) == 0 {
					t.Errorf("the dataset has no row for this filter")
				}
			})
		}
	})

	t.Run("versions", func(t *testing.T) {
		for _, tt := range []struct {
			q       string
			latest  bool
			version []int
		}{
			{"kestrel", true, nil},
			{"kestrel", false, []int{1}},
			{"plover", true, []int{2}},
			{"osprey", true, []int{2}},
			{"osprey", false, []int{1, 2}},
		} {
			res, err := db.Search(ctx, store.Filter{Query: tt.q, Latest: tt.latest}, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, h := range res.Hits {
				got = append(got, h.Version)
			}
			if !reflect.DeepEqual(got, tt.version) {
				t.Errorf("%s (latest %v): versions %v, want %v", tt.q, tt.latest, got, tt.version)
			}
		}
	})

	t.Run("ranking", func(t *testing.T) {
		for _, tt := range []struct{ q, first string }{
			{"Twilio Inc.", "Twilio Inc."},
			{"stripe payments europe limited", "Stripe Payments Europe Limited"}, // before "..., Limited"
			{"AWS", "Amazon Web Services EMEA SARL"},                             // an alias
			{`"Zendesk, Inc."`, "Zendesk, Inc."},
		} {
			res, err := db.Search(ctx, store.Filter{Query: tt.q, Latest: true}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 || !res.Hits[0].Exact || res.Hits[0].Record.Name != tt.first {
				t.Fatalf("%s: first hit %+v, want an exact match %q", tt.q, res.Hits[:min(1, len(res.Hits))], tt.first)
			}
			// Exact names, exact aliases, then the rest; each by falling score.
			level := func(h store.Hit) int {
				switch {
				case strings.EqualFold(h.Record.Name, strings.Trim(tt.q, `"`)):
					return 2
				case h.Exact:
					return 1
				}
				return 0
			}
			inexact := false
			for i, h := range res.Hits {
				inexact = inexact || !h.Exact
				if i == 0 {
					continue
				}
				prev := res.Hits[i-1]
				if level(h) > level(prev) {
					t.Errorf("%s: hit %d (%s) comes after a less exact one (%s)", tt.q, i, h.Record.Name, prev.Record.Name)
				}
				if level(h) == level(prev) && h.Score > prev.Score {
					t.Errorf("%s: hit %d (%s, %g) scores more than the one before it (%g)", tt.q, i, h.Record.Name, h.Score, prev.Score)
				}
			}
			if !inexact {
				t.Errorf("%s: every hit is exact; want the query to find other rows too", tt.q)
			}
		}
		// A word in the name weighs more than the same word in a purpose.
		res, err := db.Search(ctx, store.Filter{Query: "hosting"}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 3 || res.Total <= 3 || res.Hits[0].Record.Name != "Osprey Hosting GmbH" {
			t.Errorf("hosting: %d hits of %d, first %q; want 3 of more, Osprey Hosting GmbH first", len(res.Hits), res.Total, res.Hits[0].Record.Name)
		}
		// Without a query, rows come in document order, limited.
		res, err = db.Search(ctx, store.Filter{Countries: []string{"DK"}}, 2)
		if err != nil || len(res.Hits) != 2 || res.Total < 3 || res.Hits[0].Score != 0 {
			t.Errorf("list DK, limit 2: %d hits of %d, %v", len(res.Hits), res.Total, err)
		}
		if _, err := db.Search(ctx, store.Filter{Query: " - "}, 0); !errors.Is(err, store.ErrQuery) {
			t.Errorf("a query without words: %v, want ErrQuery", err)
		}
	})

	t.Run("entities", func(t *testing.T) {
		// Start from no entities, whether or not ingest resolved them.
		for _, table := range []string{"entity_links", "entity_members", "entities"} {
			if _, err := raw.Exec(`DELETE FROM ` + table); err != nil {
				t.Fatal(err)
			}
		}
		f := store.Filter{Entities: []string{"Amazon Web Services EMEA SARL"}, Latest: true}
		if _, err := db.Search(ctx, f, 0); !errors.Is(err, store.ErrNoEntities) {
			t.Fatalf("no entity resolved: %v, want ErrNoEntities", err)
		}
		// Entities as store.ResolveEntities leaves them: every row of a
		// newest version in one entity.
		var want []int64
		var aws int64
		for _, r := range all {
			if r.Version != latest[r.Path] {
				continue
			}
			res, err := raw.Exec(`INSERT INTO entities (name, key) VALUES (?, ?)`, r.Record.Name, strings.ToLower(r.Record.Name))
			if err != nil {
				t.Fatal(err)
			}
			id, _ := res.LastInsertId()
			if r.Record.Name == "Amazon Web Services EMEA SARL" {
				if aws == 0 {
					aws = id
				}
				id = aws
				want = append(want, r.ID)
			}
			if _, err := raw.Exec(`INSERT INTO entity_members (entity_id, subprocessor_id) VALUES (?, ?)`, id, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range []string{"amazon web services emea sarl", strconv.FormatInt(aws, 10)} {
			f.Entities = []string{e}
			res, err := db.Search(ctx, f, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.ID)
				if h.EntityID != aws || h.Entity != "Amazon Web Services EMEA SARL" {
					t.Errorf("entity %s: hit %d has entity %d %q", e, h.ID, h.EntityID, h.Entity)
				}
			}
			if !reflect.DeepEqual(got, want) || len(want) < 5 {
				t.Errorf("entity %s: rows %v, want %v", e, got, want)
			}
		}
	})
}
