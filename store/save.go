package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/subproc/subproc"
)

// Entry is one document version to store: the document's metadata, how
// processing ended and the normalised rows. Doc.Raw and Doc.Text are not
// stored; Doc.Fetch, the evidence of a fetched document, is (see RecordFetch).
type Entry struct {
	Doc     *subproc.Document
	Status  subproc.Status   // ok, no_list, failed, unsupported
	Err     string           // reason for failed documents ("" otherwise)
	Stage   string           // stage that failed: "read", "decode", "detect", "extract", "normalise"
	Records []subproc.Record // normalised rows with .Raw and .Prov filled
	Notice  *Notice          // the notice period Doc.Text states (audit.StoredNotice); nil: not read
}

// Save stores one document version and its rows in ONE transaction and
// returns the new version number: 1 for a new source, latest+1 when the
// content changed. It never overwrites an old version. When the newest stored
// version of Doc.Path has the same SHA-256, Save writes nothing and returns
// that version's number.
//
// Doc.Path is the source's identity: callers pass it in one canonical form.
// A row's position comes from Record.Prov, or from Record.Raw.Prov when
// Record.Prov is zero. Empty strings are stored as NULL, nil slices as '[]'.
func (db *DB) Save(ctx context.Context, e Entry) (version int, err error) {
	versions, err := db.SaveAll(ctx, []Entry{e})
	if err != nil {
		return 0, err
	}
	return versions[0], nil
}

