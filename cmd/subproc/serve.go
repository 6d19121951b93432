package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/store"
	"github.com/subproc/subproc/web"
)

// DefaultAddr is where serve listens when --addr is not given: loopback only.
const DefaultAddr = "127.0.0.1:8080"

// ServeCommand serves a database as a read-only web site with a JSON API.
type ServeCommand struct {
	*Main
	Addr string // host:port to listen on
	DB   string // database file
}

const serveUsage = `Usage: subproc serve [--addr HOST:PORT] [--db FILE]

Serve shows the database as a small web site, read-only: search with
filters (country, location, legal basis, publisher, language), a result
table with sorting and paging, a page per sub-processor (the documents that
name it and what each version says), a page per document (its rows with
their source lines and raw text, its versions and what changed between
them), the audit findings, and a CSV or JSON download of each (add
format=csv or format=json to a page's address). A JSON API under /api/
mirrors the pages: /api/search, /api/entities/{id}, /api/documents/{id},
/api/audit.

The database is opened read-only and never created: ingest into it first.
Pages need no JavaScript. Ctrl-C stops the server.

Flags:

	--addr HOST:PORT   where to listen (default 127.0.0.1:8080, this machine
	                   only); port 0 picks a free port. On another interface
	                   anyone who can reach it can read the whole dataset.
	--db FILE          the database (default ./subproc.db)

The address to open is printed on stdout when the server is ready.

Exit codes:

	0    stopped with Ctrl-C
	1    fatal: bad flags, database missing or unusable, address in use
`

// shutdownTimeout is how long requests in flight may take once Ctrl-C stops the server.
const shutdownTimeout = 5 * time.Second

// Run parses the flags in args and serves until ctx is cancelled.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	fs := flags("serve")
	fs.StringVar(&c.Addr, "addr", DefaultAddr, "")
	fs.StringVar(&c.DB, "db", DefaultDB, "")
	rest, err := parse(fs, args, serveUsage, c.Stdout)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("serve", "unexpected argument %q", rest[0])
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return usageErrorf("serve", "--addr %s: want HOST:PORT, e.g. %s", c.Addr, DefaultAddr)
	}

	db, err := store.OpenReadOnly(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if ok, err := db.HasTable(ctx, "subprocessors_fts"); err != nil {
		return err
	} else if !ok {
		fmt.Fprintf(c.Stderr, "warning: %s was written by an older subproc: search by words needs "+
			"its full-text index; run 'subproc ingest --db %s' on the documents again to add it "+
			"(unchanged ones are skipped)\n", c.DB, c.DB)
	}

	loopback := isLoopback(host)
	texts := &fileTexts{}
	defer texts.Close()
	site, err := web.New(db, web.Options{AnyHost: !loopback, AuditText: &lockedTexts{ts: texts},
		ErrorLog: log.New(c.Stderr, "serve: ", log.LstdFlags)})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return &Error{Msg: "listen on " + c.Addr, Err: err,
			Hint: "another program may use the port: pass another --addr, e.g. 127.0.0.1:0 for any free port"}
	}
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // a download of the whole dataset
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(c.Stderr, "serve: ", log.LstdFlags),
	}
	if !loopback {
		fmt.Fprintf(c.Stderr, "warning: serving on %s: anyone who can reach it can read the whole dataset\n", ln.Addr())
	}
	fmt.Fprintf(c.Stdout, "serving %s read-only on http://%s/ (Ctrl-C stops)\n", c.DB, displayAddr(ln.Addr()))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return &Error{Msg: "serve on " + ln.Addr().String(), Err: err}
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return &Error{Msg: "stop the server", Err: err}
	}
	return nil
}

// lockedTexts lets concurrent requests share one audit.TextSource that is
// not safe for concurrent use (fileTexts starts its PDF workers lazily).
type lockedTexts struct {
	mu sync.Mutex
	ts audit.TextSource
}

// Text implements audit.TextSource.
func (l *lockedTexts) Text(ctx context.Context, path string, v store.Snapshot) (string, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ts.Text(ctx, path, v)
}

// isLoopback reports whether host (of --addr) is a loopback name or address.
// An empty host listens on every interface.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// displayAddr is the address to print for the listener: a wildcard address
// is shown as localhost, which a browser on this machine can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("localhost", fmt.Sprint(tcp.Port))
}
