package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/store"
)

// docJSON is a stored document version in the API.
type docJSON struct {
	ID                 int64          `json:"id"`
	Path               string         `json:"path"`
	Version            int            `json:"version"`
	Latest             bool           `json:"latest"`
	SHA256             string         `json:"sha256"`
	Format             subproc.Format `json:"format"`
	Size               int64          `json:"size"`
	Encoding           string         `json:"encoding"`
	Language           string         `json:"language"`
	LanguageConfidence float64        `json:"language_confidence"`
	Publisher          string         `json:"publisher"`
	Status             subproc.Status `json:"status"`
	Stage              string         `json:"stage,omitempty"`
	Error              string         `json:"error,omitempty"`
	RowCount           int            `json:"row_count"`
	IngestedAt         string         `json:"ingested_at"`
}

func docsJSON(ds []store.BrowseDoc) []docJSON {
	out := make([]docJSON, len(ds))
	for i, d := range ds {
		out[i] = docJSON{ID: d.ID, Path: d.Path, Version: d.Version, Latest: d.Latest, SHA256: d.SHA256,
			Format: d.Format, Size: d.Size, Encoding: d.Encoding, Language: d.Language,
			LanguageConfidence: d.LanguageConfidence, Publisher: d.Publisher, Status: d.Status,
			Stage: d.Stage, Error: d.Error, RowCount: d.RowCount, IngestedAt: d.IngestedAt}
	}
	return out
}

func docsCSV(ds []store.BrowseDoc) [][]string {
	out := [][]string{{"document_id", "path", "version", "latest", "status", "stage", "error", "format",
		"language", "publisher", "rows", "sha256", "ingested_at"}}
	for _, d := range ds {
		out = append(out, []string{strconv.FormatInt(d.ID, 10), d.Path, strconv.Itoa(d.Version),
			strconv.FormatBool(d.Latest), string(d.Status), d.Stage, d.Error, string(d.Format), d.Language,
			d.Publisher, strconv.Itoa(d.RowCount), d.SHA256, d.IngestedAt})
	}
	return out
}

// documentsPage is the data of documents.html.
type documentsPage struct {
	Docs []store.BrowseDoc
}

// documents lists the newest version of every source.
func (s *Server) documents(r *http.Request) (*view, error) {
	docs, err := s.db.BrowseDocuments(r.Context())
	if err != nil {
		return nil, err
	}
	return &view{Page: "documents", Nav: "documents", Title: "Documents", Data: documentsPage{Docs: docs},
		Name: "subproc-documents",
		JSON: func() any {
			return struct {
				Documents []docJSON `json:"documents"`
			}{docsJSON(docs)}
		},
		CSV: func() [][]string { return docsCSV(docs) }}, nil
}

// documentPage is the data of document.html.
type documentPage struct {
	Doc      store.BrowseDoc
	Rows     []row
	Versions []store.BrowseDoc
	Change   *changeView // from the previous version to this one; nil for the first
}

// changeView is what changed from one version of a document to the next.
type changeView struct {
	From     int         `json:"from_version"`
	FromID   int64       `json:"from_document_id"`
	To       int         `json:"to_version"`
	ToID     int64       `json:"to_document_id"`
	Skipped  []int       `json:"skipped,omitempty"` // failed versions between them
	Added    []rowRef    `json:"added"`
	Removed  []rowRef    `json:"removed"`
	Changed  []rowChange `json:"changed"`
	Same     int         `json:"same"`
	Reworded bool        `json:"reworded_only"` // the rows are equal: only wording or layout changed
}

// rowRef names a row of one version.
type rowRef struct {
	Name      string `json:"name"`
	LineStart int    `json:"line_start"`
	LineEnd   int    `json:"line_end"`
}

// rowChange is a row of both versions with the fields that changed.
type rowChange struct {
	Name   string        `json:"name"`
	Old    string        `json:"old_name,omitempty"` // the name in the older version, when it changed
	Match  string        `json:"match"`
	Line   int           `json:"line_start"`
	Fields []fieldChange `json:"fields"`
}

type fieldChange struct {
	Field string   `json:"field"`
	Old   []string `json:"old"`
	New   []string `json:"new"`
}

func ref(r *subproc.Record) rowRef {
	return rowRef{Name: r.Name, LineStart: r.Prov.LineStart, LineEnd: r.Prov.LineEnd}
}

// changeTo is the change that led to version docID of h, nil for none.
func changeTo(h store.History, docID int64) *changeView {
	for _, c := range audit.Changes(h) {
		if c.To.DocumentID != docID {
			continue
		}
		v := &changeView{From: c.From.Version, FromID: c.From.DocumentID, To: c.To.Version,
			ToID: c.To.DocumentID, Skipped: c.Skipped, Same: c.Same, Reworded: c.Reworded(),
			Added: []rowRef{}, Removed: []rowRef{}, Changed: []rowChange{}}
		for i := range c.Added {
			v.Added = append(v.Added, ref(&c.Added[i]))
		}
		for i := range c.Removed {
			v.Removed = append(v.Removed, ref(&c.Removed[i]))
		}
		for _, rc := range c.Changed {
			ch := rowChange{Name: rc.New.Name, Match: string(rc.Match), Line: rc.New.Prov.LineStart}
			if rc.Old.Name != rc.New.Name {
				ch.Old = rc.Old.Name
			}
			for _, f := range rc.Fields {
				ch.Fields = append(ch.Fields, fieldChange{Field: string(f.Field), Old: nonNil(f.Old), New: nonNil(f.New)})
			}
			v.Changed = append(v.Changed, ch)
		}
		return v
	}
	return nil
}

// Old and New are the values of a field change as text.
func (f fieldChange) OldText() string { return strings.Join(f.Old, ", ") }
func (f fieldChange) NewText() string { return strings.Join(f.New, ", ") }

// document is the page of one stored version: its rows with their raw text
// and lines, its versions and what changed from the previous one.
func (s *Server) document(r *http.Request) (*view, error) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errorf(http.StatusNotFound, "no document %q: document ids are numbers", r.PathValue("id"))
	}
	doc, rows, err := s.db.BrowseDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	page := &documentPage{Doc: doc}
	for _, r := range rows {
		page.Rows = append(page.Rows, row{Row: r})
	}
	if doc.Latest {
		if err := s.linkEntities(ctx, page.Rows); err != nil {
			return nil, err
		}
	}
	if page.Versions, err = s.db.BrowseVersions(ctx, doc.SourceID); err != nil {
		return nil, err
	}
	if len(page.Versions) > 1 {
		h, err := s.db.BrowseHistory(ctx, doc.SourceID)
		if err != nil {
			return nil, err
		}
		page.Change = changeTo(h, doc.ID)
	}
	return &view{Page: "document", Nav: "documents", Title: displayName(doc.Path) + " v" + strconv.Itoa(doc.Version),
		Data: page, Name: "subproc-document-" + strconv.FormatInt(id, 10),
		JSON: func() any {
			return documentJSON{Document: docsJSON([]store.BrowseDoc{doc})[0], Versions: docsJSON(page.Versions),
				Changes: page.Change, Rows: rowsJSON(page.Rows)}
		},
		CSV: func() [][]string { return rowsCSV(page.Rows) }}, nil
}

// documentJSON is the answer of /api/documents/{id}.
type documentJSON struct {
	Document docJSON     `json:"document"`
	Versions []docJSON   `json:"versions"`
	Changes  *changeView `json:"changes"` // from the previous version; null for the first
	Rows     []rowJSON   `json:"rows"`
}
