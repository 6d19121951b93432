package web

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/subproc/subproc/store"
)

func TestSearchPage(t *testing.T) {
	s := newServer(t, fixture(t))
	total := queryInt(t, fixture(t), `SELECT count(*) FROM latest_subprocessors`)
	for _, target := range []string{"/", "/search"} {
		body := mustGet(t, s, target)
		for _, want := range []string{
			`<form class="search" method="get" action="/search"`,
			`name="country"`, `name="location"`, `name="legal_basis"`, `name="publisher"`, `name="language"`,
			fmt.Sprintf("of <strong>%d</strong>", total),
			`Spar Nord A/S`,
			`href="/search?dir=desc&amp;sort=name"`, // the name column sorts the other way round
			`<link rel="stylesheet" href="/static/style.css">`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: page lacks %q", target, want)
			}
		}
	}
	// Words: the three documents that list Zendesk, best match first, then
	// a row that only mentions it in its purpose.
	var res searchJSON
	getJSON(t, s, "/api/search?q=zendesk", &res)
	if res.Total != 4 || len(res.Rows) != 4 {
		t.Fatalf("q=zendesk: %d rows (total %d), want 4", len(res.Rows), res.Total)
	}
	for i, r := range res.Rows {
		named := strings.Contains(strings.ToLower(r.Name), "zendesk")
		if named != (i < 3) || !strings.Contains(strings.ToLower(r.Name+r.Purpose), "zendesk") ||
			r.LineStart < 1 || r.Raw.Name == "" || r.Score <= 0 {
			t.Errorf("q=zendesk: row %d: %q (score %v, line %d)", i, r.Name, r.Score, r.LineStart)
		}
	}
	if body := mustGet(t, s, "/search?q=zendesk"); !strings.Contains(body, "Rows 1–4 of <strong>4</strong>") {
		t.Errorf("q=zendesk page does not count 4 rows")
	}
	// A query without words is the user's mistake, said on the page.
	if res, body := get(t, s, "/search?q=%22%22"); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "no words to search for") {
		t.Errorf("q=\"\": status %d\n%s", res.StatusCode, body)
	}
}

func TestSearchFilters(t *testing.T) {
	s := newServer(t, fixture(t))
	for _, tc := range []struct {
		query string
		check func(r rowJSON) bool
	}{
		{"country=US", func(r rowJSON) bool { return slices.Contains(r.Country, "US") }},
		{"country=US&legal_basis=SCC", func(r rowJSON) bool {
			return slices.Contains(r.Country, "US") && slices.Contains(r.LegalBasis, "SCC")
		}},
		{"location=EU", func(r rowJSON) bool { return slices.Contains(r.Location, "EU") }},
		{"language=da", func(r rowJSON) bool { return r.Language == "da" }},
		{"publisher=Bluerange+Technologies+AB", func(r rowJSON) bool { return r.Publisher == "Bluerange Technologies AB" }},
		{"q=hosting&country=IE", func(r rowJSON) bool { return slices.Contains(r.Country, "IE") }},
	} {
		var res searchJSON
		getJSON(t, s, "/api/search?per=1000&"+tc.query, &res)
		if res.Total == 0 || len(res.Rows) != res.Total {
			t.Errorf("%s: %d rows of %d, want some, all on the page", tc.query, len(res.Rows), res.Total)
		}
		for _, r := range res.Rows {
			if !tc.check(r) {
				t.Errorf("%s: row %q (%v %v %v %s %s) does not match", tc.query, r.Name, r.Country,
					r.Location, r.LegalBasis, r.Language, r.Publisher)
			}
		}
		// The page shows the same count and keeps the filter in its form.
		body := mustGet(t, s, "/search?"+tc.query)
		if !strings.Contains(body, fmt.Sprintf("of <strong>%d</strong>", res.Total)) {
			t.Errorf("%s: page does not count %d rows", tc.query, res.Total)
		}
		for k, vs := range mustParse(t, tc.query) {
			if k != "q" && !strings.Contains(body, fmt.Sprintf(`value="%s" selected`, vs[0])) {
				t.Errorf("%s: form does not keep %s=%s selected", tc.query, k, vs[0])
			}
		}
	}
	// Only the newest version of each document is searched.
	var res searchJSON
	getJSON(t, s, "/api/search?q=mailgun", &res)
	if res.Total != 0 {
		t.Errorf("q=mailgun: %d rows, want 0 (named only by version 1 of northwind.txt)", res.Total)
	}
}

