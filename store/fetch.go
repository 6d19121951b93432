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

// StoredFetch is the evidence of one fetch as stored, with the version of
// its source it produced or confirmed.
type StoredFetch struct {
	subproc.Fetch
	ID         int64
	DocumentID int64
	Version    int
}

// insertFetch writes f, the evidence of a fetch, linked to document docID.
// A nil f (a document read from a file) writes nothing.
func insertFetch(ctx context.Context, tx *sql.Tx, docID int64, f *subproc.Fetch) error {
	if f == nil {
		return nil
	}
	redirects := []subproc.Redirect{}
	if f.Redirects != nil {
		redirects = f.Redirects
	}
	rj, err := json.Marshal(redirects)
	if err != nil {
		return fmt.Errorf("encode redirects of fetch: %w", err)
	}
	at := f.Time
	if at.IsZero() {
		at = time.Now()
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO fetches (document_id, url, final_url, redirects, fetched_at, elapsed_ms, status,
			conditional, content_type, etag, last_modified, sha256, size, error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		docID, f.URL, null(f.FinalURL), string(rj), at.UTC().Format(time.RFC3339Nano),
		f.Elapsed.Milliseconds(), f.Status, f.Conditional, null(f.ContentType), null(f.ETag),
		null(f.LastModified), null(f.SHA256), f.Size, null(f.Err))
	if err != nil {
		return fmt.Errorf("insert fetch of %s: %w", f.URL, err)
	}
	return nil
}

// RecordFetch keeps the evidence of a fetch that found the source at path
// unchanged (a 304 Not Modified, or the same bytes): it is linked to the
// source's latest version, whose number it returns, and nothing else is
// written. One transaction.
func (db *DB) RecordFetch(ctx context.Context, path string, f *subproc.Fetch) (version int, err error) {
	if f == nil {
		return 0, errors.New("record fetch: nil fetch")
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("record fetch of %s: begin: %w", path, err)
	}
	defer tx.Rollback()
	latest, ok, err := latestVersion(ctx, tx, path)
	if err != nil {
		return 0, fmt.Errorf("record fetch of %s: %w", path, err)
	}
	if !ok {
		return 0, fmt.Errorf("record fetch of %s: no stored version", path)
	}
	if err := insertFetch(ctx, tx, latest.DocumentID, f); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("record fetch of %s: commit: %w", path, err)
	}
	return latest.Version, nil
}

// LastFetch returns what a conditional request for url can rely on: the
// ETag and Last-Modified of the newest fetch (200 or 304) of the source's
// latest version, and that version's SHA-256 as SHA256. ok is false when
// the source was never stored, its latest version failed or has no hash,
// or no fetch of it sent a validator. It makes *DB a corpus.History.
func (db *DB) LastFetch(ctx context.Context, url string) (f subproc.Fetch, ok bool, err error) {
	latest, ok, err := latestVersion(ctx, db.r, url)
	if err != nil {
		return subproc.Fetch{}, false, fmt.Errorf("read last fetch of %s: %w", url, err)
	}
	if !ok || latest.Status == subproc.StatusFailed || latest.SHA256 == "" {
		return subproc.Fetch{}, false, nil
	}
	var etag, lastMod sql.NullString
	err = db.r.QueryRowContext(ctx, `
		SELECT etag, last_modified FROM fetches
		WHERE document_id = ? AND status IN (200, 304) AND (etag IS NOT NULL OR last_modified IS NOT NULL)
		ORDER BY id DESC LIMIT 1`, latest.DocumentID).Scan(&etag, &lastMod)
	if errors.Is(err, sql.ErrNoRows) {
		return subproc.Fetch{}, false, nil
	}
	if err != nil {
		return subproc.Fetch{}, false, fmt.Errorf("read last fetch of %s: %w", url, err)
	}
	return subproc.Fetch{URL: url, ETag: etag.String, LastModified: lastMod.String, SHA256: latest.SHA256}, true, nil
}

// Fetches returns every stored fetch of the source at path, oldest first.
func (db *DB) Fetches(ctx context.Context, path string) ([]StoredFetch, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT f.id, f.document_id, d.version, f.url, f.final_url, f.redirects, f.fetched_at,
			f.elapsed_ms, f.status, f.conditional, f.content_type, f.etag, f.last_modified,
			f.sha256, f.size, f.error
		FROM fetches f
		JOIN documents d ON d.id = f.document_id
		JOIN sources s ON s.id = d.source_id
		WHERE s.path = ?
		ORDER BY f.id`, path)
	if err != nil {
		return nil, fmt.Errorf("read fetches of %s: %w", path, err)
	}
	defer rows.Close()
	var out []StoredFetch
	for rows.Next() {
		var sf StoredFetch
		var finalURL, contentType, etag, lastMod, sha, msg sql.NullString
		var redirects, at string
		var elapsed int64
		if err := rows.Scan(&sf.ID, &sf.DocumentID, &sf.Version, &sf.URL, &finalURL, &redirects, &at,
			&elapsed, &sf.Status, &sf.Conditional, &contentType, &etag, &lastMod, &sha, &sf.Size, &msg); err != nil {
			return nil, fmt.Errorf("read fetches of %s: %w", path, err)
		}
		if err := json.Unmarshal([]byte(redirects), &sf.Redirects); err != nil {
			return nil, fmt.Errorf("read fetches of %s: redirects of fetch %d: %w", path, sf.ID, err)
		}
		if sf.Time, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("read fetches of %s: time of fetch %d: %w", path, sf.ID, err)
		}
		if len(sf.Redirects) == 0 {
			sf.Redirects = nil
		}
		sf.Elapsed = time.Duration(elapsed) * time.Millisecond
		sf.FinalURL, sf.ContentType, sf.ETag = finalURL.String, contentType.String, etag.String
		sf.LastModified, sf.SHA256, sf.Err = lastMod.String, sha.String, msg.String
		out = append(out, sf)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read fetches of %s: %w", path, err)
	}
	return out, nil
}
