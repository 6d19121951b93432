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

	"github.com/mattn/go-sqlite3"
)

// OpenReadOnly opens the existing subproc database at path for reading only,
// as `subproc serve` does: the file is never created or migrated, every
// connection is opened with SQLite's mode=ro and query_only, so Save and any
// other write fail with "attempt to write a readonly database". Another
// process may ingest into the file meanwhile (WAL): readers see its commits.
//
// A database in a folder this process cannot write is opened as immutable
// (SQLite cannot share its WAL index there): it must not change meanwhile.
// A database of an older schema opens (its missing tables are missing: see
// HasTable); one newer than this binary is refused. Problems the user must
// fix are returned as *Error: a missing file (CodeCannotOpen), a directory,
// a file that is not a subproc database.
func OpenReadOnly(path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if err := checkReadable(path); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	params := url.Values{"mode": {"ro"}, "_query_only": {"on"}}
	open := func(conns int) (*sql.DB, error) {
		db, err := sql.Open("sqlite3", dsn(abs, params))
		if err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		db.SetMaxOpenConns(conns)
		db.SetMaxIdleConns(conns)
		return db, nil
	}
	r, err := open(max(4, runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, err
	}
	err = checkSchema(context.Background(), r, path)
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrReadonly || se.Code == sqlite3.ErrCantOpen) {
		// A database in WAL mode needs its -shm file, which a reader
		// creates; in a folder this process cannot write (read-only
		// media, another user's files) it cannot. Such a database is read
		// as immutable: no locks, and it must not change while it is open.
		r.Close()
		params.Set("immutable", "1")
		if r, err = open(max(4, runtime.GOMAXPROCS(0))); err != nil {
			return nil, err
		}
		err = checkSchema(context.Background(), r, path)
	}
	if err != nil {
		r.Close()
		return nil, classify(path, err)
	}
	// The "writer" is read-only too, so that a write through this DB fails
	// in SQLite rather than depending on every caller's good manners.
	w, err := open(1)
	if err != nil {
		r.Close()
		return nil, err
	}
	return &DB{path: path, w: w, r: r}, nil
}

// checkReadable rejects, before SQLite sees it, a path that does not exist
// (OpenReadOnly never creates a database), a directory, an unreadable file or
// one that does not start with the SQLite header.
func checkReadable(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{Code: CodeCannotOpen, Path: path, Err: err,
			Msg:  "database " + path + " does not exist",
			Hint: "run 'subproc ingest --db " + path + " ...' first, or pass another --db"}
	}
	if err != nil {
		return &Error{Code: CodeCannotOpen, Path: path, Err: err,
			Msg: "cannot open database " + path, Hint: "check its permissions or pass another --db"}
	}
	if fi.IsDir() {
		return &Error{Code: CodeDirectory, Path: path,
			Msg:  path + " is a directory, not a subproc database",
			Hint: "pass a file name to --db, e.g. " + filepath.Join(path, "subproc.db")}
	}
	f, err := os.Open(path)
	if err != nil {
		return &Error{Code: CodeCannotOpen, Path: path, Err: err,
			Msg: "cannot open database " + path, Hint: "check its permissions or pass another --db"}
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return notDatabase(path, err)
	}
	return nil
}

// checkSchema fails unless the database has subproc's schema_migrations at a
// version this binary knows.
func checkSchema(ctx context.Context, db *sql.DB, path string) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var current int
	err = db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current)
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrError { // no such table
		return notDatabase(path, err)
	}
	if err != nil {
		return err
	}
	if current > len(ms) {
		return &Error{Code: CodeTooNew, Path: path,
			Msg: fmt.Sprintf("%s: database schema version %d is newer than this subproc supports (%d)",
				path, current, len(ms)),
			Hint: "upgrade subproc"}
	}
	return nil
}

// HasTable reports whether the database has the table or view name: a
// database written by an older subproc lacks the tables of later migrations,
// and OpenReadOnly does not migrate.
func (db *DB) HasTable(ctx context.Context, name string) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?`, name).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up table %s: %w", name, err)
	}
	return n > 0, nil
}
