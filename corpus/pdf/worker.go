package pdf

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/subproc/subproc/corpus/layout"
)

// The worker side of a Pool: a child process, the subproc binary run with
// the hidden argument WorkerArg, that reads PDFs sent on its standard input
// and writes their pages to its standard output. It limits its own address
// space and CPU time when it starts, so a hostile file that makes a reader
// allocate without end or loop forever ends this process, never the run.
//
// The protocol is a sequence of frames, each a 4-byte big-endian length and
// a gob-encoded message. The parent sends a hello (which reader, which
// limits); the worker answers ready once it is set up (for pdfium, after the
// WebAssembly module is compiled). Then, for each document, the parent sends
// a request (the PDF's bytes and the Options as JSON) and the worker answers
// one response (the pages, or an error kind and message). The worker exits
// when its input closes.

// WorkerArg is the hidden argument that makes the subproc binary a PDF
// worker: `subproc __pdf-worker`. main checks IsWorker(os.Args) before
// anything else and then returns ServeWorker's exit code.
const WorkerArg = "__pdf-worker"

// IsWorker reports whether args, the program's os.Args, start a PDF worker.
func IsWorker(args []string) bool { return len(args) == 2 && args[1] == WorkerArg }

// envWorker is set in the environment of every worker process, so that a
// worker (or a test binary that forgot to check IsWorker) never starts
// workers of its own.
const envWorker = "SUBPROC_PDF_WORKER"

// The magic strings of the hello and ready messages: a worker command that
// is not a subproc worker of this version (or echoes) is recognised at once.
const (
	helloMagic = "subproc-pdf-worker/1 hello"
	readyMagic = "subproc-pdf-worker/1 ready"
)

// The readers a worker can run.
const (
	modeRead   = "read"   // Read: github.com/ledongthuc/pdf with this package's content walker
	modePdfium = "pdfium" // PDFium compiled to WebAssembly, run by wazero (pure Go)
)

// Frame size limits. A request holds a whole PDF; a response holds the
// positioned text of every page, which is a few times the text's size.
const (
	maxHello    = 1 << 16
	maxRequest  = MaxSize + 1<<16
	maxResponse = 1 << 30
)

// exitCPU is the exit code of a worker that used up its CPU time.
const exitCPU = 3

// Error kinds in a response, turned back into this package's errors by the parent.
const (
	kindEncrypted = "encrypted"
	kindNoText    = "no-text"
	kindFont      = "font"
	kindMalformed = "malformed"
	kindOther     = "other"
)

// hello is the first message of a worker's life: what to be.
type hello struct {
	Magic       string
	Mode        string        // modeRead or modePdfium
	MemoryLimit int64         // bytes of address space beyond the start-up footprint (RLIMIT_AS); 0: no limit
	CPULimit    time.Duration // CPU time per document (soft RLIMIT_CPU); 0: no limit
	MaxDocs     int           // documents the worker will be sent at most; bounds its total CPU time
	CacheDir    string        // pdfium: folder for wazero's compiled code; "": none
}

// ready is the worker's answer to hello.
type ready struct {
	Magic string
	PID   int
	Err   string // the worker could not set up and is exiting
}

// request asks for the pages of one PDF.
type request struct {
	Options []byte // Options as JSON
	Data    []byte
}

// response is the outcome of one request: the pages, or the fields of an *Error.
type response struct {
	Pages  []layout.Page
	Kind   string // "" on success, else one of the kind constants
	Page   int
	Reason string
	Hint   string
	Limit  string
	Retire bool // the worker recovered from a panic and exits after this response
}

// engine reads the pages of a PDF inside a worker.
type engine interface {
	pages(data []byte, opt Options) ([]layout.Page, error)
}

// readEngine is Read.
type readEngine struct{}

func (readEngine) pages(data []byte, opt Options) ([]layout.Page, error) { return Read(data, opt) }

// workerHook, when set (by tests, in the worker process), sees every
// request's bytes before the engine does: a test can make a worker hang,
// crash or exhaust its memory on a marked request, or answer it itself
// with non-nil pages.
var workerHook func(mode string, data []byte) []layout.Page

// frames is where a worker process writes its frames: its original standard output.
var frames *os.File

