package pdf

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/subproc/subproc/corpus/layout"
)

// Defaults of PoolOptions.
const (
	DefaultTimeout             = 30 * time.Second // wall-clock time per document and reader
	DefaultMemoryLimit         = 2 << 30          // memory a Read worker may map beyond its start-up footprint
	DefaultFallbackMemoryLimit = 4 << 30          // the same for the pdfium worker (WebAssembly memory is up to 4 GiB)
	DefaultMaxDocuments        = 100              // documents a worker reads before it is replaced
	DefaultStartTimeout        = time.Minute      // time a worker may take to start (pdfium compiles for about 3 s)
)

// MaxSize is the largest PDF a Pool reads, in bytes.
const MaxSize = 1 << 30

// PoolOptions configure a Pool. The zero value is useful: GOMAXPROCS
// workers, the Default limits, the pdfium fallback on, and workers that are
// this executable run with WorkerArg.
type PoolOptions struct {
	Workers             int           // Read worker processes; 0 means GOMAXPROCS
	Timeout             time.Duration // wall-clock time one reader may spend on a document; 0 means DefaultTimeout
	MemoryLimit         int64         // bytes a Read worker may map beyond what it has at start; 0 means DefaultMemoryLimit
	FallbackMemoryLimit int64         // the same for the pdfium worker; 0 means DefaultFallbackMemoryLimit
	MaxDocuments        int           // documents a worker reads before it is replaced; 0 means DefaultMaxDocuments
	StartTimeout        time.Duration // time a worker may take to start; 0 means DefaultStartTimeout
	NoFallback          bool          // never fall back to pdfium

	// CacheDir is a folder where the pdfium worker keeps its compiled
	// WebAssembly between runs: with it a start takes 0.2 s and 50 MB,
	// without it 3 s and 300 MB. "" means no cache.
	CacheDir string

	Read Options // options of Read in the workers

	// Command is the worker's command line; nil means this executable with
	// WorkerArg. Env is added to the worker's environment. Tests use them
	// to run the test binary as the worker.
	Command []string
	Env     []string
}

// Pool reads PDFs in worker processes, so that no file can hang, crash or
// exhaust the memory of the process that uses it. Each document goes first
// to a Read worker (github.com/ledongthuc/pdf); when that fails for any
// reason (a malformed or unsupported file, an encryption it cannot open, a
// crash, a timeout) the document goes to the pdfium worker, started on first
// need, and the better of the two answers is returned. A file that passed
// one of Read's limits (Error.Limit: a compression bomb) is refused at once:
// pdfium, which has no such limits, would spend its timeout on it.
//
// Workers are started on first need, reused across documents, replaced after
// MaxDocuments documents, and killed and replaced when they crash, time out
// or exceed their limits; that document gets a *WorkerError (or the
// fallback's result). A Pool is safe for concurrent use; Close it to stop its
// workers.
type Pool struct {
	opt      PoolOptions
	primary  *group
	fallback *group
}

// NewPool returns a pool with the given options. It starts no process:
// workers start when the first PDF arrives.
func NewPool(opt PoolOptions) *Pool {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MemoryLimit <= 0 {
		opt.MemoryLimit = DefaultMemoryLimit
	}
	if opt.FallbackMemoryLimit <= 0 {
		opt.FallbackMemoryLimit = DefaultFallbackMemoryLimit
	}
	if opt.MaxDocuments <= 0 {
		opt.MaxDocuments = DefaultMaxDocuments
	}
	if opt.StartTimeout <= 0 {
		opt.StartTimeout = DefaultStartTimeout
	}
	p := &Pool{opt: opt}
	cpu := 2 * opt.Timeout // garbage collection runs beside the reader
	p.primary = newGroup(&p.opt, "PDF reader", opt.Workers, hello{Magic: helloMagic, Mode: modeRead,
		MemoryLimit: opt.MemoryLimit, CPULimit: cpu, MaxDocs: opt.MaxDocuments})
	p.fallback = newGroup(&p.opt, "fallback PDF reader (pdfium)", 1, hello{Magic: helloMagic,
		Mode: modePdfium, MemoryLimit: opt.FallbackMemoryLimit, CPULimit: cpu,
		MaxDocs: opt.MaxDocuments, CacheDir: opt.CacheDir})
	return p
}

// ErrClosed is returned by Pages after Close.
var ErrClosed = errors.New("PDF pool closed")

