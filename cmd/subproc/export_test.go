package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// wantColumns is the documented column order of export.
var wantColumns = []string{"id", "path", "version", "sha256", "format", "language", "publisher",
	"ingested_at", "ord", "name", "aliases", "reg_no", "reg_no_valid", "address", "country", "purpose",
	"legal_basis", "location", "data_categories", "entity_id", "entity", "raw_name", "raw_reg_no",
	"raw_address", "raw_country", "raw_purpose", "raw_legal_basis", "raw_location",
	"raw_data_categories", "raw_notes", "page", "line_start", "line_end", "layout"}

// jsonKeys returns the keys of the JSON object at the start of text, in order.
func jsonKeys(t *testing.T, text string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %v %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestExport(t *testing.T) {
	dir := searchData(t)
	db := openDB(t, filepath.Join(dir, "subproc.db"))
	all := count(t, db, `SELECT count(*) FROM subprocessors`)

	t.Run("csv", func(t *testing.T) {
		res := mustRun(t, dir, 0, "export")
		if strings.HasPrefix(res.stdout, "\uFEFF") {
			t.Errorf("a byte-order mark without --bom")
		}
		if !strings.HasSuffix(res.stdout, "\r\n") || strings.Count(res.stdout, "\r\n") < all+1 {
			t.Errorf("want CRLF line ends (RFC 4180)")
		}
		recs := parseCSV(t, res.stdout)
		if !slices.Equal(recs[0], wantColumns) {
			t.Fatalf("header %q,\nwant %q", recs[0], wantColumns)
		}
		if len(recs)-1 != all {
			t.Fatalf("%d rows, the database has %d (every version)", len(recs)-1, all)
		}
		col := func(name string) int { return slices.Index(recs[0], name) }
		// Every list is joined with "; ", every value as stored.
		rows, err := db.Query(`SELECT sp.id, s.path, d.version, sp.name, sp.country, coalesce(sp.purpose, ''),
			(SELECT group_concat(value, '; ') FROM json_each(sp.location)), sp.line_start
			FROM subprocessors sp JOIN documents d ON d.id = sp.document_id JOIN sources s ON s.id = d.source_id
			ORDER BY s.path, d.version, sp.ord`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		multi := 0
		for i := 1; rows.Next(); i++ {
			var id, version, line int
			var path, name, country, purpose string
			var location *string
			if err := rows.Scan(&id, &path, &version, &name, &country, &purpose, &location, &line); err != nil {
				t.Fatal(err)
			}
			var countries []string
			json.Unmarshal([]byte(country), &countries)
			if len(countries) > 1 {
				multi++
			}
			r := recs[i]
			want := []string{strconv.Itoa(id), path, strconv.Itoa(version), name, strings.Join(countries, "; "), purpose, strOr(location), strconv.Itoa(line)}
			got := []string{r[col("id")], r[col("path")], r[col("version")], r[col("name")], r[col("country")], r[col("purpose")], r[col("location")], r[col("line_start")]}
			if !slices.Equal(got, want) {
				t.Errorf("row %d: %q, want %q", i, got, want)
			}
		}
		if multi == 0 {
			t.Errorf("no row with two countries to check the list join")
		}
		if !strings.Contains(res.stdout, `,"transactional email ""receipts"", stored in Denmark",`) {
			t.Errorf("a purpose with quotes and a comma is not quoted as RFC 4180 says")
		}
	})

	t.Run("newlines and bom", func(t *testing.T) {
		tmp := t.TempDir()
		path := filepath.Join(tmp, "edited.db")
		copyFile(t, filepath.Join(dir, "subproc.db"), path)
		purpose := "line one\nline two, \"quoted\"; end\r\nline three"
		if _, err := openWritable(t, path).Exec(`UPDATE subprocessors SET purpose = ? WHERE name = 'Osprey Hosting GmbH'`, purpose); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(tmp, "out.csv")
		res := mustRun(t, dir, 0, "export", "--db", path, "--bom", "--out", out, "--latest", "osprey")
		if res.stdout != "" || !strings.Contains(res.stderr, "1 rows written to "+out) {
			t.Errorf("--out: stdout %q, stderr %q", res.stdout, res.stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		text, ok := strings.CutPrefix(string(b), "\uFEFF")
		if !ok {
			t.Fatalf("--bom: file starts with % x", b[:min(3, len(b))])
		}
		recs := parseCSV(t, text)
		if len(recs) != 2 {
			t.Fatalf("%d rows, want 1", len(recs)-1)
		}
		// encoding/csv reads a quoted "\r\n" as "\n", as RFC 4180 writes a line break.
		if got, want := recs[1][slices.Index(recs[0], "purpose")], strings.ReplaceAll(purpose, "\r\n", "\n"); got != want {
			t.Errorf("purpose %q, want %q", got, want)
		}
		if got := recs[1][slices.Index(recs[0], "version")]; got != "2" {
			t.Errorf("--latest osprey: version %s, want 2", got)
		}
		// The index followed the update.
		if hits := searchJSON(t, dir, "--db", path, "quoted"); len(hits) != 1 || hits[0].Name != "Osprey Hosting GmbH" {
			t.Errorf("search after the update: %+v", hits)
		}
		entries, _ := os.ReadDir(tmp)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("temporary file %s left behind", e.Name())
			}
		}
	})

	t.Run("json", func(t *testing.T) {
		res := mustRun(t, dir, 0, "export", "--format", "json")
		var objs []map[string]any
		if err := json.Unmarshal([]byte(res.stdout), &objs); err != nil {
			t.Fatalf("not a JSON array: %v", err)
		}
		if len(objs) != all {
			t.Errorf("%d objects, want %d", len(objs), all)
		}
		first := strings.TrimPrefix(res.stdout, "[\n")
		if keys := jsonKeys(t, first); !slices.Equal(keys, wantColumns) {
			t.Errorf("keys %q,\nwant %q", keys, wantColumns)
		}
		if strings.Contains(res.stdout, `\u0026`) || !strings.Contains(res.stdout, `"Intercom R&D Unlimited Company"`) {
			t.Errorf("JSON escapes & as \\u0026")
		}
		for _, o := range objs {
			if _, ok := o["aliases"].([]any); !ok {
				t.Fatalf("aliases is not an array: %v", o)
			}
		}
		res = mustRun(t, dir, 0, "export", "--format", "json", "no-such-word-anywhere")
		if res.stdout != "[\n]\n" {
			t.Errorf("no rows: %q, want an empty array", res.stdout)
		}
	})

	t.Run("jsonl", func(t *testing.T) {
		res := mustRun(t, dir, 0, "export", "--format", "jsonl", "--latest")
		sc := bufio.NewScanner(strings.NewReader(res.stdout))
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			var h rowHit
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil {
				t.Fatalf("line %d: %v", n+1, err)
			}
			n++
		}
		if want := count(t, db, `SELECT count(*) FROM latest_subprocessors`); n != want {
			t.Errorf("--latest: %d lines, want %d", n, want)
		}
	})

	t.Run("filters", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			want int
		}{
			{[]string{"--country", "DK"}, count(t, db, `SELECT count(*) FROM subprocessor_countries WHERE code = 'DK'`)},
			{[]string{"--location", "EU", "--legal-basis", "SCC"}, count(t, db, `SELECT count(*) FROM subprocessor_locations l
				JOIN subprocessor_legal_bases b ON b.subprocessor_id = l.subprocessor_id AND b.basis = 'SCC' WHERE l.code = 'EU'`)},
			{[]string{"--language", "nn", "--publisher", "a"}, count(t, db, `SELECT count(*) FROM subprocessors sp
				JOIN documents d ON d.id = sp.document_id WHERE d.language = 'nn' AND d.publisher LIKE '%a%'`)},
			{[]string{"osprey"}, 2},
			{[]string{"--latest", "osprey"}, 1},
		} {
			res := mustRun(t, dir, 0, append([]string{"export", "--format", "jsonl"}, tt.args...)...)
			if n := strings.Count(res.stdout, "\n"); n != tt.want || n == 0 {
				t.Errorf("export %v: %d rows, want %d (> 0)", tt.args, n, tt.want)
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		tmp := t.TempDir()
		for _, tt := range []struct {
			args   []string
			stderr string
		}{
			{[]string{"--format", "xlsx"}, "--format"},
			{[]string{"--format", "json", "--bom"}, "--bom"},
			{[]string{"--country", "Denmark"}, `--country "Denmark"`},
			{[]string{"--out", filepath.Join(tmp, "missing", "x.csv")}, "create " + filepath.Join(tmp, "missing", "x.csv")},
			{[]string{"--out", tmp}, "is a folder"},
			{[]string{"--db", filepath.Join(tmp, "none.db")}, "does not exist"},
		} {
			res := mustRun(t, dir, 1, append([]string{"export"}, tt.args...)...)
			if !strings.Contains(res.stderr, tt.stderr) || res.stdout != "" {
				t.Errorf("export %v: stderr %q, want %q; stdout %.100q", tt.args, res.stderr, tt.stderr, res.stdout)
			}
		}
		if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
			t.Errorf("failed exports left files: %v", entries)
		}
		if res := mustRun(t, dir, 0, "help", "export"); !strings.Contains(res.stdout, "--bom") || !strings.Contains(res.stdout, "Exit codes:") {
			t.Errorf("help export:\n%s", res.stdout)
		}
		if help := mustRun(t, dir, 0, "help").stdout; !strings.Contains(help, "search ") || !strings.Contains(help, "export ") {
			t.Errorf("help lists no search or export:\n%s", help)
		}
	})
}

func strOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
