package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/subproc/subproc"
)

// Every test here fetches from an httptest server on 127.0.0.1; nothing
// reaches the internet.

// testFetcher is a Fetcher for tests: no rate limit unless opt sets one.
func testFetcher(tb testing.TB, opt FetchOptions) *Fetcher {
	tb.Helper()
	if opt.HostInterval == 0 {
		opt.HostInterval = -1
	}
	if opt.UserAgent == "" {
		opt.UserAgent = UserAgent("test")
	}
	f := NewFetcher(opt)
	tb.Cleanup(f.Close)
	return f
}

// cp1252 is a Danish sub-processor page in Windows-1252 with no <meta>
// charset: only the Content-Type header says what it is in.
var cp1252 = []byte("<!DOCTYPE html><html><body><h1>Underdatabehandlere</h1>" +
	"<table><tr><th>Navn</th><th>Adresse</th></tr>" +
	"<tr><td>N\xf8rre Data A/S</td><td>S\xf8borg Hovedgade 1, 2860 S\xf8borg</td></tr></table>" +
	"<p>Pris 10 \x80, \xe6\xf8\xe5.</p></body></html>")

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestFetchCharsetFromContentType(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              []byte
		format            subproc.Format
		wantText          string
		wantEncoding      string
	}{
		{"html windows-1252", "text/html; charset=windows-1252", cp1252, subproc.FormatHTML,
			"Nørre Data A/S\tSøborg Hovedgade 1, 2860 Søborg", "windows-1252"},
		// ISO-8859-15 reads 0xA4 as the euro sign, Windows-1252 (the sniffed
		// guess) as the currency sign: only the header can tell.
		{"html iso-8859-15", "text/html; charset=ISO-8859-15", []byte("<html><body><p>Pris 10 \xa4, S\xf8borg</p></body></html>"),
			subproc.FormatHTML, "Pris 10 €, Søborg", "iso-8859-15"},
		{"text iso-8859-15", "text/plain; charset=iso-8859-15", []byte("Pris 10 \xa4, S\xf8borg\n"),
			subproc.FormatText, "Pris 10 €, Søborg", "iso-8859-15"},
		// A legacy label on valid UTF-8 is a mislabel: UTF-8 wins.
		{"text mislabelled", "text/plain; charset=iso-8859-1", []byte("Søborg\n"),
			subproc.FormatText, "Søborg", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.Write(tt.body)
			}))
			defer srv.Close()
			doc, err := testFetcher(t, FetchOptions{}).Fetch(context.Background(), srv.URL+"/underdatabehandlere")
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != tt.format || doc.Fetch.ContentType != tt.contentType || !bytes.Equal(doc.Raw, tt.body) {
				t.Errorf("got format %s, content type %q, %d bytes; want %s, %q, the %d bytes served",
					doc.Format, doc.Fetch.ContentType, len(doc.Raw), tt.format, tt.contentType, len(tt.body))
			}
			if err := Decode(doc); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Text, tt.wantText) || doc.Encoding != tt.wantEncoding {
				t.Errorf("decoded as %s:\n%s\nwant %s with %q", doc.Encoding, doc.Text, tt.wantEncoding, tt.wantText)
			}
		})
	}
}

func TestFetchPDF(t *testing.T) {
	pdfBytes, err := os.ReadFile(filepath.Join("..", "testdata", "renditions", "seed-000", "chromium.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var gotUA, gotAccept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAccept = r.UserAgent(), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		w.Write(pdfBytes)
	}))
	defer srv.Close()
	u := srv.URL + "/legal/dpa" // no extension: the content says PDF
	doc, err := testFetcher(t, FetchOptions{}).Fetch(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	want := sum(pdfBytes)
	if doc.Path != u || doc.Format != subproc.FormatPDF || doc.SHA256 != want || doc.Size != int64(len(pdfBytes)) ||
		!doc.ModTime.IsZero() {
		t.Errorf("document %s %s %s %d, want %s pdf %s %d", doc.Path, doc.Format, doc.SHA256, doc.Size, u, want, len(pdfBytes))
	}
	f := doc.Fetch
	if f.URL != u || f.FinalURL != u || f.Status != 200 || f.SHA256 != want || f.Size != int64(len(pdfBytes)) ||
		f.ETag != `"v1"` || f.LastModified != "Mon, 02 Jan 2006 15:04:05 GMT" || f.Conditional || f.Err != "" ||
		f.Time.IsZero() || f.Time.Location() != time.UTC {
		t.Errorf("evidence %+v", f)
	}
	if gotUA != "subproc/test (+https://github.com/subproc/subproc)" || !strings.Contains(gotAccept, "application/pdf") {
		t.Errorf("request User-Agent %q, Accept %q", gotUA, gotAccept)
	}
}

