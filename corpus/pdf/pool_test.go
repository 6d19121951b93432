package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/subproc/subproc/corpus/layout"
)

// The tests run the test binary itself as the worker: TestMain serves the
// worker protocol when the binary is started with WorkerArg, with testHook
// answering the marked requests the pool tests send.

func TestMain(m *testing.M) {
	if IsWorker(os.Args) {
		workerHook = testHook
		os.Exit(ServeWorker())
	}
	code := m.Run()
	closeShared()
	os.Exit(code)
}

// Marks at the start of a request that make testHook misbehave.
const (
	markHang       = "%TEST-HANG"     // sleep forever
	markSpin       = "%TEST-SPIN"     // burn CPU forever
	markExit       = "%TEST-EXIT"     // exit with status 42
	markCrash      = "%TEST-CRASH"    // an unrecovered panic in another goroutine
	markPanic      = "%TEST-PANIC"    // a panic in the reader (recovered by the worker)
	markOOM        = "%TEST-OOM"      // allocate until the address space is full
	markNoise      = "%TEST-NOISE"    // print on standard output, then answer the worker's PID
	markGarbage    = "%TEST-GARBAGE"  // write bytes that are no frame on the frames' descriptor
	markPID        = "%TEST-PID"      // answer the worker's PID
	markRaw        = "%TEST-RAW\n"    // read the rest with github.com/ledongthuc/pdf alone, unguarded
	markBoth       = "%TEST-BOTH"     // the pdfium worker too obeys the mark that follows
	testHookMarker = "%TEST-"         // all marks start so
	hookSleep      = 1000 * time.Hour // forever, for a test
	oomChunk       = 128 << 20        // bytes allocated at a time by markOOM
	testMemory     = 1<<30 + 256<<20  // address space of the OOM test's workers
	testTimeout    = 500 * time.Millisecond
	testLongWait   = 20 * time.Second // what no test here should take
)

var sink [][]byte

func spin() {
	for n := 0; ; n++ {
		if n < 0 {
			return
		}
	}
}

func testHook(mode string, data []byte) []layout.Page {
	if !bytes.HasPrefix(data, []byte(testHookMarker)) {
		return nil
	}
	both := bytes.HasPrefix(data, []byte(markBoth))
	if both {
		data = data[len(markBoth):]
	}
	if mode == modePdfium && !both {
		return nil // the fallback misbehaves only when told twice
	}
	pid := []layout.Page{{Number: 1, Runs: []layout.Run{{Text: strconv.Itoa(os.Getpid())}}}}
	switch {
	case bytes.HasPrefix(data, []byte(markHang)):
		time.Sleep(hookSleep)
	case bytes.HasPrefix(data, []byte(markSpin)):
		for range runtime.GOMAXPROCS(0) {
			go spin()
		}
		spin()
	case bytes.HasPrefix(data, []byte(markExit)):
		os.Exit(42)
	case bytes.HasPrefix(data, []byte(markCrash)):
		go func() { panic("test crash") }()
		time.Sleep(hookSleep)
	case bytes.HasPrefix(data, []byte(markPanic)):
		panic("test panic")
	case bytes.HasPrefix(data, []byte(markOOM)):
		for {
			b := make([]byte, oomChunk)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			sink = append(sink, b)
		}
	case bytes.HasPrefix(data, []byte(markNoise)):
		fmt.Println("noise on os.Stdout")
		syscall.Write(1, []byte("noise on fd 1\n"))
		return pid
	case bytes.HasPrefix(data, []byte(markGarbage)):
		frames.Write([]byte("\xff\xff\xff\xffgarbage"))
		time.Sleep(hookSleep)
	case bytes.HasPrefix(data, []byte(markPID)):
		return pid
	case bytes.HasPrefix(data, []byte(markRaw)):
		return rawRead(data[len(markRaw):])
	}
	return nil
}

