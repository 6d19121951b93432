package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/normalize"
	"github.com/subproc/subproc/store"
)

// File is one document of a run's input, as the corpus listing gives it.
type File = corpus.File

// Store keeps document versions: *store.DB.
type Store interface {
	Latest(ctx context.Context, path string) (v store.Version, ok bool, err error)
	Save(ctx context.Context, e store.Entry) (version int, err error)
}

// fetchStore is a Store that keeps the fetch evidence of a document found
// unchanged (a 304, or the same bytes), with the stored version it
// confirms: *store.DB. Save keeps the evidence of the other documents.
type fetchStore interface {
	RecordFetch(ctx context.Context, path string, f *subproc.Fetch) (version int, err error)
}

// EntityStore is a Store that groups its rows into sub-processor entities:
// *store.DB. See Options.ResolveEntities.
type EntityStore interface {
	ResolveEntities(ctx context.Context, g store.Grouper) (store.EntityStats, error)
}

// DefaultWindow is how many documents per worker may be in flight between
// the listing and the writer: read, processed or waiting for an earlier
// document to be committed. It bounds the writer's reorder buffer and memory.
const DefaultWindow = 4

// Options configure a Runner. The zero value runs GOMAXPROCS workers, reports
// nothing and goes on after failed documents.
type Options struct {
	Workers int // documents processed at once; 0 means GOMAXPROCS

	// OnStart is called when a worker starts on a file, OnDone when the
	// document's outcome was committed, in input order. No two callbacks
	// (these and OnError) run at once, so a progress sink needs no lock of its
	// own; they must return quickly, as the run waits for them.
	OnStart func(File)
	OnDone  func(Outcome)

	// OnError decides what a failed document does to the run, after its
	// failure was stored and OnDone called: nil goes on, an error aborts the
	// run and Run returns it. Nil means always go on.
	OnError func(Outcome) error

	// ResolveEntities ends every run that was not cancelled and whose writes
	// all succeeded, failed documents or not, by recomputing the entities of
	// the Store, which must be an EntityStore (store.DB.ResolveEntities with
	// normalize.NewGrouper): what ingest does.
	ResolveEntities bool
}

// Runner runs a Chain over many files: one producer hands out the listing,
// Workers goroutines run the stages, and one writer goroutine commits each
// outcome to the Store in one transaction, in input order, so that row ids
// and versions are the same whatever the number of workers.
//
// With a Store, a document whose SHA-256 equals that of the stored latest
// version of its path is not processed further and nothing is written
// (Status unchanged). Without a Store, outcomes are only reported.
//
// When ctx is cancelled the run stops: the writer finishes the transaction it
// is in, commits nothing after it, and Run returns ctx.Err(). The store holds
// whole documents only.
type Runner struct {
	Chain *Chain // the stages; nil means the real ones without language detection
	Store Store  // nil: nothing stored and no unchanged check
	Options
}

// Stats counts the outcomes of a run.
type Stats struct {
	Documents   int           // documents done, whatever their status
	OK          int           // documents with rows
	NoList      int           // documents without a sub-processor list
	Unchanged   int           // documents skipped as unchanged
	Failed      int           // documents that failed in some stage
	Unsupported int           // documents skipped as in a format subproc cannot decode yet
	Rows        int           // rows of the documents with status ok
	Entities    int           // entities in the store after the run; 0 when not resolved
	Elapsed     time.Duration // wall time of the run
	Writing     time.Duration // time the writer spent in store transactions
	Timing      Timing        // time spent in each stage, summed over the documents
	Bytes       int64         // bytes read, summed over the documents
	Commits     int           // store transactions the writer made for documents
}

// add counts one outcome.
func (s *Stats) add(o Outcome) {
	s.Documents++
	s.Timing.add(o.Timing)
	if o.Doc != nil {
		s.Bytes += o.Doc.Size
	}
	switch o.Status {
	case subproc.StatusOK:
		s.OK++
		s.Rows += len(o.Records)
	case subproc.StatusNoList:
		s.NoList++
	case subproc.StatusUnchanged:
		s.Unchanged++
	case subproc.StatusFailed:
		s.Failed++
	case subproc.StatusUnsupported:
		s.Unsupported++
	}
}

// job is one file handed to a worker.
type job struct {
	seq  int
	file File
}

