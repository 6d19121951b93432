package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/subproc/subproc"
)

// TestTwoHandles opens the same file twice, as two subproc processes would,
// and writes through both while reading through both: WAL and the busy
// timeout must keep "database is locked" away.
func TestTwoHandles(t *testing.T) {
	ctx := context.Background()
	_, path := openTest(t)
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	write := func(db *DB, prefix string) {
		defer wg.Done()
		for i := range n {
			e := Entry{Doc: testDoc(fmt.Sprintf("%s/%d", prefix, i), "sha"), Status: subproc.StatusOK, Records: testRecords()}
			if _, err := db.Save(ctx, e); err != nil {
				errs <- err
				return
			}
		}
	}
	read := func(db *DB, prefix string) {
		defer wg.Done()
		for i := range n {
			v, ok, err := db.Latest(ctx, fmt.Sprintf("%s/%d", prefix, i))
			if err == nil && ok {
				_, err = db.Rows(ctx, v.DocumentID)
			}
			if err == nil {
				_, err = db.Stats(ctx)
			}
			if err != nil {
				errs <- err
				return
			}
		}
	}
	wg.Add(4)
	go write(a, "a")
	go write(b, "b")
	go read(b, "a")
	go read(a, "b")
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	got, err := b.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Sources != 2*n || got.Rows != 2*n*len(testRecords()) {
		t.Errorf("Stats = %+v, want %d sources and %d rows", got, 2*n, 2*n*len(testRecords()))
	}
}
