package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestMaxSize: --max-size makes the file size limit configurable; a
// larger file fails with its size and the limit, the others are stored.
func TestIngestMaxSize(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	if err := os.Mkdir(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, seed(t, "003"), filepath.Join(docs, "small.txt"))
	if err := os.WriteFile(filepath.Join(docs, "big.txt"), []byte(strings.Repeat("lorem ipsum ", 20000)), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "x.db")
	res := mustRun(t, dir, 3, "ingest", "--quiet", "--db", db, "--max-size", "100KiB", docs)
	if !strings.Contains(res.stderr, "big.txt: read: file is") || !strings.Contains(res.stderr, "100.0 KiB limit") {
		t.Errorf("stderr does not name the file, its size and the limit:\n%s", res.stderr)
	}
	conn := openDB(t, db)
	if n := count(t, conn, `SELECT count(*) FROM latest_documents WHERE status = 'ok'`); n != 1 {
		t.Errorf("%d documents stored ok, want 1 (the small one)", n)
	}
	if n := count(t, conn, `SELECT count(*) FROM latest_documents WHERE status = 'failed' AND stage = 'read'`); n != 1 {
		t.Errorf("%d documents failed at read, want 1 (the big one)", n)
	}
	mustRun(t, dir, 1, "ingest", "--db", db, "--max-size", "lots", docs) // a bad size is a usage error
}
