package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fillLines returns the per-document lines of stderr ("NAME: LANG, N rows:
// name N ..." or "NAME: LANG, no sub-processor list found") by the base name
// of the document, the name cut off.
func fillLines(t testing.TB, stderr string) map[string]string {
	t.Helper()
	re := regexp.MustCompile(`^(.+?): ([a-z]{2}, (?:\d+ rows?:(?: [a-z_]+ \d+){9}|no sub-processor list found))$`)
	out := map[string]string{}
	for _, l := range strings.Split(stderr, "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			out[filepath.Base(m[1])] = m[2]
		}
	}
	return out
}

// TestIngestVerbose: -v prints per document the line extract prints; the
// default output has none.
func TestIngestVerbose(t *testing.T) {
	dir := t.TempDir()
	want := fillLines(t, mustRun(t, dir, 0, "extract", seedsDir).stderr)
	if len(want) != 5 {
		t.Fatalf("extract printed %d field lines, want 5", len(want))
	}

	res := mustRun(t, dir, 0, "ingest", "-v", "--db", "v.db", seedsDir)
	got := fillLines(t, res.stderr)
	if len(got) != 5 {
		t.Errorf("ingest -v printed %d field lines, want 5:\n%s", len(got), res.stderr)
	}
	for name, line := range want {
		if got[name] != line {
			t.Errorf("%s: ingest -v says %q, extract %q", name, got[name], line)
		}
	}

	res = mustRun(t, dir, 0, "ingest", "--verbose", "--db", "v.db", seedsDir)
	if n := strings.Count(res.stderr, ": unchanged since last ingest (version 1)\n"); n != 5 {
		t.Errorf("second ingest --verbose: %d unchanged lines, want 5:\n%s", n, res.stderr)
	}

	res = mustRun(t, dir, 0, "ingest", "--db", "quiet.db", seedsDir)
	if got := fillLines(t, res.stderr); len(got) != 0 {
		t.Errorf("ingest without -v printed field lines:\n%s", res.stderr)
	}

	for _, flags := range [][]string{{"-v", "--quiet"}, {"--verbose", "--json"}} {
		res := mustRun(t, dir, 1, append(append([]string{"ingest"}, flags...), seedsDir)...)
		if !strings.Contains(res.stderr, "--verbose cannot be used with --quiet or --json") {
			t.Errorf("ingest %s: stderr %q", strings.Join(flags, " "), res.stderr)
		}
	}
}

// TestIngestJSONFields: each document event has "fields", the counts extract
// prints; the summary counts the entities.
func TestIngestJSONFields(t *testing.T) {
	dir := t.TempDir()
	want := fillLines(t, mustRun(t, dir, 0, "extract", seedsDir).stderr)
	res := mustRun(t, dir, 0, "ingest", "--json", seedsDir)
	docs := 0
	for _, line := range strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n") {
		var ev struct {
			Event    string         `json:"event"`
			Path     string         `json:"path"`
			Language string         `json:"language"`
			Rows     int            `json:"rows"`
			Fields   map[string]int `json:"fields"`
			Entities *int           `json:"entities"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("stdout line is not JSON: %v\n%s", err, line)
		}
		switch ev.Event {
		case "document":
			docs++
			name := filepath.Base(ev.Path)
			if len(ev.Fields) != 9 || ev.Fields["name"] != ev.Rows {
				t.Errorf("%s: fields %v, want 9 fields, name filled in all %d rows", name, ev.Fields, ev.Rows)
			}
			// The same counts as extract's line.
			var b strings.Builder
			b.WriteString(ev.Language + ", " + plural(ev.Rows, "row") + ":")
			for _, f := range []string{"name", "aliases", "reg_no", "address", "country", "purpose",
				"legal_basis", "location", "data_categories"} {
				b.WriteString(" " + f + " " + itoa(ev.Fields[f]))
			}
			if got := b.String(); got != want[name] {
				t.Errorf("%s: fields %v make %q, extract says %q", name, ev.Fields, got, want[name])
			}
		case "summary":
			if ev.Entities == nil || *ev.Entities < 1 {
				t.Errorf("summary: entities %v, want a count", ev.Entities)
			}
		}
	}
	if docs != 5 {
		t.Errorf("%d document events, want 5", docs)
	}

	db := openDB(t, filepath.Join(dir, "subproc.db"))
	members := count(t, db, `SELECT count(*) FROM entity_members`)
	latest := count(t, db, `SELECT count(*) FROM latest_subprocessors`)
	if members != latest || members == 0 {
		t.Errorf("%d entity members, want every row of the newest versions (%d)", members, latest)
	}
	if n := count(t, db, `SELECT count(*) FROM entity_links l JOIN entity_members f ON f.subprocessor_id = l.from_subprocessor_id
		JOIN entity_members t ON t.subprocessor_id = l.to_subprocessor_id
		WHERE f.entity_id <> l.entity_id OR t.entity_id <> l.entity_id`); n != 0 {
		t.Errorf("%d links join rows of another entity", n)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