// Pages returns the positioned text of the PDF data. Its errors wrap
// ErrEncrypted (a password is needed), ErrNoText, ErrFontEncoding or
// ErrMalformed, are a *WorkerError (a reader crashed, timed out or exceeded
// its limits), or are ctx.Err() when ctx ended first: the worker reading the
// document is then killed.
func (p *Pool) Pages(ctx context.Context, data []byte) ([]layout.Page, error) {
	pages, _, err := p.pages(ctx, data)
	return pages, err
}

// trace says how a document went through the pool.
type trace struct {
	first    error // the Read worker's error; nil when it read the document
	fallback bool  // the document went to pdfium
}

func (p *Pool) pages(ctx context.Context, data []byte) ([]layout.Page, trace, error) {
	var tr trace
	if len(data) > MaxSize {
		return nil, tr, malformed(0, "the file has %d bytes, more than the %d a PDF may have here", len(data), MaxSize)
	}
	opt, err := json.Marshal(p.opt.Read)
	if err != nil {
		return nil, tr, fmt.Errorf("encode PDF options: %w", err)
	}
	req := request{Options: opt, Data: data}
	pages, err := p.primary.pages(ctx, &req)
	tr.first = err
	var pe *Error
	if err == nil || p.opt.NoFallback || ctx.Err() != nil || errors.Is(err, ErrClosed) ||
		errors.As(err, &pe) && pe.Limit != "" {
		return pages, tr, err
	}
	tr.fallback = true
	pages, ferr := p.fallback.pages(ctx, &req)
	switch {
	case ferr == nil:
		return pages, tr, nil
	case ctx.Err() != nil || errors.Is(ferr, ErrClosed):
		return nil, tr, ferr
	case errors.Is(ferr, ErrNoText) && damagedContent(err):
		// pdfium saw images and no text where Read found content it
		// could not decode: a damaged file, not a scan
		return nil, tr, err
	case verdict(ferr):
		return nil, tr, ferr
	case verdict(err):
		return nil, tr, err
	}
	return nil, tr, &fallbackError{first: err, second: ferr}
}

// verdict reports whether err says what the document is (encrypted, without
// text, with unreadable fonts) rather than that a reader failed on it.
func verdict(err error) bool {
	return errors.Is(err, ErrEncrypted) || errors.Is(err, ErrNoText) || errors.Is(err, ErrFontEncoding)
}

// damagedContent reports whether err is Read's report of a page whose
// content could not be decoded.
func damagedContent(err error) bool {
	var pe *Error
	return errors.As(err, &pe) && errors.Is(pe.Kind, ErrMalformed) && pe.Page > 0
}

// Close kills the workers and makes Pages return ErrClosed. Documents in
// flight end with ErrClosed.
func (p *Pool) Close() error {
	p.primary.close()
	p.fallback.close()
	return nil
}

// fallbackError is the failure of both readers.
type fallbackError struct{ first, second error }

func (e *fallbackError) Error() string {
	return fmt.Sprintf("%v; the fallback reader (pdfium) failed too: %v", e.first, e.second)
}

func (e *fallbackError) Unwrap() []error { return []error{e.first, e.second} }

// The ways a worker fails, in WorkerError.Kind.
const (
	FailTimeout  = "timeout"  // it did not answer within the time limit
	FailMemory   = "memory"   // it ran out of its address space
	FailCPU      = "cpu"      // it used up its CPU time
	FailCrash    = "crash"    // it died otherwise
	FailProtocol = "protocol" // it answered something that is not a frame of the protocol
	FailStart    = "start"    // it could not be started
)

// WorkerError is a worker that crashed, timed out or exceeded its limits
// while it read a document; the worker was killed and will be replaced.
type WorkerError struct {
	Reader string        // "PDF reader" or "fallback PDF reader (pdfium)"
	Kind   string        // one of the Fail constants
	After  time.Duration // how long the document had been in the worker
	Detail string        // the worker's last words on standard error or the exit status, if any
}

func (e *WorkerError) Error() string {
	var what string
	switch e.Kind {
	case FailTimeout:
		what = fmt.Sprintf("timed out after %s", e.After.Round(time.Millisecond))
	case FailMemory:
		what = "ran out of memory"
	case FailCPU:
		what = "used up its CPU time"
	case FailProtocol:
		what = "answered garbage"
	case FailStart:
		what = "could not start"
	default:
		what = "crashed"
	}
	msg := e.Reader + " " + what
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Kind == FailStart {
		return msg
	}
	return msg + ": the file may be malformed or hostile; repair it (e.g. print it to a new PDF) or convert it to text"
}

