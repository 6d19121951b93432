package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/subproc/subproc"
)

// History is one source with its stored versions, oldest first, each with
// its rows: what `subproc changes` diffs and `subproc audit` reviews.
type History struct {
	SourceID int64
	Path     string     // file path or URL, as stored
	Versions []Snapshot // oldest first
}

// Latest returns the newest version of h; the zero Snapshot when h has none.
func (h History) Latest() Snapshot {
	if len(h.Versions) == 0 {
		return Snapshot{}
	}
	return h.Versions[len(h.Versions)-1]
}

// Snapshot is one stored version of a source with its rows.
type Snapshot struct {
	DocumentID int64
	Version    int
	SHA256     string
	Status     subproc.Status
	Language   string
	Publisher  string
	ModTime    time.Time // the file's modification time; zero when unknown (URLs)
	IngestedAt time.Time // when the version was stored
	Notice     *Notice   // the notice period its text states; nil: unknown (see Notice)
	Records    []subproc.Record
}

// Date is the version's date: the file's modification time when it has one,
// else when the version was stored.
func (s Snapshot) Date() time.Time {
	if !s.ModTime.IsZero() {
		return s.ModTime
	}
	return s.IngestedAt
}

// Notice is the notice a document version promises before a new
// sub-processor is used, as found in its text when it was stored
// (audit.StoredNotice): the text itself is not kept. Days 0 means the text
// states none. A Snapshot's Notice is nil when the version was stored without
// its text being read (it failed, or was stored before schema version 4).
type Notice struct {
	Days   int    // the period in days (a week is 7, a month 30); 0: none stated
	Line   int    // 1-based line of the text that states it
	Phrase string // the words that state it, as written
}

// insertNotice stores the notice period of document docID; nil stores nothing.
func insertNotice(ctx context.Context, tx *sql.Tx, docID int64, n *Notice) error {
	if n == nil {
		return nil
	}
	var days, line any
	if n.Days > 0 {
		days, line = n.Days, n.Line
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO document_notices (document_id, days, line, phrase) VALUES (?, ?, ?, ?)`,
		docID, days, line, null(n.Phrase))
	if err != nil {
		return fmt.Errorf("insert notice period: %w", err)
	}
	return nil
}

// HistoryFilter selects the sources History returns. The zero value selects
// every source.
type HistoryFilter struct {
	// Publisher keeps the sources one of whose versions has a publisher
	// containing this text, case-insensitively; "" keeps all.
	Publisher string
	// MinVersions keeps the sources with at least this many stored versions.
	MinVersions int
}

// History returns the sources f selects, ordered by path, with all their
// versions and rows, read in one snapshot of the database. It reads a
// database of an older schema (OpenReadOnly) too: without document_notices,
// every Snapshot.Notice is nil.
func (db *DB) History(ctx context.Context, f HistoryFilter) ([]History, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer tx.Rollback() // read-only: nothing to commit
	notices := `NULL, NULL, NULL, NULL`
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'document_notices'`).Scan(&n); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	if n > 0 {
		notices = `(SELECT 1 FROM document_notices WHERE document_id = d.id),
			(SELECT days FROM document_notices WHERE document_id = d.id),
			(SELECT line FROM document_notices WHERE document_id = d.id),
			(SELECT phrase FROM document_notices WHERE document_id = d.id)`
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT s.id, s.path, d.id, d.version, d.sha256, d.status, d.language, d.publisher,
			d.mod_time, d.ingested_at, `+notices+`
		FROM sources s JOIN documents d ON d.source_id = s.id
		WHERE (SELECT count(*) FROM documents WHERE source_id = s.id) >= ?
			AND (? = '' OR EXISTS (SELECT 1 FROM documents p WHERE p.source_id = s.id
				AND instr(lower(p.publisher), lower(?)) > 0))
		ORDER BY s.path, d.version`, max(f.MinVersions, 1), f.Publisher, f.Publisher)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	defer rows.Close()
	var hs []History
	for rows.Next() {
		var (
			id                            int64
			path                          string
			s                             Snapshot
			sha, lang, pub, mod, ingested sql.NullString
			noticed, days, line           sql.NullInt64
			phrase                        sql.NullString
		)
		if err := rows.Scan(&id, &path, &s.DocumentID, &s.Version, &sha, &s.Status, &lang, &pub,
			&mod, &ingested, &noticed, &days, &line, &phrase); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		if noticed.Valid {
			s.Notice = &Notice{Days: int(days.Int64), Line: int(line.Int64), Phrase: phrase.String}
		}
		s.SHA256, s.Language, s.Publisher = sha.String, lang.String, pub.String
		if s.ModTime, err = parseTime(mod); err != nil {
			return nil, fmt.Errorf("read history of %s version %d: mod_time: %w", path, s.Version, err)
		}
		if s.IngestedAt, err = parseTime(ingested); err != nil {
			return nil, fmt.Errorf("read history of %s version %d: ingested_at: %w", path, s.Version, err)
		}
		if len(hs) == 0 || hs[len(hs)-1].SourceID != id {
			hs = append(hs, History{SourceID: id, Path: path})
		}
		h := &hs[len(hs)-1]
		h.Versions = append(h.Versions, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	rows.Close()
	for i := range hs {
		for j := range hs[i].Versions {
			v := &hs[i].Versions[j]
			if v.Records, err = readRows(ctx, tx, v.DocumentID); err != nil {
				return nil, fmt.Errorf("read rows of %s version %d: %w", hs[i].Path, v.Version, err)
			}
		}
	}
	return hs, nil
}

// parseTime reads a stored RFC 3339 time; NULL is the zero time.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s.String)
}
