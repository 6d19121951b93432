package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/subproc/subproc"
)

// Grouper groups rows into entities in two passes over them:
// *normalize.Grouper. Pass 1 is Add for every row, in id order, then
// Members, which gives the entity of every row (numbered from 0), in the
// same order. Pass 2 is Emit for every row again, entity after entity and
// in id order within each, which returns the links made at the row; then
// Entities gives the name and key of every entity, in order.
type Grouper interface {
	Add(row subproc.EntityRow)
	Members(yield func(entity int, id int64))
	Emit(entity int, row subproc.EntityRow) (links []subproc.EntityLink)
	Entities(yield func(entity int, name, key string))
}

// EntityStats counts what ResolveEntities wrote.
type EntityStats struct {
	Rows     int // rows grouped: those of the newest version of every source
	Entities int
	Links    int
}

// ResolveEntities recomputes the tables entities, entity_members and
// entity_links in ONE transaction: it reads the rows of the newest version of
// every source, in id order, groups them with g, and replaces what the
// tables held. Rows of older versions belong to no entity: an entity is a
// company as the documents name it now, and a name a document dropped links
// nothing. Entity ids are numbered from 1 in the order of g's entities, link
// ids from 1 entity after entity, anew on every call.
//
// The rows are read twice, entityChunk at a time, and never held: pass 1
// gives them to g.Add in id order, and the members g makes of them are
// written; pass 2 reads them back through entity_members, entity after
// entity, gives them to g.Emit and writes the links, in id order; the
// entities come last, with the foreign keys checked at commit. Memory is
// that of g, a few bytes per row and otherwise in proportion to the
// distinct names and entities, plus a chunk of rows and SQLite's caches:
// under 40 MB for 500,000 rows of some 8,000 company names, against 430 MB
// when the rows were held, and a few seconds for 100,000 rows
// (BenchmarkResolveEntities, BenchmarkResolveEntitiesPeak).
func (db *DB) ResolveEntities(ctx context.Context, g Grouper) (st EntityStats, err error) {
	defer func() { err = writeError(db.path, "the sub-processor entities", err) }() // a full disk, a read-only file
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: begin: %w", err)
	}
	defer tx.Rollback()
	if st, err = writeEntities(ctx, tx, g); err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return EntityStats{}, fmt.Errorf("resolve entities: commit: %w", err)
	}
	return st, nil
}

// entityChunk is how many rows ResolveEntities reads at a time.
const entityChunk = 5000

