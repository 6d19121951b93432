package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/normalize"
)

// saveRows stores a document at path with one row per name; a name may carry
// "(Alias)" and " #regno" ("Klarna AB #5567370431").
func saveRows(tb testing.TB, db *DB, path, sha string, names ...string) {
	tb.Helper()
	var recs []subproc.Record
	for i, n := range names {
		n, reg, _ := strings.Cut(n, " #")
		name, aliases := normalize.SplitAlias(n)
		clean, _, valid := normalize.RegNo(reg)
		prov := subproc.Provenance{LineStart: i + 1, LineEnd: i + 1, Layout: "table"}
		recs = append(recs, subproc.Record{Name: name, Aliases: aliases, RegNo: clean, RegNoValid: valid,
			Raw: subproc.RawRecord{Name: n, RegNo: reg, Prov: prov}, Prov: prov})
	}
	doc := testDoc(path, sha)
	if _, err := db.Save(context.Background(), Entry{Doc: doc, Status: subproc.StatusOK, Records: recs}); err != nil {
		tb.Fatal(err)
	}
}

// entityOf returns the entity name of the row named name in the newest version of path.
func entityOf(tb testing.TB, db *DB, path, name string) (id int, entity string) {
	tb.Helper()
	err := db.r.QueryRow(`SELECT entity_id, entity_name FROM subprocessor_entities WHERE path = ? AND name = ?`,
		path, name).Scan(&id, &entity)
	if err != nil {
		tb.Fatalf("entity of %s in %s: %v", name, path, err)
	}
	return id, entity
}

type storedLink struct {
	from, to string // "path: name"
	kind     string
	evidence string
}