// Run processes files and returns what became of them. A file listed twice is
// processed once. The error is nil when every document was done, whether it
// failed or not; it is ctx.Err() after a cancellation, the store's error when
// the store failed (in Save or in resolving entities), or OnError's.
func (r *Runner) Run(ctx context.Context, files []File) (Stats, error) {
	start := time.Now()
	files = unique(files)
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	c := r.Chain
	if c == nil {
		c = &Chain{}
	}
	var stats Stats
	var mu sync.Mutex // serialises the callbacks
	call := func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		f()
	}

	parent := ctx // g's ctx is cancelled when g is done
	g, ctx := errgroup.WithContext(ctx)
	jobs := make(chan job, workers)
	results := make(chan Outcome, workers)
	// A slot is taken for each document before it is handed out and given
	// back when it is committed: at most len(slots) documents are in flight,
	// which bounds the writer's reorder buffer.
	slots := make(chan struct{}, DefaultWindow*workers)

	g.Go(func() error {
		defer close(jobs)
		for i, f := range files {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case jobs <- job{seq: i, file: f}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})

	var working sync.WaitGroup
	for range workers {
		working.Add(1)
		g.Go(func() error {
			defer working.Done()
			for j := range jobs {
				if r.OnStart != nil {
					call(func() { r.OnStart(j.file) })
				}
				o, err := r.process(ctx, c, j)
				if err != nil {
					return err
				}
				select {
				case results <- o:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	go func() {
		working.Wait()
		close(results)
	}()

	g.Go(func() error { return r.write(ctx, results, slots, &stats, call) })

	err := g.Wait()
	if r.ResolveEntities && err == nil {
		stats.Entities, err = r.resolveEntities(parent)
	}
	stats.Elapsed = time.Since(start)
	return stats, err
}

// resolveEntities recomputes the entities of the store and returns how many
// there are.
func (r *Runner) resolveEntities(ctx context.Context) (int, error) {
	es, ok := r.Store.(EntityStore)
	if !ok {
		return 0, fmt.Errorf("resolve entities: the store (%T) keeps no entities", r.Store)
	}
	st, err := es.ResolveEntities(ctx, normalize.NewGrouper())
	return st.Entities, err
}

// maxBatch is the most documents the writer commits in one transaction.
const maxBatch = 64

// write is the writer: it commits the outcomes in input order, holding those
// that arrive early, counts them and calls OnDone and OnError. It gives a
// slot back for each outcome committed.
//
// The outcomes that are ready in order when the writer comes round are
// committed together, in one transaction (see commit): when the writer keeps
// up, that is one document per transaction; when it falls behind, the
// documents that queued up meanwhile share a commit, so the store cannot
// become the bottleneck by paying a commit per document.
func (r *Runner) write(ctx context.Context, results <-chan Outcome, slots <-chan struct{},
	stats *Stats, call func(func())) error {
	pending := make(map[int]Outcome) // outcomes waiting for an earlier one
	next := 0
	var batch []Outcome
	limit := 1 // a Store that saves one document per transaction gets one at a time
	if _, ok := r.Store.(batchStore); ok {
		limit = maxBatch
	}
	for {
		select {
		case o, ok := <-results:
			if !ok {
				return nil
			}
			pending[o.Seq] = o
		case <-ctx.Done():
			return ctx.Err()
		}
	drain: // whatever else is ready joins the batch
		for {
			select {
			case o, ok := <-results:
				if !ok {
					break drain
				}
				pending[o.Seq] = o
			default:
				break drain
			}
		}
		for {
			batch = batch[:0]
			for len(batch) < limit {
				o, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				batch = append(batch, o)
				if o.Failed() && r.OnError != nil {
					break // OnError may stop the run: nothing after o is committed first
				}
			}
			if len(batch) == 0 {
				break
			}
			if err := ctx.Err(); err != nil {
				return err // commit nothing after a cancellation
			}
			start := time.Now()
			txs, err := r.commit(ctx, batch)
			stats.Writing += time.Since(start)
			stats.Commits += txs
			if err != nil {
				return err
			}
			for _, o := range batch {
				stats.add(o)
				if r.OnDone != nil {
					call(func() { r.OnDone(o) })
				}
				if o.Failed() && r.OnError != nil {
					var err error
					call(func() { err = r.OnError(o) })
					if err != nil {
						return err
					}
				}
				<-slots
			}
		}
	}
}

// process runs the chain on one file. With a store, an unchanged document
// stops after the read. Only a store failure is returned as an error.
func (r *Runner) process(ctx context.Context, c *Chain, j job) (Outcome, error) {
	start := time.Now()
	doc, err := c.ReadContext(ctx, j.file.Path)
	if err != nil {
		if doc == nil { // else the reader's document so far, e.g. a failed fetch's evidence
			doc = &subproc.Document{Path: j.file.Path, Size: j.file.Size, Format: j.file.Format}
		}
		read := time.Since(start)
		return Outcome{Seq: j.seq, Status: subproc.StatusFailed, Stage: StageRead, Err: err,
			Doc: doc, Elapsed: read, Timing: Timing{Read: read}}, nil
	}
	if r.Store != nil {
		v, ok, err := r.Store.Latest(ctx, doc.Path)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return Outcome{}, ctxErr
		}
		if err != nil {
			return Outcome{}, fmt.Errorf("look up stored version of %s: %w", doc.Path, err)
		}
		// A document whose stored version failed is tried again: the failure
		// may have been subproc's, and a retry costs one document.
		if ok && v.SHA256 == doc.SHA256 && v.Status != subproc.StatusFailed {
			read := time.Since(start)
			return Outcome{Seq: j.seq, Doc: doc, Status: subproc.StatusUnchanged, Version: v.Version,
				Elapsed: read, Timing: Timing{Read: read}}, nil
		}
	}
	read := time.Since(start) // with the look-up of the stored version
	o := c.Process(ctx, doc)
	o.Seq = j.seq
	o.Timing.Read = read
	if r.Store != nil {
		// The text is not stored: its notice period is read here, in the
		// worker, not on the single writer's path.
		o.Notice = audit.StoredNotice(o.Doc.Text)
	}
	o.Elapsed = time.Since(start)
	return o, nil
}

// batchStore is a Store that saves several documents in one transaction:
// *store.DB.
type batchStore interface {
	SaveAll(ctx context.Context, entries []store.Entry) (versions []int, err error)
}

// commit stores the outcomes, in order, in one transaction when the Store
// can (a batchStore), and sets their versions; unchanged and unsupported
// documents are not stored, but the fetch of an unchanged one is (when the
// Store keeps fetches, in a transaction of its own, after the documents
// before it). It returns the number of transactions committed. The
// transactions are finished even when ctx is cancelled meanwhile: they are
// short, and a document is then either wholly stored or not at all.
func (r *Runner) commit(ctx context.Context, batch []Outcome) (txs int, err error) {
	if r.Store == nil {
		return 0, nil
	}
	ctx = context.WithoutCancel(ctx)
	var entries []store.Entry
	var saved []*Outcome // the outcomes of entries
	flush := func() error {
		if len(entries) == 0 {
			return nil
		}
		var versions []int
		var err error
		if bs, ok := r.Store.(batchStore); ok {
			versions, err = bs.SaveAll(ctx, entries)
		} else { // write gives such a Store one document at a time
			versions = make([]int, 1)
			versions[0], err = r.Store.Save(ctx, entries[0])
		}
		if err != nil {
			return err
		}
		txs++
		for i, o := range saved {
			o.Version = versions[i]
		}
		entries, saved = entries[:0], saved[:0]
		return nil
	}
	for i := range batch {
		o := &batch[i]
		if fs, ok := r.Store.(fetchStore); ok && o.Status == subproc.StatusUnchanged && o.Doc.Fetch != nil {
			if err := flush(); err != nil {
				return txs, err
			}
			if _, err := fs.RecordFetch(ctx, o.Doc.Path, o.Doc.Fetch); err != nil {
				return txs, err
			}
			txs++
			continue
		}
		if o.Status == subproc.StatusUnchanged || o.Status == subproc.StatusUnsupported {
			continue
		}
		entries = append(entries, store.Entry{Doc: o.Doc, Status: o.Status, Stage: string(o.Stage),
			Records: o.Records, Err: o.Reason(), Notice: o.Notice})
		saved = append(saved, o)
	}
	err = flush()
	return txs, err
}

// unique drops later listings of a path already listed, so that no two
// workers process the same source and race for its next version.
func unique(files []File) []File {
	seen := make(map[string]bool, len(files))
	out := files[:0:0]
	for _, f := range files {
		if !seen[f.Path] {
			seen[f.Path] = true
			out = append(out, f)
		}
	}
	return out
}