// ServeWorker runs a PDF worker on the process's standard input and output
// until its input closes, and returns the process's exit code. Anything
// else the process writes to standard output goes to standard error, so a
// library that prints cannot corrupt the frames.
func ServeWorker() int {
	fd, err := unix.Dup(1)
	if err == nil {
		err = unix.Dup2(2, 1)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "pdf worker: set up standard output: %v\n", err)
		return 1
	}
	frames = os.NewFile(uintptr(fd), "pdf-worker-frames")
	os.Stdout = os.Stderr
	if err := serve(os.Stdin, frames); err != nil {
		fmt.Fprintf(os.Stderr, "pdf worker: %v\n", err)
		return 1
	}
	return 0
}

// serve is the worker's loop: hello, ready, then requests until in closes.
func serve(in io.Reader, out io.Writer) error {
	var h hello
	if err := readMsg(in, maxHello, &h); err != nil {
		return fmt.Errorf("read hello: %w", err)
	}
	if h.Magic != helloMagic {
		return fmt.Errorf("bad hello %q, want %q", h.Magic, helloMagic)
	}
	eng, err := setUp(h)
	if err != nil {
		_ = writeMsg(out, ready{Magic: readyMagic, PID: os.Getpid(), Err: err.Error()})
		return err
	}
	if err := writeMsg(out, ready{Magic: readyMagic, PID: os.Getpid()}); err != nil {
		return fmt.Errorf("write ready: %w", err)
	}
	for {
		var req request
		if err := readMsg(in, maxRequest, &req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("read request: %w", err)
		}
		if err := armCPU(h.CPULimit); err != nil {
			return err
		}
		resp := handle(h.Mode, eng, &req)
		if err := writeMsg(out, resp); err != nil {
			return fmt.Errorf("write response: %w", err)
		}
		if resp.Retire {
			return nil
		}
	}
}

// setUp applies the limits of h to this process and starts its engine.
func setUp(h hello) (engine, error) {
	if err := limitMemory(h.MemoryLimit); err != nil {
		return nil, err
	}
	if err := limitCPU(h.CPULimit, h.MaxDocs); err != nil {
		return nil, err
	}
	switch h.Mode {
	case modeRead:
		return readEngine{}, nil
	case modePdfium:
		return newPdfium(h.CacheDir)
	}
	return nil, fmt.Errorf("unknown worker mode %q", h.Mode)
}

// handle runs one request, turning errors and panics into a response.
func handle(mode string, eng engine, req *request) (resp response) {
	defer func() {
		if v := recover(); v != nil {
			resp = response{Kind: kindMalformed, Retire: true,
				Reason: fmt.Sprintf("the PDF reader failed on this file: %v", v)}
		}
	}()
	var opt Options
	if len(req.Options) > 0 {
		if err := json.Unmarshal(req.Options, &opt); err != nil {
			return response{Kind: kindOther, Reason: fmt.Sprintf("decode options: %v", err)}
		}
	}
	if workerHook != nil {
		if pages := workerHook(mode, req.Data); pages != nil {
			return response{Pages: pages}
		}
	}
	pages, err := eng.pages(req.Data, opt)
	if err != nil {
		return errorResponse(err)
	}
	return response{Pages: pages}
}

// errorResponse puts err on the wire as the fields of an *Error.
func errorResponse(err error) response {
	var pe *Error
	if errors.As(err, &pe) {
		return response{Kind: errorKind(pe.Kind), Page: pe.Page, Reason: pe.Reason, Hint: pe.Hint, Limit: pe.Limit}
	}
	kind := errorKind(err)
	reason := err.Error()
	if k := kinds[kind]; k != nil {
		reason = strings.TrimPrefix(reason, k.Error()+": ")
	}
	return response{Kind: kind, Reason: reason}
}

// kinds maps the error kinds of the wire to the errors of this package.
var kinds = map[string]error{kindEncrypted: ErrEncrypted, kindNoText: ErrNoText,
	kindFont: ErrFontEncoding, kindMalformed: ErrMalformed}

// err rebuilds the *Error of a failed response. Errors of no known kind are malformed PDFs.
func (r *response) err() error {
	kind := kinds[r.Kind]
	if kind == nil {
		kind = ErrMalformed
	}
	return &Error{Kind: kind, Page: r.Page, Reason: r.Reason, Hint: r.Hint, Limit: r.Limit}
}

