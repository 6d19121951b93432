// Package store keeps every version of every source document and the
// sub-processor rows extracted from it in SQLite; all SQL of subproc lives here.
//
// A DB holds two connection pools on one file: a single writer connection
// whose transactions start with BEGIN IMMEDIATE, and a pool of query-only
// readers. The file is in WAL mode with a busy timeout, so several processes
// can read while one writes.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// DefaultBusyTimeoutMS is how long, in milliseconds, a connection waits for a
// lock another connection or process holds before failing with "database is locked".
const DefaultBusyTimeoutMS = 5000

// sqliteHeader starts every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// DB is an open subproc database. It is safe for concurrent use.
type DB struct {
	path string
	w    *sql.DB // the single writer connection
	r    *sql.DB // query-only readers
}

// Open opens (creating and migrating on first use) the SQLite database at path.
// path must name a file; ":memory:" is not supported because the writer and
// the readers would see different databases. Problems the user must fix (a
// directory, a file that is not a subproc database, a read-only file, a schema
// newer than this binary) are returned as *Error.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if err := checkFile(path); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}

	w, err := sql.Open("sqlite3", dsn(abs, url.Values{
		"_journal_mode": {"WAL"},
		"_synchronous":  {"NORMAL"},
		"_txlock":       {"immediate"},
	}))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// One writer: SQLite serialises writers anyway, and a single connection
	// makes the writers of this process queue in Go rather than spin on the lock.
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := migrate(context.Background(), w, path); err != nil {
		w.Close()
		return nil, classify(path, err)
	}

	r, err := sql.Open("sqlite3", dsn(abs, url.Values{"_query_only": {"on"}}))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.Ping(); err != nil {
		w.Close()
		r.Close()
		return nil, classify(path, err)
	}
	return &DB{path: path, w: w, r: r}, nil
}

// Close closes both connection pools.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// Path returns the database file as passed to Open.
func (db *DB) Path() string { return db.path }

// dsn builds a go-sqlite3 data source name for the absolute path abs. The
// file: URI form keeps '?' and '#' in file names from being read as query
// parameters.
func dsn(abs string, params url.Values) string {
	params.Set("_busy_timeout", fmt.Sprint(DefaultBusyTimeoutMS))
	params.Set("_foreign_keys", "on")
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(abs))
	if !strings.HasPrefix(esc, "/") {
		esc = "/" + esc // Windows drive letters: file:/C:/...
	}
	return "file:" + esc + "?" + params.Encode()
}

// checkFile rejects, before SQLite sees it, a path that is a directory, a
// file this process cannot write, or a non-empty file that does not start
// with the SQLite header. A missing file is fine: Open creates it.
func checkFile(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &Error{Code: CodeCannotOpen, Path: path, Err: err,
			Msg:  "cannot open database " + path,
			Hint: "check its permissions or pass another --db"}
	}
	if fi.IsDir() {
		return &Error{Code: CodeDirectory, Path: path,
			Msg:  path + " is a directory, not a subproc database",
			Hint: "pass a file name to --db, e.g. " + filepath.Join(path, "subproc.db")}
	}
	if fi.Size() == 0 {
		return nil // SQLite treats an empty file as a new database
	}
	// Opened for writing because SQLite would open a read-only file quietly
	// and fail only at the first Save.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return fileReadOnly(path, err)
	}
	if err != nil {
		return &Error{Code: CodeCannotOpen, Path: path, Err: err,
			Msg:  "cannot open database " + path,
			Hint: "check its permissions or pass another --db"}
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return notDatabase(path, err)
	}
	return nil
}
