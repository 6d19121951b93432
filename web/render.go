package web

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/subproc/subproc/store"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the templates in templates/, each rendered inside layout.html.
var pageNames = []string{"search", "entities", "entity", "documents", "document", "audit", "error"}

// pages holds one parsed template per page.
type pages struct {
	t map[string]*template.Template
}

func parsePages() (*pages, error) {
	p := &pages{t: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/parts.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		p.t[name] = t
	}
	return p, nil
}

// funcs are the template functions: formatting only, no logic.
var funcs = template.FuncMap{
	"join": func(s []string) string { return strings.Join(s, ", ") },
	"base": displayName,
	"lines": func(start, end int) string {
		switch {
		case start <= 0:
			return ""
		case end <= start:
			return strconv.Itoa(start)
		}
		return fmt.Sprintf("%d–%d", start, end)
	},
	"at": func(start, end int) string { // "line 4", "lines 4–7"
		switch {
		case start <= 0:
			return ""
		case end <= start:
			return fmt.Sprintf("line %d", start)
		}
		return fmt.Sprintf("lines %d–%d", start, end)
	},
	"date": func(s string) string { // RFC 3339 UTC as "2026-01-05 09:00 UTC"
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return s
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"short": func(s string, n int) string {
		r := []rune(s)
		if len(r) <= n {
			return s
		}
		return string(r[:n]) + "…"
	},
	"bytes": func(n int64) string {
		switch {
		case n >= 1<<20:
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		case n >= 1<<10:
			return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
		}
		return fmt.Sprintf("%d bytes", n)
	},
	"yesno": func(b *bool) string {
		switch {
		case b == nil:
			return ""
		case *b:
			return "check digits pass"
		}
		return "check digits fail"
	},
}

// displayName is the last element of a file path or URL, for tables: the
// full path is on the document's page.
func displayName(p string) string {
	if u, err := url.Parse(p); err == nil && u.Scheme != "" && u.Host != "" {
		if b := path.Base(u.Path); b != "/" && b != "." {
			return u.Host + "/…/" + b
		}
		return u.Host
	}
	p = strings.TrimRight(p, `/\`)
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// layoutData is what layout.html gets: the page's view and the links every
// page has.
type layoutData struct {
	Title    string
	Nav      string // the section the page belongs to: search, entities, documents, audit
	Data     any
	CSV      string // download links, "" when the page has none
	JSON     string
	API      string // the API URL of the page
	Database string // base name of the database file
}

// render writes the HTML page of v with status code.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, v *view) {
	t := s.pages.t[v.Page]
	d := layoutData{Title: v.Title, Nav: v.Nav, Data: v.Data, Database: displayName(s.db.Path())}
	if v.JSON != nil && code == http.StatusOK {
		d.JSON = formatURL(r.URL, "json")
		d.API = "/api" + strings.TrimSuffix(r.URL.Path, "/")
		if d.API == "/api" {
			d.API = "/api/search"
		}
		if q := withoutFormat(r.URL.Query()); len(q) > 0 {
			d.API += "?" + q.Encode()
		}
		if v.CSV != nil {
			d.CSV = formatURL(r.URL, "csv")
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		s.logf("render %s: %v", v.Page, err)
		http.Error(w, "internal error: the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// formatURL is u as a download in format: the whole result, not one page.
func formatURL(u *url.URL, format string) string {
	q := withoutFormat(u.Query())
	q.Del("page")
	q.Del("per")
	q.Set("format", format)
	return u.Path + "?" + q.Encode()
}

func withoutFormat(q url.Values) url.Values {
	q.Del("format")
	return q
}

// download writes v as a CSV or JSON file to save.
func (s *Server) download(w http.ResponseWriter, r *http.Request, v *view, format string) {
	name := v.Name
	if name == "" {
		name = "subproc"
	}
	switch format {
	case "csv":
		if v.CSV == nil {
			s.fail(w, r, errorf(http.StatusBadRequest, "this page has no CSV form; try format=json"))
			return
		}
		var buf bytes.Buffer
		if r.URL.Query().Get("bom") == "1" {
			buf.WriteString("\uFEFF") // so that Excel reads UTF-8
		}
		cw := csv.NewWriter(&buf) // RFC 4180, as subproc export writes it
		cw.UseCRLF = true
		if err := cw.WriteAll(v.CSV()); err != nil {
			s.fail(w, r, fmt.Errorf("write CSV: %w", err))
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		w.Write(buf.Bytes())
	case "json":
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		writeJSON(w, http.StatusOK, v.JSON())
	}
}

// writeJSON writes v as indented JSON with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "R&D", not "R\u0026D": served as application/json with nosniff
	enc.SetIndent("", "  ")
	b := []byte(`{"error": "internal error: encode JSON"}` + "\n")
	if err := enc.Encode(v); err != nil {
		code = http.StatusInternalServerError
	} else {
		b = buf.Bytes()
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b)
}

// rowJSON is a sub-processor row in the API: normalised values, raw text and
// provenance, with its document and entity.
type rowJSON struct {
	ID             int64    `json:"id"`
	DocumentID     int64    `json:"document_id"`
	Path           string   `json:"path"`
	Version        int      `json:"version"`
	Publisher      string   `json:"publisher"`
	Language       string   `json:"language"`
	EntityID       int64    `json:"entity_id,omitempty"`
	Entity         string   `json:"entity,omitempty"`
	Ord            int      `json:"ord"`
	Name           string   `json:"name"`
	Aliases        []string `json:"aliases"`
	RegNo          string   `json:"reg_no"`
	RegNoValid     *bool    `json:"reg_no_valid"`
	Address        string   `json:"address"`
	Country        []string `json:"country"`
	Location       []string `json:"location"`
	LegalBasis     []string `json:"legal_basis"`
	Purpose        string   `json:"purpose"`
	DataCategories string   `json:"data_categories"`
	Raw            rawJSON  `json:"raw"`
	Page           int      `json:"page,omitempty"`
	LineStart      int      `json:"line_start"`
	LineEnd        int      `json:"line_end"`
	Layout         string   `json:"layout"`
	Score          float64  `json:"score,omitempty"`
}

// rawJSON is the text of a row as its document writes it.
type rawJSON struct {
	Name           string   `json:"name"`
	RegNo          string   `json:"reg_no"`
	Address        string   `json:"address"`
	Country        string   `json:"country"`
	Location       string   `json:"location"`
	LegalBasis     string   `json:"legal_basis"`
	Purpose        string   `json:"purpose"`
	DataCategories string   `json:"data_categories"`
	Notes          []string `json:"notes"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// rowsJSON is rows in the API's form.
func rowsJSON(rows []row) []rowJSON {
	out := make([]rowJSON, len(rows))
	for i, r := range rows {
		rec := r.Record
		out[i] = rowJSON{ID: r.ID, DocumentID: r.DocumentID, Path: r.Path, Version: r.Version,
			Publisher: r.Publisher, Language: r.Language, EntityID: r.EntityID, Entity: r.Entity,
			Ord: r.Ord, Name: rec.Name, Aliases: nonNil(rec.Aliases), RegNo: rec.RegNo,
			RegNoValid: rec.RegNoValid, Address: rec.Address, Country: nonNil(rec.Country),
			Location: nonNil(rec.Location), LegalBasis: nonNil(rec.LegalBasis), Purpose: rec.Purpose,
			DataCategories: rec.DataCategories,
			Raw: rawJSON{Name: rec.Raw.Name, RegNo: rec.Raw.RegNo, Address: rec.Raw.Address,
				Country: rec.Raw.Country, Location: rec.Raw.Location, LegalBasis: rec.Raw.LegalBasis,
				Purpose: rec.Raw.Purpose, DataCategories: rec.Raw.DataCategories, Notes: nonNil(rec.Raw.Notes)},
			Page: rec.Prov.Page, LineStart: rec.Prov.LineStart, LineEnd: rec.Prov.LineEnd,
			Layout: rec.Prov.Layout, Score: r.Score}
	}
	return out
}

// rowsCSV is rows as a CSV table with a header, in the columns of `subproc
// export --format csv`: one line per row, lists joined with "; ", the raw
// values and the provenance beside the normalised ones, "" for no value.
func rowsCSV(rows []row) [][]string {
	out := [][]string{{"id", "path", "version", "sha256", "format", "language", "publisher",
		"ingested_at", "ord", "name", "aliases", "reg_no", "reg_no_valid", "address", "country",
		"purpose", "legal_basis", "location", "data_categories", "entity_id", "entity",
		"raw_name", "raw_reg_no", "raw_address", "raw_country", "raw_purpose", "raw_legal_basis",
		"raw_location", "raw_data_categories", "raw_notes", "page", "line_start", "line_end", "layout"}}
	num := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	list := func(s []string) string { return strings.Join(s, "; ") }
	for _, r := range rows {
		rec := r.Record
		valid := ""
		if rec.RegNoValid != nil {
			valid = strconv.FormatBool(*rec.RegNoValid)
		}
		out = append(out, []string{strconv.FormatInt(r.ID, 10), r.Path, strconv.Itoa(r.Version), r.SHA256,
			string(r.Format), r.Language, r.Publisher, r.IngestedAt, strconv.Itoa(r.Ord),
			rec.Name, list(rec.Aliases), rec.RegNo, valid, rec.Address, list(rec.Country),
			rec.Purpose, list(rec.LegalBasis), list(rec.Location), rec.DataCategories,
			num(r.EntityID), r.Entity,
			rec.Raw.Name, rec.Raw.RegNo, rec.Raw.Address, rec.Raw.Country, rec.Raw.Purpose,
			rec.Raw.LegalBasis, rec.Raw.Location, rec.Raw.DataCategories, list(rec.Raw.Notes),
			num(int64(rec.Prov.Page)), strconv.Itoa(rec.Prov.LineStart), strconv.Itoa(rec.Prov.LineEnd),
			rec.Prov.Layout})
	}
	return out
}

// row is a stored row as the pages show it: its entity filled in even when
// the database has no resolved entities (see entityIndex).
type row struct {
	store.Row
	Score float64 // relevance to the query; 0 without one
}
