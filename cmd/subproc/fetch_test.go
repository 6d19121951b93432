package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The server of these tests listens on 127.0.0.1 (httptest); nothing
// reaches the internet.

// webSite serves the renditions of the test corpus as a vendor's site
// would, and logs each request.
type webSite struct {
	*httptest.Server
	mu  sync.Mutex
	log []request
}

type request struct {
	path, userAgent, ifNoneMatch, ifModifiedSince string
	at                                            time.Time
}

const lastModified = "Mon, 03 Mar 2025 10:00:00 GMT"

func newWebSite(t *testing.T) *webSite {
	t.Helper()
	renditions := filepath.Join(seedsDir, "..", "renditions")
	page, err := os.ReadFile(filepath.Join(renditions, "seed-003", "page.html")) // Windows-1252
	if err != nil {
		t.Fatal(err)
	}
	pdfBytes, err := os.ReadFile(filepath.Join(renditions, "seed-000", "chromium.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	etag := `"` + sha(page)[:16] + `"`
	s := &webSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("/underdatabehandlere", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		w.Write(page)
	})
	mux.HandleFunc("/old/dpa.pdf", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/legal/dpa.pdf", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/legal/dpa.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Last-Modified", lastModified)
		if r.Header.Get("If-Modified-Since") == lastModified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdfBytes)
	})
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.log = append(s.log, request{path: r.URL.Path, userAgent: r.UserAgent(), ifNoneMatch: r.Header.Get("If-None-Match"),
			ifModifiedSince: r.Header.Get("If-Modified-Since"), at: time.Now()})
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// requests returns the requests logged since the last call.
func (s *webSite) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.log
	s.log = nil
	return out
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestIngestURLsAndSources(t *testing.T) {
	site := newWebSite(t)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "local"), 0o755)
	copyFile(t, seed(t, "004"), filepath.Join(dir, "local", "vendor-dpa.txt"))
	page, pdfURL := site.URL+"/underdatabehandlere", site.URL+"/old/dpa.pdf"
	sources := "vendor,url_or_path,language\n" +
		"Plandisc," + page + ",\n" +
		"\"Sample Vendor, Inc.\"," + pdfURL + ",nb\n" +
		"Local Vendor,local/vendor-dpa.txt,sv\n" +
		"Gone Co," + site.URL + "/gone,\n"
	if err := os.WriteFile(filepath.Join(dir, "sources.csv"), []byte(sources), 0o644); err != nil {
		t.Fatal(err)
	}
	// The sources file is read from another folder: its paths are its folder's.
	work := filepath.Join(dir, "work")
	os.Mkdir(work, 0o755)
	args := []string{"ingest", "--db", "x.db", "--fetch-interval", "0", "--sources", filepath.Join(dir, "sources.csv"),
		site.URL + "/broken"}

	res := mustRun(t, work, 3, args...)
	for _, want := range []string{
		`(?m)^error: ` + regexp.QuoteMeta(site.URL) + `/broken: read: HTTP 500 Internal Server Error \(the server failed: try again later\)$`,
		`(?m)^error: ` + regexp.QuoteMeta(site.URL) + `/gone: read: HTTP 404 Not Found \(.+\)$`,
	} {
		if !regexp.MustCompile(want).MatchString(res.stderr) {
			t.Errorf("stderr does not match %s:\n%s", want, res.stderr)
		}
	}
	if !regexp.MustCompile(`(?m)^\s+ingested\s+3$`).MatchString(res.stdout) ||
		!regexp.MustCompile(`(?m)^\s+failed\s+2$`).MatchString(res.stdout) {
		t.Errorf("summary does not say 3 ingested, 2 failed:\n%s", res.stdout)
	}
	for _, r := range site.requests() {
		if !regexp.MustCompile(`^subproc/\S+ \(\+https://github\.com/subproc/subproc\)$`).MatchString(r.userAgent) ||
			r.ifNoneMatch != "" || r.ifModifiedSince != "" {
			t.Errorf("first run: request %+v, want subproc's User-Agent and no condition", r)
		}
	}

	db := openDB(t, filepath.Join(work, "x.db"))
	type doc struct {
		status, publisher, language, encoding, format string
		confidence                                    float64
		rows                                          int
	}
	got := map[string]doc{}
	rows, err := db.Query(`SELECT path, status, coalesce(publisher, ''), coalesce(language, ''), language_confidence,
		coalesce(encoding, ''), coalesce(format, ''), row_count FROM latest_documents`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var path string
		var d doc
		if err := rows.Scan(&path, &d.status, &d.publisher, &d.language, &d.confidence, &d.encoding, &d.format, &d.rows); err != nil {
			t.Fatal(err)
		}
		got[path] = d
	}
	rows.Close()
	local := filepath.Join(dir, "local", "vendor-dpa.txt")
	if len(got) != 5 {
		t.Errorf("%d documents, want 5: %v", len(got), got)
	}
	if d := got[page]; d.status != "ok" || d.format != "html" || d.encoding != "windows-1252" || d.language != "nb" ||
		d.confidence == 1 || d.publisher != "Plandisc" || d.rows < 10 {
		t.Errorf("page: %+v, want ok html in windows-1252, detected nb, Plandisc, its rows", d)
	}
	if d := got[pdfURL]; d.status != "ok" || d.format != "pdf" || d.language != "nb" || d.confidence != 1 || d.rows != 3 {
		t.Errorf("PDF: %+v, want ok pdf, hinted nb with confidence 1, 3 rows", d)
	}
	if d := got[local]; d.status != "ok" || d.language != "sv" || d.confidence != 1 || d.rows != 16 {
		t.Errorf("local file: %+v, want ok, hinted sv, 16 rows", d)
	}
	if d := got[site.URL+"/gone"]; d.status != "failed" || d.publisher != "Gone Co" {
		t.Errorf("404: %+v, want failed with the vendor as publisher", d)
	}
	// The document names no publisher: the vendor is stored. Or it names
	// one: the document's own is stored.
	if p := got[pdfURL].publisher; p == "" {
		t.Errorf("PDF: no publisher stored")
	}
	if n := count(t, db, `SELECT count(*) FROM latest_documents WHERE path = ? AND stage = 'read' AND error = 'HTTP 500 Internal Server Error'`,
		site.URL+"/broken"); n != 1 {
		t.Errorf("500: not stored as failed at read with its status")
	}

	// The evidence: one fetch per URL, with status, hash, redirects.
	pdfBytes, _ := os.ReadFile(filepath.Join(seedsDir, "..", "renditions", "seed-000", "chromium.pdf"))
	var status int
	var final, redirects, hash string
	err = db.QueryRow(`SELECT status, final_url, redirects, sha256 FROM fetches WHERE url = ?`, pdfURL).
		Scan(&status, &final, &redirects, &hash)
	if err != nil {
		t.Fatal(err)
	}
	wantRedirects := fmt.Sprintf(`[{"url":%q,"status":301}]`, pdfURL)
	if status != 200 || final != site.URL+"/legal/dpa.pdf" || redirects != wantRedirects || hash != sha(pdfBytes) {
		t.Errorf("PDF fetch: %d %s %s %s, want 200 from /legal/dpa.pdf after %s, hash %s", status, final, redirects, hash,
			wantRedirects, sha(pdfBytes))
	}
	if n := count(t, db, `SELECT count(*) FROM fetches f JOIN documents d ON d.id = f.document_id
		WHERE f.sha256 = d.sha256 AND f.status = 200 AND f.fetched_at <> ''`); n != 2 {
		t.Errorf("%d successful fetches linked to their version by hash, want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE status IN (404, 500) AND error LIKE 'HTTP %'`); n != 2 {
		t.Errorf("%d failed fetches recorded, want 2", n)
	}
	docs := count(t, db, `SELECT count(*) FROM documents`)
	subs := count(t, db, `SELECT count(*) FROM subprocessors`)

	// Second run, polite: conditional requests, 304s, nothing written but
	// the evidence; one request per host per 300 ms.
	args[4] = "300ms"
	start := time.Now()
	res = mustRun(t, work, 3, args...)
	if !regexp.MustCompile(`(?m)^\s+unchanged\s+3$`).MatchString(res.stdout) || !strings.Contains(res.stdout, " 0 rows written") {
		t.Errorf("second run: summary does not say 3 unchanged, 0 rows written:\n%s", res.stdout)
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != docs {
		t.Errorf("second run: %d documents, want %d as before", n, docs)
	}
	if n := count(t, db, `SELECT count(*) FROM subprocessors`); n != subs {
		t.Errorf("second run: %d rows, want %d as before", n, subs)
	}
	reqs := site.requests()
	conditional := map[string]string{}
	for k, r := range reqs {
		conditional[r.path] = r.ifNoneMatch + r.ifModifiedSince
		// The k-th turn on the host is no earlier than start + k*300ms.
		if got, min := r.at.Sub(start), time.Duration(k)*300*time.Millisecond; got < min {
			t.Errorf("second run: request %d came %s after the start, want at least %s", k+1, got, min)
		}
	}
	if conditional["/underdatabehandlere"] == "" || conditional["/legal/dpa.pdf"] != lastModified || conditional["/gone"] != "" {
		t.Errorf("second run: conditions sent %q, want If-None-Match for the page, If-Modified-Since for the PDF, none after a 404", conditional)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE status = 304 AND conditional = 1`); n != 2 {
		t.Errorf("%d 304s recorded, want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM latest_fetches WHERE status = 304 AND version = 1`); n != 2 {
		t.Errorf("%d sources whose latest fetch is a 304 of version 1, want 2", n)
	}
}

func TestIngestFetchFlags(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad-lang.txt"), []byte("Acme http://127.0.0.1:1/x xx\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ingest", "--fetch-max-size", "lots", "x"}, `--fetch-max-size: "lots" is not a size`},
		{[]string{"ingest", "--fetch-timeout", "0s", "x"}, "--fetch-timeout must be more than 0"},
		{[]string{"ingest", "--fetch-interval", "-1s", "x"}, "--fetch-interval must be 0 or more"},
		{[]string{"ingest", "ftp://example.com/x"}, `scheme "ftp" is not http or https`},
		{[]string{"ingest", "http://"}, `URL "http://" has no host`},
		{[]string{"ingest", "--sources", "missing.csv"}, "read sources file missing.csv"},
		{[]string{"ingest", "--sources", "bad-lang.txt"}, `line 1: no rules for language "xx"`},
		{[]string{"ingest"}, "no files or folders (or URLs) given"},
	}
	for _, tt := range tests {
		res := run(t, dir, tt.args...)
		if res.code != exitFatal || !strings.Contains(res.stderr, tt.want) {
			t.Errorf("subproc %s: exit %d, stderr:\n%s\nwant exit 1 and %q", strings.Join(tt.args, " "), res.code, res.stderr, tt.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{{"32MiB", 32 << 20}, {"500KiB", 500 << 10}, {"1048576", 1 << 20}, {"2 mb", 2 << 20}, {"1G", 1 << 30}, {"10B", 10}}
	for _, tt := range tests {
		if got, err := parseSize(tt.in); err != nil || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "0", "-5MiB", "MiB", "1.5MiB", "99999999999GiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q): no error", bad)
		}
	}
}