// errorKind names the class of err for the wire.
func errorKind(err error) string {
	switch {
	case errors.Is(err, ErrEncrypted):
		return kindEncrypted
	case errors.Is(err, ErrNoText):
		return kindNoText
	case errors.Is(err, ErrFontEncoding):
		return kindFont
	case errors.Is(err, ErrMalformed):
		return kindMalformed
	}
	return kindOther
}

// limitMemory caps this process's address space at what it has mapped now
// (the binary, the Go runtime's reservations, about 1-2 GB of which little
// is touched) plus n bytes, so that an allocation past it fails ("fatal
// error: out of memory") instead of swapping the machine, and makes the
// garbage collector work harder as the heap nears n.
func limitMemory(n int64) error {
	if n <= 0 {
		return nil
	}
	var cur unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &cur); err != nil {
		return fmt.Errorf("get address space limit: %w", err)
	}
	lim := uint64(mapped() + n)
	if cur.Max != unix.RLIM_INFINITY && cur.Max < lim {
		lim = cur.Max
	}
	if err := unix.Setrlimit(unix.RLIMIT_AS, &unix.Rlimit{Cur: lim, Max: lim}); err != nil {
		return fmt.Errorf("limit address space to %d bytes: %w", lim, err)
	}
	debug.SetMemoryLimit(n)
	return nil
}

// mapped is the size of this process's address space (VmSize), or a
// generous guess when /proc cannot tell.
func mapped() int64 {
	const guess = 2 << 30
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return guess
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmSize:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return guess
			}
			return kb << 10
		}
	}
	return guess
}

// limitCPU sets the hard CPU-time limit of the process to what maxDocs
// documents may use, and makes the soft limit (armed per document by
// armCPU) end the process with exitCPU.
func limitCPU(per time.Duration, maxDocs int) error {
	if per <= 0 {
		return nil
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGXCPU)
	go func() {
		<-c
		fmt.Fprintln(os.Stderr, "pdf worker: CPU time limit exceeded")
		os.Exit(exitCPU)
	}()
	var cur unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CPU, &cur); err != nil {
		return fmt.Errorf("get CPU time limit: %w", err)
	}
	hard := uint64(math.Ceil((per * time.Duration(max(maxDocs, 1)+1)).Seconds()))
	if cur.Max != unix.RLIM_INFINITY && cur.Max < hard {
		hard = cur.Max
	}
	if err := unix.Setrlimit(unix.RLIMIT_CPU, &unix.Rlimit{Cur: hard, Max: hard}); err != nil {
		return fmt.Errorf("limit CPU time: %w", err)
	}
	return nil
}

// armCPU sets the soft CPU-time limit to the time used so far plus per: the
// budget of the next document.
func armCPU(per time.Duration) error {
	if per <= 0 {
		return nil
	}
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return fmt.Errorf("get CPU time used: %w", err)
	}
	used := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	var cur unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CPU, &cur); err != nil {
		return fmt.Errorf("get CPU time limit: %w", err)
	}
	soft := uint64(math.Ceil((used + per).Seconds()))
	if cur.Max != unix.RLIM_INFINITY && soft > cur.Max {
		soft = cur.Max
	}
	cur.Cur = soft
	if err := unix.Setrlimit(unix.RLIMIT_CPU, &cur); err != nil {
		return fmt.Errorf("limit CPU time: %w", err)
	}
	return nil
}

// writeMsg writes v as one frame.
func writeMsg(w io.Writer, v any) error {
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, 0, 0})
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return fmt.Errorf("encode %T: %w", v, err)
	}
	b := buf.Bytes()
	if len(b)-4 > math.MaxUint32 {
		return fmt.Errorf("%T of %d bytes is too large for a frame", v, len(b)-4)
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	_, err := w.Write(b)
	return err
}

// errFrameTooLarge is a frame longer than its reader accepts.
var errFrameTooLarge = errors.New("frame too large")

// readMsg reads one frame of at most max bytes into v. A clean end of
// input before the frame is io.EOF; one inside it is io.ErrUnexpectedEOF.
func readMsg(r io.Reader, max int, v any) error {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return err
	}
	size := binary.BigEndian.Uint32(n[:])
	if uint64(size) > uint64(max) {
		return fmt.Errorf("%w: %d bytes, at most %d", errFrameTooLarge, size, max)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}
