package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/subproc/subproc"
)

// Resolver groups rows into entities: normalize.Entities. It must put every
// row it is given in exactly one entity.
type Resolver func(rows []subproc.EntityRow) []subproc.Entity

// EntityStats counts what ResolveEntities wrote.
type EntityStats struct {
	Rows     int // rows grouped: those of the newest version of every source
	Entities int
	Links    int
}

// ResolveEntities recomputes the tables entities, entity_members and
// entity_links in ONE transaction: it reads the rows of the newest version of
// every source, in id order, groups them with resolve, and replaces what the
// tables held. Rows of older versions belong to no entity: an entity is a
// company as the documents name it now, and a name a document dropped links
// nothing. Entity ids are numbered from 1 in the order resolve returns them,
// anew on every call.
//
// The work is one read of the rows, one pass of resolve and batched inserts
// of the entities, members and links: a few seconds for 100,000 rows
// (BenchmarkResolveEntities).
func (db *DB) ResolveEntities(ctx context.Context, resolve Resolver) (st EntityStats, err error) {
	defer func() { err = writeError(db.path, "the sub-processor entities", err) }() // a full disk, a read-only file
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: begin: %w", err)
	}
	defer tx.Rollback()
	rows, err := entityRows(ctx, tx)
	if err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: read rows: %w", err)
	}
	ents := resolve(rows)
	if err := checkEntities(rows, ents); err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: %w", err)
	}
	st = EntityStats{Rows: len(rows), Entities: len(ents)}
	if st.Links, err = writeEntities(ctx, tx, ents); err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: commit: %w", err)
	}
	return st, nil
}

// entityRows reads the rows of the newest version of every source.
func entityRows(ctx context.Context, tx *sql.Tx) ([]subproc.EntityRow, error) {
	rs, err := tx.QueryContext(ctx, `
		SELECT sp.id, sp.name, sp.aliases, sp.reg_no, sp.reg_no_valid
		FROM subprocessors sp
		JOIN latest_documents ld ON ld.id = sp.document_id
		ORDER BY sp.id`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []subproc.EntityRow
	for rs.Next() {
		var (
			r       subproc.EntityRow
			aliases string
			regNo   sql.NullString
			valid   sql.NullBool
		)
		if err := rs.Scan(&r.ID, &r.Name, &aliases, &regNo, &valid); err != nil {
			return nil, err
		}
		if aliases != "[]" {
			if err := json.Unmarshal([]byte(aliases), &r.Aliases); err != nil {
				return nil, fmt.Errorf("decode aliases of row %d: %w", r.ID, err)
			}
		}
		r.RegNo = regNo.String
		if valid.Valid {
			r.RegNoValid = &valid.Bool
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// checkEntities makes sure every row is in exactly one entity and every link
// joins two members of its entity.
func checkEntities(rows []subproc.EntityRow, ents []subproc.Entity) error {
	entity := make(map[int64]int, len(rows))
	for _, r := range rows {
		entity[r.ID] = -1
	}
	for k, e := range ents {
		for _, id := range e.Members {
			switch prev, ok := entity[id]; {
			case !ok:
				return fmt.Errorf("entity %q has row %d, which was not given", e.Name, id)
			case prev >= 0:
				return fmt.Errorf("row %d is in two entities, %q and %q", id, ents[prev].Name, e.Name)
			}
			entity[id] = k
		}
	}
	for id, k := range entity {
		if k < 0 {
			return fmt.Errorf("row %d is in no entity", id)
		}
	}
	for k, e := range ents {
		for _, l := range e.Links {
			if f, t := entity[l.From], entity[l.To]; f != k || t != k {
				return fmt.Errorf("entity %q links rows %d and %d, which are not both its members", e.Name, l.From, l.To)
			}
		}
	}
	return nil
}

// writeEntities replaces the entity tables with ents and returns the number
// of links written.
func writeEntities(ctx context.Context, tx *sql.Tx, ents []subproc.Entity) (int, error) {
	for _, table := range []string{"entity_links", "entity_members", "entities"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return 0, fmt.Errorf("clear %s: %w", table, err)
		}
	}
	// Entities first: the members and links refer to them.
	entities := newBatch(tx, "entities", "id", "name", "key")
	defer entities.close()
	for k, e := range ents {
		if err := entities.add(ctx, k+1, e.Name, e.Key); err != nil {
			return 0, err
		}
	}
	if err := entities.flush(ctx); err != nil {
		return 0, err
	}
	members := newBatch(tx, "entity_members", "entity_id", "subprocessor_id")
	defer members.close()
	links := newBatch(tx, "entity_links", "entity_id", "from_subprocessor_id", "to_subprocessor_id", "kind", "evidence")
	defer links.close()
	n := 0
	for k, e := range ents {
		for _, m := range e.Members {
			if err := members.add(ctx, k+1, m); err != nil {
				return 0, err
			}
		}
		for _, l := range e.Links {
			if err := links.add(ctx, k+1, l.From, l.To, string(l.Kind), l.Evidence); err != nil {
				return 0, err
			}
			n++
		}
	}
	if err := members.flush(ctx); err != nil {
		return 0, err
	}
	if err := links.flush(ctx); err != nil {
		return 0, err
	}
	return n, nil
}

// batchRows is how many rows one INSERT of a batch writes: a statement per
// row costs more in the driver than SQLite spends on the row.
const batchRows = 200

// batch inserts rows into a table, batchRows at a time.
type batch struct {
	tx    *sql.Tx
	table string
	head  string // INSERT INTO table (columns) VALUES
	cols  int
	args  []any
	full  *sql.Stmt // the statement of a full batch, prepared on first use
}

func newBatch(tx *sql.Tx, table string, cols ...string) *batch {
	return &batch{tx: tx, table: table, cols: len(cols),
		head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "}
}

// add queues one row and writes the batch when it is full.
func (b *batch) add(ctx context.Context, row ...any) error {
	b.args = append(b.args, row...)
	if len(b.args) < batchRows*b.cols {
		return nil
	}
	return b.flush(ctx)
}

// flush writes the rows queued.
func (b *batch) flush(ctx context.Context) error {
	n := len(b.args) / b.cols
	if n == 0 {
		return nil
	}
	var err error
	if n == batchRows {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(ctx, b.query(n)); err != nil {
				return fmt.Errorf("prepare %s insert: %w", b.table, err)
			}
		}
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(ctx, b.query(n), b.args...)
	}
	if err != nil {
		return fmt.Errorf("insert into %s: %w", b.table, err)
	}
	b.args = b.args[:0]
	return nil
}

// query is the INSERT of n rows.
func (b *batch) query(n int) string {
	row := "(?" + strings.Repeat(", ?", b.cols-1) + ")"
	return b.head + row + strings.Repeat(", "+row, n-1)
}

func (b *batch) close() {
	if b.full != nil {
		b.full.Close()
	}
}
