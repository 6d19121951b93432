package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Filter selects sub-processor rows for Search and Export. Its zero value
// selects every row of every version. The fields combine with AND; the
// values of one list field with OR (Country {"DK", "SE"}: a row with DK or SE).
type Filter struct {
	// Query is a full-text query over names, aliases, registration numbers,
	// purposes, addresses and data categories: words that must all occur
	// (case and accents ignored), "a phrase" in double quotes, word* for a
	// prefix, and OR between two words or phrases. "" matches every row.
	Query string

	Countries  []string // ISO 3166-1 alpha-2 codes of subprocessor_countries
	Locations  []string // location codes of subprocessor_locations: ISO codes, EU, WORLD
	LegalBases []string // the legal-basis vocabulary: SCC, BCR, adequacy, ...
	Publishers []string // a part of the document's publisher, ASCII letters case-insensitive
	Languages  []string // ISO 639-1 codes of the document
	Entities   []string // an entity id, name (ASCII case-insensitive) or key (entities.key)

	Latest bool // only the newest version of each source (the latest_documents view)
}

// ErrQuery is returned for a Filter.Query with no word to search for.
var ErrQuery = errors.New("the query has no words to search for")

// ErrNoIndex is returned for a query on a database without the full-text
// index: one written by an older subproc and opened with OpenReadOnly, which
// does not migrate. Opening it once with Open adds and fills the index.
var ErrNoIndex = errors.New("the database has no full-text index")

// ErrNoEntities is returned for a filter by entity when the database has no
// entities: they are resolved when documents are ingested.
var ErrNoEntities = errors.New("the database has no sub-processor entities")

// Hit is a row Search found.
type Hit struct {
	Row
	Score float64 // BM25 relevance of the row to the query, higher is better; 0 without a query
	Exact bool    // the query is the row's name or one of its aliases, ignoring case and spaces
}

// Exactness of a match, best last.
const (
	matchWords = iota // the query's words occur in the row
	matchAlias        // the query is one of the row's aliases
	matchName         // the query is the row's name
)

// Result is what Search found.
type Result struct {
	Hits  []Hit // best first
	Total int   // rows that match, before the limit
}

// Search returns up to limit (0: every) rows that f selects. With a query,
// rows whose name is exactly the query come first, then those with the query
// as an alias, then the rest; each group by BM25 relevance. Rows of equal
// rank, and every row without a query, come in order of source path, version
// and position in the document.
//
// BM25 uses k1 = 1.2 and b = 0.75 over the indexed columns, with a match in a
// name weighing more than one in an alias, a registration number, and then
// the other columns (columnWeights). The inputs come from FTS4's matchinfo:
// ranking reads the id, name and aliases of every match, sorts them and then
// reads the whole rows of the first limit only.
func (db *DB) Search(ctx context.Context, f Filter, limit int) (Result, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	ents, err := entityTables(ctx, tx, f)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	match, err := f.match()
	if err == nil && match != "" {
		err = ftsTable(ctx, tx)
	}
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	var res Result
	if match == "" {
		res, err = list(ctx, tx, f, ents, limit)
	} else {
		res, err = rank(ctx, tx, f, match, ents, limit)
	}
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

// list is Search without a query: rows in document order.
func list(ctx context.Context, tx *sql.Tx, f Filter, ents bool, limit int) (Result, error) {
	conds, args := f.conds(ents)
	var res Result
	err := tx.QueryRowContext(ctx, `
		SELECT count(*) FROM subprocessors sp
		JOIN documents d ON d.id = sp.document_id
		JOIN sources s ON s.id = d.source_id`+where(conds), args...).Scan(&res.Total)
	if err != nil {
		return Result{}, err
	}
	q := rowSelect(ents) + where(conds) + ` ORDER BY s.path, d.version, sp.ord`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return Result{}, err
		}
		res.Hits = append(res.Hits, Hit{Row: *r})
	}
	return res, rows.Err()
}

// scored is a match before its row is read.
type scored struct {
	id      int64
	score   float64
	exact   int // matchWords, matchAlias, matchName
	path    string
	version int
	ord     int
}

