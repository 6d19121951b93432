package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations are SQL files named NNNN_name.sql, numbered from 1 without gaps.
// A released migration is never edited; a schema change is a new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema step.
type migration struct {
	version int
	name    string // file name
	sql     string
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("parse migration name %s: want NNNN_name.sql", base)
		}
		b, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("check migration %s: want version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate brings the database at dbPath up to the newest embedded schema.
// All pending migrations run in one IMMEDIATE transaction, so two processes
// opening a new database at once apply them exactly once. A database with
// tables but no schema_migrations is someone else's and is left alone.
func migrate(ctx context.Context, db *sql.DB, dbPath string) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()

	var tracked, tables int
	err = tx.QueryRowContext(ctx, `
		SELECT count(*) FILTER (WHERE name = 'schema_migrations'), count(*)
		FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`,
	).Scan(&tracked, &tables)
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if tracked == 0 && tables > 0 {
		return notDatabase(dbPath, nil)
	}
	if tracked == 0 {
		_, err := tx.ExecContext(ctx, `
			CREATE TABLE schema_migrations (
				version    INTEGER PRIMARY KEY,
				name       TEXT NOT NULL,
				applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
			)`)
		if err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
	}

	var current int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return &Error{Code: CodeTooNew, Path: dbPath,
			Msg: fmt.Sprintf("%s: database schema version %d is newer than this subproc supports (%d)",
				dbPath, current, len(ms)),
			Hint: "upgrade subproc"}
	}
	if current == len(ms) {
		return nil
	}
	for _, m := range ms[current:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`,
			m.version, m.name); err != nil {
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migrations: %w", err)
	}
	return nil
}