// group is the workers of one reader.
type group struct {
	opt   *PoolOptions
	name  string
	hello hello
	slots chan struct{} // one per document in flight
	done  chan struct{} // closed by close

	mu     sync.Mutex
	idle   []*worker
	busy   map[*worker]bool
	closed bool
}

func newGroup(opt *PoolOptions, name string, size int, h hello) *group {
	return &group{opt: opt, name: name, hello: h, slots: make(chan struct{}, size),
		done: make(chan struct{}), busy: map[*worker]bool{}}
}

// pages runs req in a worker of the group, starting one if none is idle.
func (g *group) pages(ctx context.Context, req *request) ([]layout.Page, error) {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-g.done:
		return nil, ErrClosed
	}
	defer func() { <-g.slots }()
	w, err := g.get(ctx)
	if err != nil {
		return nil, err
	}
	var resp response
	err = w.exchange(ctx, req, maxResponse, &resp, g.opt.Timeout)
	g.put(w, err == nil && !resp.Retire)
	switch {
	case err != nil && g.isClosed():
		return nil, ErrClosed
	case err != nil:
		return nil, err
	case resp.Kind != "":
		return nil, resp.err()
	}
	return resp.Pages, nil
}

func (g *group) isClosed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closed
}

// get returns an idle worker, or a new one.
func (g *group) get(ctx context.Context) (*worker, error) {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return nil, ErrClosed
	}
	for len(g.idle) > 0 {
		w := g.idle[len(g.idle)-1]
		g.idle = g.idle[:len(g.idle)-1]
		if w.alive() {
			g.busy[w] = true
			g.mu.Unlock()
			return w, nil
		}
		w.stop() // died while idle: release its pipes
	}
	g.mu.Unlock()

	w, err := g.start(ctx)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		w.kill()
		return nil, ErrClosed
	}
	g.busy[w] = true
	return w, nil
}

// put takes w back after a document: to the idle list when it is healthy
// and has documents left, else it is stopped.
func (g *group) put(w *worker, healthy bool) {
	w.docs++
	g.mu.Lock()
	delete(g.busy, w)
	keep := healthy && !g.closed && w.docs < g.opt.MaxDocuments && w.alive()
	if keep {
		g.idle = append(g.idle, w)
	}
	g.mu.Unlock()
	if !keep {
		w.stop()
	}
}

// close kills every worker of the group.
func (g *group) close() {
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return
	}
	g.closed = true
	close(g.done)
	ws := g.idle
	g.idle = nil
	for w := range g.busy {
		ws = append(ws, w)
	}
	g.mu.Unlock()
	for _, w := range ws {
		w.kill()
	}
}

// start starts a worker process and waits until it is ready.
func (g *group) start(ctx context.Context) (*worker, error) {
	fail := func(err error) error {
		return &WorkerError{Reader: g.name, Kind: FailStart, Detail: err.Error()}
	}
	if os.Getenv(envWorker) != "" {
		return nil, fail(errors.New("a PDF worker process cannot start PDF workers"))
	}
	args := g.opt.Command
	if len(args) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fail(fmt.Errorf("find this executable: %w", err))
		}
		args = []string{exe, WorkerArg}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(append(os.Environ(), g.opt.Env...), envWorker+"=1")
	// The kernel kills the worker if this process dies first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	w := &worker{name: g.name, cmd: cmd, stderr: &lastWords{}, exited: make(chan struct{})}
	cmd.Stderr = w.stderr
	cmd.WaitDelay = time.Second
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fail(err)
	}
	// Not cmd.StdoutPipe: Wait, which runs as soon as the process exits,
	// would close it before the last frame was read.
	stdout, pw, err := os.Pipe()
	if err != nil {
		return nil, fail(err)
	}
	cmd.Stdout = pw
	err = cmd.Start()
	pw.Close()
	if err != nil {
		stdout.Close()
		return nil, fail(err)
	}
	w.stdin, w.stdout = stdin, bufio.NewReaderSize(stdout, 1<<16)
	w.closeOut = stdout
	go func() {
		w.waitErr = cmd.Wait()
		close(w.exited)
	}()

	var r ready
	if err := w.exchange(ctx, g.hello, maxHello, &r, g.opt.StartTimeout); err != nil {
		var we *WorkerError
		if errors.As(err, &we) {
			we.Kind = FailStart
		}
		return nil, err
	}
	switch {
	case r.Magic != readyMagic:
		w.kill()
		return nil, fail(fmt.Errorf("%s is not a PDF worker of this version", args[0]))
	case r.Err != "":
		w.kill()
		return nil, fail(errors.New(r.Err))
	}
	w.pid = r.PID
	return w, nil
}

