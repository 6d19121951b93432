package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/subproc/subproc"
)

// The Browse* queries are what `subproc serve` shows: rows with their
// document, filtered, sorted and paged, documents with their versions, and
// the stored entities. They only read, so they work on a DB from OpenReadOnly.

// BrowseQuery selects rows as Search does and sorts and pages them.
type BrowseQuery struct {
	Filter // which rows; its Query is matched, not ranked, unless Sort is ""

	Sort   string // a key of BrowseSorts; "": by relevance with a Query (as Search), else document order
	Desc   bool   // descending
	Limit  int    // rows returned; 0: all
	Offset int    // rows skipped
}

// BrowseSorts lists the columns a BrowseQuery sorts by, with their SQL.
// Ties are broken by document path, version and row order.
var BrowseSorts = map[string]string{
	"name":        "sp.name COLLATE NOCASE",
	"country":     "sp.country",
	"location":    "sp.location",
	"legal_basis": "sp.legal_basis",
	"purpose":     "coalesce(sp.purpose, '') COLLATE NOCASE",
	"publisher":   "coalesce(d.publisher, '') COLLATE NOCASE",
	"language":    "coalesce(d.language, '')",
	"document":    "s.path",
}

// Browse returns the rows q selects, sorted and paged, and how many match.
// Without a Sort, a query ranks the rows as Search does.
func (db *DB) Browse(ctx context.Context, q BrowseQuery) (Result, error) {
	if q.Sort == "" && strings.TrimSpace(q.Query) != "" {
		limit := 0
		if q.Limit > 0 {
			limit = max(q.Offset, 0) + q.Limit
		}
		res, err := db.Search(ctx, q.Filter, limit)
		if err != nil {
			return Result{}, err
		}
		res.Hits = res.Hits[min(max(q.Offset, 0), len(res.Hits)):]
		return res, nil
	}
	order := "s.path"
	if q.Sort != "" {
		var ok bool
		if order, ok = BrowseSorts[q.Sort]; !ok {
			return Result{}, fmt.Errorf("browse: unknown sort column %q", q.Sort)
		}
	}
	if q.Desc {
		order += " DESC"
	}
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return Result{}, fmt.Errorf("browse: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	ents, err := entityTables(ctx, tx, q.Filter)
	if err != nil {
		return Result{}, fmt.Errorf("browse: %w", err)
	}
	match, err := q.match()
	if err != nil {
		return Result{}, fmt.Errorf("browse: %w", err)
	}
	conds, args := q.conds(ents)
	if match != "" {
		if err := ftsTable(ctx, tx); err != nil {
			return Result{}, fmt.Errorf("browse: %w", err)
		}
		conds = append(conds, `sp.id IN (SELECT docid FROM subprocessors_fts WHERE subprocessors_fts MATCH ?)`)
		args = append(args, match)
	}
	var res Result
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM subprocessors sp
		JOIN documents d ON d.id = sp.document_id
		JOIN sources s ON s.id = d.source_id`+where(conds), args...).Scan(&res.Total)
	if err != nil {
		return Result{}, fmt.Errorf("browse: count: %w", err)
	}
	tail := " ORDER BY " + order + ", s.path, d.version, sp.ord"
	if q.Limit > 0 {
		tail += fmt.Sprintf(" LIMIT %d OFFSET %d", q.Limit, max(q.Offset, 0))
	}
	rows, err := browseRows(ctx, tx, ents, where(conds)+tail, args...)
	if err != nil {
		return Result{}, fmt.Errorf("browse: %w", err)
	}
	for _, r := range rows {
		res.Hits = append(res.Hits, Hit{Row: r})
	}
	return res, nil
}

// browseRows reads the rows of rowSelect(ents) followed by tail (WHERE,
// ORDER BY, LIMIT).
func browseRows(ctx context.Context, tx *sql.Tx, ents bool, tail string, args ...any) ([]Row, error) {
	rows, err := tx.QueryContext(ctx, rowSelect(ents)+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// readTx begins a read transaction and reports whether the entity tables exist.
func (db *DB) readTx(ctx context.Context) (*sql.Tx, bool, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, err
	}
	ents, err := entityTables(ctx, tx, Filter{})
	if err != nil {
		tx.Rollback()
		return nil, false, err
	}
	return tx, ents, nil
}

// BrowseCount is a value and how many rows have it.
type BrowseCount struct {
	Value string
	N     int
}

// BrowseFacets are the values the filters of a BrowseQuery can take, each
// with its number of rows in the newest versions, most frequent first.
type BrowseFacets struct {
	Countries  []BrowseCount
	Locations  []BrowseCount
	LegalBases []BrowseCount
	Publishers []BrowseCount
	Languages  []BrowseCount
}

// BrowseFacets returns the values of every filter of BrowseQuery.
func (db *DB) BrowseFacets(ctx context.Context) (BrowseFacets, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return BrowseFacets{}, fmt.Errorf("read facets: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	const latest = `JOIN latest_documents ld ON ld.id = sp.document_id`
	var f BrowseFacets
	for _, q := range []struct {
		dst   *[]BrowseCount
		query string
	}{
		{&f.Countries, `SELECT x.code, count(*) FROM subprocessor_countries x
			JOIN subprocessors sp ON sp.id = x.subprocessor_id ` + latest + ` GROUP BY x.code`},
		{&f.Locations, `SELECT x.code, count(*) FROM subprocessor_locations x
			JOIN subprocessors sp ON sp.id = x.subprocessor_id ` + latest + ` GROUP BY x.code`},
		{&f.LegalBases, `SELECT x.basis, count(*) FROM subprocessor_legal_bases x
			JOIN subprocessors sp ON sp.id = x.subprocessor_id ` + latest + ` GROUP BY x.basis`},
		{&f.Publishers, `SELECT ld.publisher, count(*) FROM subprocessors sp ` + latest + `
			WHERE ld.publisher IS NOT NULL GROUP BY ld.publisher`},
		{&f.Languages, `SELECT ld.language, count(*) FROM subprocessors sp ` + latest + `
			WHERE ld.language IS NOT NULL GROUP BY ld.language`},
	} {
		rows, err := tx.QueryContext(ctx, q.query+` ORDER BY 2 DESC, 1`)
		if err != nil {
			return BrowseFacets{}, fmt.Errorf("read facets: %w", err)
		}
		for rows.Next() {
			var c BrowseCount
			if err := rows.Scan(&c.Value, &c.N); err != nil {
				rows.Close()
				return BrowseFacets{}, fmt.Errorf("read facets: %w", err)
			}
			*q.dst = append(*q.dst, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return BrowseFacets{}, fmt.Errorf("read facets: %w", err)
		}
	}
	return f, nil
}

// BrowseDoc is one stored document version.
type BrowseDoc struct {
	ID                 int64
	SourceID           int64
	Path               string
	Version            int
	Latest             bool // the newest version of its source
	SHA256             string
	Format             subproc.Format
	Size               int64
	Encoding           string
	Language           string
	LanguageConfidence float64
	Publisher          string
	Status             subproc.Status
	Stage              string // the stage that failed
	Error              string // why it failed
	RowCount           int
	IngestedAt         string // RFC 3339 UTC
}

const browseDocSelect = `SELECT d.id, d.source_id, s.path, d.version,
	d.version = (SELECT max(version) FROM documents WHERE source_id = d.source_id),
	d.sha256, d.format, d.size, d.encoding, d.language, d.language_confidence, d.publisher,
	d.status, d.stage, d.error, d.row_count, d.ingested_at
	FROM documents d JOIN sources s ON s.id = d.source_id `

func scanBrowseDoc(sc interface{ Scan(...any) error }) (BrowseDoc, error) {
	var d BrowseDoc
	var sha, format, enc, lang, pub, stage, msg sql.NullString
	err := sc.Scan(&d.ID, &d.SourceID, &d.Path, &d.Version, &d.Latest, &sha, &format, &d.Size, &enc,
		&lang, &d.LanguageConfidence, &pub, &d.Status, &stage, &msg, &d.RowCount, &d.IngestedAt)
	d.SHA256, d.Format, d.Encoding, d.Language = sha.String, subproc.Format(format.String), enc.String, lang.String
	d.Publisher, d.Stage, d.Error = pub.String, stage.String, msg.String
	return d, err
}

// BrowseDocuments returns the newest version of every source, by path.
func (db *DB) BrowseDocuments(ctx context.Context) ([]BrowseDoc, error) {
	docs, err := db.browseDocs(ctx, `WHERE d.version = (SELECT max(version) FROM documents
		WHERE source_id = d.source_id) ORDER BY s.path`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return docs, nil
}

// BrowseVersions returns every stored version of the source sourceID, oldest first.
func (db *DB) BrowseVersions(ctx context.Context, sourceID int64) ([]BrowseDoc, error) {
	docs, err := db.browseDocs(ctx, `WHERE d.source_id = ? ORDER BY d.version`, sourceID)
	if err != nil {
		return nil, fmt.Errorf("list versions of source %d: %w", sourceID, err)
	}
	return docs, nil
}

func (db *DB) browseDocs(ctx context.Context, tail string, args ...any) ([]BrowseDoc, error) {
	rows, err := db.r.QueryContext(ctx, browseDocSelect+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []BrowseDoc
	for rows.Next() {
		d, err := scanBrowseDoc(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// BrowseDocument returns the stored document version id and its rows in
// document order. The error wraps ErrNotFound when there is no such document.
func (db *DB) BrowseDocument(ctx context.Context, id int64) (BrowseDoc, []Row, error) {
	tx, ents, err := db.readTx(ctx)
	if err != nil {
		return BrowseDoc{}, nil, fmt.Errorf("read document %d: %w", id, err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	d, err := scanBrowseDoc(tx.QueryRowContext(ctx, browseDocSelect+`WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return BrowseDoc{}, nil, fmt.Errorf("read document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return BrowseDoc{}, nil, fmt.Errorf("read document %d: %w", id, err)
	}
	rows, err := browseRows(ctx, tx, ents, ` WHERE sp.document_id = ? ORDER BY sp.ord`, id)
	if err != nil {
		return BrowseDoc{}, nil, fmt.Errorf("read rows of document %d: %w", id, err)
	}
	return d, rows, nil
}

// BrowseSourceRows returns the rows of every version of the sources of the
// document versions documentIDs, by path, version and row order.
func (db *DB) BrowseSourceRows(ctx context.Context, documentIDs []int64) ([]Row, error) {
	if len(documentIDs) == 0 {
		return nil, nil
	}
	ids, _ := json.Marshal(documentIDs) // []int64 always encodes
	tx, ents, err := db.readTx(ctx)
	if err != nil {
		return nil, fmt.Errorf("read rows of sources: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	rows, err := browseRows(ctx, tx, ents, ` WHERE d.source_id IN (SELECT source_id FROM documents
		WHERE id IN (SELECT value FROM json_each(?))) ORDER BY s.path, d.version, sp.ord`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("read rows of sources: %w", err)
	}
	return rows, nil
}

// BrowseEntity is a stored entity (see migration 0002) with its rows, all of
// the newest versions, and the links that made them one.
type BrowseEntity struct {
	ID    int64
	Name  string
	Key   string
	Rows  []Row
	Links []subproc.EntityLink
}

// EntitiesResolved reports whether the database holds resolved entities:
// the tables exist and some row belongs to one.
func (db *DB) EntitiesResolved(ctx context.Context) (bool, error) {
	tx, ents, err := db.readTx(ctx)
	if err != nil {
		return false, fmt.Errorf("look up entities: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	if !ents {
		return false, nil
	}
	var some bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM entity_members)`).Scan(&some); err != nil {
		return false, fmt.Errorf("look up entities: %w", err)
	}
	return some, nil
}

// BrowseEntity returns the stored entity id. The error wraps ErrNotFound
// when there is no such entity (or no entity tables).
func (db *DB) BrowseEntity(ctx context.Context, id int64) (BrowseEntity, error) {
	tx, ents, err := db.readTx(ctx)
	if err != nil {
		return BrowseEntity{}, fmt.Errorf("read entity %d: %w", id, err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	if !ents {
		return BrowseEntity{}, fmt.Errorf("read entity %d: %w", id, ErrNotFound)
	}
	e := BrowseEntity{ID: id}
	err = tx.QueryRowContext(ctx, `SELECT name, key FROM entities WHERE id = ?`, id).Scan(&e.Name, &e.Key)
	if errors.Is(err, sql.ErrNoRows) {
		return BrowseEntity{}, fmt.Errorf("read entity %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return BrowseEntity{}, fmt.Errorf("read entity %d: %w", id, err)
	}
	e.Rows, err = browseRows(ctx, tx, ents, ` WHERE sp.id IN (SELECT subprocessor_id FROM entity_members
		WHERE entity_id = ?) ORDER BY s.path, sp.ord`, id)
	if err != nil {
		return BrowseEntity{}, fmt.Errorf("read rows of entity %d: %w", id, err)
	}
	links, err := tx.QueryContext(ctx, `SELECT from_subprocessor_id, to_subprocessor_id, kind, evidence
		FROM entity_links WHERE entity_id = ? ORDER BY id`, id)
	if err != nil {
		return BrowseEntity{}, fmt.Errorf("read links of entity %d: %w", id, err)
	}
	defer links.Close()
	for links.Next() {
		var l subproc.EntityLink
		if err := links.Scan(&l.From, &l.To, &l.Kind, &l.Evidence); err != nil {
			return BrowseEntity{}, fmt.Errorf("read links of entity %d: %w", id, err)
		}
		e.Links = append(e.Links, l)
	}
	if err := links.Err(); err != nil {
		return BrowseEntity{}, fmt.Errorf("read links of entity %d: %w", id, err)
	}
	return e, nil
}

// BrowseHistory returns the source sourceID with every stored version and
// its rows, oldest first, as History does for many sources. The error wraps
// ErrNotFound when there is no such source.
func (db *DB) BrowseHistory(ctx context.Context, sourceID int64) (History, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return History{}, fmt.Errorf("read history of source %d: %w", sourceID, err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	h := History{SourceID: sourceID}
	rows, err := tx.QueryContext(ctx, `
		SELECT s.path, d.id, d.version, d.sha256, d.status, d.language, d.publisher, d.mod_time, d.ingested_at
		FROM sources s JOIN documents d ON d.source_id = s.id
		WHERE s.id = ? ORDER BY d.version`, sourceID)
	if err != nil {
		return History{}, fmt.Errorf("read history of source %d: %w", sourceID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Snapshot
		var sha, lang, pub, mod, ingested sql.NullString
		if err := rows.Scan(&h.Path, &s.DocumentID, &s.Version, &sha, &s.Status, &lang, &pub, &mod, &ingested); err != nil {
			return History{}, fmt.Errorf("read history of source %d: %w", sourceID, err)
		}
		s.SHA256, s.Language, s.Publisher = sha.String, lang.String, pub.String
		if s.ModTime, err = parseTime(mod); err != nil {
			return History{}, fmt.Errorf("read history of %s version %d: mod_time: %w", h.Path, s.Version, err)
		}
		if s.IngestedAt, err = parseTime(ingested); err != nil {
			return History{}, fmt.Errorf("read history of %s version %d: ingested_at: %w", h.Path, s.Version, err)
		}
		h.Versions = append(h.Versions, s)
	}
	if err := rows.Err(); err != nil {
		return History{}, fmt.Errorf("read history of source %d: %w", sourceID, err)
	}
	rows.Close()
	if len(h.Versions) == 0 {
		return History{}, fmt.Errorf("read history of source %d: %w", sourceID, ErrNotFound)
	}
	for i := range h.Versions {
		v := &h.Versions[i]
		if v.Records, err = readRows(ctx, tx, v.DocumentID); err != nil {
			return History{}, fmt.Errorf("read rows of %s version %d: %w", h.Path, v.Version, err)
		}
	}
	return h, nil
}
