package web

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/normalize"
	"github.com/subproc/subproc/store"
)

// Entities are the sub-processors across documents. When ingest resolved
// them (the entities tables of migration 0002 hold rows), the site shows
// those. Otherwise it groups the rows of the newest versions itself, by the
// entity key of their names (normalize.EntityKey: folded, legal forms
// stripped), and names each group by the id of its first row: coarser than
// resolved entities (no alias or registration-number links), but a page
// per company all the same.

// group is one entity with its rows of the newest versions.
type group struct {
	ID       int64
	Name     string
	Key      string
	Resolved bool // stored by ingest, not grouped here by name
	Rows     []store.Row
}

// groups returns every entity of the newest versions, by name.
func (s *Server) groups(ctx context.Context) ([]*group, error) {
	res, err := s.db.Search(ctx, store.Filter{Latest: true}, 0)
	if err != nil {
		return nil, err
	}
	resolved, err := s.db.EntitiesResolved(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*group{}
	byKey := map[string]*group{}
	var out []*group
	for _, h := range res.Hits {
		var g *group
		if resolved {
			if g = byID[h.EntityID]; g == nil {
				g = &group{ID: h.EntityID, Name: h.Entity, Key: normalize.EntityKey(h.Entity), Resolved: true}
				byID[h.EntityID] = g
				out = append(out, g)
			}
		} else {
			key := groupKey(h.Record.Name)
			if g = byKey[key]; g == nil {
				g = &group{ID: h.ID, Key: key}
				byKey[key] = g
				out = append(out, g)
			}
			g.ID = min(g.ID, h.ID)
		}
		g.Rows = append(g.Rows, h.Row)
	}
	for _, g := range out {
		if !g.Resolved {
			g.Name = commonName(g.Rows)
		}
	}
	slices.SortFunc(out, func(a, b *group) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// groupKey is the key rows are grouped by without resolved entities: the
// entity key of the name, or the folded name when it has none.
func groupKey(name string) string {
	if k := normalize.EntityKey(name); k != "" {
		return k
	}
	return strings.ToLower(strings.TrimSpace(name))
}

// commonName is the most frequent name of rows, ties to the longest, as
// entity resolution names its entities.
func commonName(rows []store.Row) string {
	n := map[string]int{}
	best := ""
	for _, r := range rows {
		name := r.Record.Name
		n[name]++
		if c, b := n[name], n[best]; c > b || c == b && len(name) > len(best) {
			best = name
		}
	}
	return best
}

// linkEntities fills the entity of the rows of the newest versions when the
// database has no resolved entities.
func (s *Server) linkEntities(ctx context.Context, rows []row) error {
	resolved, err := s.db.EntitiesResolved(ctx)
	if err != nil || resolved || len(rows) == 0 {
		return err
	}
	gs, err := s.groups(ctx)
	if err != nil {
		return err
	}
	byRow := map[int64]*group{}
	for _, g := range gs {
		for _, r := range g.Rows {
			byRow[r.ID] = g
		}
	}
	for i := range rows {
		if g := byRow[rows[i].ID]; g != nil {
			rows[i].EntityID, rows[i].Entity = g.ID, g.Name
		}
	}
	return nil
}

// entitySummary is one line of the entity list.
type entitySummary struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	Key        string   `json:"key"`
	NDocuments int      `json:"document_count"` // documents that name it
	NRows      int      `json:"row_count"`      // its rows in them
	Countries  []string `json:"countries"`
	Locations  []string `json:"locations"`
	LegalBases []string `json:"legal_bases"`
}

// union returns the distinct values of f over rows, sorted.
func union(rows []store.Row, f func(*subproc.Record) []string) []string {
	var out []string
	for i := range rows {
		for _, v := range f(&rows[i].Record) {
			if v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

func countries(r *subproc.Record) []string  { return r.Country }
func locations(r *subproc.Record) []string  { return r.Location }
func legalBases(r *subproc.Record) []string { return r.LegalBasis }
func purposes(r *subproc.Record) []string   { return []string{r.Purpose} }

func summarize(g *group) entitySummary {
	docs := map[int64]bool{}
	for _, r := range g.Rows {
		docs[r.DocumentID] = true
	}
	return entitySummary{ID: g.ID, Name: g.Name, Key: g.Key, NDocuments: len(docs), NRows: len(g.Rows),
		Countries: nonNil(union(g.Rows, countries)), Locations: nonNil(union(g.Rows, locations)),
		LegalBases: nonNil(union(g.Rows, legalBases))}
}

// entitiesPage is the data of entities.html.
type entitiesPage struct {
	Q        string
	Resolved bool
	Entities []entitySummary
	Total    int
}

// entities lists the entities, those named in most documents first; q
// keeps those whose name contains it.
func (s *Server) entities(r *http.Request) (*view, error) {
	gs, err := s.groups(r.Context())
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page := &entitiesPage{Q: q, Total: len(gs), Entities: []entitySummary{}}
	for _, g := range gs {
		page.Resolved = g.Resolved
		if q != "" && !strings.Contains(strings.ToLower(g.Name), strings.ToLower(q)) &&
			!strings.Contains(g.Key, normalize.EntityKey(q)) {
			continue
		}
		page.Entities = append(page.Entities, summarize(g))
	}
	slices.SortStableFunc(page.Entities, func(a, b entitySummary) int { return cmp.Compare(b.NDocuments, a.NDocuments) })
	return &view{Page: "entities", Nav: "entities", Title: "Sub-processors", Data: page, Name: "subproc-entities",
		JSON: func() any { return page },
		CSV: func() [][]string {
			out := [][]string{{"entity_id", "name", "key", "documents", "rows", "countries", "locations", "legal_bases"}}
			for _, e := range page.Entities {
				out = append(out, []string{strconv.FormatInt(e.ID, 10), e.Name, e.Key, strconv.Itoa(e.NDocuments),
					strconv.Itoa(e.NRows), strings.Join(e.Countries, "; "), strings.Join(e.Locations, "; "),
					strings.Join(e.LegalBases, "; ")})
			}
			return out
		}}, nil
}

// entityPage is the data of entity.html.
type entityPage struct {
	entitySummary
	Resolved  bool
	Purposes  []string
	Rows      []row        // newest versions
	Documents []entityDoc  // the documents that name it
	History   []historyRow // every version of those documents
	Links     []linkView
}

// entityDoc is a document that names the entity, with the names it uses.
type entityDoc struct {
	DocumentID int64    `json:"document_id"`
	Path       string   `json:"path"`
	Version    int      `json:"version"`
	Publisher  string   `json:"publisher"`
	Names      []string `json:"names"`
}

// historyRow is the entity in one version of one document: what that
// version says about it, and which values changed since the previous version.
type historyRow struct {
	Path       string   `json:"path"`
	DocumentID int64    `json:"document_id"`
	Version    int      `json:"version"`
	IngestedAt string   `json:"ingested_at"`
	Named      bool     `json:"named"` // false: this version does not name it
	Name       string   `json:"name,omitempty"`
	Country    []string `json:"country"`
	Location   []string `json:"location"`
	LegalBasis []string `json:"legal_basis"`
	Purpose    string   `json:"purpose,omitempty"`
	Line       int      `json:"line,omitempty"`
	Ord        int      `json:"ord,omitempty"`
	Changed    []string `json:"changed,omitempty"` // fields that differ from the previous version: country, location, legal_basis, purpose, named
}

// Has reports whether field changed since the previous version.
func (h historyRow) Has(field string) bool { return slices.Contains(h.Changed, field) }

// linkView is why two rows are one entity.
type linkView struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Kind     string `json:"kind"`
	Evidence string `json:"evidence"`
}

// entity is the page of one entity: the documents that name it and what
// each version of them says about it.
func (s *Server) entity(r *http.Request) (*view, error) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errorf(http.StatusNotFound, "no entity %q: entity ids are numbers", r.PathValue("id"))
	}
	resolved, err := s.db.EntitiesResolved(ctx)
	if err != nil {
		return nil, err
	}
	var g *group
	var links []subproc.EntityLink
	if resolved {
		e, err := s.db.BrowseEntity(ctx, id)
		if err != nil {
			return nil, err
		}
		g, links = &group{ID: e.ID, Name: e.Name, Key: e.Key, Resolved: true, Rows: e.Rows}, e.Links
	} else {
		gs, err := s.groups(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range gs {
			if c.ID == id {
				g = c
			}
		}
	}
	if g == nil || len(g.Rows) == 0 {
		return nil, errorf(http.StatusNotFound, "no entity %d (entity ids change when documents are ingested: search by name)", id)
	}
	page := &entityPage{entitySummary: summarize(g), Resolved: g.Resolved,
		Purposes: union(g.Rows, purposes)}
	names := map[int64]string{}
	docIDs := []int64{}
	for _, r := range g.Rows {
		page.Rows = append(page.Rows, row{Row: r})
		names[r.ID] = r.Record.Name
		n := len(page.Documents)
		if n == 0 || page.Documents[n-1].DocumentID != r.DocumentID {
			page.Documents = append(page.Documents, entityDoc{DocumentID: r.DocumentID, Path: r.Path,
				Version: r.Version, Publisher: r.Publisher})
			docIDs = append(docIDs, r.DocumentID)
			n++
		}
		if d := &page.Documents[n-1]; !slices.Contains(d.Names, r.Record.Name) {
			d.Names = append(d.Names, r.Record.Name)
		}
	}
	for _, l := range links {
		page.Links = append(page.Links, linkView{From: names[l.From], To: names[l.To], Kind: string(l.Kind), Evidence: l.Evidence})
	}
	if page.History, err = s.history(ctx, g, docIDs); err != nil {
		return nil, err
	}
	return &view{Page: "entity", Nav: "entities", Title: g.Name, Data: page, Name: "subproc-entity-" + strconv.FormatInt(id, 10),
		JSON: func() any {
			return entityJSON{entitySummary: page.entitySummary, Resolved: page.Resolved,
				Purposes: nonNil(page.Purposes), Documents: page.Documents, History: page.History,
				Links: page.Links, Rows: rowsJSON(page.Rows)}
		},
		CSV: func() [][]string { return rowsCSV(page.Rows) }}, nil
}

// entityJSON is the answer of /api/entities/{id}.
type entityJSON struct {
	entitySummary
	Resolved  bool         `json:"resolved"`
	Purposes  []string     `json:"purposes"`
	Documents []entityDoc  `json:"documents"`
	History   []historyRow `json:"history"`
	Links     []linkView   `json:"links"`
	Rows      []rowJSON    `json:"rows"`
}

// history returns what every version of the documents docIDs says about the
// entity g: its rows in each version, matched by the entity keys of the
// names and aliases of g's rows, and the versions that do not name it.
func (s *Server) history(ctx context.Context, g *group, docIDs []int64) ([]historyRow, error) {
	rows, err := s.db.BrowseSourceRows(ctx, docIDs)
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for _, r := range g.Rows {
		keys[groupKey(r.Record.Name)] = true
		for _, a := range r.Record.Aliases {
			keys[groupKey(a)] = true
		}
	}
	type version struct {
		path string
		n    int
	}
	var out []historyRow
	seen := map[version]bool{}
	named := map[version]bool{}
	for _, r := range rows {
		v := version{r.Path, r.Version}
		if !seen[v] {
			seen[v] = true
			out = append(out, historyRow{Path: r.Path, DocumentID: r.DocumentID, Version: r.Version,
				IngestedAt: r.IngestedAt, Country: []string{}, Location: []string{}, LegalBasis: []string{}})
		}
		match := r.EntityID == g.ID && g.Resolved || keys[groupKey(r.Record.Name)]
		if !match {
			continue
		}
		h := historyRow{Path: r.Path, DocumentID: r.DocumentID, Version: r.Version, IngestedAt: r.IngestedAt,
			Named: true, Name: r.Record.Name, Country: nonNil(r.Record.Country), Location: nonNil(r.Record.Location),
			LegalBasis: nonNil(r.Record.LegalBasis), Purpose: r.Record.Purpose,
			Line: r.Record.Prov.LineStart, Ord: r.Ord}
		if !named[v] { // replace the "not named" placeholder
			named[v] = true
			out[len(out)-1] = h
		} else {
			out = append(out, h)
		}
	}
	// Mark what changed from the previous version of the same document.
	var prev *historyRow
	for i := range out {
		h := &out[i]
		if prev != nil && prev.Path == h.Path && prev.Version < h.Version {
			if prev.Named != h.Named {
				h.Changed = append(h.Changed, "named")
			} else if h.Named {
				for _, f := range []struct {
					name     string
					old, new []string
				}{{"country", prev.Country, h.Country}, {"location", prev.Location, h.Location},
					{"legal_basis", prev.LegalBasis, h.LegalBasis}, {"purpose", []string{prev.Purpose}, []string{h.Purpose}}} {
					if !slices.Equal(f.old, f.new) {
						h.Changed = append(h.Changed, f.name)
					}
				}
			}
		}
		prev = h
	}
	return out, nil
}