// rank is Search with the MATCH expression match.
func rank(ctx context.Context, tx *sql.Tx, f Filter, match string, ents bool, limit int) (Result, error) {
	conds, args := f.conds(ents)
	conds = append([]string{`subprocessors_fts MATCH ?`}, conds...)
	args = append([]any{match}, args...)
	rows, err := tx.QueryContext(ctx, `
		SELECT sp.id, matchinfo(subprocessors_fts, 'pcnalx'), sp.name, sp.aliases,
			s.path, d.version, sp.ord
		FROM subprocessors_fts
		JOIN subprocessors sp ON sp.id = subprocessors_fts.docid
		JOIN documents d ON d.id = sp.document_id
		JOIN sources s ON s.id = d.source_id`+where(conds), args...)
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	exact := foldSpace(f.Query)
	var all []scored
	for rows.Next() {
		var (
			m             scored
			info          []byte
			name, aliases string
		)
		if err := rows.Scan(&m.id, &info, &name, &aliases, &m.path, &m.version, &m.ord); err != nil {
			return Result{}, err
		}
		if m.score, err = bm25(info); err != nil {
			return Result{}, fmt.Errorf("rank row %d: %w", m.id, err)
		}
		m.exact = exactness(exact, name, aliases)
		all = append(all, m)
	}
	if err := rows.Err(); err != nil {
		return Result{}, err
	}
	rows.Close()

	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		switch {
		case a.exact != b.exact:
			return a.exact > b.exact
		case a.score != b.score:
			return a.score > b.score
		case a.path != b.path:
			return a.path < b.path
		case a.version != b.version:
			return a.version < b.version
		}
		return a.ord < b.ord
	})
	res := Result{Total: len(all)}
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	if len(all) == 0 {
		return res, nil
	}

	ids := make([]int64, len(all))
	for i, m := range all {
		ids[i] = m.id
	}
	idList, _ := json.Marshal(ids) // []int64 always encodes
	rows, err = tx.QueryContext(ctx, rowSelect(ents)+` WHERE sp.id IN (SELECT value FROM json_each(?))`, string(idList))
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	byID := make(map[int64]*Row, len(all))
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return Result{}, err
		}
		byID[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return Result{}, err
	}
	res.Hits = make([]Hit, 0, len(all))
	for _, m := range all {
		if r := byID[m.id]; r != nil { // always: one snapshot
			res.Hits = append(res.Hits, Hit{Row: *r, Score: m.score, Exact: m.exact != matchWords})
		}
	}
	return res, nil
}

// columnWeights weigh a match in each column of subprocessors_fts, in the
// order of its columns: name, aliases, reg_no, purpose, address, data_categories.
var columnWeights = []float64{5, 4, 3, 1, 1, 1}

// BM25 parameters, as in FTS5's bm25().
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// bm25 computes the relevance of a row from its matchinfo 'pcnalx' blob:
// for each phrase of the query and each column, the BM25 term weight of the
// phrase's hits in the column, times the column's weight, summed.
func bm25(info []byte) (float64, error) {
	if len(info)%4 != 0 {
		return 0, fmt.Errorf("matchinfo of %d bytes", len(info))
	}
	v := make([]uint32, len(info)/4)
	for i := range v {
		v[i] = binary.NativeEndian.Uint32(info[4*i:])
	}
	if len(v) < 3 {
		return 0, fmt.Errorf("matchinfo of %d values", len(v))
	}
	p, c, n := int(v[0]), int(v[1]), float64(v[2])
	if len(v) != 3+2*c+3*c*p || c > len(columnWeights) {
		return 0, fmt.Errorf("matchinfo of %d values for %d phrases and %d columns", len(v), p, c)
	}
	avg, length, x := v[3:3+c], v[3+c:3+2*c], v[3+2*c:]
	score := 0.0
	for i := range p {
		for j := range c {
			hits := float64(x[3*(i*c+j)])
			if hits == 0 {
				continue
			}
			docs := float64(x[3*(i*c+j)+2])
			idf := math.Log((n - docs + 0.5) / (docs + 0.5))
			if idf < 1e-6 {
				idf = 1e-6 // a word in most rows still counts a little, as in FTS5
			}
			a := max(float64(avg[j]), 1)
			norm := 1 - bm25B + bm25B*float64(length[j])/a
			score += columnWeights[j] * idf * hits * (bm25K1 + 1) / (hits + bm25K1*norm)
		}
	}
	return score, nil
}

// exactness says whether the folded query q is the name or one of the JSON
// array aliases, ignoring case and runs of spaces.
func exactness(q, name, aliases string) int {
	if q == "" {
		return matchWords
	}
	if strings.EqualFold(q, foldSpace(name)) {
		return matchName
	}
	var as []string
	_ = json.Unmarshal([]byte(aliases), &as) // a CHECK keeps it an array
	for _, a := range as {
		if strings.EqualFold(q, foldSpace(a)) {
			return matchAlias
		}
	}
	return matchWords
}

// foldSpace trims s, drops double quotes around it and collapses runs of
// white space into one space.
func foldSpace(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return strings.Join(strings.Fields(s), " ")
}

