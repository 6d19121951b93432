package corpus

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSources(t *testing.T) {
	dir := filepath.FromSlash("/data/dpas")
	abs := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	tests := []struct {
		name  string
		input string
		want  []Source
	}{
		{"csv", "vendor,url_or_path,language\n" +
			"\"Acme, Inc.\",https://Acme.example:443/legal/subprocessors#list,en\n" +
			"Nordisk Data A/S,dpa/nordisk.pdf,DA\n" +
			"# a comment\n" +
			",,\n" +
			"No Hint,/abs/file.txt,\n",
			[]Source{
				{Vendor: "Acme, Inc.", Location: "https://acme.example/legal/subprocessors", Language: "en", Line: 2},
				{Vendor: "Nordisk Data A/S", Location: abs("dpa/nordisk.pdf"), Language: "da", Line: 3},
				{Vendor: "No Hint", Location: filepath.Clean("/abs/file.txt"), Line: 6},
			}},
		{"csv with BOM, other column order, no language", "\ufeffurl_or_path,vendor\r\nhttp://x.example,X\r\n",
			[]Source{{Vendor: "X", Location: "http://x.example/", Line: 2}}},
		{"lines", "# vendor URL [language]\n" +
			"Acme Inc https://acme.example/legal en\n" +
			"\n" +
			"Nordisk Data A/S dpa/nordisk.pdf da\n" +
			"Solo http://solo.example/dpa\n" +
			"Path Only Vendor folder/x.txt\n" +
			"https://bare.example/list\n",
			[]Source{
				{Vendor: "Acme Inc", Location: "https://acme.example/legal", Language: "en", Line: 2},
				{Vendor: "Nordisk Data A/S", Location: abs("dpa/nordisk.pdf"), Language: "da", Line: 4},
				{Vendor: "Solo", Location: "http://solo.example/dpa", Line: 5},
				{Vendor: "Path Only Vendor", Location: abs("folder/x.txt"), Line: 6},
				{Location: "https://bare.example/list", Line: 7},
			}},
		{"empty", "# nothing\n\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSources(strings.NewReader(tt.input), dir)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tt.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseSourcesErrors(t *testing.T) {
	tests := []struct{ input, want string }{
		{"vendor,url_or_path,language,notes\nA,http://a.example,,x\n", `line 1: unknown column "notes"`},
		{"vendor,url_or_path\nA,\n", "line 2: no URL or path"},
		{"vendor,url_or_path\nA,http://a.example,da\n", "wrong number of fields"},
		{"A http://a.example da extra\n", "line 1: 2 fields after http://a.example"},
		{"A http://a.example/x d4\n", `line 1: language "d4" is not a language code`},
		{"A http:///nohost\n", "line 1: URL \"http:///nohost\" has no host"},
		{"A http://a.example/x\nB http://A.example/x#top\n", "line 2: http://a.example/x is listed already on line 1"},
		{"A x.txt\nB ./x.txt\n", "is listed already on line 1"},
	}
	for _, tt := range tests {
		_, err := ParseSources(strings.NewReader(tt.input), "/d")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSources(%q): %v, want an error with %q", tt.input, err, tt.want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.COM", "https://example.com/"},
		{"HTTP://example.com:80/a?b=1#frag", "http://example.com/a?b=1"},
		{"https://example.com:8443/a/", "https://example.com:8443/a/"},
		{"http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"},
	}
	for _, tt := range tests {
		if got, err := CanonicalURL(tt.in); err != nil || got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"ftp://example.com/x", "https://", "https://user:pw@example.com/"} {
		if got, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want an error", bad, got)
		}
	}
}

// TestReaderSources reads a sources file that mixes URLs, a file and a
// folder: each document gets its source's vendor and language hint, a file
// in a folder its folder's.
func TestReaderSources(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/named":
			fmt.Fprintln(w, "Underdatabehandlere")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("acme/dpa.txt", "Underbiträden\n")
	write("acme/eu/annex.txt", "Bilag\n")
	write("solo.md", "# Sub-processors\n")
	write("other.txt", "x\n")
	input := "# vendor, URL or path, language\n" +
		"Acme AB acme sv\n" +
		"Acme EU acme/eu da\n" +
		"Solo Ltd solo.md en\n" +
		"Web Co " + srv.URL + "/named nb\n" +
		"Gone Co " + srv.URL + "/gone\n"
	sources, err := ParseSources(strings.NewReader(input), dir)
	if err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, s := range sources {
		locs = append(locs, s.Location)
	}
	l, err := List(append(locs, srv.URL+"/named"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, f := range l.Files {
		listed = append(listed, strings.TrimPrefix(f.Path, dir))
	}
	wantListed := []string{filepath.FromSlash("/acme/dpa.txt"), filepath.FromSlash("/acme/eu/annex.txt"),
		filepath.FromSlash("/solo.md"), srv.URL + "/named", srv.URL + "/gone"}
	if fmt.Sprint(listed) != fmt.Sprint(wantListed) {
		t.Errorf("listed %v, want %v (files first, then each URL once)", listed, wantListed)
	}

	r := &Reader{Fetcher: testFetcher(t, FetchOptions{}), Sources: sources}
	tests := []struct {
		loc, publisher, lang string
		fetched, failed      bool
	}{
		{loc: filepath.Join(dir, "acme", "dpa.txt"), publisher: "Acme AB", lang: "sv"},
		{loc: filepath.Join(dir, "acme", "eu", "annex.txt"), publisher: "Acme EU", lang: "da"}, // the nearest folder
		{loc: filepath.Join(dir, "solo.md"), publisher: "Solo Ltd", lang: "en"},
		{loc: filepath.Join(dir, "other.txt")},
		{loc: srv.URL + "/named", publisher: "Web Co", lang: "nb", fetched: true},
		{loc: srv.URL + "/gone", publisher: "Gone Co", fetched: true, failed: true},
	}
	for _, tt := range tests {
		doc, err := r.ReadContext(context.Background(), tt.loc)
		if (err != nil) != tt.failed || doc == nil {
			t.Errorf("%s: %v, want failed=%v and a document", tt.loc, err, tt.failed)
			continue
		}
		conf := 0.0
		if tt.lang != "" {
			conf = 1
		}
		if doc.Path != tt.loc || doc.Publisher != tt.publisher || doc.Language != tt.lang || doc.LanguageConfidence != conf ||
			(doc.Fetch != nil) != tt.fetched {
			t.Errorf("%s: path %s publisher %q language %q (%v) fetch %v, want %q %q fetched=%v", tt.loc, doc.Path,
				doc.Publisher, doc.Language, doc.LanguageConfidence, doc.Fetch != nil, tt.publisher, tt.lang, tt.fetched)
		}
	}

	// Without a Fetcher a URL is a read failure, not a crash.
	_, err = (&Reader{}).Read(srv.URL + "/named")
	if ce, ok := err.(*Error); !ok || ce.Stage != "read" {
		t.Errorf("no fetcher: %v, want a read error", err)
	}
}
