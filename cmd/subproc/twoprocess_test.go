package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lockErrors are what SQLite says when a lock was not granted in time.
var lockErrors = []string{"database is locked", "database table is locked", "SQLITE_BUSY"}

// checkNoLock fails the test when out, what a process printed, reports a lock error.
func checkNoLock(t testing.TB, what, out string) {
	t.Helper()
	for _, e := range lockErrors {
		if strings.Contains(out, e) {
			t.Errorf("%s: %q:\n%s", what, e, out)
		}
	}
}

// TestTwoProcess runs an ingest into a database while other processes read
// it in a loop: `subproc search`, `subproc export --format jsonl` and
// GET /api/search of a `subproc serve` started before the ingest. Every
// process exits 0, no one reports a lock, every read is valid JSON, and the
// readers see the ingest's commits as they come (the exported rows never go
// down and end at the rows stored).
func TestTwoProcess(t *testing.T) {
	dir := t.TempDir()
	a := buildCorpus(t, filepath.Join(dir, "a"), crashCorpusSize)
	b := buildCorpus(t, filepath.Join(dir, "b"), crashCorpusSize)
	db := filepath.Join(dir, "two.db")
	// serve opens an existing database only: start from the seeds.
	mustRun(t, dir, 0, "ingest", "--quiet", "--db", db, seedsDir)
	srv := startServe(t, dir, "--db", db)

	ingest := exec.Command(binary, "ingest", "--quiet", "--db", db, a, b)
	ingest.Dir = dir
	var ingestOut, ingestErr bytes.Buffer
	ingest.Stdout, ingest.Stderr = &ingestOut, &ingestErr
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ingest.Wait() }()

	var reads, exported, firstExport int
	var ingestErrV error
loop:
	for {
		select {
		case ingestErrV = <-done:
			break loop
		default:
		}
		reads++

		res := run(t, dir, "search", "--db", db, "--format", "json", "--limit", "5", "hosting")
		checkNoLock(t, "search", res.stderr)
		var found []map[string]any
		if res.code != 0 || json.Unmarshal([]byte(res.stdout), &found) != nil {
			t.Fatalf("search during ingest: exit code %d, stdout not a JSON array:\n%s\nstderr:\n%s",
				res.code, res.stdout, res.stderr)
		}

		res = run(t, dir, "export", "--db", db, "--format", "jsonl")
		checkNoLock(t, "export", res.stderr)
		if res.code != 0 {
			t.Fatalf("export during ingest: exit code %d\n%s", res.code, res.stderr)
		}
		n := 0
		sc := bufio.NewScanner(strings.NewReader(res.stdout))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if !json.Valid(sc.Bytes()) {
				t.Fatalf("export during ingest: line %d is not JSON: %s", n+1, sc.Text())
			}
			n++
		}
		if n < exported {
			t.Errorf("export during ingest: %d rows after %d: rows went missing", n, exported)
		}
		if reads == 1 {
			firstExport = n
		}
		exported = n

		body := httpGet(t, srv.URL+"api/search?q=hosting", "application/json")
		var page struct {
			Total *int            `json:"total"`
			Rows  json.RawMessage `json:"rows"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil || page.Total == nil {
			t.Fatalf("GET /api/search during ingest: %v\n%s", err, body)
		}
	}
	checkNoLock(t, "ingest", ingestErr.String())
	if ingestErrV != nil {
		t.Fatalf("ingest: %v\nstdout:\n%s\nstderr:\n%s", ingestErrV, ingestOut.String(), ingestErr.String())
	}
	t.Logf("%d rounds of search, export and GET /api/search while ingest ran; exports during it went from %d to %d rows",
		reads, firstExport, exported)
	if reads < 2 {
		t.Errorf("only %d rounds of reads while ingest ran: the test proved little", reads)
	}

	// After the ingest the readers see all of it.
	rows := count(t, openDB(t, db), `SELECT count(*) FROM subprocessors`)
	res := mustRun(t, dir, 0, "export", "--db", db, "--format", "jsonl")
	if n := strings.Count(res.stdout, "\n"); n != rows {
		t.Errorf("export after ingest: %d lines, want %d rows", n, rows)
	}
	body := httpGet(t, srv.URL+"api/search?q=hosting", "application/json")
	if !json.Valid([]byte(body)) {
		t.Errorf("GET /api/search after ingest: %s", body)
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("serve: exit code %d", code)
	}
	checkNoLock(t, "serve", srv.stderr.String())
}