// match is the FTS4 MATCH expression of f.Query, "" for none. The user's
// words never reach the query parser unquoted, so no input is a syntax
// error: every word becomes a phrase ("word", or "word*" for a prefix) that
// the tokenizer splits as it split the indexed text ("eu-west-1" is the
// phrase eu west 1); an OR between two terms is kept; words without a letter
// or digit are dropped.
func (f Filter) match() (string, error) {
	if strings.TrimSpace(f.Query) == "" {
		return "", nil
	}
	var out []string
	or := false
	for _, t := range queryTerms(f.Query) {
		if !t.quoted && t.text == "OR" {
			or = len(out) > 0
			continue
		}
		text, prefix := t.text, false
		if !t.quoted && strings.HasSuffix(text, "*") {
			text, prefix = strings.TrimRight(text, "*"), true
		}
		text = strings.ReplaceAll(text, "*", " ")
		if !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		if or {
			out = append(out, "OR")
			or = false
		}
		if prefix {
			text += "*"
		}
		out = append(out, `"`+text+`"`)
	}
	if len(out) == 0 {
		return "", fmt.Errorf("%w: %q", ErrQuery, f.Query)
	}
	return strings.Join(out, " "), nil
}

// term is a word or a double-quoted phrase of a query.
type term struct {
	text   string
	quoted bool
}

// queryTerms splits q into words at white space and into phrases at double
// quotes; an unclosed quote runs to the end.
func queryTerms(q string) []term {
	var ts []term
	for {
		q = strings.TrimLeftFunc(q, unicode.IsSpace)
		if q == "" {
			return ts
		}
		if q[0] == '"' {
			body, rest, _ := strings.Cut(q[1:], `"`)
			ts = append(ts, term{text: body, quoted: true})
			q = rest
			continue
		}
		end := strings.IndexFunc(q, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(q)
		}
		ts = append(ts, term{text: q[:end]})
		q = q[end:]
	}
}

// conds returns the WHERE conditions and their arguments for every field of
// f but the query; ents says whether the entity tables exist.
func (f Filter) conds(ents bool) ([]string, []any) {
	var conds []string
	var args []any
	in := func(vals []string) string {
		for _, v := range vals {
			args = append(args, v)
		}
		return strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")
	}
	if f.Latest {
		conds = append(conds, `d.id IN (SELECT id FROM latest_documents)`)
	}
	for _, c := range []struct {
		table, col string
		vals       []string
	}{
		{"subprocessor_countries", "code", f.Countries},
		{"subprocessor_locations", "code", f.Locations},
		{"subprocessor_legal_bases", "basis", f.LegalBases},
	} {
		if len(c.vals) > 0 {
			conds = append(conds, `EXISTS (SELECT 1 FROM `+c.table+` x WHERE x.subprocessor_id = sp.id AND x.`+c.col+` IN (`+in(c.vals)+`))`)
		}
	}
	if len(f.Languages) > 0 {
		conds = append(conds, `d.language IN (`+in(f.Languages)+`)`)
	}
	if len(f.Publishers) > 0 {
		var or []string
		for _, p := range f.Publishers {
			or = append(or, `d.publisher LIKE ? ESCAPE '\'`)
			args = append(args, "%"+likeEscaper.Replace(p)+"%")
		}
		conds = append(conds, `(`+strings.Join(or, ` OR `)+`)`)
	}
	if len(f.Entities) > 0 && ents {
		var or []string
		for _, e := range f.Entities {
			if id, err := strconv.ParseInt(e, 10, 64); err == nil {
				or = append(or, `e.id = ?`)
				args = append(args, id)
				continue
			}
			or = append(or, `e.name = ? COLLATE NOCASE OR e.key = ?`)
			args = append(args, e, e)
		}
		conds = append(conds, `sp.id IN (SELECT m.subprocessor_id FROM entity_members m
			JOIN entities e ON e.id = m.entity_id WHERE `+strings.Join(or, ` OR `)+`)`)
	}
	return conds, args
}

// ftsTable fails with ErrNoIndex unless the database has the full-text index.
func ftsTable(ctx context.Context, tx *sql.Tx) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'subprocessors_fts'`).Scan(&n)
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if n == 0 {
		return ErrNoIndex
	}
	return nil
}

// likeEscaper escapes the wildcards of a LIKE pattern with '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// entityTables reports whether the database has the entity tables. A filter
// by entity needs them, with at least one entity: else ErrNoEntities.
func entityTables(ctx context.Context, tx *sql.Tx, f Filter) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema
		WHERE type = 'table' AND name IN ('entities', 'entity_members')`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read schema: %w", err)
	}
	if len(f.Entities) == 0 {
		return n == 2, nil
	}
	if n != 2 {
		return false, fmt.Errorf("filter by entity: %w (no entity tables)", ErrNoEntities)
	}
	var some bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM entities)`).Scan(&some); err != nil {
		return false, fmt.Errorf("read entities: %w", err)
	}
	if !some {
		return false, fmt.Errorf("filter by entity: %w (none resolved yet)", ErrNoEntities)
	}
	return true, nil
}
