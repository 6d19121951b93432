package web

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/extract/lang"
	"github.com/subproc/subproc/normalize"
	"github.com/subproc/subproc/pipeline"
	"github.com/subproc/subproc/rules"
	"github.com/subproc/subproc/store"
)

// seedsDir holds the seed documents of the repository.
var seedsDir = filepath.Join("..", "testdata", "seeds")

// Documents the fixture adds to the seeds (see testdata/README.md).
var (
	xssDoc     = filepath.Join("testdata", "900_xss.txt")
	northwind1 = filepath.Join("testdata", "northwind.v1.txt")
	northwind2 = filepath.Join("testdata", "northwind.v2.txt")
)

// xssName is the name of a sub-processor of xssDoc.
const xssName = "<script>alert(1)</script> Evil Corp"

var (
	fixtureOnce sync.Once
	fixturePath string
	fixtureErr  error
)

// fixture returns the path of a database built once per test run through
// the real pipeline: the seeds, the markup document (900_xss.txt) and
// northwind.txt stored in two versions, with entities resolved as ingest
// resolves them. Tests open it read-only and must not change it.
func fixture(tb testing.TB) string {
	tb.Helper()
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "subproc-web-test")
		if err != nil {
			fixtureErr = err
			return
		}
		fixturePath, fixtureErr = buildDB(dir)
	})
	if fixtureErr != nil {
		tb.Fatalf("build the test database: %v", fixtureErr)
	}
	return fixturePath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixturePath != "" {
		os.RemoveAll(filepath.Dir(fixturePath))
	}
	os.Exit(code)
}

// buildDB ingests the fixture's documents into dir/subproc.db.
func buildDB(dir string) (string, error) {
	ctx := context.Background()
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		return "", err
	}
	seeds, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		return "", fmt.Errorf("no seeds in %s: %v", seedsDir, err)
	}
	copyTo := func(src, name string) error {
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(docs, name), b, 0o644)
	}
	for _, s := range seeds {
		if err := copyTo(s, filepath.Base(s)); err != nil {
			return "", err
		}
	}
	if err := copyTo(xssDoc, "900_xss.txt"); err != nil {
		return "", err
	}
	if err := copyTo(northwind1, "northwind.txt"); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "subproc.db")
	db, err := store.Open(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	det, err := lang.New(rules.Languages())
	if err != nil {
		return "", err
	}
	run := func() error {
		listing, err := corpus.Walk([]string{docs})
		if err != nil {
			return err
		}
		// One worker: lingua-go's detector races on a cache of
		// shopspring/decimal v1.3.1 when documents are detected at once
		// (shopspring/decimal#368), which would fail go test -race here.
		r := &pipeline.Runner{Chain: &pipeline.Chain{Detector: det, Decoder: corpus.Decoder{}}, Store: db,
			Options: pipeline.Options{Workers: 1}}
		st, err := r.Run(ctx, listing.Files)
		if err != nil {
			return err
		}
		if st.Failed > 0 {
			return fmt.Errorf("%d documents failed", st.Failed)
		}
		_, err = db.ResolveEntities(ctx, normalize.NewGrouper())
		return err
	}
	if err := run(); err != nil {
		return "", err
	}
	if err := copyTo(northwind2, "northwind.txt"); err != nil {
		return "", err
	}
	if err := run(); err != nil {
		return "", err
	}
	return path, db.Close()
}

// newServer serves the database at path, opened read-only.
func newServer(tb testing.TB, path string) *Server {
	tb.Helper()
	db, err := store.OpenReadOnly(path)
	if err != nil {
		tb.Fatalf("OpenReadOnly: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	s, err := New(db, Options{ErrorLog: testLogger(tb)})
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return s
}

// get serves a GET of target and returns the response with its body read.
func get(tb testing.TB, h http.Handler, target string) (*http.Response, string) {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "127.0.0.1:8080"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res, string(b)
}

// mustGet is get that fails the test unless the status is 200.
func mustGet(tb testing.TB, h http.Handler, target string) string {
	tb.Helper()
	res, body := get(tb, h, target)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: status %d, want 200\n%s", target, res.StatusCode, body)
	}
	return body
}

// getJSON GETs target and decodes its JSON body into v.
func getJSON(tb testing.TB, h http.Handler, target string, v any) {
	tb.Helper()
	body := mustGet(tb, h, target)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		tb.Fatalf("GET %s: %v\n%s", target, err, body)
	}
}

// queryInt runs a query returning one number on the database at path.
func queryInt(tb testing.TB, path, query string, args ...any) int64 {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// testLogger logs to the test's log.
func testLogger(tb testing.TB) *log.Logger { return log.New(tbWriter{tb}, "", 0) }

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