func TestUserAgent(t *testing.T) {
	if got, want := UserAgent(""), "subproc/devel (+https://github.com/subproc/subproc)"; got != want {
		t.Errorf("UserAgent(\"\") = %q, want %q", got, want)
	}
	if got, want := UserAgent("v1.2.0"), "subproc/v1.2.0 (+https://github.com/subproc/subproc)"; got != want {
		t.Errorf("UserAgent(v1.2.0) = %q, want %q", got, want)
	}
}

// redirector serves /r/N as a redirect to /r/N-1 with the statuses in
// turn, and /r/0 as the document.
func redirector(statuses ...int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/r/"), "%d", &n)
		if n == 0 {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintln(w, "Underdatabehandlere")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), statuses[n%len(statuses)])
	})
}

func TestFetchRedirects(t *testing.T) {
	srv := httptest.NewServer(redirector(http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect,
		http.StatusPermanentRedirect, http.StatusSeeOther))
	defer srv.Close()
	f := testFetcher(t, FetchOptions{})

	doc, err := f.Fetch(context.Background(), srv.URL+"/r/3")
	if err != nil {
		t.Fatal(err)
	}
	want := []subproc.Redirect{
		{URL: srv.URL + "/r/3", Status: http.StatusPermanentRedirect},
		{URL: srv.URL + "/r/2", Status: http.StatusTemporaryRedirect},
		{URL: srv.URL + "/r/1", Status: http.StatusFound},
	}
	if fmt.Sprint(doc.Fetch.Redirects) != fmt.Sprint(want) || doc.Fetch.FinalURL != srv.URL+"/r/0" ||
		doc.Path != srv.URL+"/r/3" || doc.Format != subproc.FormatText {
		t.Errorf("redirects %v to %s (path %s, format %s), want %v to /r/0", doc.Fetch.Redirects, doc.Fetch.FinalURL,
			doc.Path, doc.Format, want)
	}

	// Five redirects are followed, a sixth is not.
	if _, err := f.Fetch(context.Background(), srv.URL+"/r/5"); err != nil {
		t.Errorf("5 redirects: %v", err)
	}
	doc, err = f.Fetch(context.Background(), srv.URL+"/r/6")
	var ce *Error
	if !errors.As(err, &ce) || ce.Stage != "read" || ce.Err.Error() != "stopped after 5 redirects" || ce.Hint == "" {
		t.Fatalf("6 redirects: got %v, want a read error saying it stopped after 5", err)
	}
	if doc == nil || len(doc.Fetch.Redirects) != 6 || doc.Fetch.Err != "stopped after 5 redirects" || doc.Raw != nil {
		t.Errorf("6 redirects: evidence %+v, want 6 redirects and the error", doc.Fetch)
	}
}

