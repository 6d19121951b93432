package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/subproc/subproc"
)

// Version identifies one stored version of a source.
type Version struct {
	DocumentID int64
	Version    int
	SHA256     string
	Status     subproc.Status
}

// querier is what reads need from *sql.DB and *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Latest returns the newest stored version of the source at path (a file path or URL).
// ok=false when the source was never stored.
func (db *DB) Latest(ctx context.Context, path string) (v Version, ok bool, err error) {
	v, ok, err = latestVersion(ctx, db.r, path)
	if err != nil {
		return Version{}, false, fmt.Errorf("read latest version of %s: %w", path, err)
	}
	return v, ok, nil
}

func latestVersion(ctx context.Context, q querier, path string) (Version, bool, error) {
	var v Version
	var sha sql.NullString
	err := q.QueryRowContext(ctx, `
		SELECT d.id, d.version, d.sha256, d.status
		FROM documents d JOIN sources s ON s.id = d.source_id
		WHERE s.path = ?
		ORDER BY d.version DESC LIMIT 1`, path).Scan(&v.DocumentID, &v.Version, &sha, &v.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, false, nil
	}
	if err != nil {
		return Version{}, false, err
	}
	v.SHA256 = sha.String
	return v, true, nil
}

// Versions returns every stored version of the source at path, oldest first;
// none when the source was never stored.
func (db *DB) Versions(ctx context.Context, path string) ([]Version, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT d.id, d.version, d.sha256, d.status
		FROM documents d JOIN sources s ON s.id = d.source_id
		WHERE s.path = ?
		ORDER BY d.version`, path)
	if err != nil {
		return nil, fmt.Errorf("read versions of %s: %w", path, err)
	}
	defer rows.Close()
	var vs []Version
	for rows.Next() {
		var v Version
		var sha sql.NullString
		if err := rows.Scan(&v.DocumentID, &v.Version, &sha, &v.Status); err != nil {
			return nil, fmt.Errorf("read versions of %s: %w", path, err)
		}
		v.SHA256 = sha.String
		vs = append(vs, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read versions of %s: %w", path, err)
	}
	return vs, nil
}

// Load reads back the stored document version documentID as Save received
// it, without Doc.Raw and Doc.Text. It returns an error wrapping ErrNotFound
// when there is no such document.
func (db *DB) Load(ctx context.Context, documentID int64) (Entry, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return Entry{}, fmt.Errorf("load document %d: %w", documentID, err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	var (
		d                                    subproc.Document
		e                                    = Entry{Doc: &d}
		sha, format, modTime, enc, lang, pub sql.NullString
		stage, msg                           sql.NullString
	)
	err = tx.QueryRowContext(ctx, `
		SELECT s.path, d.sha256, d.format, d.size, d.mod_time, d.encoding, d.language,
			d.language_confidence, d.publisher, d.status, d.stage, d.error
		FROM documents d JOIN sources s ON s.id = d.source_id
		WHERE d.id = ?`, documentID).Scan(&d.Path, &sha, &format, &d.Size, &modTime, &enc, &lang,
		&d.LanguageConfidence, &pub, &e.Status, &stage, &msg)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, fmt.Errorf("load document %d: %w", documentID, ErrNotFound)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("load document %d: %w", documentID, err)
	}
	d.SHA256, d.Format, d.Encoding = sha.String, subproc.Format(format.String), enc.String
	d.Language, d.Publisher, e.Stage, e.Err = lang.String, pub.String, stage.String, msg.String
	if modTime.Valid {
		if d.ModTime, err = time.Parse(time.RFC3339Nano, modTime.String); err != nil {
			return Entry{}, fmt.Errorf("load document %d: parse mod_time: %w", documentID, err)
		}
	}
	if e.Records, err = readRows(ctx, tx, documentID); err != nil {
		return Entry{}, fmt.Errorf("load document %d: %w", documentID, err)
	}
	return e, nil
}

// Rows returns the rows of the stored document version documentID in
// document order, with Raw and Prov filled (Raw.Prov equals Prov). Empty
// lists come back nil. A document without rows, or an unknown id, gives none.
func (db *DB) Rows(ctx context.Context, documentID int64) ([]subproc.Record, error) {
	recs, err := readRows(ctx, db.r, documentID)
	if err != nil {
		return nil, fmt.Errorf("read rows of document %d: %w", documentID, err)
	}
	return recs, nil
}

// rowQuerier is what readRows needs from *sql.DB and *sql.Tx.
type rowQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readRows(ctx context.Context, q rowQuerier, documentID int64) ([]subproc.Record, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT `+recordColumnList+`
		FROM subprocessors WHERE document_id = ? ORDER BY ord`, documentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []subproc.Record
	for rows.Next() {
		var (
			r subproc.Record
			c recordColumns
		)
		if err := rows.Scan(c.dests(&r)...); err != nil {
			return nil, err
		}
		if err := c.fill(&r); err != nil {
			return nil, fmt.Errorf("row %q: %w", r.Name, err)
		}
		recs = append(recs, r)
	}
	return recs, rows.Err()
}

