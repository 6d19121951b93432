package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/subproc/subproc/store"
)

// Paging of the search results.
const (
	DefaultPerPage = 50
	MaxPerPage     = 1000
)

// searchParams are the query parameters of /search and /api/search.
type searchParams struct {
	Q          string
	Country    []string // repeated parameters are ORed, as in the CLI
	Location   []string
	LegalBasis []string
	Publisher  []string
	Language   []string
	Entity     []string
	Sort       string // a key of store.BrowseSorts, or "" for relevance (with Q)
	SortGiven  bool   // the request asked for Sort: the form keeps it
	Desc       bool
	Page, Per  int
}

// first is the first value of vs, for the single-choice form.
func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// Form values of the search form.
func (p searchParams) CountryValue() string    { return first(p.Country) }
func (p searchParams) LocationValue() string   { return first(p.Location) }
func (p searchParams) LegalBasisValue() string { return first(p.LegalBasis) }
func (p searchParams) PublisherValue() string  { return first(p.Publisher) }
func (p searchParams) LanguageValue() string   { return first(p.Language) }

// values returns the non-empty values of key in q, trimmed.
func values(q url.Values, key string) []string {
	var out []string
	for _, v := range q[key] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func parseSearch(q url.Values) (searchParams, error) {
	p := searchParams{
		Q: strings.TrimSpace(q.Get("q")), Country: values(q, "country"), Location: values(q, "location"),
		LegalBasis: values(q, "legal_basis"), Publisher: values(q, "publisher"),
		Language: values(q, "language"), Entity: values(q, "entity"),
		Sort: q.Get("sort"), Page: 1, Per: DefaultPerPage,
	}
	p.SortGiven = p.Sort != ""
	if p.Sort == "relevance" {
		p.Sort = ""
	}
	if _, ok := store.BrowseSorts[p.Sort]; p.Sort != "" && !ok {
		return p, errorf(http.StatusBadRequest, "sort=%s: want one of %s", p.Sort, strings.Join(sortKeys(), ", "))
	}
	if p.Sort == "" && p.Q == "" {
		p.Sort = "name"
	}
	switch dir := q.Get("dir"); dir {
	case "", "asc":
	case "desc":
		p.Desc = true
	default:
		return p, errorf(http.StatusBadRequest, "dir=%s: want asc or desc", dir)
	}
	for _, n := range []struct {
		key      string
		dst      *int
		min, max int
	}{{"page", &p.Page, 1, 1 << 30}, {"per", &p.Per, 1, MaxPerPage}} {
		v := q.Get(n.key)
		if v == "" {
			continue
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < n.min || i > n.max {
			return p, errorf(http.StatusBadRequest, "%s=%s: want a number from %d to %d", n.key, v, n.min, n.max)
		}
		*n.dst = i
	}
	return p, nil
}

// sortKeys lists the sort columns in the order of the result table.
func sortKeys() []string {
	out := []string{"relevance"}
	for _, c := range columns {
		out = append(out, c.Key)
	}
	return out
}

// column is a sortable column of the result table.
type column struct {
	Key, Label string
}

var columns = []column{
	{"name", "Sub-processor"}, {"country", "Country"}, {"location", "Location"},
	{"legal_basis", "Legal basis"}, {"purpose", "Purpose"}, {"publisher", "Publisher"},
	{"language", "Lang."}, {"document", "Document"},
}

// header is a column heading: a link that sorts by it, the other way round
// when it is the sort column already.
type header struct {
	Label, URL string
	Sorted     bool
	Desc       bool
}

// searchPage is the data of search.html.
type searchPage struct {
	Params    searchParams
	Facets    store.BrowseFacets
	Rows      []row
	Total     int
	From, To  int // 1-based numbers of the first and last row shown
	Page      int
	Pages     int
	Headers   []header
	First     string // paging links, "" when there is no such page
	Prev      string
	Next      string
	Last      string
	Relevance string // link to sort by relevance, when a query is given and another sort is in use
	Reset     string
}

// wantsAll reports whether the request downloads the whole result rather than
// a page of it: format=csv anywhere, format=json outside the API.
func wantsAll(r *http.Request) bool {
	switch r.URL.Query().Get("format") {
	case "csv":
		return true
	case "json":
		return !strings.HasPrefix(r.URL.Path, "/api/")
	}
	return false
}

// search is the search page: a form, the result table and its paging.
func (s *Server) search(r *http.Request) (*view, error) {
	ctx := r.Context()
	p, err := parseSearch(r.URL.Query())
	if err != nil {
		return nil, err
	}
	q := store.BrowseQuery{
		Filter: store.Filter{Query: p.Q, Countries: p.Country, Locations: p.Location,
			LegalBases: p.LegalBasis, Publishers: p.Publisher, Languages: p.Language,
			Entities: p.Entity, Latest: true},
		Sort: p.Sort, Desc: p.Desc,
	}
	all := wantsAll(r)
	if !all {
		q.Limit, q.Offset = p.Per, (p.Page-1)*p.Per
	}
	res, err := s.db.Browse(ctx, q)
	switch {
	case errors.Is(err, store.ErrQuery):
		return nil, errorf(http.StatusBadRequest, "q=%s: the query has no words to search for", p.Q)
	case errors.Is(err, store.ErrNoIndex):
		return nil, errorf(http.StatusConflict, "search by words needs the full-text index, which this database "+
			"has not got yet: it was written by an older subproc; run subproc ingest into it again (unchanged "+
			"documents are skipped) to add the index")
	case errors.Is(err, store.ErrNoEntities):
		return nil, errorf(http.StatusBadRequest, "entity=%s: the database has no resolved entities yet (run subproc ingest)", first(p.Entity))
	case err != nil:
		return nil, err
	}
	rows := make([]row, len(res.Hits))
	for i, h := range res.Hits {
		rows[i] = row{Row: h.Row, Score: h.Score}
	}
	if err := s.linkEntities(ctx, rows); err != nil {
		return nil, err
	}

	page := &searchPage{Params: p, Rows: rows, Total: res.Total, Page: p.Page}
	page.Pages = max(1, (res.Total+p.Per-1)/p.Per)
	if len(rows) > 0 && !all {
		page.From = (p.Page-1)*p.Per + 1
		page.To = page.From + len(rows) - 1
	}
	if r.URL.Query().Get("format") == "" && !strings.HasPrefix(r.URL.Path, "/api/") {
		if page.Facets, err = s.db.BrowseFacets(ctx); err != nil {
			return nil, err
		}
	}
	link := func(set map[string]string) string {
		v := r.URL.Query()
		v.Del("format")
		for k, val := range set {
			if val == "" {
				v.Del(k)
			} else {
				v.Set(k, val)
			}
		}
		return "/search?" + v.Encode()
	}
	for _, c := range columns {
		h := header{Label: c.Label, Sorted: c.Key == p.Sort, Desc: p.Desc}
		dir := "asc"
		if h.Sorted && !p.Desc {
			dir = "desc"
		}
		h.URL = link(map[string]string{"sort": c.Key, "dir": dir, "page": ""})
		page.Headers = append(page.Headers, h)
	}
	if p.Q != "" && p.Sort != "" {
		page.Relevance = link(map[string]string{"sort": "", "dir": "", "page": ""})
	}
	pageLink := func(n int) string { return link(map[string]string{"page": strconv.Itoa(n)}) }
	if p.Page > 1 {
		page.First, page.Prev = pageLink(1), pageLink(min(p.Page-1, page.Pages))
	}
	if p.Page < page.Pages {
		page.Next, page.Last = pageLink(p.Page+1), pageLink(page.Pages)
	}
	page.Reset = "/search"

	title := "Search"
	if p.Q != "" {
		title = "Search: " + p.Q
	}
	return &view{Page: "search", Nav: "search", Title: title, Data: page, Name: "subproc-search",
		JSON: func() any {
			out := searchJSON{Query: p.Q, Total: res.Total, Rows: rowsJSON(rows),
				Filters: filtersJSON{Country: nonNil(p.Country), Location: nonNil(p.Location),
					LegalBasis: nonNil(p.LegalBasis), Publisher: nonNil(p.Publisher),
					Language: nonNil(p.Language), Entity: nonNil(p.Entity)},
				Sort: p.Sort}
			switch {
			case out.Sort == "":
				out.Sort = "relevance"
			case p.Desc:
				out.Dir = "desc"
			default:
				out.Dir = "asc"
			}
			if !all {
				out.Page, out.Per, out.Pages = p.Page, p.Per, page.Pages
			}
			return out
		},
		CSV: func() [][]string { return rowsCSV(rows) },
	}, nil
}

// searchJSON is the answer of /api/search.
type searchJSON struct {
	Query   string      `json:"query"`
	Filters filtersJSON `json:"filters"`
	Sort    string      `json:"sort"`
	Dir     string      `json:"dir,omitempty"` // asc or desc; none for relevance
	Total   int         `json:"total"`
	Page    int         `json:"page,omitempty"`
	Per     int         `json:"per,omitempty"`
	Pages   int         `json:"pages,omitempty"`
	Rows    []rowJSON   `json:"rows"`
}

type filtersJSON struct {
	Country    []string `json:"country"`
	Location   []string `json:"location"`
	LegalBasis []string `json:"legal_basis"`
	Publisher  []string `json:"publisher"`
	Language   []string `json:"language"`
	Entity     []string `json:"entity"`
}
