package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeHelp(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"serve", "--help"}, {"help", "serve"}} {
		res := mustRun(t, dir, 0, args...)
		if !strings.HasPrefix(res.stdout, "Usage: subproc serve [--addr HOST:PORT] [--db FILE]") {
			t.Errorf("subproc %s:\n%s", strings.Join(args, " "), res.stdout)
		}
	}
	if res := mustRun(t, dir, 0, "help"); !strings.Contains(res.stdout, "\tserve ") {
		t.Errorf("subproc help does not list serve:\n%s", res.stdout)
	}
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "subproc: database subproc.db does not exist"},
		{[]string{"serve", "--db", "missing.db"}, "hint: run 'subproc ingest --db missing.db ...' first"},
		{[]string{"serve", "--addr", "8080"}, "--addr 8080: want HOST:PORT"},
		{[]string{"serve", "extra"}, `unexpected argument "extra"`},
		{[]string{"serve", "--db", "."}, "is a directory"},
	} {
		res := mustRun(t, dir, 1, tc.args...)
		if !strings.Contains(res.stderr, tc.want) {
			t.Errorf("subproc %s: stderr lacks %q:\n%s", strings.Join(tc.args, " "), tc.want, res.stderr)
		}
	}
	// serve never creates a database.
	if _, err := os.Stat(filepath.Join(dir, "subproc.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("serve created subproc.db: %v", err)
	}
	// A port in use is a fatal error with a hint.
	db := ingestForServe(t, dir)
	srv := startServe(t, dir, "--db", db)
	addr := strings.TrimSuffix(strings.TrimPrefix(srv.URL, "http://"), "/")
	res := mustRun(t, dir, 1, "serve", "--db", db, "--addr", addr)
	if !strings.Contains(res.stderr, "listen on "+addr) || !strings.Contains(res.stderr, "hint: ") {
		t.Errorf("second serve on %s:\n%s", addr, res.stderr)
	}
	srv.stop(t)
}

// TestServe runs the binary: it answers pages and the API on the address it
// prints, changes nothing in the database, and stops cleanly on Ctrl-C.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := ingestForServe(t, dir)
	before := fileHash(t, db)
	srv := startServe(t, dir, "--db", db)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("serves on %s, want loopback", srv.URL)
	}
	body := httpGet(t, srv.URL+"search?q=amazon", "text/html")
	if !strings.Contains(body, "Amazon Web Services EMEA SARL") {
		t.Errorf("search page lacks Amazon Web Services EMEA SARL")
	}
	var res struct {
		Total int
		Rows  []struct {
			Name       string
			DocumentID int64 `json:"document_id"`
		}
	}
	if err := json.Unmarshal([]byte(httpGet(t, srv.URL+"api/search?q=amazon", "application/json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 || len(res.Rows) != res.Total {
		t.Fatalf("/api/search?q=amazon: %+v", res)
	}
	doc := httpGet(t, srv.URL+"api/documents/"+jsonInt(res.Rows[0].DocumentID), "application/json")
	if !strings.Contains(doc, `"versions"`) || !strings.Contains(doc, `"line_start"`) {
		t.Errorf("/api/documents/%d: %s", res.Rows[0].DocumentID, doc)
	}
	for _, path := range []string{"entities", "documents", "audit", "api/audit", "search?format=csv"} {
		httpGet(t, srv.URL+path, "")
	}
	if code := srv.stop(t); code != 0 {
		t.Errorf("exit code %d after Ctrl-C, want 0\nstderr:\n%s", code, srv.stderr.String())
	}
	if after := fileHash(t, db); after != before {
		t.Errorf("the database changed while serving")
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// ingestForServe ingests the seeds into dir/serve.db and returns its path.
func ingestForServe(t testing.TB, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "serve.db")
	mustRun(t, dir, 0, "ingest", "--quiet", "--db", db, seedsDir)
	return db
}

// fileHash hashes the database file and its write-ahead log.
func fileHash(t testing.TB, path string) [32]byte {
	t.Helper()
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return sha256.Sum256(all)
}

// httpGet GETs url and returns its body; it fails the test unless the
// status is 200 and, when contentType is not "", the content type starts with it.
func httpGet(t testing.TB, url, contentType string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), contentType) {
		t.Fatalf("GET %s: %s, %s\n%s", url, res.Status, res.Header.Get("Content-Type"), b)
	}
	return string(b)
}

// served is a running `subproc serve`.
type served struct {
	URL    string // http://127.0.0.1:PORT/
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{}
	err    error // of Wait, once done is closed
}

// startServe starts `subproc serve --addr 127.0.0.1:0 args...` in dir and
// waits until it prints the address it serves on. The server is killed when
// the test ends, if it still runs.
func startServe(t testing.TB, dir string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		io.Copy(io.Discard, stdout)
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			cmd.Process.Kill()
			<-s.done
		}
	})
	select {
	case line := <-lines:
		m := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+/) `).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("subproc serve printed %q, want the address it serves on\nstderr:\n%s", line, s.stderr.String())
		}
		s.URL = m[1]
	case <-time.After(15 * time.Second):
		t.Fatalf("subproc serve printed no address in 15 s\nstderr:\n%s", s.stderr.String())
	}
	return s
}

// stop sends the server Ctrl-C (SIGINT) and returns its exit code.
func (s *served) stop(t testing.TB) int {
	t.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("subproc serve did not stop 10 s after Ctrl-C")
	}
	var exit *exec.ExitError
	if errors.As(s.err, &exit) {
		return exit.ExitCode()
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	return 0
}

// syncBuffer is a bytes.Buffer safe for a process to write while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
