package store

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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

	st, err := db.ResolveEntities(ctx, normalize.NewGrouper())
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
	if _, err := db.ResolveEntities(ctx, normalize.NewGrouper()); err != nil {
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

// badGrouper is a normalize.Grouper whose Members, Emit or Entities goes
// wrong.
type badGrouper struct {
	*normalize.Grouper
	member   func(k *int)                                          // changes what Members gives
	emit     func(r subproc.EntityRow, links []subproc.EntityLink) // changes what Emit returns
	renumber func(k int) int                                       // changes the entities Entities gives; -1 drops one
}

func (g badGrouper) Members(yield func(k int, id int64)) {
	g.Grouper.Members(func(k int, id int64) {
		if g.member != nil {
			g.member(&k)
		}
		yield(k, id)
	})
}

func (g badGrouper) Emit(k int, r subproc.EntityRow) []subproc.EntityLink {
	links := g.Grouper.Emit(k, r)
	if g.emit != nil {
		g.emit(r, links)
	}
	return links
}

func (g badGrouper) Entities(yield func(k int, name, key string)) {
	g.Grouper.Entities(func(k int, name, key string) {
		if g.renumber != nil {
			if k = g.renumber(k); k < 0 {
				return
			}
		}
		yield(k, name, key)
	})
}

func TestResolveEntitiesRejectsBadGrouper(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	saveRows(t, db, "/docs/a.txt", "a1", "Alpha AS", "Beta AB", "Alpha A/S", "Alpha")
	if _, err := db.ResolveEntities(ctx, normalize.NewGrouper()); err != nil {
		t.Fatal(err)
	}
	before := dumpEntities(t, db)
	bad := map[string]badGrouper{
		"a row in no entity":             {member: func(k *int) { *k = -1 }},
		"a row in an entity not started": {member: func(k *int) { *k += 2 }},
		"entities out of order":          {renumber: func(k int) int { return 1 - k }},
		"an entity without a name": {renumber: func(k int) int {
			if k > 0 {
				return -1
			}
			return k
		}},
		"a link of two other rows": {emit: func(r subproc.EntityRow, links []subproc.EntityLink) {
			for n := range links {
				links[n].From, links[n].To = r.ID+1000, r.ID+1001
			}
		}},
		"a link to no row": {emit: func(r subproc.EntityRow, links []subproc.EntityLink) {
			for n := range links {
				links[n].From = r.ID + 1000 // a foreign key, checked at commit
			}
		}},
	}
	for name, g := range bad {
		g.Grouper = normalize.NewGrouper()
		if _, err := db.ResolveEntities(ctx, g); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
		if after := dumpEntities(t, db); after != before {
			t.Errorf("%s: the tables changed:\n%s\nwas\n%s", name, after, before)
		}
	}
	// The failures left nothing behind, not even the temporary table.
	if _, err := db.ResolveEntities(ctx, normalize.NewGrouper()); err != nil {
		t.Errorf("ResolveEntities after the failures: %v", err)
	}
	if after := dumpEntities(t, db); after != before {
		t.Errorf("ResolveEntities after the failures:\n%s\nwant\n%s", after, before)
	}
}

// TestClearTable deletes a table of more rows than clearChunk.
func TestClearTable(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []string{`CREATE TEMP TABLE t (x INTEGER)`, `CREATE INDEX temp.t_x ON t (x)`,
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
			INSERT INTO t SELECT i %% 7 FROM n`, 2*clearChunk+3)} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := clearTable(ctx, tx, "temp.t"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows left, %v", n, err)
	}
}

func TestResolveEntitiesEmpty(t *testing.T) {
	db, _ := openTest(t)
	st, err := db.ResolveEntities(context.Background(), normalize.NewGrouper())
	if err != nil || st != (EntityStats{}) {
		t.Errorf("ResolveEntities on an empty database = %+v, %v", st, err)
	}
}

// BenchmarkResolveEntities resolves 100,000 rows in 1,000 documents.
func BenchmarkResolveEntities(b *testing.B) {
	db := entityBenchDB(b, 1000)
	ctx := context.Background()
	for b.Loop() {
		st, err := db.ResolveEntities(ctx, normalize.NewGrouper())
		if err != nil || st.Rows != 100000 {
			b.Fatalf("%+v, %v", st, err)
		}
	}
}

// entityBenchDB is a database of docs documents of 100 rows each: some
// 8,000 companies, each in some docs/80 documents, with aliases and numbers.
func entityBenchDB(b *testing.B, docs int) *DB {
	db, _ := openTest(b)
	for d := range docs {
		var names []string
		for i := range 100 {
			n := (d*100 + i) % 7919 // about 8,000 companies
			names = append(names, fmt.Sprintf("Company %d Ltd (C%d) #%08d", n, n%3000, 10000000+n))
		}
		saveRows(b, db, fmt.Sprintf("/docs/%05d.txt", d), fmt.Sprint(d), names...)
	}
	return db
}

// BenchmarkResolveEntitiesPeak resolves 100,000 and 500,000 rows and
// reports the CPU time of the process (cpu-s/op), the peak of the heap in
// use above what it was before the call (peak-heap-MB, sampled every 2ms)
// and the growth of the peak RSS of the process (peak-rss-MB, VmHWM of
// /proc/self/status reset before the call).
func BenchmarkResolveEntitiesPeak(b *testing.B) {
	for _, docs := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("rows=%d", docs*100), func(b *testing.B) {
			db := entityBenchDB(b, docs)
			ctx := context.Background()
			var heap, rss float64
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				debug.FreeOSMemory()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				base := ms.HeapInuse
				rss0 := procStatusKB(b, "VmRSS")
				if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
					b.Skipf("cannot reset the peak RSS: %v", err)
				}
				stop := make(chan struct{})
				peak := make(chan uint64)
				go func() {
					top := base
					t := time.NewTicker(2 * time.Millisecond)
					defer t.Stop()
					for {
						var ms runtime.MemStats
						runtime.ReadMemStats(&ms)
						top = max(top, ms.HeapInuse)
						select {
						case <-stop:
							peak <- top
							return
						case <-t.C:
						}
					}
				}()
				cpu0 := cpuTime()
				b.StartTimer()
				st, err := db.ResolveEntities(ctx, normalize.NewGrouper())
				b.StopTimer()
				cpu += cpuTime() - cpu0
				close(stop)
				top := <-peak
				if err != nil || st.Rows != docs*100 {
					b.Fatalf("%+v, %v", st, err)
				}
				heap = max(heap, float64(top-base)/(1<<20))
				rss = max(rss, float64(procStatusKB(b, "VmHWM")-rss0)/1024)
				b.StartTimer()
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(heap, "peak-heap-MB")
			b.ReportMetric(rss, "peak-rss-MB")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system: the
// benchmarks share the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procStatusKB reads a field in kB of /proc/self/status.
func procStatusKB(tb testing.TB, field string) uint64 {
	tb.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Skipf("no /proc/self/status: %v", err)
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				tb.Fatalf("%s: %v", line, err)
			}
			return n
		}
	}
	tb.Skipf("no %s in /proc/self/status", field)
	return 0
}

var aliasTests = []string{`[]`, `[""]`, `["AWS"]`, `["AWS","Amazon"]`, `["a","","b"]`, `["Ørsted","L'Oréal"]`,
	`["a\"b"]`, `["a\\b","c"]`, `["\u003cb\u003e"]`, `["a", "b"]`, `[ "a" ]`, `[ ]`, `["\t"]`, "[\"\x01\"]", "[\"\xff\"]",
	`["a","b`, `["]`, `[`, `"a"`, `[1]`, `["a",1]`, `null`}

// TestDecodeAliases checks decodeAliases against encoding/json.
func TestDecodeAliases(t *testing.T) {
	for _, s := range aliasTests {
		checkDecodeAliases(t, s)
	}
}

func FuzzDecodeAliases(f *testing.F) {
	for _, s := range aliasTests {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkDecodeAliases(t, s) })
}

func checkDecodeAliases(t *testing.T, s string) {
	t.Helper()
	got, err := decodeAliases(s)
	var want []string
	wantErr := json.Unmarshal([]byte(s), &want)
	if s == "[]" {
		want = nil
	}
	if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) {
		t.Errorf("decodeAliases(%q) = %q, %v; want %q, %v (encoding/json)", s, got, err, want, wantErr)
	}
}
