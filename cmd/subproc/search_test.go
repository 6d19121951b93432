package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/subproc/subproc/normalize"
)

// The versioned source of the search dataset: version 1 names Kestrel,
// version 2 replaces it with Plover.
const (
	harrierV1 = `# Harrier Notes – sub-processors

Harrier Notes ApS uses the following sub-processors to provide its service:

1. Kestrel Mail ApS – transactional email "receipts", stored in Denmark
2. Osprey Hosting GmbH – hosting of the platform in Germany
`
	harrierV2 = `# Harrier Notes – sub-processors

Harrier Notes ApS uses the following sub-processors to provide its service:

1. Plover Analytics AB – product analytics, stored in Sweden
2. Osprey Hosting GmbH – hosting of the platform in Germany
`
)

var (
	datasetOnce sync.Once
	datasetDir  string // holds subproc.db, built once for the tests of search and export
)

// searchData returns the folder of the search dataset: subproc.db, ingested
// with the binary from the seeds, the doc.* section of every testdata/golden
// file (golden/) and a source stored in two versions (versioned/). Tests must
// not change it: copy subproc.db first.
func searchData(t *testing.T) string {
	t.Helper()
	datasetOnce.Do(func() {
		dir := filepath.Join(filepath.Dir(binary), "dataset") // removed by TestMain
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		buildDataset(t, dir)
		datasetDir = dir
	})
	if datasetDir == "" {
		t.Fatal("the search dataset could not be built")
	}
	return datasetDir
}