// links returns the links of entity id, with their rows named "path: name".
func links(tb testing.TB, db *DB, id int) []storedLink {
	tb.Helper()
	rows, err := db.r.Query(`
		SELECT f.path || ': ' || f.name, t.path || ': ' || t.name, l.kind, l.evidence
		FROM entity_links l
		JOIN subprocessor_entities f ON f.id = l.from_subprocessor_id
		JOIN subprocessor_entities t ON t.id = l.to_subprocessor_id
		WHERE l.entity_id = ? ORDER BY l.id`, id)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []storedLink
	for rows.Next() {
		var l storedLink
		if err := rows.Scan(&l.from, &l.to, &l.kind, &l.evidence); err != nil {
			tb.Fatal(err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestResolveEntities(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	saveRows(t, db, "/docs/a.txt", "a1",
		"Amazon Web Services EMEA SARL (AWS) #LU26888617", "Google LLC", "Klarna Bank AB (publ) #556737-0431")
	saveRows(t, db, "/docs/b.txt", "b1",
		"Amazon Web Services Inc (AWS)", "Google Cloud EMEA Limited", "Klarna AB #5567370431")
	saveRows(t, db, "/docs/c.txt", "c1", "AWS", "Google, LLC")
	// An old version's rows belong to no entity.
	saveRows(t, db, "/docs/d.txt", "d1", "Old Name Ltd", "AWS")
	saveRows(t, db, "/docs/d.txt", "d2", "New Name Ltd")

	st, err := db.ResolveEntities(ctx, normalize.Entities)
	if err != nil {
		t.Fatal(err)
	}
	if want := (EntityStats{Rows: 9, Entities: 5, Links: 4}); st != want {
		t.Errorf("ResolveEntities = %+v, want %+v", st, want)
	}
	if n := count(t, db, `SELECT count(*) FROM entity_members`); n != 9 {
		t.Errorf("%d members, want the 9 rows of the newest versions", n)
	}
	if n := count(t, db, `SELECT count(*) FROM entity_members m JOIN subprocessors sp ON sp.id = m.subprocessor_id
		WHERE sp.name = 'Old Name Ltd'`); n != 0 {
		t.Errorf("a row of an old version is a member")
	}

	// The AWS trio across three documents: one entity, linked by the alias.
	aws, name := entityOf(t, db, "/docs/a.txt", "Amazon Web Services EMEA SARL")
	if name != "Amazon Web Services EMEA SARL" {
		t.Errorf("AWS entity named %q, want the longest of three names met once each", name)
	}
	for _, r := range [][2]string{{"/docs/b.txt", "Amazon Web Services Inc"}, {"/docs/c.txt", "AWS"}} {
		if id, _ := entityOf(t, db, r[0], r[1]); id != aws {
			t.Errorf("%s in %s: entity %d, want %d (Amazon Web Services EMEA SARL)", r[1], r[0], id, aws)
		}
	}
	wantAWS := []storedLink{
		{"/docs/a.txt: Amazon Web Services EMEA SARL", "/docs/b.txt: Amazon Web Services Inc", "alias",
			`alias "AWS" of "Amazon Web Services EMEA SARL" = alias "AWS" of "Amazon Web Services Inc" (key "aws")`},
		{"/docs/a.txt: Amazon Web Services EMEA SARL", "/docs/c.txt: AWS", "alias",
			`alias "AWS" of "Amazon Web Services EMEA SARL" = name "AWS" (key "aws")`},
	}
	if got := links(t, db, aws); !reflect.DeepEqual(got, wantAWS) {
		t.Errorf("AWS links:\n got %q\nwant %q", got, wantAWS)
	}

	// Google LLC in two documents is one entity; Google Cloud EMEA Limited,
	// sharing only the first word, is another.
	google, name := entityOf(t, db, "/docs/a.txt", "Google LLC")
	if id, _ := entityOf(t, db, "/docs/c.txt", "Google, LLC"); id != google {
		t.Errorf("Google, LLC: entity %d, want %d (Google LLC)", id, google)
	}
	if id, _ := entityOf(t, db, "/docs/b.txt", "Google Cloud EMEA Limited"); id == google {
		t.Errorf("Google Cloud EMEA Limited is in the entity of Google LLC")
	}
	if got := links(t, db, google); len(got) != 1 || got[0].kind != "name" ||
		got[0].evidence != `name "Google LLC" = name "Google, LLC" (key "google")` {
		t.Errorf("Google links: %q (entity %q)", got, name)
	}

	// The same registration number, spelt two ways, on two names.
	klarna, _ := entityOf(t, db, "/docs/a.txt", "Klarna Bank AB (publ)")
	if id, _ := entityOf(t, db, "/docs/b.txt", "Klarna AB"); id != klarna {
		t.Errorf("Klarna AB: entity %d, want %d (Klarna Bank AB (publ))", id, klarna)
	}
	wantKlarna := []storedLink{{"/docs/a.txt: Klarna Bank AB (publ)", "/docs/b.txt: Klarna AB", "reg_no",
		`registration number 5567370431: "556737-0431" (valid) of "Klarna Bank AB (publ)" = "5567370431" (valid) of "Klarna AB"`}}
	if got := links(t, db, klarna); !reflect.DeepEqual(got, wantKlarna) {
		t.Errorf("Klarna links:\n got %q\nwant %q", got, wantKlarna)
	}

	// Again: the same tables, ids from 1.
	before := dumpEntities(t, db)
	if _, err := db.ResolveEntities(ctx, normalize.Entities); err != nil {
		t.Fatal(err)
	}
	if after := dumpEntities(t, db); after != before {
		t.Errorf("second ResolveEntities changed the tables:\n%s\nwas\n%s", after, before)
	}
}

// dumpEntities prints the entity tables.
func dumpEntities(tb testing.TB, db *DB) string {
	tb.Helper()
	rows, err := db.r.Query(`
		SELECT 'e', id, name, key, '' FROM entities
		UNION ALL SELECT 'm', entity_id, subprocessor_id, '', '' FROM entity_members
		UNION ALL SELECT 'l', entity_id, from_subprocessor_id || '-' || to_subprocessor_id, kind, evidence FROM entity_links
		ORDER BY 1, 2, 3`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var t, a, c, d, e string
		if err := rows.Scan(&t, &a, &c, &d, &e); err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintln(&b, t, a, c, d, e)
	}
	return b.String()
}

func TestResolveEntitiesRejectsBadResolver(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	saveRows(t, db, "/docs/a.txt", "a1", "Alpha AS", "Beta AB")
	if _, err := db.ResolveEntities(ctx, normalize.Entities); err != nil {
		t.Fatal(err)
	}
	before := dumpEntities(t, db)
	bad := map[string]Resolver{
		"drops a row": func(rows []subproc.EntityRow) []subproc.Entity {
			return []subproc.Entity{{Name: rows[0].Name, Members: []int64{rows[0].ID}}}
		},
		"row twice": func(rows []subproc.EntityRow) []subproc.Entity {
			return []subproc.Entity{{Name: "x", Members: []int64{rows[0].ID, rows[1].ID}}, {Name: "y", Members: []int64{rows[1].ID}}}
		},
		"unknown row": func(rows []subproc.EntityRow) []subproc.Entity {
			return []subproc.Entity{{Name: "x", Members: []int64{rows[0].ID, rows[1].ID, 999}}}
		},
		"link across entities": func(rows []subproc.EntityRow) []subproc.Entity {
			return []subproc.Entity{
				{Name: "x", Members: []int64{rows[0].ID}, Links: []subproc.EntityLink{{From: rows[0].ID, To: rows[1].ID, Kind: subproc.LinkName, Evidence: "?"}}},
				{Name: "y", Members: []int64{rows[1].ID}},
			}
		},
	}
	for name, resolve := range bad {
		if _, err := db.ResolveEntities(ctx, resolve); err == nil {
			t.Errorf("%s: no error", name)
		}
		if after := dumpEntities(t, db); after != before {
			t.Errorf("%s: the tables changed:\n%s\nwas\n%s", name, after, before)
		}
	}
}

func TestResolveEntitiesEmpty(t *testing.T) {
	db, _ := openTest(t)
	st, err := db.ResolveEntities(context.Background(), normalize.Entities)
	if err != nil || st != (EntityStats{}) {
		t.Errorf("ResolveEntities on an empty database = %+v, %v", st, err)
	}
}

// BenchmarkResolveEntities resolves 100,000 rows in 1,000 documents.
func BenchmarkResolveEntities(b *testing.B) {
	db, _ := openTest(b)
	ctx := context.Background()
	for d := range 1000 {
		var names []string
		for i := range 100 {
			n := (d*100 + i) % 7919 // about 8,000 companies, each in some 12 documents
			names = append(names, fmt.Sprintf("Company %d Ltd (C%d) #%08d", n, n%3000, 10000000+n))
		}
		saveRows(b, db, fmt.Sprintf("/docs/%04d.txt", d), fmt.Sprint(d), names...)
	}
	b.ResetTimer()
	for b.Loop() {
		st, err := db.ResolveEntities(ctx, normalize.Entities)
		if err != nil || st.Rows != 100000 {
			b.Fatalf("%+v, %v", st, err)
		}
	}
}
