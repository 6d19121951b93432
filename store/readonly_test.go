package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

func TestReadOnlyOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(garbage, []byte("not a database at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		path string
		want Code
	}{
		{missing, CodeCannotOpen},
		{dir, CodeDirectory},
		{garbage, CodeNotDatabase},
	} {
		db, err := OpenReadOnly(tc.path)
		var e *Error
		if !errors.As(err, &e) || e.Code != tc.want {
			if db != nil {
				db.Close()
			}
			t.Errorf("OpenReadOnly(%s): %v, want a %s error", tc.path, err, tc.want)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly created %s: %v", missing, err)
	}
}

// TestReadOnlyDB: the read-only DB reads what a writer stores, meanwhile,
// and refuses to write.
func TestReadOnlyDB(t *testing.T) {
	w, path := openTest(t)
	ctx := t.Context()
	if _, err := w.Save(ctx, Entry{Doc: testDoc("/docs/a.html", "aaaa"), Status: subproc.StatusOK, Records: testRecords()}); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer r.Close()
	docs, err := r.BrowseDocuments(ctx)
	if err != nil || len(docs) != 1 || docs[0].RowCount != 2 {
		t.Fatalf("BrowseDocuments: %+v, %v", docs, err)
	}
	_, err = r.Save(ctx, Entry{Doc: testDoc("/docs/b.html", "bbbb"), Status: subproc.StatusOK})
	if err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("Save on a read-only DB: %v, want a read-only error", err)
	}
	// A writer may go on while the site serves; the readers see its commits.
	if _, err := w.Save(ctx, Entry{Doc: testDoc("/docs/b.html", "bbbb"), Status: subproc.StatusNoList}); err != nil {
		t.Fatalf("Save beside a read-only DB: %v", err)
	}
	if docs, err = r.BrowseDocuments(ctx); err != nil || len(docs) != 2 {
		t.Errorf("BrowseDocuments after a write: %d documents, %v; want 2", len(docs), err)
	}
	for _, name := range []string{"subprocessors", "latest_documents"} {
		if ok, err := r.HasTable(ctx, name); !ok || err != nil {
			t.Errorf("HasTable(%s): %v, %v", name, ok, err)
		}
	}
	if ok, err := r.HasTable(ctx, "nope"); ok || err != nil {
		t.Errorf("HasTable(nope): %v, %v", ok, err)
	}
}