func TestFetchFailures(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	mux := http.NewServeMux()
	mux.HandleFunc("/slow-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("Underdatabehandlere\n"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", "4096") // refused before reading
		w.Write(bytes.Repeat([]byte("x"), 4<<10))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 4 {
			w.Write(bytes.Repeat([]byte("x"), 1<<10))
			w.(http.Flusher).Flush() // no Content-Length: found while reading
		}
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/forbidden", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no robots", http.StatusForbidden)
	})
	mux.HandleFunc("/not-modified", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(t, FetchOptions{Timeout: 300 * time.Millisecond, MaxSize: 1 << 10})

	tests := []struct {
		path   string
		reason string
		status int
		hint   string
	}{
		{"/slow-headers", "timed out after 300ms", 0, "--fetch-timeout"},
		{"/slow-body", "read body: timed out after 300ms", 200, "--fetch-timeout"},
		{"/big", "body is 4.0 KiB, larger than the 1.0 KiB limit", 200, "--fetch-max-size"},
		{"/big-chunked", "body is larger than the 1.0 KiB limit", 200, "--fetch-max-size"},
		{"/missing", "HTTP 404 Not Found", 404, "gone or moved"},
		{"/broken", "HTTP 500 Internal Server Error", 500, "server failed"},
		{"/forbidden", "HTTP 403 Forbidden", 403, "save it from a browser"},
		{"/not-modified", "HTTP 304 Not Modified to a request that was not conditional", 304, "misbehaving"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			u := srv.URL + tt.path
			doc, err := f.Fetch(context.Background(), u)
			var ce *Error
			if !errors.As(err, &ce) || ce.Stage != "read" || ce.Path != u {
				t.Fatalf("got %v, want a read error", err)
			}
			if ce.Err.Error() != tt.reason || !strings.Contains(ce.Hint, tt.hint) {
				t.Errorf("reason %q (hint %q), want %q (hint with %q)", ce.Err, ce.Hint, tt.reason, tt.hint)
			}
			if doc == nil || doc.Path != u || doc.Raw != nil || doc.SHA256 != "" {
				t.Fatalf("document %+v, want the evidence and no content", doc)
			}
			if doc.Fetch.Status != tt.status || doc.Fetch.Err != tt.reason {
				t.Errorf("evidence status %d error %q, want %d %q", doc.Fetch.Status, doc.Fetch.Err, tt.status, tt.reason)
			}
		})
	}

	var he *HTTPError
	_, err := f.Fetch(context.Background(), srv.URL+"/missing")
	if !errors.As(err, &he) || he.Code != 404 {
		t.Errorf("404: got %v, want an *HTTPError with code 404", err)
	}
	doc, _ := f.Fetch(context.Background(), srv.URL+"/broken")
	if want := sum([]byte("boom\n")); doc.Fetch.SHA256 != want {
		t.Errorf("500: evidence hash %s, want the error page's %s", doc.Fetch.SHA256, want)
	}

	// A cancelled run is not a document failure to report: the error is the context's.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := testFetcher(t, FetchOptions{}).Fetch(ctx, srv.URL+"/slow-headers"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}

	// Nothing listens: a connection error, not a crash.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	var ce *Error
	if _, err := f.Fetch(context.Background(), deadURL+"/"); !errors.As(err, &ce) || !strings.Contains(ce.Err.Error(), "could not connect") {
		t.Errorf("closed port: got %v, want could not connect", err)
	}
}

// history is a History in memory.
type history map[string]subproc.Fetch

func (h history) LastFetch(ctx context.Context, url string) (subproc.Fetch, bool, error) {
	f, ok := h[url]
	return f, ok, nil
}

func TestFetchConditional(t *testing.T) {
	body := []byte("Underdatabehandlere\nrow: Nørre Data A/S\n")
	const etag, lastMod = `"abc123"`, "Tue, 03 Jan 2006 10:00:00 GMT"
	var mu sync.Mutex
	var got []string // the conditional headers of each request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Path+" inm="+r.Header.Get("If-None-Match")+" ims="+r.Header.Get("If-Modified-Since"))
		mu.Unlock()
		switch {
		case r.URL.Path == "/etag" && r.Header.Get("If-None-Match") == etag,
			r.URL.Path == "/lastmod" && r.Header.Get("If-Modified-Since") == lastMod:
			w.WriteHeader(http.StatusNotModified)
			return
		case r.URL.Path == "/etag":
			w.Header().Set("ETag", etag)
		case r.URL.Path == "/lastmod":
			w.Header().Set("Last-Modified", lastMod)
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(body)
	}))
	defer srv.Close()

	// Known: the ETag of /etag, the Last-Modified of /lastmod; /new was never fetched.
	prev := sum(body)
	h := history{
		srv.URL + "/etag":    {ETag: etag, SHA256: prev},
		srv.URL + "/lastmod": {LastModified: lastMod, SHA256: prev},
	}
	f := testFetcher(t, FetchOptions{History: h})

	for _, p := range []string{"/etag", "/lastmod"} {
		doc, err := f.Fetch(context.Background(), srv.URL+p)
		if err != nil {
			t.Fatal(err)
		}
		ev := doc.Fetch
		if ev.Status != 304 || !ev.Conditional || doc.SHA256 != prev || doc.Raw != nil || ev.SHA256 != "" {
			t.Errorf("%s: status %d conditional %v sha %s raw %d, want a 304 with the stored version's hash and no body",
				p, ev.Status, ev.Conditional, doc.SHA256, len(doc.Raw))
		}
		if ev.ETag != h[srv.URL+p].ETag || ev.LastModified != h[srv.URL+p].LastModified {
			t.Errorf("%s: validators %q %q, want the previous ones kept", p, ev.ETag, ev.LastModified)
		}
	}
	doc, err := f.Fetch(context.Background(), srv.URL+"/new")
	if err != nil || doc.Fetch.Status != 200 || doc.Fetch.Conditional || doc.SHA256 != prev {
		t.Errorf("/new: %v, %+v; want an unconditional 200", err, doc.Fetch)
	}
	want := []string{
		"/etag inm=" + etag + " ims=",
		"/lastmod inm= ims=" + lastMod,
		"/new inm= ims=",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("requests\n%q\nwant\n%q", got, want)
	}

	// A changed page answers 200 to the conditional request: a new body.
	h[srv.URL+"/etag"] = subproc.Fetch{ETag: `"old"`, SHA256: "0000"}
	doc, err = f.Fetch(context.Background(), srv.URL+"/etag")
	if err != nil || doc.Fetch.Status != 200 || !doc.Fetch.Conditional || doc.SHA256 != prev || doc.Fetch.ETag != etag {
		t.Errorf("changed: %v, %+v; want a conditional 200 with the new ETag", err, doc.Fetch)
	}
}

