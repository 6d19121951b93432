package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

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
	CodeFull        Code = "full"           // the disk holding the database (or its -wal file) is full
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

// readersHint ends the hints of a database that cannot be written: the
// commands that only read it still work.
const readersHint = "; search, export, changes, audit and serve can still read it"

// classify turns an SQLite error met while opening the database at path into
// an *Error when the user can act on it; other errors come back wrapped.
// No connection to the file may be open: it may open the file and create a
// file in its folder to tell which of them cannot be written.
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
		return readOnly(path, "", err, true)
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return &Error{Code: CodeLocked, Path: path, Err: err,
			Msg:  fmt.Sprintf("%s is locked: another process held a write transaction on it for more than %d s (database is locked)", path, DefaultBusyTimeoutMS/1000),
			Hint: "wait until the other process is done and run the command again, or pass another --db"}
	case sqlite3.ErrFull:
		return full(path, "", err)
	case sqlite3.ErrIoErr:
		if se.SystemErrno == syscall.ENOSPC {
			return full(path, "", err)
		}
	case sqlite3.ErrCantOpen:
		dir := filepath.Dir(path)
		if _, statErr := os.Stat(path); errors.Is(statErr, fs.ErrNotExist) && isDir(dir) && !dirWritable(dir) {
			return &Error{Code: CodeCannotOpen, Path: path, Err: err,
				Msg:  fmt.Sprintf("cannot create database %s: its folder %s is read-only for this user", path, dir),
				Hint: "make the folder writable or pass another --db in a folder you can write"}
		}
		return &Error{Code: CodeCannotOpen, Path: path, Err: err,
			Msg:  "cannot open or create database " + path,
			Hint: "check that its folder exists and is writable or pass another --db"}
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// writeError turns the error of a write to the open database at path into an
// *Error when the user can act on it: a full disk, a file or folder that
// cannot be written. doc names what was being written: a document's path,
// "the sub-processor entities". Other errors, and nil, come back as they are.
func writeError(path, doc string, err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch {
	case se.Code == sqlite3.ErrFull, se.Code == sqlite3.ErrIoErr && se.SystemErrno == syscall.ENOSPC:
		return full(path, doc, err)
	case se.Code == sqlite3.ErrReadonly:
		// Connections are open: probing the file itself would drop their
		// POSIX locks. Only the folder is probed.
		return readOnly(path, doc, err, false)
	}
	return err
}

// full is the *Error of a database whose disk is full while it stored doc
// ("" while it was opened). SQLite rolled the transaction back: what was
// committed before is whole.
func full(path, doc string, err error) *Error {
	e := &Error{Code: CodeFull, Path: path, Err: err,
		Msg:  "cannot write to database " + path + ": the disk is full (database or disk is full)",
		Hint: "free space on the disk of " + path + ", or pass another --db, and run the command again"}
	if doc != "" {
		e.Msg = "cannot store " + doc + " in database " + path + ": the disk is full (database or disk is full)"
		e.Hint = "free space on the disk of " + path + " (the database and its -wal file grow as documents are stored), " +
			"or pass another --db, and run the same command again: the documents stored so far are complete and are skipped as unchanged"
	}
	return e
}

// readOnly is the *Error of a database at path this process cannot write:
// the file, its folder (where SQLite keeps the -wal and -shm files of a
// database in WAL mode) or the file system. doc names what was being written
// ("" for nothing in particular); probeFile says whether the file may be
// opened to see if it is writable (never while connections are open).
func readOnly(path, doc string, err error, probeFile bool) *Error {
	e := &Error{Code: CodeReadOnly, Path: path, Err: err,
		Msg:  path + " is read-only",
		Hint: "make the file and its folder writable or pass another --db" + readersHint}
	if doc != "" {
		e.Msg = "cannot store " + doc + ": " + e.Msg
	}
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, syscall.EROFS) || isReadOnlyFS(err):
		e.Msg += ": it is on a read-only file system"
		e.Hint = "copy it to a writable disk and pass the copy with --db" + readersHint
	case probeFile && !fileWritable(path):
		e.Msg += ": this user cannot write the file (permission denied)"
		e.Hint = "make the file writable for this user (chmod u+w, or run as its owner) or pass another --db" + readersHint
	case isDir(dir) && !dirWritable(dir):
		e.Msg += fmt.Sprintf(": this user cannot write its folder %s, where SQLite keeps the database's -wal and -shm files", dir)
		e.Hint = "make the folder writable for this user or pass another --db" + readersHint
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		e.Msg += " (" + se.Error() + ")"
	}
	return e
}

// fileReadOnly is the *Error of an existing database file that os.OpenFile
// could not open for writing with err, before SQLite opened it.
func fileReadOnly(path string, err error) *Error {
	if errors.Is(err, syscall.EROFS) {
		return readOnly(path, "", err, false)
	}
	return &Error{Code: CodeReadOnly, Path: path, Err: err,
		Msg:  path + " is read-only: this user cannot write the file (permission denied)",
		Hint: "make the file writable for this user (chmod u+w, or run as its owner) or pass another --db" + readersHint}
}

// isReadOnlyFS reports whether err, from os.OpenFile, says the file system
// is mounted read-only.
func isReadOnlyFS(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.SystemErrno == syscall.EROFS
}

// fileWritable reports whether the file at path can be opened for writing.
// It must not be called while this process has the file open in SQLite:
// closing any descriptor of a file drops the process's POSIX locks on it.
func fileWritable(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EROFS)
	}
	f.Close()
	return true
}

// dirWritable reports whether this process can create files in dir, as
// SQLite must for the -wal, -shm and journal files: it creates one and
// removes it.
func dirWritable(dir string) bool {
	f, err := os.CreateTemp(dir, ".subproc-probe-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return true
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

func notDatabase(path string, err error) *Error {
	return &Error{Code: CodeNotDatabase, Path: path, Err: err,
		Msg:  path + " is not a subproc database",
		Hint: "pass another --db"}
}
