package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestIngestSeeds(t *testing.T) {
	dir := t.TempDir()
	res := mustRun(t, dir, 0, "ingest", seedsDir)
	dbPath := filepath.Join(dir, "subproc.db") // the default database
	db := openDB(t, dbPath)

	if got := count(t, db, `SELECT count(*) FROM documents`); got != 5 {
		t.Errorf("%d documents stored, want 5", got)
	}
	if !regexp.MustCompile(`(?m)^\s+ingested\s+5$`).MatchString(res.stdout) {
		t.Errorf("summary does not say 5 ingested:\n%s", res.stdout)
	}

	wantRows := goldRows(t)
	wantLang := map[string]string{"000": "nb", "001": "da", "002": "sv", "003": "nb", "004": "sv"}
	rows, err := db.Query(`SELECT path, status, language, language_confidence, version, row_count,
		(SELECT count(*) FROM subprocessors sp WHERE sp.document_id = ld.id)
		FROM latest_documents ld ORDER BY path`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var path, status, lang string
		var conf float64
		var version, rowCount, stored int
		if err := rows.Scan(&path, &status, &lang, &conf, &version, &rowCount, &stored); err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		if !filepath.IsAbs(path) {
			t.Errorf("%s: stored path %q is not absolute", name, path)
		}
		if want := wantLang[name[:3]]; lang != want || conf <= 0 || conf > 1 {
			t.Errorf("%s: language %s (confidence %v), want %s", name, lang, conf, want)
		}
		if status != "ok" || version != 1 {
			t.Errorf("%s: status %s version %d, want ok version 1", name, status, version)
		}
		if want := wantRows[name]; stored != want || rowCount != want {
			t.Errorf("%s: %d rows stored (row_count %d), want %d as in the gold file", name, stored, rowCount, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM subprocessors
		WHERE line_start < 1 OR line_end < line_start OR layout IS NULL OR raw_name IS NULL`); n != 0 {
		t.Errorf("%d rows without provenance (line range, layout, raw name)", n)
	}
}

// TestGoldRowCounts pins the fixture the ingest test compares with.
func TestGoldRowCounts(t *testing.T) {
	got := goldRows(t)
	want := map[string]int{"000": 3, "001": 3, "002": 4, "003": 14, "004": 16}
	for name, n := range got {
		if want[name[:3]] != n {
			t.Errorf("%s: %d gold rows, want %d", name, n, want[name[:3]])
		}
	}
}

func TestIngestTwiceWritesNothing(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, 0, "ingest", "--db", "x.db", seedsDir)
	db := openDB(t, filepath.Join(dir, "x.db"))
	docs := count(t, db, `SELECT count(*) FROM documents`)
	rows := count(t, db, `SELECT count(*) FROM subprocessors`)

	res := mustRun(t, dir, 0, "ingest", "--db", "x.db", seedsDir)
	if !regexp.MustCompile(`(?m)^\s+unchanged\s+5$`).MatchString(res.stdout) ||
		!strings.Contains(res.stdout, " 0 rows written") {
		t.Errorf("second run: summary does not say 5 unchanged, 0 rows written:\n%s", res.stdout)
	}
	if got := count(t, db, `SELECT count(*) FROM documents`); got != docs {
		t.Errorf("second run: %d documents, want %d as before", got, docs)
	}
	if got := count(t, db, `SELECT count(*) FROM subprocessors`); got != rows {
		t.Errorf("second run: %d rows, want %d as before", got, rows)
	}
}

func TestIngestChangedDocumentIsNewVersion(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	if err := os.Mkdir(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	src := seed(t, "003")
	doc := filepath.Join(docs, filepath.Base(src))
	copyFile(t, src, doc)
	mustRun(t, dir, 0, "ingest", "docs")

	f, err := os.OpenFile(doc, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nOppdatert 1. mars 2025.\n")
	f.Close()
	mustRun(t, dir, 0, "ingest", "docs")

	db := openDB(t, filepath.Join(dir, "subproc.db"))
	if n := count(t, db, `SELECT count(*) FROM sources`); n != 1 {
		t.Errorf("%d sources, want 1", n)
	}
	want := goldRows(t)[filepath.Base(src)]
	for v := 1; v <= 2; v++ {
		n := count(t, db, `SELECT count(*) FROM subprocessors sp JOIN documents d ON d.id = sp.document_id
			WHERE d.version = ?`, v)
		if n != want {
			t.Errorf("version %d: %d rows, want %d", v, n, want)
		}
	}
	if n := count(t, db, `SELECT count(DISTINCT sha256) FROM documents`); n != 2 {
		t.Errorf("%d distinct hashes, want 2", n)
	}
}

func TestIngestFailedDocument(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	os.Mkdir(docs, 0o755)
	copyFile(t, seed(t, "004"), filepath.Join(docs, "good.txt"))
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i * 7 % 256)
	}
	if err := os.WriteFile(filepath.Join(docs, "junk.txt"), junk, 0o644); err != nil {
		t.Fatal(err)
	}
	res := mustRun(t, dir, 3, "ingest", "docs")
	if !regexp.MustCompile(`(?m)^error: docs/junk\.txt: decode: .+`).MatchString(res.stderr) {
		t.Errorf("stderr has no error line for junk.txt naming the stage:\n%s", res.stderr)
	}
	if !regexp.MustCompile(`(?m)^\s+failed\s+1$`).MatchString(res.stdout) {
		t.Errorf("summary does not say 1 failed:\n%s", res.stdout)
	}

	db := openDB(t, filepath.Join(dir, "subproc.db"))
	var status, stage, reason string
	err := db.QueryRow(`SELECT status, coalesce(stage, ''), coalesce(error, '') FROM latest_documents
		WHERE path LIKE '%junk.txt'`).Scan(&status, &stage, &reason)
	if err != nil {
		t.Fatal(err)
	}
	if status != "failed" || stage != "decode" || reason == "" {
		t.Errorf("junk.txt stored as %s at %q with reason %q, want failed at decode with a reason", status, stage, reason)
	}
	if n := count(t, db, `SELECT row_count FROM latest_documents WHERE path LIKE '%good.txt' AND status = 'ok'`); n != 16 {
		t.Errorf("good.txt: %d rows, want 16", n)
	}
}

func TestIngestJSON(t *testing.T) {
	dir := t.TempDir()
	res := mustRun(t, dir, 0, "ingest", "--json", seedsDir)
	var events []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("stdout line is not JSON: %v\n%s", err, line)
		}
		events = append(events, ev)
	}
	if len(events) != 7 {
		t.Fatalf("%d events, want start, 5 documents, summary:\n%s", len(events), res.stdout)
	}
	if events[0]["event"] != "start" || events[0]["documents"] != 5.0 {
		t.Errorf("first event: %v", events[0])
	}
	for _, ev := range events[1:6] {
		if ev["event"] != "document" || ev["status"] != "ok" || ev["rows"].(float64) < 1 || ev["version"] != 1.0 {
			t.Errorf("document event: %v", ev)
		}
	}
	if last := events[6]; last["event"] != "summary" || last["ingested"] != 5.0 || last["failed"] != 0.0 {
		t.Errorf("last event: %v", last)
	}
	if res.stderr != "" {
		t.Errorf("--json run printed on stderr:\n%s", res.stderr)
	}
}

func TestIngestQuiet(t *testing.T) {
	res := mustRun(t, t.TempDir(), 0, "ingest", "--quiet", seedsDir)
	if res.stdout != "" || res.stderr != "" {
		t.Errorf("--quiet printed:\nstdout:\n%s\nstderr:\n%s", res.stdout, res.stderr)
	}
}

// TestIngestInterrupted sends SIGINT during a run: exit 130, and the
// database holds whole documents only.
func TestIngestInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	os.Mkdir(docs, 0o755)
	seeds, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	for i := range 60 {
		for _, s := range seeds {
			copyFile(t, s, filepath.Join(docs, strings.Replace(filepath.Base(s), "_", "_"+string(rune('a'+i%26))+string(rune('a'+i/26))+"_", 1)))
		}
	}
	cmd := exec.Command(binary, "ingest", "--json", "--workers", "2", "docs")
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	documents := 0
	for sc.Scan() {
		if strings.Contains(sc.Text(), `"event":"document"`) {
			documents++
			if documents == 10 {
				cmd.Process.Signal(syscall.SIGINT)
			}
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("no exit a minute after SIGINT")
	}
	code := cmd.ProcessState.ExitCode()
	if code == 0 {
		t.Skip("the run finished before the interrupt")
	}
	if code != 130 {
		t.Fatalf("exit code %d (%v), want 130", code, err)
	}
	db := openDB(t, filepath.Join(dir, "subproc.db"))
	stored := count(t, db, `SELECT count(*) FROM documents`)
	if stored < 10 || stored >= len(seeds)*60 {
		t.Errorf("%d documents stored, want at least the 10 reported and not all", stored)
	}
	if n := count(t, db, `SELECT count(*) FROM documents d
		WHERE row_count <> (SELECT count(*) FROM subprocessors WHERE document_id = d.id)`); n != 0 {
		t.Errorf("%d documents stored without all their rows", n)
	}
	if stored != documents {
		t.Errorf("%d documents stored, %d reported as done", stored, documents)
	}
}
