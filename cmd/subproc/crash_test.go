package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

var (
	crashRuns = flag.Int("crash.runs", 6, "TestCrash: ingests killed with SIGKILL, each then completed")
	crashSeed = flag.Uint64("crash.seed", 1, "TestCrash: seed of the random kill delays")
)

// crashCorpusSize is how many documents TestCrash and TestTwoProcess ingest.
const crashCorpusSize = 60

// buildCorpus writes up to n small text documents into a new folder of dir
// and returns it: the seeds, then the doc.* section of each
// testdata/golden/*.txtar, named after its archive.
func buildCorpus(t testing.TB, dir string, n int) string {
	t.Helper()
	out := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds in %s: %v", seedsDir, err)
	}
	written := 0
	for _, s := range seeds {
		if written == n {
			return out
		}
		copyFile(t, s, filepath.Join(out, filepath.Base(s)))
		written++
	}
	goldens, err := filepath.Glob(filepath.Join(seedsDir, "..", "golden", "*.txtar"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden files next to %s: %v", seedsDir, err)
	}
	for _, g := range goldens {
		ar, err := txtar.ParseFile(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if written == n {
				return out
			}
			if !strings.HasPrefix(f.Name, "doc.") {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(g), ".txtar") + filepath.Ext(f.Name)
			if err := os.WriteFile(filepath.Join(out, name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			written++
		}
	}
	if written < n {
		t.Fatalf("corpus: %d documents, want %d", written, n)
	}
	return out
}

// storedDoc is the newest stored version of one source.
type storedDoc struct {
	Version  int
	SHA256   string
	Status   string
	RowCount int
}

// dbState is what a database holds, as far as a crash could damage it.
type dbState struct {
	docs     map[string]storedDoc // by source path
	rows     int                  // subprocessors rows
	entities int                  // entities, entity_members and entity_links rows
	digest   [32]byte             // of every row's source, order and values
}

// checkDB opens the database at path and fails the test unless it is
// consistent: integrity_check ok, no dangling foreign key, every document
// with exactly row_count rows, no duplicate (source, version), one full-text
// index entry per row. It returns what the database holds.
func checkDB(t testing.TB, path string) dbState {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	var integrity string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("%s: integrity_check: %q %v", path, integrity, err)
	}
	if n := count(t, db, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%s: %d dangling foreign keys", path, n)
	}
	if n := count(t, db, `
		SELECT count(*) FROM documents d
		WHERE d.row_count <> (SELECT count(*) FROM subprocessors WHERE document_id = d.id)`); n != 0 {
		t.Errorf("%s: %d documents whose rows are not row_count (a partial document)", path, n)
	}
	if n := count(t, db, `
		SELECT count(*) FROM (SELECT 1 FROM documents GROUP BY source_id, version HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%s: %d duplicate (source, version)", path, n)
	}
	if n := count(t, db, `SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM documents WHERE source_id = s.id)`); n != 0 {
		t.Errorf("%s: %d sources without a document", path, n)
	}

	st := dbState{docs: make(map[string]storedDoc)}
	st.rows = count(t, db, `SELECT count(*) FROM subprocessors`)
	if n := count(t, db, `SELECT count(*) FROM subprocessors_fts`); n != st.rows {
		t.Errorf("%s: %d full-text index entries for %d rows", path, n, st.rows)
	}
	st.entities = count(t, db, `SELECT (SELECT count(*) FROM entities) + (SELECT count(*) FROM entity_members) + (SELECT count(*) FROM entity_links)`)

	rows, err := db.Query(`
		SELECT s.path, d.version, coalesce(d.sha256, ''), d.status, d.row_count
		FROM documents d JOIN sources s ON s.id = d.source_id
		ORDER BY s.path, d.version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var d storedDoc
		if err := rows.Scan(&p, &d.Version, &d.SHA256, &d.Status, &d.RowCount); err != nil {
			t.Fatal(err)
		}
		if _, dup := st.docs[p]; dup {
			t.Errorf("%s: %s stored more than once (version %d)", path, p, d.Version)
		}
		st.docs[p] = d
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	var all bytes.Buffer
	sp, err := db.Query(`
		SELECT s.path, d.version, sp.ord, sp.name, sp.country, sp.location, sp.legal_basis,
			coalesce(sp.reg_no, ''), coalesce(sp.purpose, ''), sp.line_start, sp.line_end
		FROM subprocessors sp JOIN documents d ON d.id = sp.document_id JOIN sources s ON s.id = d.source_id
		ORDER BY s.path, d.version, sp.ord`)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	for sp.Next() {
		var p, name, country, location, basis, regNo, purpose string
		var version, ord, start, end int
		if err := sp.Scan(&p, &version, &ord, &name, &country, &location, &basis, &regNo, &purpose, &start, &end); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&all, "%s\x00%d\x00%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%d\n",
			p, version, ord, name, country, location, basis, regNo, purpose, start, end)
	}
	if err := sp.Err(); err != nil {
		t.Fatal(err)
	}
	st.digest = sha256.Sum256(all.Bytes())
	return st
}