// writeEntities replaces the entity tables with the entities g makes of the
// rows of the newest versions.
func writeEntities(ctx context.Context, tx *sql.Tx, g Grouper) (EntityStats, error) {
	var st EntityStats
	for _, table := range []string{"entity_links", "entity_members", "entities"} {
		if err := clearTable(ctx, tx, table); err != nil {
			return st, fmt.Errorf("clear %s: %w", table, err)
		}
	}
	// The members and links refer to entities written after them. (Set
	// after the deletes: a deferred key costs a look-up per row deleted.)
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return st, fmt.Errorf("defer foreign keys: %w", err)
	}

	err := eachEntityRow(ctx, tx, func(r subproc.EntityRow) error {
		g.Add(r)
		st.Rows++
		return nil
	})
	if err != nil {
		return st, err
	}
	members := newBatch(tx, "entity_members", "entity_id", "subprocessor_id")
	defer members.close()
	entities := 0 // as Members numbers them
	g.Members(func(k int, id int64) {
		switch {
		case err != nil:
		case k < 0 || k > entities:
			err = fmt.Errorf("row %d is in entity %d, after %d entities", id, k, entities)
		default:
			entities = max(entities, k+1)
			err = members.add(ctx, k+1, id)
		}
	})
	if err != nil {
		return st, err
	}
	if err := members.flush(ctx); err != nil {
		return st, err
	}

	links := newBatch(tx, "entity_links", "id", "entity_id", "from_subprocessor_id", "to_subprocessor_id", "kind", "evidence")
	defer links.close()
	rows := 0
	err = eachMember(ctx, tx, func(k int, r subproc.EntityRow) error {
		rows++
		for _, l := range g.Emit(k-1, r) {
			if l.From != r.ID && l.To != r.ID {
				return fmt.Errorf("a link of row %d joins rows %d and %d", r.ID, l.From, l.To)
			}
			st.Links++
			if err := links.add(ctx, st.Links, k, l.From, l.To, string(l.Kind), l.Evidence); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return st, err
	}
	if rows != st.Rows {
		return st, fmt.Errorf("%d members of %d rows", rows, st.Rows)
	}
	if err := links.flush(ctx); err != nil {
		return st, err
	}

	ents := newBatch(tx, "entities", "id", "name", "key")
	defer ents.close()
	g.Entities(func(k int, name, key string) {
		switch {
		case err != nil:
		case k != st.Entities:
			err = fmt.Errorf("entity %d (%q) came after %d entities", k, name, st.Entities)
		default:
			st.Entities++
			err = ents.add(ctx, st.Entities, name, key)
		}
	})
	if err != nil {
		return st, err
	}
	if st.Entities != entities {
		return st, fmt.Errorf("%d entities named, %d with rows", st.Entities, entities)
	}
	return st, ents.flush(ctx)
}

// clearChunk is how many rows clearTable deletes at a time.
const clearChunk = 50000

// clearTable deletes the rows of table, clearChunk at a time. One DELETE of
// them all would hold the rowid of every row: SQLite does not truncate a
// table that has foreign keys, or that foreign keys refer to, but visits its
// rows and deletes them after.
func clearTable(ctx context.Context, tx *sql.Tx, table string) error {
	for {
		var end int64
		err := tx.QueryRowContext(ctx, `SELECT rowid FROM `+table+` ORDER BY rowid LIMIT 1 OFFSET ?`, clearChunk).Scan(&end)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, `DELETE FROM `+table)
			return err
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid < ?`, end); err != nil {
			return err
		}
	}
}

// entityCols are the columns of a row that entities are made of.
const entityCols = `sp.id, sp.name, sp.aliases, sp.reg_no, sp.reg_no_valid`

// eachEntityRow calls fn with the rows of the newest version of every
// source, in id order. It reads them entityChunk at a time and holds no
// cursor open while fn runs.
func eachEntityRow(ctx context.Context, tx *sql.Tx, fn func(subproc.EntityRow) error) error {
	chunk := make([]entityRow, 0, entityChunk)
	after := int64(math.MinInt64)
	for {
		var err error
		chunk, err = entityRows(ctx, tx, chunk[:0], `SELECT 0, `+entityCols+`
			FROM subprocessors sp
			JOIN latest_documents ld ON ld.id = sp.document_id
			WHERE sp.id > ? ORDER BY sp.id LIMIT ?`, after, entityChunk)
		if err != nil {
			return fmt.Errorf("read rows: %w", err)
		}
		for _, r := range chunk {
			if err := fn(r.row); err != nil {
				return err
			}
		}
		if len(chunk) < entityChunk {
			return nil
		}
		after = chunk[len(chunk)-1].row.ID
	}
}

// eachMember calls fn with the entity_id and row of every entity member,
// entity after entity and in id order within each, as eachEntityRow does.
func eachMember(ctx context.Context, tx *sql.Tx, fn func(entity int, r subproc.EntityRow) error) error {
	const from = `FROM entity_members m JOIN subprocessors sp ON sp.id = m.subprocessor_id`
	chunk := make([]entityRow, 0, entityChunk)
	entity, after := int64(math.MinInt64), int64(math.MinInt64)
	for {
		// The rest of the entity at hand, then the entities after it: one
		// query of (entity_id, subprocessor_id) > (?, ?) would scan again
		// the members of the entity read so far.
		var err error
		chunk, err = entityRows(ctx, tx, chunk[:0], `SELECT m.entity_id, `+entityCols+` `+from+`
			WHERE m.entity_id = ? AND m.subprocessor_id > ? ORDER BY m.subprocessor_id LIMIT ?`, entity, after, entityChunk)
		if err == nil && len(chunk) < entityChunk {
			chunk, err = entityRows(ctx, tx, chunk, `SELECT m.entity_id, `+entityCols+` `+from+`
				WHERE m.entity_id > ? ORDER BY m.entity_id, m.subprocessor_id LIMIT ?`, entity, entityChunk-len(chunk))
		}
		if err != nil {
			return fmt.Errorf("read members: %w", err)
		}
		for _, r := range chunk {
			if err := fn(int(r.entity), r.row); err != nil {
				return err
			}
		}
		if len(chunk) < entityChunk {
			return nil
		}
		last := chunk[len(chunk)-1]
		entity, after = last.entity, last.row.ID
	}
}

// decodeAliases decodes the aliases column, a JSON array of strings: nil
// for "[]". The arrays that json.Marshal writes of strings without quotes,
// backslashes or control characters, nearly all, are split without
// encoding/json, which takes as long as the rest of a row.
func decodeAliases(s string) ([]string, error) {
	if s == "[]" {
		return nil, nil
	}
	if len(s) >= 4 && s[:2] == `["` && s[len(s)-2:] == `"]` {
		out := strings.Split(s[2:len(s)-2], `","`)
		if !slices.ContainsFunc(out, notPlainJSON) {
			return out, nil
		}
	}
	var out []string
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// notPlainJSON reports whether s, the text of a JSON string between its
// quotes, is not the string itself: it has a quote, a backslash, a control
// character or bytes that are not UTF-8.
func notPlainJSON(s string) bool {
	for _, c := range []byte(s) {
		if c < 0x20 || c == '"' || c == '\\' {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// entityRow is a row as entity resolution reads it, with its entity_id.
type entityRow struct {
	entity int64
	row    subproc.EntityRow
}

// entityRows appends to out the rows of query, which selects an entity_id
// and entityCols.
func entityRows(ctx context.Context, tx *sql.Tx, out []entityRow, query string, args ...any) ([]entityRow, error) {
	rs, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return out, err
	}
	defer rs.Close()
	for rs.Next() {
		var (
			r       entityRow
			aliases string
			regNo   sql.NullString
			valid   sql.NullBool
		)
		if err := rs.Scan(&r.entity, &r.row.ID, &r.row.Name, &aliases, &regNo, &valid); err != nil {
			return out, err
		}
		if r.row.Aliases, err = decodeAliases(aliases); err != nil {
			return out, fmt.Errorf("decode aliases of row %d: %w", r.row.ID, err)
		}
		r.row.RegNo = regNo.String
		if valid.Valid {
			r.row.RegNoValid = &valid.Bool
		}
		out = append(out, r)
	}
	return out, rs.Err()
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
