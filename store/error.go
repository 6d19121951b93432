package store

import (
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// Code classifies an Error so callers can choose an exit code or a message
// without matching text.
type Code string

// Error codes.
const (
	CodeDirectory   Code = "directory"      // the database path is a directory
	CodeNotDatabase Code = "not_database"   // the file is not a SQLite database, or not subproc's
	CodeReadOnly    Code = "read_only"      // the file or its folder cannot be written
	CodeCannotOpen  Code = "cannot_open"    // the file cannot be opened or created
	CodeTooNew      Code = "schema_too_new" // the schema is newer than this binary knows
	CodeLocked      Code = "locked"         // another connection held the write lock past the busy timeout
)

// Error is a problem with the database file that the user must fix: it says
// which file, what is wrong and what to do.
type Error struct {
	Code Code
	Path string // the database file
	Msg  string // what is wrong, naming the file
	Hint string // what to do
	Err  error  // the underlying error, if any
}

func (e *Error) Error() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + "; " + e.Hint
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNotFound is returned when a requested document does not exist.
var ErrNotFound = errors.New("not found")

// classify turns an SQLite error met while opening the database at path into
// an *Error when the user can act on it; other errors come back wrapped.
func classify(path string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	switch se.Code {
	case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
		return notDatabase(path, err)
	case sqlite3.ErrReadonly, sqlite3.ErrPerm:
		return &Error{Code: CodeReadOnly, Path: path, Err: err,
			Msg:  path + " is read-only",
			Hint: "make the file and its folder writable or pass another --db"}
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return &Error{Code: CodeLocked, Path: path, Err: err,
			Msg:  fmt.Sprintf("%s is locked: another process held a write transaction on it for more than %d s (database is locked)", path, DefaultBusyTimeoutMS/1000),
			Hint: "wait until the other process is done and run the command again, or pass another --db"}
	case sqlite3.ErrCantOpen:
		return &Error{Code: CodeCannotOpen, Path: path, Err: err,
			Msg:  "cannot open or create database " + path,
			Hint: "check that its folder exists and is writable or pass another --db"}
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

func notDatabase(path string, err error) *Error {
	return &Error{Code: CodeNotDatabase, Path: path, Err: err,
		Msg:  path + " is not a subproc database",
		Hint: "pass another --db"}
}
