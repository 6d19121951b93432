package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/subproc/subproc"
)

// Row is one stored sub-processor row with the document version it came
// from, as Search and Export give it.
type Row struct {
	ID         int64          // subprocessors.id
	DocumentID int64          // documents.id of the version
	Path       string         // the source, as ingest stored it
	Version    int            // 1, 2, ... of the source
	SHA256     string         // of the version's bytes
	Format     subproc.Format // text, markdown, html, pdf, ...
	Language   string         // ISO 639-1
	Publisher  string         // "" when the document does not name itself
	IngestedAt string         // RFC 3339 UTC
	Ord        int            // 1-based position of the row in its document

	// Record holds the normalised values, the raw text (Record.Raw) and the
	// position (Record.Prov; Raw.Prov is the same). Empty lists are nil.
	Record subproc.Record

	EntityID int64  // 0 when the row belongs to no entity (an older version, or entities not resolved)
	Entity   string // the entity's canonical name
}

// Export calls fn with every row f selects, ordered by source path, version
// and position in the document, as it reads them: rows are streamed from one
// read transaction, never all held in memory, so fn sees a consistent
// snapshot. A query in f selects rows but does not reorder them (Search
// ranks). An error from fn stops the export and is returned as is.
func (db *DB) Export(ctx context.Context, f Filter, fn func(*Row) error) error {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	ents, err := entityTables(ctx, tx, f)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	match, err := f.match()
	if err == nil && match != "" {
		err = ftsTable(ctx, tx)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	conds, args := f.conds(ents)
	if match != "" {
		conds = append(conds, `sp.id IN (SELECT docid FROM subprocessors_fts WHERE subprocessors_fts MATCH ?)`)
		args = append(args, match)
	}
	rows, err := tx.QueryContext(ctx, rowSelect(ents)+where(conds)+` ORDER BY s.path, d.version, sp.ord`, args...)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// rowSelect is the SELECT ... FROM part of every query that scanRow reads:
// sp is the row, d its document version, s its source. With ents the
// row's entity is joined; without, the entity columns are NULL.
func rowSelect(ents bool) string {
	entity := `NULL, NULL`
	join := ``
	if ents {
		entity = `em.entity_id, e.name`
		join = `
		LEFT JOIN entity_members em ON em.subprocessor_id = sp.id
		LEFT JOIN entities e ON e.id = em.entity_id`
	}
	return `
		SELECT sp.id, d.id, s.path, d.version, d.sha256, d.format, d.language, d.publisher,
			d.ingested_at, sp.ord, sp.name, sp.aliases, sp.reg_no, sp.reg_no_valid, sp.address,
			sp.country, sp.purpose, sp.legal_basis, sp.location, sp.data_categories,
			sp.raw_name, sp.raw_reg_no, sp.raw_address, sp.raw_country, sp.raw_purpose,
			sp.raw_legal_basis, sp.raw_location, sp.raw_data_categories, sp.raw_notes,
			sp.page, sp.line_start, sp.line_end, sp.layout, ` + entity + `
		FROM subprocessors sp
		JOIN documents d ON d.id = sp.document_id
		JOIN sources s ON s.id = d.source_id` + join
}

// where joins conditions with AND into a WHERE clause, "" for none.
func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return "\n\t\tWHERE " + strings.Join(conds, "\n\t\t\tAND ")
}

// scanRow reads one row of a rowSelect query.
func scanRow(rows *sql.Rows) (*Row, error) {
	var (
		r                      Row
		c                      recordColumns
		sha, format, lang, pub sql.NullString
		entityID               sql.NullInt64
		entity                 sql.NullString
	)
	dests := append([]any{&r.ID, &r.DocumentID, &r.Path, &r.Version, &sha, &format, &lang, &pub,
		&r.IngestedAt, &r.Ord}, c.dests(&r.Record)...)
	if err := rows.Scan(append(dests, &entityID, &entity)...); err != nil {
		return nil, err
	}
	r.SHA256, r.Format, r.Language, r.Publisher = sha.String, subproc.Format(format.String), lang.String, pub.String
	r.EntityID, r.Entity = entityID.Int64, entity.String
	if err := c.fill(&r.Record); err != nil {
		return nil, fmt.Errorf("row %d: %w", r.ID, err)
	}
	return &r, nil
}