// Stats counts what the database holds.
type Stats struct {
	Sources    int                    // distinct source paths
	Documents  int                    // stored versions, all sources
	Rows       int                    // sub-processor rows over all versions
	LatestRows int                    // rows in the newest version of each source
	Status     map[subproc.Status]int // newest version of each source, by status
}

// Stats returns counts of sources, documents and rows, and the newest
// version of each source by status, read in one snapshot.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return Stats{}, fmt.Errorf("read stats: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	s := Stats{Status: map[subproc.Status]int{}}
	err = tx.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM documents),
			(SELECT count(*) FROM subprocessors),
			(SELECT coalesce(sum(row_count), 0) FROM latest_documents)`,
	).Scan(&s.Sources, &s.Documents, &s.Rows, &s.LatestRows)
	if err != nil {
		return Stats{}, fmt.Errorf("read stats: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT status, count(*) FROM latest_documents GROUP BY status`)
	if err != nil {
		return Stats{}, fmt.Errorf("read stats by status: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st subproc.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return Stats{}, fmt.Errorf("read stats by status: %w", err)
		}
		s.Status[st] = n
	}
	if err := rows.Err(); err != nil {
		return Stats{}, fmt.Errorf("read stats by status: %w", err)
	}
	return s, nil
}

// recordColumns holds the scanned subprocessors columns of a record, in the
// order of recordColumnList, until fill turns them into the record's fields.
type recordColumns struct {
	aliases, country, basis, location, notes   string
	regNo, address, purpose, cats, layout      sql.NullString
	rawName, rawRegNo, rawAddress, rawCountry  sql.NullString
	rawPurpose, rawBasis, rawLocation, rawCats sql.NullString
	valid                                      sql.NullBool
	page                                       sql.NullInt64
}

// recordColumnList is the SELECT list recordColumns scans, in its order.
const recordColumnList = `name, aliases, reg_no, reg_no_valid, address, country, purpose, legal_basis,
	location, data_categories, raw_name, raw_reg_no, raw_address, raw_country,
	raw_purpose, raw_legal_basis, raw_location, raw_data_categories, raw_notes,
	page, line_start, line_end, layout`

// dests are the Scan destinations for recordColumnList.
func (c *recordColumns) dests(r *subproc.Record) []any {
	return []any{&r.Name, &c.aliases, &c.regNo, &c.valid, &c.address, &c.country, &c.purpose, &c.basis,
		&c.location, &c.cats, &c.rawName, &c.rawRegNo, &c.rawAddress, &c.rawCountry,
		&c.rawPurpose, &c.rawBasis, &c.rawLocation, &c.rawCats, &c.notes,
		&c.page, &r.Prov.LineStart, &r.Prov.LineEnd, &c.layout}
}

// fill sets r's fields from the scanned columns (NULL -> "", JSON lists decoded, [] -> nil).
func (c *recordColumns) fill(r *subproc.Record) error {
	r.RegNo, r.Address, r.Purpose, r.DataCategories = c.regNo.String, c.address.String, c.purpose.String, c.cats.String
	if c.valid.Valid {
		v := c.valid.Bool
		r.RegNoValid = &v
	}
	r.Raw = subproc.RawRecord{
		Name: c.rawName.String, RegNo: c.rawRegNo.String, Address: c.rawAddress.String,
		Country: c.rawCountry.String, Purpose: c.rawPurpose.String, LegalBasis: c.rawBasis.String,
		Location: c.rawLocation.String, DataCategories: c.rawCats.String,
	}
	r.Prov.Page, r.Prov.Layout = int(c.page.Int64), c.layout.String
	r.Raw.Prov = r.Prov
	for _, l := range []struct {
		col, text string
		dst       *[]string
	}{
		{"aliases", c.aliases, &r.Aliases}, {"country", c.country, &r.Country},
		{"legal_basis", c.basis, &r.LegalBasis}, {"location", c.location, &r.Location},
		{"raw_notes", c.notes, &r.Raw.Notes},
	} {
		if err := json.Unmarshal([]byte(l.text), l.dst); err != nil {
			return fmt.Errorf("decode %s: %w", l.col, err)
		}
		if len(*l.dst) == 0 {
			*l.dst = nil
		}
	}
	return nil
}