// worker is one worker process.
type worker struct {
	name     string
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	stdout   *bufio.Reader
	closeOut io.Closer // the read end of stdout, closed once the process is gone and nobody reads
	stderr   *lastWords
	exited   chan struct{} // closed when the process has exited and its output was read
	waitErr  error         // cmd.Wait's result, set before exited is closed
	docs     int           // documents read
	pid      int           // as the worker reported it
}

// alive reports whether the process is still running.
func (w *worker) alive() bool {
	select {
	case <-w.exited:
		return false
	default:
		return true
	}
}

// kill ends the process at once and waits for it.
func (w *worker) kill() {
	_ = w.cmd.Process.Kill()
	<-w.exited
	_ = w.closeOut.Close()
}

// stop closes the worker's input, which makes it exit, and kills it if it
// has not after a second. It does not wait.
func (w *worker) stop() {
	_ = w.stdin.Close()
	go func() {
		select {
		case <-w.exited:
		case <-time.After(time.Second):
			_ = w.cmd.Process.Kill()
			<-w.exited
		}
		_ = w.closeOut.Close()
	}()
}

// exchange sends msg and reads the answer into v, within timeout and ctx.
// On any failure the process is killed and the error says why it failed.
func (w *worker) exchange(ctx context.Context, msg any, max int, v any, timeout time.Duration) error {
	start := time.Now()
	w.stderr.reset()
	done := make(chan error, 1)
	go func() {
		if err := writeMsg(w.stdin, msg); err != nil {
			done <- err
			return
		}
		done <- readMsg(w.stdout, max, v)
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if err == nil {
			return nil
		}
		w.kill()
		return w.failure(err, time.Since(start))
	case <-timer.C:
		w.kill()
		<-done
		return &WorkerError{Reader: w.name, Kind: FailTimeout, After: time.Since(start)}
	case <-ctx.Done():
		w.kill()
		<-done
		return ctx.Err()
	}
}

// failure explains the end of a worker that broke off the protocol with err.
func (w *worker) failure(err error, after time.Duration) *WorkerError {
	e := &WorkerError{Reader: w.name, Kind: FailCrash, After: after, Detail: w.stderr.reason()}
	var ee *exec.ExitError
	switch {
	case errors.As(w.waitErr, &ee) && ee.ExitCode() == exitCPU,
		strings.Contains(e.Detail, "CPU time limit"):
		e.Kind = FailCPU
	case strings.Contains(e.Detail, "out of memory"),
		strings.Contains(e.Detail, "cannot allocate memory"),
		strings.Contains(e.Detail, "failed to allocate"),       // the race detector's runtime
		strings.Contains(e.Detail, "address space collisions"): // the same
		e.Kind = FailMemory
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE):
		// the process died: its last words or exit status say how
	default:
		e.Kind = FailProtocol
		e.Detail = err.Error()
	}
	if e.Detail == "" && w.waitErr != nil {
		e.Detail = w.waitErr.Error()
	}
	return e
}

// lastWords keeps the first lines a worker wrote to standard error since
// the last reset (a Go crash starts with its reason, then a long trace).
type lastWords struct {
	mu    sync.Mutex
	lines []string
	part  []byte
}

const maxLastWords = 40

func (l *lastWords) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(b)
	for len(b) > 0 && len(l.lines) < maxLastWords {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if len(l.part) < 1<<12 {
				l.part = append(l.part, b[:min(len(b), 1<<12-len(l.part))]...)
			}
			break
		}
		line := append(l.part, b[:i]...)
		l.part = nil
		if len(line) > 0 {
			l.lines = append(l.lines, string(line[:min(len(line), 1<<10)]))
		}
		b = b[i+1:]
	}
	return n, nil
}

func (l *lastWords) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines, l.part = nil, nil
}

// reason is the line that says why a worker died: a Go runtime's "fatal
// error:" or "panic:" line, or the first line written.
func (l *lastWords) reason() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	if len(l.part) > 0 {
		lines = append(lines[:len(lines):len(lines)], string(l.part))
	}
	for _, s := range lines {
		for _, p := range []string{"fatal error:", "panic:", "runtime: out of memory", "pdf worker:"} {
			if strings.HasPrefix(s, p) {
				return strings.TrimSpace(s)
			}
		}
	}
	if len(lines) > 0 {
		return strings.TrimSpace(lines[0])
	}
	return ""
}
