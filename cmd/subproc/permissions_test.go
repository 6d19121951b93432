package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The permission cases of the README's bad-input table: unreadable files and
// folders in the input tree, and a database the user cannot write. File
// permissions do not stop root, so when the tests run as root the binary runs
// as user nobody; otherwise as the current user, with the modes changed.

// nobodyID is the uid and gid of user nobody.
const nobodyID = 65534

// sharedDir returns a new folder that every user may write, removed when the
// test ends, and makes the binary runnable by user nobody. (t.TempDir's
// parent is root's alone.)
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "subproc-shared-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Give back the permissions a test took away, or a non-root
		// RemoveAll cannot enter the folders.
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if d != nil && d.IsDir() {
				os.Chmod(p, 0o777)
			}
			return nil
		})
		os.Chmod(dir, 0o777)
		os.RemoveAll(dir)
	})
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chmod(filepath.Dir(binary), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runAsUser runs the binary like run, in the folder dir, as user nobody
// when the test runs as root (else as the current user), with HOME in dir.
func runAsUser(t testing.TB, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"))
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobodyID, Gid: nobodyID}}
	}
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
	return res
}

// chmod is os.Chmod that fails the test on an error.
func chmod(t testing.TB, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// jsonEvents is the "document" events of ingest --json output, by path.
func jsonEvents(t testing.TB, stdout string) map[string]docEventJSON {
	t.Helper()
	events := make(map[string]docEventJSON)
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev docEventJSON
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("stdout line %q: %v", sc.Text(), err)
		}
		if ev.Event == "document" {
			events[ev.Path] = ev
		}
	}
	return events
}

