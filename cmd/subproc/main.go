// Command subproc turns vendor data processing agreements into a SQLite
// dataset of their sub-processors. It only reads flags, wires the packages
// together and prints; the work is done by package pipeline and the stages.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/subproc/subproc/corpus/pdf"
)

// Exit codes, documented in every command's --help.
const (
	exitOK          = 0
	exitFatal       = 1
	exitFailures    = 3
	exitInterrupted = 130
)

func main() {
	// The PDF decoding pool runs this binary with a hidden argument as its
	// worker processes (see package pdf).
	if pdf.IsWorker(os.Args) {
		os.Exit(pdf.ServeWorker())
	}

	// The first Ctrl-C cancels ctx and the run stops cleanly; once it is
	// cancelled the default handling is back, so a second Ctrl-C kills.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()

	tuneGC()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Terminal: term.IsTerminal(int(os.Stderr.Fd()))}
	stopProfiles := startProfiles()
	err := m.Run(ctx, os.Args[1:])
	stopProfiles()

	var failed *failuresError
	var findings *findingsError
	code := exitOK
	switch {
	case err == nil:
	case errors.Is(err, errHelp):
		// help was asked for and printed
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		fmt.Fprintln(os.Stderr, "subproc: interrupted")
		code = exitInterrupted
	case errors.As(err, &failed):
		code = exitFailures // each failure was printed as it happened
	case errors.As(err, &findings):
		printError(os.Stderr, err) // the findings were printed
		code = exitFindings
	default:
		printError(os.Stderr, err)
		code = exitFatal
	}
	stop()
	os.Exit(code)
}

// Main is the program with its outputs, so tests can run it in-process.
type Main struct {
	Stdout, Stderr io.Writer
	Terminal       bool // Stderr is a terminal: draw a progress bar
}

// Run runs the subcommand named by args[0].
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return &Error{Msg: "no command given"}
	}
	name, args := args[0], args[1:]
	switch name {
	case "ingest":
		return (&IngestCommand{Main: m}).Run(ctx, args)
	case "extract":
		return (&ExtractCommand{Main: m}).Run(ctx, args)
	case "eval":
		return (&EvalCommand{Main: m}).Run(ctx, args)
	case "search":
		return (&SearchCommand{Main: m}).Run(ctx, args)
	case "export":
		return (&ExportCommand{Main: m}).Run(ctx, args)
	case "serve":
		return (&ServeCommand{Main: m}).Run(ctx, args)
	case "changes":
		return (&ChangesCommand{Main: m}).Run(ctx, args)
	case "audit":
		return (&AuditCommand{Main: m}).Run(ctx, args)
	case "version":
		return (&VersionCommand{Main: m}).Run(ctx, args)
	case "help", "-h", "-help", "--help":
		return m.help(args)
	}
	return usageErrorf("", "unknown command %q", name)
}

// help prints the usage of the program or of one command.
func (m *Main) help(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	text, ok := map[string]string{
		"ingest": ingestUsage, "extract": extractUsage, "eval": evalUsage, "version": versionUsage,
		"search": searchUsage, "export": exportUsage,
		"serve": serveUsage, "changes": changesUsage, "audit": auditUsage,
	}[args[0]]
	if !ok {
		return usageErrorf("", "unknown command %q", args[0])
	}
	fmt.Fprint(m.Stdout, text)
	return nil
}

const usage = `subproc turns vendor data processing agreements (DPAs) into a SQLite dataset
of their sub-processors.

Usage:

	subproc <command> [flags] [arguments]

Commands:

	ingest    extract documents and store their sub-processors in a database
	extract   print the sub-processors of documents as JSON, without a database
	eval      score extractions against gold files, like shared/tools/score.py
	search    find sub-processors in the database by words and filters
	export    write the database's sub-processors as CSV, JSON or JSON Lines
	serve     show the database as a read-only web site and JSON API
	changes   show what changed between the versions of each document
	audit     check the sub-processors against transfer and notice rules
	version   print the version of subproc
	help      print the help of a command: subproc help ingest

Exit codes:

	0    all fine
	1    fatal: bad flags or arguments, database unusable
	3    some documents failed (each is reported; the others were done)
	4    audit --fail-on: a finding of that severity or higher
	130  interrupted (Ctrl-C); what was stored is consistent
`