func mustParse(tb testing.TB, query string) url.Values {
	tb.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestSearchSortAndPaging(t *testing.T) {
	s := newServer(t, fixture(t))
	var all searchJSON
	getJSON(t, s, "/api/search?sort=name&per=1000", &all)
	names := func(rows []rowJSON) []string {
		var out []string
		for _, r := range rows {
			out = append(out, strings.ToLower(r.Name))
		}
		return out
	}
	if got := names(all.Rows); !sort.StringsAreSorted(got) {
		t.Errorf("sort=name: not sorted: %q", got)
	}
	var desc searchJSON
	getJSON(t, s, "/api/search?sort=name&dir=desc&per=1000", &desc)
	got, want := names(desc.Rows), names(all.Rows)
	slices.Reverse(want)
	if !sort.IsSorted(sort.Reverse(sort.StringSlice(got))) || len(got) != len(want) {
		t.Errorf("sort=name&dir=desc: %q", got)
	}
	// Pages of 7 cover the rows once, in order.
	var paged []rowJSON
	for page := 1; ; page++ {
		var p searchJSON
		getJSON(t, s, fmt.Sprintf("/api/search?sort=name&per=7&page=%d", page), &p)
		if p.Pages != (all.Total+6)/7 || p.Total != all.Total {
			t.Fatalf("page %d: %d pages, total %d; want %d, %d", page, p.Pages, p.Total, (all.Total+6)/7, all.Total)
		}
		paged = append(paged, p.Rows...)
		if page >= p.Pages {
			break
		}
	}
	if len(paged) != len(all.Rows) {
		t.Fatalf("pages hold %d rows, want %d", len(paged), len(all.Rows))
	}
	for i := range paged {
		if paged[i].ID != all.Rows[i].ID {
			t.Fatalf("row %d: id %d on the pages, %d in the whole result", i, paged[i].ID, all.Rows[i].ID)
		}
	}
	// Every column sorts; the page links to the next page and marks the sort column.
	for _, c := range columns {
		mustGet(t, s, "/api/search?sort="+c.Key+"&dir=desc")
	}
	body := mustGet(t, s, "/search?sort=country&per=7&page=2")
	for _, want := range []string{`aria-sort="ascending"`, `Country ▲`, `rel="next"`, `rel="prev"`,
		"page 2 of", `href="/search?dir=asc&amp;per=7&amp;sort=name"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page 2 sorted by country lacks %q", want)
		}
	}
	for _, bad := range []string{"sort=bogus", "dir=up", "page=0", "per=100000", "page=x"} {
		if res, body := get(t, s, "/search?"+bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400\n%s", bad, res.StatusCode, body)
		}
	}
}

func TestDownloads(t *testing.T) {
	s := newServer(t, fixture(t))
	var res searchJSON
	getJSON(t, s, "/api/search?country=US&per=1", &res)

	// format=csv downloads the whole result, not the page.
	for _, target := range []string{"/search?country=US&per=1&page=2&format=csv", "/api/search?country=US&format=csv"} {
		resp, body := get(t, s, target)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), `attachment; filename="subproc-search.csv"`) {
			t.Fatalf("GET %s: %d %v", target, resp.StatusCode, resp.Header)
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		if len(recs) != res.Total+1 || recs[0][0] != "id" || recs[0][9] != "name" || recs[0][14] != "country" {
			t.Errorf("GET %s: %d records, want a header and %d rows: %q", target, len(recs), res.Total, recs[0])
		}
		for _, r := range recs[1:] {
			if !strings.Contains(r[14], "US") {
				t.Errorf("GET %s: row %q has country %q", target, r[9], r[14])
			}
		}
	}
	// format=json of a page is the API's answer, as a file, with every row.
	resp, body := get(t, s, "/search?country=US&format=json")
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "subproc-search.json") ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("format=json: headers %v", resp.Header)
	}
	if n := strings.Count(body, `"document_id"`); n != res.Total {
		t.Errorf("format=json: %d rows, want %d", n, res.Total)
	}
	// Every page with a result offers its downloads.
	id := docID(t, "northwind.txt", 2)
	for _, target := range []string{"/search?q=aws", "/entities", "/documents", "/documents/" + id, "/audit"} {
		body := mustGet(t, s, target)
		if !strings.Contains(body, "format=csv") || !strings.Contains(body, "format=json") {
			t.Errorf("GET %s: no CSV and JSON links", target)
		}
		for _, f := range []string{"csv", "json"} {
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			if r, _ := get(t, s, target+sep+"format="+f); r.StatusCode != http.StatusOK ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("GET %s format=%s: status %d, %v", target, f, r.StatusCode, r.Header)
			}
		}
	}
	// CSV as subproc export writes it: CRLF line ends, and a byte-order mark on request.
	if _, body := get(t, s, "/search?format=csv&bom=1"); !strings.HasPrefix(body, "\uFEFFid,path,") ||
		!strings.Contains(body, "\r\n") {
		t.Errorf("bom=1: CSV starts %q", body[:min(len(body), 20)])
	}
	if r, _ := get(t, s, "/search?format=xml"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("format=xml: status %d, want 400", r.StatusCode)
	}
}

// docID is the id of version v of the fixture document named name.
func docID(tb testing.TB, name string, v int) string {
	tb.Helper()
	return fmt.Sprint(queryInt(tb, fixture(tb), `SELECT d.id FROM documents d JOIN sources s ON s.id = d.source_id
		WHERE s.path LIKE ? AND d.version = ?`, "%"+string(filepath.Separator)+name, v))
}

func TestDocumentPage(t *testing.T) {
	s := newServer(t, fixture(t))
	id := docID(t, "northwind.txt", 2)
	var doc documentJSON
	getJSON(t, s, "/api/documents/"+id, &doc)
	if doc.Document.Version != 2 || !doc.Document.Latest || len(doc.Versions) != 2 || len(doc.Rows) != 3 {
		t.Fatalf("document %s: version %d latest %v, %d versions, %d rows", id, doc.Document.Version,
			doc.Document.Latest, len(doc.Versions), len(doc.Rows))
	}
	c := doc.Changes
	if c == nil || c.From != 1 || c.To != 2 {
		t.Fatalf("changes: %+v, want from 1 to 2", c)
	}
	if len(c.Added) != 1 || c.Added[0].Name != "Stripe Payments Europe Ltd." ||
		len(c.Removed) != 1 || c.Removed[0].Name != "Mailgun Technologies Inc." {
		t.Errorf("added %+v, removed %+v", c.Added, c.Removed)
	}
	changed := map[string]string{}
	for _, rc := range c.Changed {
		for _, f := range rc.Fields {
			changed[rc.Name+" "+f.Field] = strings.Join(f.Old, ",") + " -> " + strings.Join(f.New, ",")
		}
	}
	for k, want := range map[string]string{
		"Amazon Web Services EMEA SARL country": "IE -> DE",
		"Zendesk Inc. legal_basis":              "SCC -> DPF",
	} {
		if changed[k] != want {
			t.Errorf("change of %s: %q, want %q (all: %v)", k, changed[k], want, changed)
		}
	}
	for _, r := range doc.Rows {
		if r.LineStart < 1 || r.LineEnd < r.LineStart || r.Raw.Name == "" || r.Layout == "" {
			t.Errorf("row %q: lines %d-%d, raw name %q, layout %q", r.Name, r.LineStart, r.LineEnd, r.Raw.Name, r.Layout)
		}
	}

	body := mustGet(t, s, "/documents/"+id)
	for _, want := range []string{
		`<tbody id="row-1">`, `<span class="linerange">`, `<mark>Germany</mark>`, // the raw country beside DE
		`Changes from version 1`, `<strong>added</strong> Stripe Payments Europe Ltd.`,
		`<strong>removed</strong> Mailgun Technologies Inc.`, `<del>IE</del> → <ins>DE</ins>`,
		`href="/documents/` + docID(t, "northwind.txt", 1) + `"`, // the other version
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
	// Version 1 has no earlier version to compare with.
	getJSON(t, s, "/api/documents/"+docID(t, "northwind.txt", 1), &doc)
	if doc.Changes != nil || doc.Document.Latest || len(doc.Rows) != 3 {
		t.Errorf("version 1: changes %+v, latest %v, %d rows", doc.Changes, doc.Document.Latest, len(doc.Rows))
	}
	var list struct{ Documents []docJSON }
	getJSON(t, s, "/api/documents", &list)
	if len(list.Documents) != 7 {
		t.Errorf("/api/documents: %d documents, want 7 (5 seeds, 900_xss.txt, northwind.txt)", len(list.Documents))
	}
}

func TestEntityPage(t *testing.T) {
	s := newServer(t, fixture(t))
	id := zendesk(t, s)
	var e entityJSON
	getJSON(t, s, fmt.Sprintf("/api/entities/%d", id), &e)
	if !e.Resolved || e.NDocuments != 3 || len(e.Rows) != 3 {
		t.Errorf("entity %d: resolved %v, %d documents, %d rows; want resolved, 3, 3", id, e.Resolved, e.NDocuments, len(e.Rows))
	}
	if !slices.Contains(e.LegalBases, "DPF") || !slices.Contains(e.Countries, "US") {
		t.Errorf("entity %d: countries %v, legal bases %v", id, e.Countries, e.LegalBases)
	}
	// Over time: both versions of northwind.txt, the legal basis marked as changed in version 2.
	var nw []historyRow
	for _, h := range e.History {
		if strings.HasSuffix(h.Path, "northwind.txt") {
			nw = append(nw, h)
		}
	}
	if len(nw) != 2 || !nw[0].Named || !nw[1].Named || !slices.Equal(nw[0].LegalBasis, []string{"SCC"}) ||
		!slices.Equal(nw[1].LegalBasis, []string{"DPF"}) || !nw[1].Has("legal_basis") || nw[1].Has("country") {
		t.Errorf("history in northwind.txt: %+v", nw)
	}
	body := mustGet(t, s, fmt.Sprintf("/entities/%d", id))
	for _, want := range []string{"<h1>Zendesk", "Over time", `class="changed"`, "Documents that name it"} {
		if !strings.Contains(body, want) {
			t.Errorf("entity page lacks %q", want)
		}
	}
	body = mustGet(t, s, "/entities?q=amazon")
	if !strings.Contains(body, "Amazon Web Services") {
		t.Errorf("entities?q=amazon lacks Amazon Web Services")
	}
	if res, _ := get(t, s, "/entities/999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/entities/999999: status %d, want 404", res.StatusCode)
	}
}

// TestEntitiesByName serves a database whose entities were never resolved:
// the rows are grouped by the entity key of their names.
func TestEntitiesByName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "subproc.db")
	copyDB(t, fixture(t), path)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM entity_links; DELETE FROM entity_members; DELETE FROM entities`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := newServer(t, path)
	var e entityJSON
	getJSON(t, s, fmt.Sprintf("/api/entities/%d", zendesk(t, s)), &e)
	if e.Resolved || e.Key != "zendesk" || e.NDocuments != 3 {
		t.Errorf("entity by name: %+v", e.entitySummary)
	}
	if body := mustGet(t, s, "/entities"); !strings.Contains(body, "grouped by their folded name") {
		t.Errorf("entities page does not say the rows are grouped by name")
	}
}

// zendesk returns the entity of the rows named Zendesk, which must be one.
func zendesk(tb testing.TB, s *Server) int64 {
	tb.Helper()
	var res searchJSON
	getJSON(tb, s, "/api/search?per=1000", &res)
	var id int64
	n := 0
	for _, r := range res.Rows {
		if !strings.Contains(strings.ToLower(r.Name), "zendesk") {
			continue
		}
		n++
		if r.EntityID == 0 || id != 0 && r.EntityID != id {
			tb.Fatalf("zendesk rows: entity ids %d and %d, want one entity", id, r.EntityID)
		}
		id = r.EntityID
	}
	if n != 3 {
		tb.Fatalf("%d rows named Zendesk, want 3", n)
	}
	return id
}

// copyDB copies the SQLite file src to dst.
func copyDB(tb testing.TB, src, dst string) {
	tb.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestAuditPage(t *testing.T) {
	s := newServer(t, fixture(t))
	var a struct {
		Total    int
		Findings []findingJSON
		Rules    []struct {
			ID       string
			Findings int
		}
	}
	getJSON(t, s, "/api/audit", &a)
	if a.Total == 0 || len(a.Findings) != a.Total || len(a.Rules) == 0 {
		t.Fatalf("/api/audit: %d findings of %d, %d rules", len(a.Findings), a.Total, len(a.Rules))
	}
	for _, f := range a.Findings {
		if f.Rule == "" || f.Severity == "" || f.Path == "" || f.DocumentID == 0 || f.Explanation == "" {
			t.Errorf("finding %+v lacks rule, severity, document or explanation", f)
		}
	}
	rule := a.Findings[0].Rule
	var one struct{ Findings []findingJSON }
	getJSON(t, s, "/api/audit?rule="+rule, &one)
	for _, f := range one.Findings {
		if f.Rule != rule {
			t.Errorf("rule=%s: finding of rule %s", rule, f.Rule)
		}
	}
	getJSON(t, s, "/api/audit?severity=high", &one)
	for _, f := range one.Findings {
		if f.Severity != "high" {
			t.Errorf("severity=high: finding of severity %s", f.Severity)
		}
	}
	body := mustGet(t, s, "/audit")
	if !strings.Contains(body, "<h1>Audit findings</h1>") || !strings.Contains(body, rule) {
		t.Errorf("audit page lacks its heading or rule %s", rule)
	}
	if res, _ := get(t, s, "/audit?severity=dire"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("severity=dire: status %d, want 400", res.StatusCode)
	}
}

// TestEscaping: what documents say is shown as text, never as markup, on
// every page that shows it.
func TestEscaping(t *testing.T) {
	s := newServer(t, fixture(t))
	var res searchJSON
	getJSON(t, s, "/api/search?q=evil", &res)
	if len(res.Rows) != 1 || res.Rows[0].Name != xssName {
		t.Fatalf("q=evil: %+v, want the row named %q", res.Rows, xssName)
	}
	r := res.Rows[0]
	pages := []string{"/search?q=evil", "/search", fmt.Sprintf("/documents/%d", r.DocumentID),
		fmt.Sprintf("/entities/%d", r.EntityID), "/entities", "/audit"}
	for _, target := range pages {
		resp, body := get(t, s, target)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", target, resp.StatusCode)
			continue
		}
		for _, bad := range []string{"<script", "<img", "<b>bold"} {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s: the page holds %q unescaped", target, bad)
			}
		}
		if target != "/audit" && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; Evil Corp") {
			t.Errorf("GET %s: the name is not shown escaped", target)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q", target, csp)
		}
	}
	// The raw purpose, with its markup, is on the document page as text.
	body := mustGet(t, s, fmt.Sprintf("/documents/%d", r.DocumentID))
	if !strings.Contains(body, "&lt;img src=x onerror=alert(2)&gt;") {
		t.Errorf("document page does not show the raw purpose escaped")
	}
	// An error page repeats the user's input escaped.
	resp, body := get(t, s, "/search?sort=%3Cscript%3E")
	if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, "<script") ||
		!strings.Contains(body, "sort=&lt;script&gt;") {
		t.Errorf("bad sort: status %d\n%s", resp.StatusCode, body)
	}
}