// rawRead reads data with the library's own page tree and content
// decoder, as the research notes measured it, and returns its text.
func rawRead(data []byte) []layout.Page {
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return []layout.Page{{Runs: []layout.Run{{Text: "error: " + err.Error()}}}}
	}
	var runs []layout.Run
	for i := 1; i <= r.NumPage(); i++ {
		for _, t := range r.Page(i).Content().Text {
			runs = append(runs, layout.Run{Text: t.S})
		}
	}
	return []layout.Page{{Number: 1, Runs: runs}}
}

// testPool returns a pool of one Read worker without fallback, closed when
// the test ends.
func testPool(t testing.TB, opt PoolOptions) *Pool {
	t.Helper()
	if opt.Workers == 0 {
		opt.Workers = 1
	}
	if opt.Timeout == 0 {
		opt.Timeout = testTimeout
	}
	opt.NoFallback = true
	p := NewPool(opt)
	t.Cleanup(func() { p.Close() })
	return p
}

// pid asks the pool which worker process answers.
func pid(t testing.TB, p *Pool) string {
	t.Helper()
	pages, err := p.Pages(context.Background(), []byte(markPID))
	if err != nil {
		t.Fatalf("Pages(%s): %v", markPID, err)
	}
	return pages[0].Runs[0].Text
}

func workerError(t testing.TB, err error, kind string) *WorkerError {
	t.Helper()
	var we *WorkerError
	if !errors.As(err, &we) {
		t.Fatalf("error = %v (%T), want a *WorkerError", err, err)
	}
	if we.Kind != kind {
		t.Fatalf("WorkerError.Kind = %q, want %q (%v)", we.Kind, kind, err)
	}
	return we
}

func TestPoolReusesAndRestartsWorkers(t *testing.T) {
	p := testPool(t, PoolOptions{MaxDocuments: 3})
	a, b, c := pid(t, p), pid(t, p), pid(t, p)
	d := pid(t, p)
	if a != b || b != c {
		t.Errorf("PIDs of 3 documents = %s %s %s, want one worker reused", a, b, c)
	}
	if d == c {
		t.Errorf("4th document read by the same worker %s, want a new one after MaxDocuments 3", d)
	}
}

func TestPoolTimeoutKillsAndReplaces(t *testing.T) {
	p := testPool(t, PoolOptions{Timeout: 300 * time.Millisecond})
	before := pid(t, p)
	start := time.Now()
	_, err := p.Pages(context.Background(), []byte(markHang))
	elapsed := time.Since(start)
	we := workerError(t, err, FailTimeout)
	if elapsed > 5*time.Second || we.After < 300*time.Millisecond {
		t.Errorf("timed out after %v (reported %v), want about 300ms", elapsed, we.After)
	}
	if !strings.Contains(err.Error(), "timed out after") || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("error %q does not say it timed out and why", err)
	}
	if after := pid(t, p); after == before {
		t.Errorf("worker %s still answers after it timed out", after)
	}
	if syscall.Kill(atoi(t, before), 0) == nil {
		t.Errorf("the worker that timed out (%s) is still running", before)
	}
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPoolCrashes(t *testing.T) {
	tests := []struct {
		mark   string
		kind   string
		detail string
	}{
		{markExit, FailCrash, "exit status 42"},
		{markCrash, FailCrash, "panic: test crash"},
		{markOOM, FailMemory, ""}, // "fatal error: out of memory", worded otherwise under -race
		{markGarbage, FailProtocol, "frame too large"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.mark, testHookMarker), func(t *testing.T) {
			t.Parallel()
			p := testPool(t, PoolOptions{Timeout: testLongWait, MemoryLimit: testMemory})
			start := time.Now()
			_, err := p.Pages(context.Background(), []byte(tt.mark))
			we := workerError(t, err, tt.kind)
			if !strings.Contains(we.Detail, tt.detail) {
				t.Errorf("Detail = %q, want it to contain %q", we.Detail, tt.detail)
			}
			if time.Since(start) > testLongWait/2 {
				t.Errorf("the failure took %v", time.Since(start))
			}
			pid(t, p) // the next document works
		})
	}
}

func TestPoolCPULimit(t *testing.T) {
	p := testPool(t, PoolOptions{Timeout: testLongWait})
	p.primary.hello.CPULimit = time.Second
	_, err := p.Pages(context.Background(), []byte(markSpin))
	workerError(t, err, FailCPU)
	pid(t, p)
}

