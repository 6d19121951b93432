package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/subproc/subproc/store"
)

// Error is a fatal problem the user must read and fix: what is wrong and what
// to do about it. main prints it and exits 1.
type Error struct {
	Msg  string // what is wrong, naming the file or flag
	Hint string // what to do, "" if nothing useful can be said
	Err  error  // the cause, if any
}

func (e *Error) Error() string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + " (" + e.Hint + ")"
}

func (e *Error) Unwrap() error { return e.Err }

// usageErrorf is the Error of a bad command line of command cmd ("" for the
// program itself).
func usageErrorf(cmd, format string, args ...any) *Error {
	e := &Error{Msg: fmt.Sprintf(format, args...), Hint: "run 'subproc help' for usage"}
	if cmd != "" {
		e.Msg = cmd + ": " + e.Msg
		e.Hint = "run 'subproc " + cmd + " --help' for usage"
	}
	return e
}

// failuresError reports that some documents failed; each was already printed.
type failuresError struct{ n int }

func (e *failuresError) Error() string { return fmt.Sprintf("%d documents failed", e.n) }

// failures is nil when n is 0, else a *failuresError.
func failures(n int) error {
	if n == 0 {
		return nil
	}
	return &failuresError{n: n}
}

// errHelp is returned when --help was asked for and printed.
var errHelp = errors.New("help printed")

// printError prints a fatal error: the message on one line, the hint on the next.
func printError(w io.Writer, err error) {
	msg, hint := err.Error(), ""
	var ue *Error
	var se *store.Error
	switch {
	case errors.As(err, &ue):
		msg, hint = ue.Msg, ue.Hint
		if ue.Err != nil {
			msg += ": " + ue.Err.Error()
		}
	case errors.As(err, &se):
		msg, hint = se.Msg, se.Hint
	}
	fmt.Fprintf(w, "subproc: %s\n", msg)
	if hint != "" {
		fmt.Fprintf(w, "hint: %s\n", hint)
	}
}

// flags is a command's flag set. It prints nothing itself: parse reports
// errors and help.
func flags(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses args into fs and returns the positional arguments. Flags may
// come after positional arguments (subproc eval GOLD PRED --json), as with
// score.py; "--" ends the flags. For --help it prints help to w and returns
// errHelp.
func parse(fs *flag.FlagSet, args []string, help string, w io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(w, help)
				return nil, errHelp
			}
			return nil, usageErrorf(fs.Name(), "%v", err)
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