// TestUnreadableInput: a file the user cannot read is stored as failed at
// stage read, with the reason and a hint; a folder the user cannot list is
// reported as a listing problem; every other document is stored and the exit
// code is 3. Once the permissions are fixed the same command stores them.
func TestUnreadableInput(t *testing.T) {
	gold := goldRows(t)
	dir := sharedDir(t)
	tree := filepath.Join(dir, "tree")
	for _, d := range []string{"good", "locked"} {
		if err := os.MkdirAll(filepath.Join(tree, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var good []string
	for _, s := range []string{"000", "001", "002", "003"} {
		name := filepath.Base(seed(t, s))
		copyFile(t, seed(t, s), filepath.Join(tree, "good", name))
		good = append(good, name)
	}
	secret := filepath.Join(tree, "good", "secret.txt") // seed 004, unreadable
	copyFile(t, seed(t, "004"), secret)
	hidden := filepath.Join(tree, "locked", "inside.txt") // seed 000, in an unreadable folder
	copyFile(t, seed(t, "000"), hidden)
	locked := filepath.Join(tree, "locked")
	chmod(t, secret, 0)
	chmod(t, locked, 0)

	db := filepath.Join(dir, "unreadable.db")
	res := runAsUser(t, dir, "ingest", "--json", "--db", db, tree)
	t.Logf("exit %d; stderr:\n%s", res.code, res.stderr)
	if res.code != 3 {
		t.Errorf("exit code %d, want 3 (some documents failed)", res.code)
	}
	events := jsonEvents(t, res.stdout)
	for _, c := range []struct {
		path, stage, hint string
	}{
		{secret, "read", "check the permissions of the file"},
		{locked, "list", "check the folder's permissions"},
	} {
		ev, ok := events[c.path]
		switch {
		case !ok:
			t.Errorf("%s: no document event", c.path)
		case ev.Status != "failed" || ev.Stage != c.stage || ev.Error != "permission denied" || !strings.Contains(ev.Hint, c.hint):
			t.Errorf("%s: %s at stage %s: %q (%s); want failed at stage %s: permission denied (%s...)",
				c.path, ev.Status, ev.Stage, ev.Error, ev.Hint, c.stage, c.hint)
		}
		rel, _ := filepath.Rel(dir, c.path)
		if line := rel + ": " + c.stage + ": permission denied (" + c.hint; !strings.Contains(res.stderr, line) {
			t.Errorf("stderr has no line %q...", line)
		}
	}
	if _, ok := events[hidden]; ok {
		t.Errorf("%s was reached inside a folder that cannot be listed", hidden)
	}

	st := checkDB(t, db)
	conn := openDB(t, db)
	if n := count(t, conn, `SELECT count(*) FROM latest_documents WHERE path = ? AND status = 'failed'
		AND stage = 'read' AND error = 'permission denied'`, secret); n != 1 {
		t.Errorf("%s is not stored as failed at stage read with its reason", secret)
	}
	if len(st.docs) != len(good)+1 {
		t.Errorf("%d documents stored, want %d: the readable ones and the unreadable file", len(st.docs), len(good)+1)
	}
	for _, name := range good {
		p := filepath.Join(tree, "good", name)
		if d := st.docs[p]; d.Status != "ok" || d.RowCount != gold[name] {
			t.Errorf("%s stored as %+v, want ok with %d rows", name, d, gold[name])
		}
	}

	// Fixed permissions: the same command stores the rest.
	chmod(t, secret, 0o644)
	chmod(t, locked, 0o755)
	res = runAsUser(t, dir, "ingest", "--json", "--db", db, tree)
	if res.code != 0 {
		t.Errorf("after fixing the permissions: exit code %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}
	// The failed version stays; the file's new version has its rows.
	latest := checkLatest(t, db)
	if d := latest[secret]; d.Status != "ok" || d.Version != 2 || d.RowCount != gold[filepath.Base(seed(t, "004"))] {
		t.Errorf("%s after fixing its permissions: %+v, want ok at version 2 with its rows", secret, d)
	}
	if d := latest[hidden]; d.Status != "ok" || d.RowCount != gold[filepath.Base(seed(t, "000"))] {
		t.Errorf("%s after fixing its folder's permissions: %+v, want ok with its rows", hidden, d)
	}
	if len(latest) != len(good)+2 {
		t.Errorf("%d documents stored, want %d", len(latest), len(good)+2)
	}
}

// checkLatest is checkDB for a database that may hold several versions of
// a document: it fails the test unless integrity_check is ok, no foreign
// key dangles and every version has exactly row_count rows, and returns the
// newest version of each source.
func checkLatest(t testing.TB, path string) map[string]storedDoc {
	t.Helper()
	db := openDB(t, path)
	var integrity string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("%s: integrity_check: %q %v", path, integrity, err)
	}
	if n := count(t, db, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%s: %d dangling foreign keys", path, n)
	}
	if n := count(t, db, `SELECT count(*) FROM documents d
		WHERE d.row_count <> (SELECT count(*) FROM subprocessors WHERE document_id = d.id)`); n != 0 {
		t.Errorf("%s: %d documents whose rows are not row_count (a partial document)", path, n)
	}
	rows, err := db.Query(`SELECT path, version, coalesce(sha256, ''), status, row_count FROM latest_documents`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	docs := make(map[string]storedDoc)
	for rows.Next() {
		var p string
		var d storedDoc
		if err := rows.Scan(&p, &d.Version, &d.SHA256, &d.Status, &d.RowCount); err != nil {
			t.Fatal(err)
		}
		docs[p] = d
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// dirState is the names, sizes and SHA-256 of the files of dir: what a
// command that must write nothing must leave as it was.
func dirState(t testing.TB, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %d %x\n", e.Name(), len(data), sha256.Sum256(data))
	}
	return b.String()
}

// TestReadOnlyDatabase: ingest into a database the user cannot write stops at
// once with exit code 1, naming the file, what is read-only and what to do,
// and writes nothing; search and export read the database all the same.
func TestReadOnlyDatabase(t *testing.T) {
	root := os.Geteuid() == 0
	dir := sharedDir(t)
	dbDir := filepath.Join(dir, "ro")
	if err := os.Mkdir(dbDir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dbDir, "subproc.db")
	mustRun(t, dir, 0, "ingest", "--quiet", "--db", db, seedsDir)
	// What it holds, read from a copy: a reader would leave -wal and -shm
	// files next to it, which the commands below must do without.
	ref := filepath.Join(dir, "ref.db")
	copyFile(t, db, ref)
	want := checkDB(t, ref)
	// As nobody the file (root's, 0644) and its folder (root's, 0755) are
	// read-only already; as another user they are made so.
	if !root {
		chmod(t, db, 0o444)
		chmod(t, dbDir, 0o555)
		t.Cleanup(func() { os.Chmod(dbDir, 0o755) })
	}
	before := dirState(t, dbDir)
	text, err := os.ReadFile(seed(t, "000"))
	if err != nil {
		t.Fatal(err)
	}
	newDoc := filepath.Join(dir, "new.txt")
	if err := os.WriteFile(newDoc, append([]byte("A new version.\n"), text...), 0o644); err != nil {
		t.Fatal(err)
	}

	ingestFails := func(t *testing.T, db string, wants ...string) {
		t.Helper()
		res := runAsUser(t, dir, "ingest", "--quiet", "--db", db, newDoc)
		t.Logf("exit %d; stderr:\n%s", res.code, res.stderr)
		if res.code != 1 {
			t.Errorf("exit code %d, want 1", res.code)
		}
		for _, w := range wants {
			if !strings.Contains(res.stderr, w) {
				t.Errorf("stderr does not say %q", w)
			}
		}
		if got := dirState(t, dbDir); got != before {
			t.Errorf("the folder of the database changed:\n%swant\n%s", got, before)
		}
	}
	t.Run("file", func(t *testing.T) {
		ingestFails(t, db, "subproc: "+db+" is read-only: this user cannot write the file (permission denied)",
			"hint: make the file writable for this user", "search, export")
	})
	t.Run("folder", func(t *testing.T) {
		// The file is writable, its folder is not: SQLite cannot create
		// the -wal and -shm files it needs next to a WAL database.
		if root {
			if err := os.Chown(db, nobodyID, nobodyID); err != nil {
				t.Fatal(err)
			}
			defer os.Chown(db, 0, 0)
		} else {
			chmod(t, db, 0o644)
			defer os.Chmod(db, 0o444)
		}
		ingestFails(t, db, "subproc: "+db+" is read-only: this user cannot write its folder "+dbDir,
			"-wal and -shm files", "hint: make the folder writable for this user")
	})
	t.Run("new file", func(t *testing.T) {
		other := filepath.Join(dbDir, "other.db")
		ingestFails(t, other, "subproc: cannot create database "+other+": its folder "+dbDir+" is read-only for this user",
			"hint: make the folder writable")
	})
	t.Run("search and export", func(t *testing.T) {
		res := runAsUser(t, dir, "search", "--db", db, "Google")
		if res.code != 0 || !strings.Contains(res.stdout, "Google") {
			t.Errorf("search: exit code %d, stdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
		}
		res = runAsUser(t, dir, "export", "--db", db, "--format", "csv")
		if res.code != 0 {
			t.Fatalf("export: exit code %d, stderr:\n%s", res.code, res.stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs)-1 != want.rows {
			t.Errorf("export: %d rows, the database has %d", len(recs)-1, want.rows)
		}
		if got := dirState(t, dbDir); got != before {
			t.Errorf("search or export changed the folder of the database:\n%swant\n%s", got, before)
		}
	})
	if !root {
		chmod(t, dbDir, 0o755) // for checkDB's reader
	}
	got := checkDB(t, db)
	if got.rows != want.rows || got.digest != want.digest || !maps.Equal(got.docs, want.docs) {
		t.Errorf("the database changed: %d rows, %d documents; want %d, %d", got.rows, len(got.docs), want.rows, len(want.docs))
	}
}
