package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestOpenMigrates(t *testing.T) {
	db, path := openTest(t)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	versions := func(db *DB) (vs []int, applied []string) {
		t.Helper()
		rows, err := db.r.Query(`SELECT version, applied_at FROM schema_migrations ORDER BY version`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v int
			var at string
			if err := rows.Scan(&v, &at); err != nil {
				t.Fatal(err)
			}
			vs, applied = append(vs, v), append(applied, at)
		}
		return vs, applied
	}
	var want []int
	for i := range ms {
		want = append(want, i+1)
	}
	got, applied := versions(db)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("schema_migrations versions = %v, want %v", got, want)
	}

	for _, name := range []string{"sources", "documents", "subprocessors", "subprocessor_countries",
		"subprocessor_locations", "subprocessor_legal_bases", "latest_documents", "latest_subprocessors",
		"entities", "entity_members", "entity_links", "subprocessor_entities"} {
		if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE name = ?`, name); n != 1 {
			t.Errorf("schema object %s: got %d, want 1", name, n)
		}
	}

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	got2, applied2 := versions(db2)
	if !reflect.DeepEqual(got2, want) || !reflect.DeepEqual(applied2, applied) {
		t.Errorf("after reopen: versions %v applied %v, want %v applied %v", got2, applied2, want, applied)
	}
}

func TestOpenPragmas(t *testing.T) {
	db, _ := openTest(t)
	tests := []struct {
		pool *sql.DB
		name string
		want string
	}{
		{db.w, "journal_mode", "wal"},
		{db.w, "foreign_keys", "1"},
		{db.w, "busy_timeout", "5000"},
		{db.w, "synchronous", "1"}, // NORMAL
		{db.r, "journal_mode", "wal"},
		{db.r, "foreign_keys", "1"},
		{db.r, "busy_timeout", "5000"},
		{db.r, "query_only", "1"},
	}
	for _, tt := range tests {
		var got string
		if err := tt.pool.QueryRow("PRAGMA " + tt.name).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("PRAGMA %s (writer=%v) = %q, want %q", tt.name, tt.pool == db.w, got, tt.want)
		}
	}
}

func TestOpenOddFileName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a?b#c%20d.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %q: %v", path, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		setup    func(t *testing.T, path string)
		wantCode Code
		wantMsg  string
	}{
		{
			name:     "directory",
			setup:    func(t *testing.T, path string) { mkdir(t, path) },
			wantCode: CodeDirectory,
			wantMsg:  "is a directory, not a subproc database; pass a file name to --db",
		},
		{
			name:     "text file",
			setup:    func(t *testing.T, path string) { write(t, path, "sub-processors: AWS, Google\n") },
			wantCode: CodeNotDatabase,
			wantMsg:  "is not a subproc database; pass another --db",
		},
		{
			name:     "short file",
			setup:    func(t *testing.T, path string) { write(t, path, "SQLite") },
			wantCode: CodeNotDatabase,
			wantMsg:  "is not a subproc database; pass another --db",
		},
		{
			name: "other SQLite database",
			setup: func(t *testing.T, path string) {
				exec(t, path, `CREATE TABLE invoices (id INTEGER PRIMARY KEY)`)
			},
			wantCode: CodeNotDatabase,
			wantMsg:  "is not a subproc database; pass another --db",
		},
		{
			name: "newer schema",
			setup: func(t *testing.T, path string) {
				db, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				exec(t, path, `INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')`)
			},
			wantCode: CodeTooNew,
			wantMsg:  fmt.Sprintf("database schema version 999 is newer than this subproc supports (%d); upgrade subproc", len(ms)),
		},
		{
			name:     "missing folder",
			setup:    func(t *testing.T, path string) {},
			wantCode: CodeCannotOpen,
			wantMsg:  "cannot open or create database",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "subproc.db")
			if tt.wantCode == CodeCannotOpen {
				path = filepath.Join(t.TempDir(), "no", "such", "subproc.db")
			}
			tt.setup(t, path)
			db, err := Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want error")
			}
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("Open error %v (%T), want *Error", err, err)
			}
			if got.Code != tt.wantCode {
				t.Errorf("Code = %q, want %q (%v)", got.Code, tt.wantCode, err)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("error %q, want it to name %s and say %q", msg, path, tt.wantMsg)
			}
		})
	}
}

func TestOpenReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
	tests := []struct {
		name      string
		fileMode  os.FileMode
		dirMode   os.FileMode
		wantCode  Code
		wantInMsg string
	}{
		{"read-only file", 0o444, 0o755, CodeReadOnly, "is read-only; make it writable"},
		{"read-only file and folder", 0o444, 0o555, CodeReadOnly, "is read-only; make it writable"},
		{"unreadable file", 0o000, 0o755, CodeReadOnly, "is read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "subproc.db")
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			if err := os.Chmod(path, tt.fileMode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tt.dirMode); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			db, err = Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want error")
			}
			var got *Error
			if !errors.As(err, &got) || got.Code != tt.wantCode || !strings.Contains(err.Error(), tt.wantInMsg) {
				t.Fatalf("Open error %v, want *Error with Code %q saying %q", err, tt.wantCode, tt.wantInMsg)
			}
		})
	}
}

func TestMigrationsEmbedded(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].name != "0001_init.sql" {
		t.Fatalf("migrations = %v, want 0001_init.sql first", ms)
	}
}

func mkdir(tb testing.TB, path string) {
	tb.Helper()
	if err := os.Mkdir(path, 0o755); err != nil {
		tb.Fatal(err)
	}
}

func write(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// exec runs query on the SQLite file at path outside the store, as another tool would.
func exec(tb testing.TB, path, query string) {
	tb.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), query); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
}
