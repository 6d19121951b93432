package pipeline

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestRunnerResolvesEntities runs into a real store: each run ends with the
// entities of the rows recomputed, also when nothing changed.
func TestRunnerResolvesEntities(t *testing.T) {
	fs := files{
		"/a.txt": "row: Amazon Web Services EMEA SARL (AWS)\nrow: Google LLC\n",
		"/b.txt": "row: AWS\nrow: Google Cloud EMEA Limited\n",
	}
	path := filepath.Join(t.TempDir(), "subproc.db")
	db := openStore(t, path)
	c := chain(fs, extractor{})
	c.Normaliser = nil // the real one: names and aliases split
	runner := &Runner{Chain: c, Store: db, Options: Options{Workers: 2, ResolveEntities: true}}
	for run := range 2 {
		st, err := runner.Run(context.Background(), listing("/a.txt", "/b.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Entities != 3 {
			t.Errorf("run %d: %d entities, want 3 (AWS, Google LLC, Google Cloud EMEA Limited)", run+1, st.Entities)
		}
	}
	q, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	var n int
	if err := q.QueryRow(`SELECT count(DISTINCT entity_id) FROM subprocessor_entities
		WHERE name IN ('Amazon Web Services EMEA SARL', 'AWS')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("the AWS rows are in %d entities, want 1", n)
	}
}

// TestRunnerEntitiesOptIn: without Options.ResolveEntities nothing is
// resolved; with it, a Store without entities is an error.
func TestRunnerEntitiesOptIn(t *testing.T) {
	fs := files{"/a.txt": "row: Google LLC\n"}
	path := filepath.Join(t.TempDir(), "subproc.db")
	st, err := (&Runner{Chain: chain(fs, extractor{}), Store: openStore(t, path)}).Run(context.Background(), listing("/a.txt"))
	if err != nil || st.Entities != 0 {
		t.Errorf("Run without ResolveEntities = %+v, %v; want no entities", st, err)
	}
	runner := &Runner{Chain: chain(fs, extractor{}), Store: &memStore{}, Options: Options{ResolveEntities: true}}
	if _, err := runner.Run(context.Background(), listing("/a.txt")); err == nil {
		t.Errorf("Run with ResolveEntities into a store without entities: no error")
	}
}