// buildDataset ingests the dataset into dir/subproc.db.
func buildDataset(t *testing.T, dir string) {
	t.Helper()
	golden := filepath.Join(dir, "golden")
	versioned := filepath.Join(dir, "versioned")
	for _, d := range []string{golden, versioned} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, af := range ar.Files {
			if ext, ok := strings.CutPrefix(af.Name, "doc."); ok {
				name := strings.TrimSuffix(filepath.Base(f), ".txtar") + "." + ext
				if err := os.WriteFile(filepath.Join(golden, name), af.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	harrier := filepath.Join(versioned, "harrier.md")
	if err := os.WriteFile(harrier, []byte(harrierV1), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, 0, "ingest", "--quiet", seedsDir, "golden", "versioned")
	if err := os.WriteFile(harrier, []byte(harrierV2), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, 0, "ingest", "--quiet", "versioned")
}

// rowHit is an object of search --format json, or of export --format json.
type rowHit struct {
	Rank       int      `json:"rank"`
	Score      float64  `json:"score"`
	Exact      bool     `json:"exact"`
	ID         int64    `json:"id"`
	Path       string   `json:"path"`
	Version    int      `json:"version"`
	SHA256     string   `json:"sha256"`
	Language   string   `json:"language"`
	Publisher  *string  `json:"publisher"`
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases"`
	Country    []string `json:"country"`
	Purpose    *string  `json:"purpose"`
	LegalBasis []string `json:"legal_basis"`
	Location   []string `json:"location"`
	RawName    string   `json:"raw_name"`
	RawNotes   []string `json:"raw_notes"`
	LineStart  int      `json:"line_start"`
	LineEnd    int      `json:"line_end"`
	Layout     string   `json:"layout"`
	EntityID   *int64   `json:"entity_id"`
}

// searchJSON runs search --format json with args and decodes its output.
func searchJSON(t *testing.T, dir string, args ...string) []rowHit {
	t.Helper()
	res := mustRun(t, dir, 0, append([]string{"search", "--format", "json", "--limit", "0"}, args...)...)
	var hits []rowHit
	if err := json.Unmarshal([]byte(res.stdout), &hits); err != nil {
		t.Fatalf("search %v: not a JSON array: %v\n%s", args, err, res.stdout)
	}
	return hits
}

// openWritable opens the SQLite file at path for writing.
func openWritable(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// parseCSV parses CSV text, failing on a byte-order mark or ragged rows.
func parseCSV(t *testing.T, text string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%.500s", err, text)
	}
	if len(recs) == 0 {
		t.Fatal("no CSV header")
	}
	return recs
}

func TestSearch(t *testing.T) {
	dir := searchData(t)
	db := openDB(t, filepath.Join(dir, "subproc.db"))
	latestRows := count(t, db, `SELECT count(*) FROM latest_subprocessors`)

	t.Run("table", func(t *testing.T) {
		res := mustRun(t, dir, 0, "search", "Twilio Inc.")
		lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
		if len(lines) < 4 || !strings.HasPrefix(lines[0], "#") || !strings.Contains(lines[0], "SOURCE") {
			t.Fatalf("want a header, rows and a count:\n%s", res.stdout)
		}
		first := strings.Fields(lines[1])
		if first[0] != "1" || first[1] != "Twilio" || first[2] != "Inc." {
			t.Errorf("first row is not Twilio Inc.: %s", lines[1])
		}
		if !regexp.MustCompile(`  golden/[a-z0-9-]+\.(txt|md|rst):\d+`).MatchString(filepath.ToSlash(lines[1])) {
			t.Errorf("first row has no relative source path and line: %s", lines[1])
		}
		if last := lines[len(lines)-1]; !strings.HasSuffix(last, "rows (newest versions)") {
			t.Errorf("last line %q, want the number of rows", last)
		}
		res = mustRun(t, dir, 0, "search", "--limit", "2", "hosting")
		if !strings.Contains(res.stdout, "2 of ") || !strings.Contains(res.stdout, "--limit 0 shows all") {
			t.Errorf("--limit 2: no '2 of N rows' line:\n%s", res.stdout)
		}
		res = mustRun(t, dir, 0, "search", "kestrel")
		if strings.TrimSpace(res.stdout) != "no rows found (newest versions)" {
			t.Errorf("kestrel in the newest versions: %q", res.stdout)
		}
		res = mustRun(t, dir, 0, "search", "--all-versions", "kestrel")
		if !strings.Contains(res.stdout, "VERSION") || !strings.Contains(res.stdout, "1 rows (all versions)") {
			t.Errorf("--all-versions kestrel:\n%s", res.stdout)
		}
	})

	t.Run("ranking", func(t *testing.T) {
		hits := searchJSON(t, dir, "Twilio Inc.")
		if len(hits) < 5 || hits[0].Name != "Twilio Inc." || !hits[0].Exact || hits[0].Rank != 1 {
			t.Fatalf("first of %d hits: %+v, want the exact name Twilio Inc.", len(hits), hits[0])
		}
		if hits[len(hits)-1].Exact {
			t.Errorf("every rowHit is exact")
		}
		for i, h := range hits {
			if h.Rank != i+1 || h.Path == "" || h.LineStart < 1 || h.SHA256 == "" {
				t.Errorf("rowHit %d: rank %d, path %q, line %d, sha %q", i, h.Rank, h.Path, h.LineStart, h.SHA256)
			}
		}
		if hits := searchJSON(t, dir, "aws"); len(hits) == 0 || !slices.Contains(hits[0].Aliases, "AWS") {
			t.Errorf("aws: first rowHit %+v, want a row with the alias AWS", hits[:min(1, len(hits))])
		}
	})

	t.Run("filters", func(t *testing.T) {
		if n := len(searchJSON(t, dir)); n != latestRows {
			t.Errorf("no query: %d rows, want the %d rows of the newest versions", n, latestRows)
		}
		tests := []struct {
			args []string
			ok   func(h rowHit) bool
		}{
			{[]string{"--country", "dk"}, func(h rowHit) bool { return slices.Contains(h.Country, "DK") }},
			{[]string{"--country", "DK,se"}, func(h rowHit) bool {
				return slices.Contains(h.Country, "DK") || slices.Contains(h.Country, "SE")
			}},
			{[]string{"--country", "DK", "--country", "SE"}, func(h rowHit) bool {
				return slices.Contains(h.Country, "DK") || slices.Contains(h.Country, "SE")
			}},
			{[]string{"--location", "eu"}, func(h rowHit) bool { return slices.Contains(h.Location, "EU") }},
			{[]string{"--legal-basis", "scc"}, func(h rowHit) bool { return slices.Contains(h.LegalBasis, "SCC") }},
			{[]string{"--legal-basis", "privacy-shield"}, func(h rowHit) bool { return slices.Contains(h.LegalBasis, "privacy_shield") }},
			{[]string{"--publisher", "QUILL"}, func(h rowHit) bool { return h.Publisher != nil && *h.Publisher == "Quillsoft" }},
			{[]string{"--language", "SV"}, func(h rowHit) bool { return h.Language == "sv" }},
			{[]string{"support", "--country", "US", "--legal-basis", "DPF"}, func(h rowHit) bool {
				return slices.Contains(h.Country, "US") && slices.Contains(h.LegalBasis, "DPF")
			}},
		}
		for _, tt := range tests {
			hits := searchJSON(t, dir, tt.args...)
			if len(hits) == 0 {
				t.Errorf("%v: no rows", tt.args)
			}
			for _, h := range hits {
				if !tt.ok(h) {
					t.Errorf("%v: row %q does not match", tt.args, h.Name)
				}
			}
		}
		dk := count(t, db, `SELECT count(*) FROM latest_subprocessors ls
			JOIN subprocessor_countries c ON c.subprocessor_id = ls.id AND c.code = 'DK'`)
		if n := len(searchJSON(t, dir, "--country", "DK")); n != dk {
			t.Errorf("--country DK: %d rows, the database has %d", n, dk)
		}
		if hits := searchJSON(t, dir, "--all-versions", "osprey"); len(hits) != 2 || hits[0].Version != 1 || hits[1].Version != 2 {
			t.Errorf("--all-versions osprey: %+v, want versions 1 and 2", hits)
		}
	})

	t.Run("csv", func(t *testing.T) {
		res := mustRun(t, dir, 0, "search", "--format", "csv", "kestrel", "--all-versions")
		recs := parseCSV(t, res.stdout)
		if !slices.Equal(recs[0][:5], []string{"rank", "score", "exact", "id", "path"}) || len(recs) != 2 {
			t.Fatalf("header %v and %d rows, want rank, score, exact, id, path ... and 1 row", recs[0], len(recs)-1)
		}
		name := slices.Index(recs[0], "name")
		purpose := slices.Index(recs[0], "purpose")
		if recs[1][name] != "Kestrel Mail ApS" || recs[1][purpose] != `transactional email "receipts", stored in Denmark` {
			t.Errorf("row %q", recs[1])
		}
	})

	t.Run("entity", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "entities.db")
		copyFile(t, filepath.Join(dir, "subproc.db"), path)
		db := openDB(t, path)
		w := openWritable(t, path)
		// Start from no entities, whether or not ingest resolved them.
		for _, table := range []string{"entity_links", "entity_members", "entities"} {
			if _, err := w.Exec(`DELETE FROM ` + table); err != nil {
				t.Fatal(err)
			}
		}
		res := mustRun(t, dir, 1, "search", "--db", path, "--entity", "Amazon Web Services EMEA SARL")
		if !strings.Contains(res.stderr, "--entity") || !strings.Contains(res.stderr, "hint:") {
			t.Errorf("--entity without entities: stderr\n%s", res.stderr)
		}
		// Entities as ingest resolves them, simplified: one per name.
		rows, err := db.Query(`SELECT DISTINCT name FROM latest_subprocessors`)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for rows.Next() {
			var n string
			rows.Scan(&n)
			names = append(names, n)
		}
		rows.Close()
		for _, n := range names {
			if _, err := w.Exec(`INSERT INTO entities (name, key) VALUES (?, ?)`, n, normalize.EntityKey(n)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Exec(`INSERT INTO entity_members (entity_id, subprocessor_id)
			SELECT e.id, ls.id FROM latest_subprocessors ls JOIN entities e ON e.name = ls.name`); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := db.QueryRow(`SELECT entity_id FROM entity_members m JOIN subprocessors sp ON sp.id = m.subprocessor_id
			WHERE sp.name = 'Amazon Web Services EMEA SARL'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		want := count(t, db, `SELECT count(*) FROM entity_members WHERE entity_id = ?`, id)
		var name string
		db.QueryRow(`SELECT name FROM entities WHERE id = ?`, id).Scan(&name)
		// By name, by id, and by key (legal form and case ignored).
		for _, e := range []string{name, strings.ToUpper(name), strconv.FormatInt(id, 10), "AMAZON WEB SERVICES EMEA"} {
			hits := searchJSON(t, dir, "--db", path, "--entity", e)
			if len(hits) != want || want == 0 {
				t.Errorf("--entity %q: %d rows, want %d", e, len(hits), want)
			}
			for _, h := range hits {
				if h.EntityID == nil || *h.EntityID != id {
					t.Errorf("--entity %q: row %q of entity %v", e, h.Name, h.EntityID)
				}
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		for _, tt := range []struct {
			args   []string
			stderr string
		}{
			{[]string{"--country", "DNK"}, `--country "DNK"`},
			{[]string{"--location", "Europe"}, `--location "Europe"`},
			{[]string{"--legal-basis", "gdpr"}, "SCC, BCR"},
			{[]string{"--language", "english"}, `--language "english"`},
			{[]string{"--format", "xml"}, "--format"},
			{[]string{"--limit", "-1"}, "--limit"},
			{[]string{"--bogus"}, "-bogus"},
			{[]string{"&", "/"}, "no words"},
			{[]string{"--db", "missing.db", "aws"}, "missing.db does not exist"},
		} {
			res := mustRun(t, dir, 1, append([]string{"search"}, tt.args...)...)
			if !strings.Contains(res.stderr, tt.stderr) || res.stdout != "" {
				t.Errorf("search %v: stderr %q, want %q; stdout %q", tt.args, res.stderr, tt.stderr, res.stdout)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
			t.Errorf("search created a database")
		}
		if res := mustRun(t, dir, 0, "search", "--help"); !strings.Contains(res.stdout, "Exit codes:") {
			t.Errorf("search --help:\n%s", res.stdout)
		}
		if res := mustRun(t, dir, 0, "help", "search"); !strings.Contains(res.stdout, "--legal-basis X") {
			t.Errorf("help search:\n%s", res.stdout)
		}
	})
}