// TestReadOnly: serving never writes to the database, and the server
// answers only GET and HEAD.
func TestReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "subproc.db")
	copyDB(t, fixture(t), path)
	hash := func() [32]byte {
		var all []byte
		for _, p := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return sha256.Sum256(all)
	}
	before := hash()
	s := newServer(t, path)
	for _, target := range []string{"/", "/search?q=aws&country=IE", "/entities", "/entities/1",
		"/documents", "/documents/1", "/audit", "/api/search", "/api/audit", "/search?format=csv"} {
		get(t, s, target)
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		req := httptest.NewRequest(method, "/search", strings.NewReader("q=x"))
		req.Host = "localhost:8080"
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s /search: status %d, want 405", method, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodHead, "/search", nil)
	req.Host = "localhost"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("HEAD /search: status %d, want 200", rec.Code)
	}
	if after := hash(); !bytes.Equal(before[:], after[:]) {
		t.Errorf("the database file changed while serving")
	}
	// The DB itself refuses writes.
	if _, err := s.db.Save(t.Context(), store.Entry{Doc: nil}); err == nil {
		t.Errorf("Save(nil doc) on a read-only DB: no error")
	}
}

func TestHosts(t *testing.T) {
	s := newServer(t, fixture(t))
	for host, want := range map[string]int{
		"localhost:8080": http.StatusOK, "127.0.0.1": http.StatusOK, "[::1]:8080": http.StatusOK,
		"LOCALHOST": http.StatusOK, "evil.example": http.StatusMisdirectedRequest,
		"evil.example:8080": http.StatusMisdirectedRequest, "10.0.0.1": http.StatusMisdirectedRequest,
	} {
		req := httptest.NewRequest(http.MethodGet, "/static/style.css", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: status %d, want %d", host, rec.Code, want)
		}
	}
	s.opt.AnyHost = true
	req := httptest.NewRequest(http.MethodGet, "/static/style.css", nil)
	req.Host = "evil.example"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("AnyHost, Host evil.example: status %d, want 200", rec.Code)
	}
}

