package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// The tests in this package run the real binary, built once by TestMain.

var binary string // path of the subproc binary under test

// Fixtures of the repository, relative to this folder.
var (
	seedsDir = filepath.Join("..", "..", "testdata", "seeds")
	goldDir  = filepath.Join("..", "..", "testdata", "gold", "seeds")
	scorePy  = filepath.Join("..", "..", "..", "shared", "tools", "score.py")
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "subproc-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "subproc")
	if out, err := exec.Command("go", "build", "-buildvcs=false", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	for _, p := range []*string{&seedsDir, &goldDir, &scorePy} {
		if *p, err = filepath.Abs(*p); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return m.Run()
}

// result is what a run of the binary did.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the binary with args in the folder dir and waits for it. Its
// stderr is a pipe, never a terminal: it must hold no carriage return.
func run(t testing.TB, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run subproc %s: %v", strings.Join(args, " "), err)
	}
	if strings.Contains(res.stderr, "\r") {
		t.Errorf("subproc %s: stderr is not a terminal but has carriage returns:\n%q",
			strings.Join(args, " "), res.stderr)
	}
	return res
}

// mustRun is run that fails the test unless the exit code is want.
func mustRun(t testing.TB, dir string, want int, args ...string) result {
	t.Helper()
	res := run(t, dir, args...)
	if res.code != want {
		t.Fatalf("subproc %s: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), res.code, want, res.stdout, res.stderr)
	}
	return res
}

// openDB opens the SQLite file at path for queries.
func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// count runs a query returning one number.
func count(t testing.TB, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// goldRows is the number of rows of each seed's gold file, by document name.
func goldRows(t testing.TB) map[string]int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(goldDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no gold files in %s: %v", goldDir, err)
	}
	out := make(map[string]int)
	for _, f := range files {
		var g struct {
			Subprocessors []json.RawMessage `json:"subprocessors"`
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = len(g.Subprocessors)
	}
	return out
}

// copyFile copies the file src to dst.
func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// seed is the path of the seed document whose name starts with prefix.
func seed(t testing.TB, prefix string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(seedsDir, prefix+"_*.txt"))
	if err != nil || len(m) != 1 {
		t.Fatalf("seed %s: %v %v", prefix, m, err)
	}
	return m[0]
}

func TestPeakRSS(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc/self/status on this system")
	}
	if got := peakRSS(); got < 1<<20 || got > 64<<30 {
		t.Errorf("peakRSS() = %d bytes, want a plausible size for a test process", got)
	}
}

// TestTuneGC: subproc's collector settings apply unless the environment
// sets GOGC or GOMEMLIMIT.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGC()
	if got := debug.SetGCPercent(100); got != defaultGCPercent {
		t.Errorf("GOGC unset: GC percent %d, want %d", got, defaultGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != defaultMemoryLimit {
		t.Errorf("GOMEMLIMIT unset: memory limit %d, want %d", got, defaultMemoryLimit)
	}

	t.Setenv("GOGC", "80")
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetGCPercent(80)
	debug.SetMemoryLimit(1 << 30)
	tuneGC()
	if got := debug.SetGCPercent(100); got != 80 {
		t.Errorf("GOGC=80: GC percent %d, want the environment's 80", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("GOMEMLIMIT=1GiB: memory limit %d, want the environment's", got)
	}
}