// SaveAll stores several document versions in ONE transaction, as Save
// would one after the other, and returns their version numbers in order.
// Either all of them are stored or, on an error, none; the error names the
// document that failed. Writers that have several documents ready at once
// use it to pay for one commit instead of one per document.
func (db *DB) SaveAll(ctx context.Context, entries []Entry) (versions []int, err error) {
	if len(entries) == 0 {
		return nil, nil
	}
	for _, e := range entries {
		if e.Doc == nil {
			return nil, errors.New("save document: nil Doc")
		}
		if err := e.check(); err != nil {
			return nil, fmt.Errorf("save %s: %w", e.Doc.Path, err)
		}
	}
	path := entries[0].Doc.Path // the document the error is about, for writeError
	defer func() { err = writeError(db.path, path, err) }()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("save %s: begin: %w", path, err)
	}
	defer tx.Rollback()
	versions = make([]int, len(entries))
	for i, e := range entries {
		path = e.Doc.Path
		if versions[i], err = save(ctx, tx, e); err != nil {
			return nil, fmt.Errorf("save %s: %w", path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		if len(entries) > 1 {
			return nil, fmt.Errorf("save %d documents (the last %s): commit: %w", len(entries), path, err)
		}
		return nil, fmt.Errorf("save %s: commit: %w", path, err)
	}
	return versions, nil
}

// check rejects entries the schema cannot hold.
func (e Entry) check() error {
	if e.Doc.Path == "" {
		return errors.New("empty path")
	}
	switch e.Status {
	case subproc.StatusOK, subproc.StatusNoList, subproc.StatusFailed, subproc.StatusUnsupported:
		return nil
	case "":
		return errors.New("empty status")
	}
	return fmt.Errorf("status %q is not stored", e.Status)
}

// save runs inside the writer's IMMEDIATE transaction, so the latest version
// it reads cannot change before it writes the next one.
func save(ctx context.Context, tx *sql.Tx, e Entry) (int, error) {
	d := e.Doc
	latest, ok, err := latestVersion(ctx, tx, d.Path)
	if err != nil {
		return 0, err
	}
	// Same bytes: nothing new, unless the stored version failed and this one
	// did not (a retry that now succeeds, e.g. after an upgrade of subproc).
	if ok && latest.SHA256 == d.SHA256 && (latest.Status != subproc.StatusFailed || e.Status == subproc.StatusFailed) {
		// The fetch that brought the same bytes (or failed the same way) is
		// evidence of the version it confirms.
		return latest.Version, insertFetch(ctx, tx, latest.DocumentID, d.Fetch)
	}
	version := latest.Version + 1

	var sourceID int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO sources (path) VALUES (?)
		ON CONFLICT (path) DO UPDATE SET path = excluded.path
		RETURNING id`, d.Path).Scan(&sourceID)
	if err != nil {
		return 0, fmt.Errorf("insert source: %w", err)
	}

	var modTime any
	if !d.ModTime.IsZero() {
		modTime = d.ModTime.UTC().Format(time.RFC3339Nano)
	}
	var docID int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO documents (source_id, version, sha256, format, size, mod_time, encoding,
			language, language_confidence, publisher, status, stage, error, row_count)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		sourceID, version, null(d.SHA256), null(string(d.Format)), d.Size, modTime, null(d.Encoding),
		null(d.Language), d.LanguageConfidence, null(d.Publisher), string(e.Status), null(e.Stage),
		null(e.Err), len(e.Records),
	).Scan(&docID)
	if err != nil {
		return 0, fmt.Errorf("insert document version %d: %w", version, err)
	}
	if err := insertFetch(ctx, tx, docID, d.Fetch); err != nil {
		return 0, err
	}
	if err := insertNotice(ctx, tx, docID, e.Notice); err != nil {
		return 0, err
	}
	if len(e.Records) == 0 {
		return version, nil
	}
	if err := insertRows(ctx, tx, docID, e.Records); err != nil {
		return 0, err
	}
	return version, nil
}

// insertRows writes the rows of document docID and their list-value child rows.
func insertRows(ctx context.Context, tx *sql.Tx, docID int64, recs []subproc.Record) error {
	row, err := tx.PrepareContext(ctx, `
		INSERT INTO subprocessors (document_id, ord, name, aliases, reg_no, reg_no_valid, address,
			country, purpose, legal_basis, location, data_categories,
			raw_name, raw_reg_no, raw_address, raw_country, raw_purpose, raw_legal_basis,
			raw_location, raw_data_categories, raw_notes, page, line_start, line_end, layout)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`)
	if err != nil {
		return fmt.Errorf("prepare row insert: %w", err)
	}
	defer row.Close()
	children := []struct {
		table string
		col   string
		stmt  *sql.Stmt
		codes func(*subproc.Record) []string
	}{
		{table: "subprocessor_countries", col: "code", codes: func(r *subproc.Record) []string { return r.Country }},
		{table: "subprocessor_locations", col: "code", codes: func(r *subproc.Record) []string { return r.Location }},
		{table: "subprocessor_legal_bases", col: "basis", codes: func(r *subproc.Record) []string { return r.LegalBasis }},
	}
	for i := range children {
		c := &children[i]
		c.stmt, err = tx.PrepareContext(ctx, `INSERT OR IGNORE INTO `+c.table+` (subprocessor_id, `+c.col+`) VALUES (?, ?)`)
		if err != nil {
			return fmt.Errorf("prepare %s insert: %w", c.table, err)
		}
		defer c.stmt.Close()
	}

	for i := range recs {
		r := &recs[i]
		ord := i + 1
		prov := r.Prov
		if prov == (subproc.Provenance{}) {
			prov = r.Raw.Prov
		}
		var page any
		if prov.Page > 0 {
			page = prov.Page
		}
		var valid any
		if r.RegNoValid != nil {
			valid = *r.RegNoValid
		}
		var id int64
		err := row.QueryRowContext(ctx,
			docID, ord, r.Name, jsonArray(r.Aliases), null(r.RegNo), valid, null(r.Address),
			jsonArray(r.Country), null(r.Purpose), jsonArray(r.LegalBasis), jsonArray(r.Location),
			null(r.DataCategories),
			null(r.Raw.Name), null(r.Raw.RegNo), null(r.Raw.Address), null(r.Raw.Country),
			null(r.Raw.Purpose), null(r.Raw.LegalBasis), null(r.Raw.Location),
			null(r.Raw.DataCategories), jsonArray(r.Raw.Notes),
			page, prov.LineStart, prov.LineEnd, null(prov.Layout),
		).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert row %d (%q): %w", ord, r.Name, err)
		}
		for _, c := range children {
			for _, code := range c.codes(r) {
				if _, err := c.stmt.ExecContext(ctx, id, code); err != nil {
					return fmt.Errorf("insert row %d into %s: %w", ord, c.table, err)
				}
			}
		}
	}
	return nil
}

// null maps "" to SQL NULL.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonArray encodes s as a JSON array, "[]" for nil, without HTML escaping so
// the stored text matches what the document says.
func jsonArray(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a []string always encodes
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
