package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/subproc/subproc"
)

// testFetch is the evidence of a fetch of url with the given status and
// validators, answered at a fixed time.
func testFetch(url string, status int, etag, sha string) *subproc.Fetch {
	return &subproc.Fetch{URL: url, FinalURL: url + "/final",
		Redirects:   []subproc.Redirect{{URL: url, Status: 301}},
		Time:        time.Date(2025, 5, 1, 8, 0, 0, 123e6, time.UTC),
		Elapsed:     250 * time.Millisecond,
		Status:      status,
		ContentType: "text/html; charset=windows-1252", ETag: etag,
		LastModified: "Thu, 01 May 2025 07:00:00 GMT", SHA256: sha, Size: 1234}
}

func TestFetchEvidence(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const url = "https://vendor.example/legal/subprocessors"

	if _, ok, err := db.LastFetch(ctx, url); ok || err != nil {
		t.Fatalf("LastFetch of a new URL: ok=%v err=%v, want nothing", ok, err)
	}

	// First fetch: a new version with its evidence.
	doc := testDoc(url, "aaa")
	doc.Fetch = testFetch(url, 200, `"v1"`, "aaa")
	if v, err := db.Save(ctx, Entry{Doc: doc, Status: subproc.StatusOK, Records: testRecords()}); err != nil || v != 1 {
		t.Fatalf("Save: version %d, %v", v, err)
	}
	last, ok, err := db.LastFetch(ctx, url)
	if err != nil || !ok || last.ETag != `"v1"` || last.LastModified != "Thu, 01 May 2025 07:00:00 GMT" || last.SHA256 != "aaa" {
		t.Fatalf("LastFetch after a 200: %+v ok=%v err=%v", last, ok, err)
	}

	// Second fetch: 304, recorded with version 1, nothing else written.
	docs := count(t, db, `SELECT count(*) FROM documents`)
	notModified := testFetch(url, 304, `"v1"`, "")
	notModified.Conditional, notModified.Redirects, notModified.FinalURL = true, nil, url
	if v, err := db.RecordFetch(ctx, url, notModified); err != nil || v != 1 {
		t.Fatalf("RecordFetch: version %d, %v", v, err)
	}
	if got := count(t, db, `SELECT count(*) FROM documents`); got != docs {
		t.Errorf("RecordFetch wrote documents: %d, want %d", got, docs)
	}

	// Third fetch: the page changed; a new version with its evidence.
	doc = testDoc(url, "bbb")
	doc.Fetch = testFetch(url, 200, `"v2"`, "bbb")
	if v, err := db.Save(ctx, Entry{Doc: doc, Status: subproc.StatusNoList}); err != nil || v != 2 {
		t.Fatalf("Save v2: version %d, %v", v, err)
	}

	got, err := db.Fetches(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d fetches stored, want 3", len(got))
	}
	for i, want := range []struct {
		version, status int
		sha, etag       string
	}{{1, 200, "aaa", `"v1"`}, {1, 304, "", `"v1"`}, {2, 200, "bbb", `"v2"`}} {
		if g := got[i]; g.Version != want.version || g.Status != want.status || g.SHA256 != want.sha || g.ETag != want.etag {
			t.Errorf("fetch %d: version %d status %d sha %q etag %q, want %+v", i+1, g.Version, g.Status, g.SHA256, g.ETag, want)
		}
	}
	if want := *testFetch(url, 200, `"v1"`, "aaa"); !reflect.DeepEqual(got[0].Fetch, want) {
		t.Errorf("first fetch read back\n%+v\nwant\n%+v", got[0].Fetch, want)
	}
	if !got[1].Conditional || got[1].Redirects != nil {
		t.Errorf("304 read back: %+v", got[1].Fetch)
	}
	if n := count(t, db, `SELECT count(*) FROM latest_fetches WHERE path = ? AND version = 2 AND etag = '"v2"'`, url); n != 1 {
		t.Errorf("latest_fetches has %d rows for the newest fetch, want 1", n)
	}

	// A fetch that failed (404) is a failed version with its evidence; the
	// next request is unconditional, and failing again adds only evidence.
	for i := range 2 {
		doc = &subproc.Document{Path: url, Fetch: testFetch(url, 404, "", "ccc")}
		doc.Fetch.Err = "HTTP 404 Not Found"
		if v, err := db.Save(ctx, Entry{Doc: doc, Status: subproc.StatusFailed, Stage: "read", Err: "HTTP 404 Not Found"}); err != nil || v != 3 {
			t.Fatalf("Save 404 #%d: version %d, %v", i+1, v, err)
		}
	}
	if _, ok, err := db.LastFetch(ctx, url); ok || err != nil {
		t.Errorf("LastFetch after a failure: ok=%v err=%v, want none (the next request is unconditional)", ok, err)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches f JOIN documents d ON d.id = f.document_id
		WHERE d.version = 3 AND f.status = 404 AND f.error = 'HTTP 404 Not Found'`); n != 2 {
		t.Errorf("%d fetches of the failed version, want 2", n)
	}

	if _, err := db.RecordFetch(ctx, "https://never.example/", notModified); err == nil {
		t.Error("RecordFetch of a source never stored: no error")
	}
}

func TestFetchNoValidators(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	const url = "https://vendor.example/plain"
	doc := testDoc(url, "aaa")
	doc.Fetch = testFetch(url, 200, "", "aaa")
	doc.Fetch.LastModified = ""
	if _, err := db.Save(ctx, Entry{Doc: doc, Status: subproc.StatusOK}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.LastFetch(ctx, url); ok || err != nil {
		t.Errorf("LastFetch without ETag or Last-Modified: ok=%v err=%v, want none", ok, err)
	}
	// A file has no evidence.
	if _, err := db.Save(ctx, Entry{Doc: testDoc("/dpa/a.txt", "x"), Status: subproc.StatusOK}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches`); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
}