func TestFetchRateLimit(t *testing.T) {
	const interval = 300 * time.Millisecond
	var mu sync.Mutex
	var at []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		mu.Unlock()
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/doc", http.StatusFound)
			return
		}
		fmt.Fprintln(w, "Underdatabehandlere")
	}))
	defer srv.Close()
	f := testFetcher(t, FetchOptions{HostInterval: interval})

	// Two fetches at once, and a redirect (two requests): each request to
	// the host waits for its turn. The k-th turn is booked no earlier than
	// start + k*interval, and a request arrives after its turn: a lower bound
	// that holds however the requests are scheduled.
	start := time.Now()
	var wg sync.WaitGroup
	for _, p := range []string{"/a", "/b"} {
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), srv.URL+p); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if _, err := f.Fetch(context.Background(), srv.URL+"/moved"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(at) != 4 {
		t.Fatalf("%d requests, want 4", len(at))
	}
	slices.SortFunc(at, time.Time.Compare)
	for k, a := range at {
		if got, min := a.Sub(start), time.Duration(k)*interval; got < min {
			t.Errorf("request %d came %s after the start, want at least %s", k+1, got, min)
		}
	}
}

func TestFetchedFormat(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	tests := []struct {
		url, contentType string
		head             []byte
		want             subproc.Format
	}{
		{"/x", "application/octet-stream", pdf, subproc.FormatPDF},
		{"/x.html", "text/html", pdf, subproc.FormatPDF}, // content first
		{"/x", "", []byte("<!DOCTYPE html><html>"), subproc.FormatHTML},
		{"/x.txt", "text/plain", []byte("<!doctype html><p>x"), subproc.FormatHTML},
		{"/x", "text/html; charset=utf-8", []byte("<div>no doctype</div>"), subproc.FormatHTML},
		{"/x", "application/xhtml+xml", []byte("<?xml version='1.0'?><div/>"), subproc.FormatHTML},
		{"/x", "application/pdf", []byte("\x00\x01\x02\x03\x00\x00\x00\x00 damaged"), subproc.FormatPDF},
		{"/x", "text/plain", []byte("Underdatabehandlere"), subproc.FormatText},
		{"/README.md", "text/plain", []byte("# Underdatabehandlere"), subproc.FormatMarkdown},
		{"/x", "text/markdown", []byte("# Underdatabehandlere"), subproc.FormatMarkdown},
		{"/x.rst", "", []byte("Underdatabehandlere\n==="), subproc.FormatRST},
		{"/x.rst", "application/octet-stream", []byte("Underdatabehandlere\n==="), subproc.FormatRST},
		{"/x", "text/csv", []byte("a,b"), subproc.FormatText},
		{"/x", "", []byte("plain words"), subproc.FormatText},
		{"/logo", "image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "image/png"},
		{"/data", "application/json", []byte(`{"a": 1}`), "application/json"},
		{"/x", "", []byte("\x00\x00\x00\x00\x01\x02"), "binary"},
	}
	for _, tt := range tests {
		u, _ := url.Parse("http://127.0.0.1" + tt.url)
		if got := fetchedFormat(u, tt.contentType, tt.head); got != tt.want {
			t.Errorf("fetchedFormat(%s, %q, %q) = %q, want %q", tt.url, tt.contentType, tt.head, got, tt.want)
		}
	}
}

func TestFetchUnsupportedDecodes(t *testing.T) {
	doc := &subproc.Document{Path: "http://127.0.0.1/logo", Format: "image/png", Raw: []byte("\x89PNG")}
	if err := Decode(doc); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Decode of an image/png: %v, want ErrUnsupported", err)
	}
}