func TestNotFound(t *testing.T) {
	s := newServer(t, fixture(t))
	for target, wantJSON := range map[string]bool{
		"/documents/999999": false, "/documents/x": false, "/nope": false, "/entities/x": false,
		"/api/documents/999999": true, "/api/nope": true, "/api/entities/999999": true,
	} {
		res, body := get(t, s, target)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, res.StatusCode)
		}
		isJSON := strings.HasPrefix(res.Header.Get("Content-Type"), "application/json")
		if isJSON != wantJSON || wantJSON && !strings.Contains(body, `"error"`) {
			t.Errorf("GET %s: content type %s\n%s", target, res.Header.Get("Content-Type"), body)
		}
	}
}

// TestOlderSchema serves a database of schema version 1, which OpenReadOnly
// does not migrate: no full-text index, no entity tables.
func TestOlderSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "subproc.db")
	copyDB(t, fixture(t), path)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	rows, err := db.Query(`SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view', 'trigger')
		AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'subprocessors_fts_%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var typ, name string
		if err := rows.Scan(&typ, &name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, typ+" "+name)
	}
	rows.Close()
	v1 := []string{"table sources", "table documents", "table subprocessors", "table subprocessor_countries",
		"table subprocessor_locations", "table subprocessor_legal_bases", "view latest_documents",
		"view latest_subprocessors", "table schema_migrations"}
	for _, tn := range tables {
		if slices.Contains(v1, tn) {
			continue
		}
		typ, name, _ := strings.Cut(tn, " ")
		if _, err := db.Exec(`DROP ` + strings.ToUpper(typ) + ` IF EXISTS "` + name + `"`); err != nil {
			t.Fatalf("drop %s: %v", tn, err)
		}
	}
	if _, err := db.Exec(`DELETE FROM schema_migrations WHERE version > 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s := newServer(t, path)
	for _, target := range []string{"/search", "/search?country=US&sort=country", "/entities", "/documents", "/audit"} {
		mustGet(t, s, target)
	}
	var e entityJSON
	getJSON(t, s, fmt.Sprintf("/api/entities/%d", zendesk(t, s)), &e)
	if e.Resolved || e.NDocuments != 3 {
		t.Errorf("entity by name without entity tables: %+v", e.entitySummary)
	}
	for _, target := range []string{"/search?q=zendesk", "/search?q=zendesk&sort=name", "/api/search?q=zendesk"} {
		res, body := get(t, s, target)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "needs the full-text index") {
			t.Errorf("GET %s on schema 1: status %d\n%s", target, res.StatusCode, body)
		}
	}
}