// killedIngest starts `subproc ingest --quiet --db db corpus` and kills it
// with SIGKILL after delay. It reports whether the kill happened; false
// means the ingest finished first (and then it must have exited 0).
func killedIngest(t testing.TB, db, corpus string, delay time.Duration) bool {
	t.Helper()
	cmd := exec.Command(binary, "ingest", "--quiet", "--db", db, corpus)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ingest finished before the kill: %v\n%s", err, stderr.String())
		}
		return false
	case <-time.After(delay):
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill ingest: %v", err)
	}
	err := <-done
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return true
	}
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr.String())
	}
	return false // exited 0 between the timer and the signal
}

// TestCrash kills ingests with SIGKILL at random points, -crash.runs times
// (each on a new database, killed once or twice), and checks after every
// kill that each document is stored whole or not at all, then that one more
// ingest completes the rest to exactly what a run without kills stores.
func TestCrash(t *testing.T) {
	dir := t.TempDir()
	corpus := buildCorpus(t, dir, crashCorpusSize)

	refDB := filepath.Join(dir, "ref.db")
	start := time.Now()
	mustRun(t, dir, 0, "ingest", "--quiet", "--db", refDB, corpus)
	runTime := time.Since(start)
	ref := checkDB(t, refDB)
	if len(ref.docs) != crashCorpusSize || ref.rows == 0 {
		t.Fatalf("reference ingest: %d documents, %d rows; want %d documents with rows",
			len(ref.docs), ref.rows, crashCorpusSize)
	}
	for p, d := range ref.docs {
		if d.Version != 1 {
			t.Errorf("reference: %s at version %d", p, d.Version)
		}
	}
	t.Logf("reference: %d documents, %d rows in %v", len(ref.docs), ref.rows, runTime.Round(time.Millisecond))

	const minDelay = 20 * time.Millisecond
	window := max(runTime-minDelay, 10*time.Millisecond)
	rng := rand.New(rand.NewPCG(*crashSeed, 0))
	var kills, partial int
	for run := range *crashRuns {
		db := filepath.Join(dir, fmt.Sprintf("crash-%d.db", run))
		for k := range 1 + rng.IntN(2) {
			delay := minDelay + time.Duration(rng.Int64N(int64(window)))
			killed := killedIngest(t, db, corpus, delay)
			if _, err := os.Stat(db); err != nil {
				t.Logf("run %d kill %d after %v: no database yet", run, k, delay.Round(time.Millisecond))
				continue
			}
			got := checkDB(t, db)
			for p, d := range got.docs {
				if want, ok := ref.docs[p]; !ok || d != want {
					t.Errorf("run %d kill %d: %s stored as %+v, want %+v", run, k, p, d, want)
				}
			}
			if killed {
				kills++
				if n := len(got.docs); n > 0 && n < len(ref.docs) {
					partial++
				}
			}
			t.Logf("run %d kill %d after %v (killed %v): %d/%d documents, %d rows stored",
				run, k, delay.Round(time.Millisecond), killed, len(got.docs), len(ref.docs), got.rows)
		}
		mustRun(t, dir, 0, "ingest", "--quiet", "--db", db, corpus)
		got := checkDB(t, db)
		if !maps.Equal(got.docs, ref.docs) {
			t.Errorf("run %d: after the completing ingest the documents differ from the reference:\n%s",
				run, docsDiff(got.docs, ref.docs))
		}
		if got.rows != ref.rows || got.digest != ref.digest || got.entities != ref.entities {
			t.Errorf("run %d: after the completing ingest %d rows (digest %x), %d entity rows; reference %d rows (%x), %d entity rows",
				run, got.rows, got.digest[:6], got.entities, ref.rows, ref.digest[:6], ref.entities)
		}
	}
	t.Logf("%d ingests killed, %d with some but not all documents stored", kills, partial)
	if *crashRuns > 0 && kills == 0 {
		t.Errorf("no ingest was killed before it finished: the test proved nothing")
	}
}

// docsDiff lists the documents a and b disagree on.
func docsDiff(got, want map[string]storedDoc) string {
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		g, gok := got[k]
		w, wok := want[k]
		if gok != wok || g != w {
			fmt.Fprintf(&b, "\t%s: got %+v (%v), want %+v (%v)\n", filepath.Base(k), g, gok, w, wok)
		}
	}
	return b.String()
}