func TestPoolReaderPanicRetiresWorker(t *testing.T) {
	p := testPool(t, PoolOptions{})
	before := pid(t, p)
	_, err := p.Pages(context.Background(), []byte(markPanic))
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "test panic") {
		t.Fatalf("error = %v, want a malformed PDF error naming the panic", err)
	}
	if after := pid(t, p); after == before {
		t.Errorf("worker %s still used after a panic", after)
	}
}

func TestPoolStdoutNoiseIsHarmless(t *testing.T) {
	p := testPool(t, PoolOptions{})
	if _, err := p.Pages(context.Background(), []byte(markNoise)); err != nil {
		t.Fatalf("Pages: %v", err)
	}
	pid(t, p)
}

func TestPoolCancel(t *testing.T) {
	p := testPool(t, PoolOptions{Timeout: testLongWait})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Pages(ctx, []byte(markHang))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the context's", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelled after %v", d)
	}
	pid(t, p)

	// A document waiting for a busy worker gives up too.
	hung := make(chan error)
	go func() {
		_, err := p.Pages(context.Background(), []byte(markHang))
		hung <- err
	}()
	time.Sleep(100 * time.Millisecond)
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := p.Pages(ctx, []byte(markPID)); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting document: error = %v, want the context's", err)
	}
	p.Close()
	if err := <-hung; !errors.Is(err, ErrClosed) {
		t.Errorf("document in flight at Close: error = %v, want ErrClosed", err)
	}
	if _, err := p.Pages(context.Background(), []byte(markPID)); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: error = %v, want ErrClosed", err)
	}
}

func TestPoolWorkersInParallel(t *testing.T) {
	const timeout = 2 * time.Second
	p := testPool(t, PoolOptions{Workers: 3, Timeout: timeout})
	start := time.Now()
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := p.Pages(context.Background(), []byte(markHang))
			errs <- err
		}()
	}
	for range 3 {
		workerError(t, <-errs, FailTimeout)
	}
	if d := time.Since(start); d >= 3*timeout {
		t.Errorf("3 documents on 3 workers took %v, as long as one after the other", d)
	}
}

func TestPoolBadCommand(t *testing.T) {
	p := testPool(t, PoolOptions{Command: []string{"/bin/cat"}, StartTimeout: time.Second})
	_, err := p.Pages(context.Background(), []byte(markPID))
	workerError(t, err, FailStart)
	p = testPool(t, PoolOptions{Command: []string{"/nonexistent/worker"}})
	_, err = p.Pages(context.Background(), []byte(markPID))
	workerError(t, err, FailStart)
}

func TestLastWords(t *testing.T) {
	var l lastWords
	fmt.Fprintf(&l, "some log\nfatal error: out of memory\n\ngoroutine 1 [running]:\n")
	if got, want := l.reason(), "fatal error: out of memory"; got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
	l.reset()
	fmt.Fprintf(&l, "just this, no newline")
	if got, want := l.reason(), "just this, no newline"; got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
}

// TestPoolGuardsTheLibrary runs the files that hang or kill
// github.com/ledongthuc/pdf through its own API in the workers: the pool's
// timeout or memory limit ends each, and the test process goes on.
func TestPoolGuardsTheLibrary(t *testing.T) {
	tests := []struct {
		file string
		kind string
	}{
		{"crafted_cyclic_kids.pdf", FailTimeout},
		{"crafted_huge_count.pdf", FailTimeout},
		{"crafted_parent_cycle.pdf", FailTimeout},
		{"crafted_huge_xref_index.pdf", FailMemory},
	}
	p := testPool(t, PoolOptions{Workers: len(tests), Timeout: time.Second, MemoryLimit: testMemory})
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".pdf"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join(samplesDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err = p.Pages(context.Background(), append([]byte(markRaw), data...))
			we := workerError(t, err, tt.kind)
			t.Logf("%v after %v", we, time.Since(start).Round(time.Millisecond))
		})
	}
}
