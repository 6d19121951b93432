package main

import (
	"bufio"
	"context"
	"database/sql"
	binenc "encoding/binary"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// The bad-input table of the README's Troubleshooting section, case by case:
// one ingest of a tree holding the seeds and one bad file per case. Each bad
// file gets its status and a message that says what to do; the run goes on
// and every good document of the same run is stored with its rows.

// badCase is one file of the tree and the outcome it must have.
type badCase struct {
	name     string                          // case, as in the README table
	file     string                          // path in the tree
	make     func(t *testing.T, path string) // writes the file
	status   []string                        // allowed statuses
	msg      string                          // regexp the error (or the skip line) must match; "" for ok/no_list
	rows     int                             // rows wanted when status is ok; -1: any
	within   time.Duration                   // the document must be done this fast; 0: no check
	listOnly bool                            // a walk problem: reported, counted as failed, not stored
}

// docEventJSON is a "document" event of ingest --json.
type docEventJSON struct {
	Event     string `json:"event"`
	Path      string `json:"path"`
	Status    string `json:"status"`
	Rows      int    `json:"rows"`
	SHA256    string `json:"sha256"`
	Stage     string `json:"stage"`
	Error     string `json:"error"`
	Hint      string `json:"hint"`
	ElapsedMS int64  `json:"elapsed_ms"`
}

var hostileDir = filepath.Join("..", "..", "testdata", "renditions", "hostile")

func TestBadInput(t *testing.T) {
	gold := goldRows(t)
	seedText := func(prefix string) []byte {
		b, err := os.ReadFile(seed(t, prefix))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	seedRows := func(prefix string) int { return gold[filepath.Base(seed(t, prefix))] }
	write := func(b []byte) func(*testing.T, string) {
		return func(t *testing.T, path string) {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	hostile := func(name string) func(*testing.T, string) {
		return func(t *testing.T, path string) { copyFile(t, filepath.Join(hostileDir, name), path) }
	}
	junk := make([]byte, 64<<10)
	rand.New(rand.NewSource(1)).Read(junk)
	junk[0] = 0x00 // not a PDF, HTML or text header
	utf16le := func(s []byte, bom bool) []byte {
		var out []byte
		if bom {
			out = append(out, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(string(s))) {
			out = binenc.LittleEndian.AppendUint16(out, u)
		}
		return out
	}
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes(seedText("000"))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(cp1252) {
		t.Fatal("the Windows-1252 copy of seed 000 is valid UTF-8: pick a seed with æ, ø or å")
	}
	// Valid UTF-8 with stray bytes that are not: a file cut and pasted together.
	badUTF8 := append([]byte("Broken bytes: \x80\x9d\xc3\x28\xff\n"), seedText("002")...)
	longLine := []byte(strings.Repeat("lorem ipsum dolor ", 1<<20/18))
	nested := []byte("<html><body>" + strings.Repeat("<div>", 10000) + "Sub-processors" + strings.Repeat("</div>", 10000) + "</body></html>")
	var table strings.Builder
	table.WriteString("<html><body><h1>Sub-processors</h1><table>")
	for i := range 20000 {
		table.WriteString("<tr><td>Vendor ")
		table.WriteString(strings.Repeat("x", i%7))
		table.WriteString("</td><td>Hosting</td><td>Norway</td><td>EU</td></tr>")
	}
	table.WriteString("</table></body></html>")

	cases := []badCase{
		{name: "zero-byte file", file: "bad/empty.txt", make: write(nil),
			status: []string{"failed"}, msg: `empty file.*saved or downloaded completely`},
		{name: "binary junk named .txt", file: "bad/junk.txt", make: write(junk),
			status: []string{"failed"}, msg: `binary content, not text`},
		{name: "binary junk named .pdf", file: "bad/junk.pdf", make: write(junk),
			status: []string{"failed"}, msg: `malformed PDF.*print it to a new PDF`},
		{name: "binary junk named .html", file: "bad/junk.html", make: write(junk),
			status: []string{"failed"}, msg: `binary content, not text`},
		{name: "Windows-1252 text", file: "enc/cp1252.txt", make: write(cp1252),
			status: []string{"ok"}, rows: seedRows("000")},
		{name: "invalid UTF-8", file: "enc/bad-utf8.txt", make: write(badUTF8),
			status: []string{"ok"}, rows: seedRows("002")},
		{name: "UTF-16 with BOM", file: "enc/utf16-bom.txt", make: write(utf16le(seedText("001"), true)),
			status: []string{"ok"}, rows: seedRows("001")},
		{name: "UTF-16 without BOM", file: "enc/utf16-nobom.txt", make: write(utf16le(seedText("001"), false)),
			status: []string{"ok"}, rows: seedRows("001")},
		{name: "1 MB line, no newline", file: "big/longline.txt", make: write(longLine),
			status: []string{"ok", "no_list", "failed"}, rows: -1, within: 10 * time.Second},
		{name: "HTML nested 10,000 levels", file: "big/nested.html", make: write(nested),
			status: []string{"ok", "no_list", "failed"}, rows: -1, within: 10 * time.Second},
		{name: "HTML table of 20,000 rows", file: "big/table.html", make: write([]byte(table.String())),
			status: []string{"ok", "no_list", "failed"}, rows: -1, within: 10 * time.Second},
		{name: "truncated PDF", file: "pdf/truncated.pdf", make: hostile("truncated_40.pdf"),
			status: []string{"failed"}, msg: `malformed PDF`},
		{name: "encrypted PDF", file: "pdf/encrypted.pdf", make: hostile("encrypted_user_password.pdf"),
			status: []string{"failed"}, msg: `encrypted: the document needs a password`},
		{name: "image-only PDF", file: "pdf/scan.pdf", make: hostile("image_only_scan.pdf"),
			status: []string{"failed"}, msg: `no text layer \(scanned document; OCR not supported\)`},
		{name: "cyclic page tree PDF", file: "pdf/cyclic.pdf", make: hostile("cyclic_kids_pair.pdf"),
			status: []string{"failed"}, msg: `malformed PDF`},
		{name: "compression bomb (nested filters)", file: "pdf/bomb-nested.pdf", make: hostile("flate_bomb_nested.pdf"),
			status: []string{"failed"}, msg: `malformed PDF`, within: 10 * time.Second},
		{name: "compression bomb (one stream 80 times)", file: "pdf/bomb-refs.pdf", make: hostile("flate_bomb_refs.pdf"),
			status: []string{"failed"}, msg: `malformed PDF`, within: 10 * time.Second},
		{name: "duplicate file under another name", file: "dup/copy-of-003.txt", make: write(seedText("003")),
			status: []string{"ok"}, rows: seedRows("003")},
	}

	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	for _, s := range []string{"000", "001", "002", "003", "004"} {
		dst := filepath.Join(tree, "good", filepath.Base(seed(t, s)))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		copyFile(t, seed(t, s), dst)
	}
	for _, c := range cases {
		p := filepath.Join(tree, c.file)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		c.make(t, p)
	}
	// A symlink loop: loop/up points back at the tree's root.
	os.MkdirAll(filepath.Join(tree, "loop"), 0o755)
	if err := os.Symlink("..", filepath.Join(tree, "loop", "up")); err != nil {
		t.Fatal(err)
	}

	if os.Geteuid() != 0 {
		// A file that cannot be opened: a failure at stage read, stored.
		p := filepath.Join(tree, "bad", "unreadable.txt")
		copyFile(t, seed(t, "000"), p)
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, badCase{name: "unreadable file", file: "bad/unreadable.txt",
			status: []string{"failed"}, msg: `permission denied.*check the permissions`})
	}

	start := time.Now()
	res := run(t, dir, "ingest", "--json", "--db", "bad.db", tree)
	t.Logf("ingest took %s", time.Since(start))
	if res.code != 3 {
		t.Errorf("exit code %d, want 3 (some documents failed)\nstderr:\n%s", res.code, res.stderr)
	}
	events := make(map[string]docEventJSON)
	sc := bufio.NewScanner(strings.NewReader(res.stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev docEventJSON
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("stdout line %q: %v", sc.Text(), err)
		}
		if ev.Event == "document" {
			events[ev.Path] = ev
		}
	}
	db := openDB(t, filepath.Join(dir, "bad.db"))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(tree, c.file)
			ev, ok := events[path]
			if !ok {
				t.Fatalf("no document event for %s", c.file)
			}
			t.Logf("%s: %s, %d rows, %s %q (%s), %d ms", c.file, ev.Status, ev.Rows, ev.Stage, ev.Error, ev.Hint, ev.ElapsedMS)
			if !slices.Contains(c.status, ev.Status) {
				t.Errorf("status %s, want one of %v (error %q)", ev.Status, c.status, ev.Error)
			}
			if c.within > 0 && time.Duration(ev.ElapsedMS)*time.Millisecond > c.within {
				t.Errorf("took %d ms, want at most %s", ev.ElapsedMS, c.within)
			}
			switch ev.Status {
			case "failed":
				// The message says what happened and what to do.
				if msg := ev.Error + " (" + ev.Hint + ")"; c.msg == "" || !regexp.MustCompile(c.msg).MatchString(msg) {
					t.Errorf("error and hint %q, want them to match %q", msg, c.msg)
				}
				if ev.Hint == "" || ev.Stage == "" {
					t.Errorf("stage %q hint %q: want both, the hint saying what to do", ev.Stage, ev.Hint)
				}
				if !strings.Contains(res.stderr, c.file+": "+ev.Stage+": "+ev.Error) {
					t.Errorf("stderr has no line for %s", c.file)
				}
				// Stored as failed, with its stage and reason, and no rows.
				if c.listOnly {
					break
				}
				if n := count(t, db, `SELECT count(*) FROM latest_documents WHERE path = ? AND status = 'failed'
					AND stage = ? AND error LIKE '%' || ? || '%'`, path, ev.Stage, ev.Error); n != 1 {
					t.Errorf("not stored as failed at stage %s with its error", ev.Stage)
				}
			case "ok":
				if c.rows >= 0 && ev.Rows != c.rows {
					t.Errorf("%d rows, want %d", ev.Rows, c.rows)
				}
			}
			if ev.Status == "ok" || ev.Status == "no_list" {
				if n := count(t, db, `SELECT count(*) FROM subprocessors sp JOIN latest_documents ld
					ON sp.document_id = ld.id WHERE ld.path = ? AND ld.status = ?`, path, ev.Status); n != ev.Rows {
					t.Errorf("%d rows stored, the event says %d", n, ev.Rows)
				}
			}
		})
	}

	// Every good document of the same run is stored with all its rows.
	for _, s := range []string{"000", "001", "002", "003", "004"} {
		name := filepath.Base(seed(t, s))
		path := filepath.Join(tree, "good", name)
		if n := count(t, db, `SELECT count(*) FROM subprocessors sp JOIN latest_documents ld
			ON sp.document_id = ld.id WHERE ld.path = ? AND ld.status = 'ok'`, path); n != gold[name] {
			t.Errorf("good document %s: %d rows stored, want %d", name, n, gold[name])
		}
	}
	// The duplicate is a document of its own: same SHA-256, both stored.
	dupPath := filepath.Join(tree, "dup", "copy-of-003.txt")
	origPath := filepath.Join(tree, "good", filepath.Base(seed(t, "003")))
	if n := count(t, db, `SELECT count(DISTINCT path) FROM latest_documents WHERE path IN (?, ?)
		AND sha256 = (SELECT sha256 FROM latest_documents WHERE path = ?)`, dupPath, origPath, origPath); n != 2 {
		t.Errorf("duplicate files: %d stored with the same SHA-256, want 2", n)
	}
	// The symlink loop is walked once: nothing is reached through loop/up,
	// and every file of the tree is one document (events and rows in documents).
	want := 5 + len(cases)
	if len(events) != want {
		t.Errorf("%d document events, want %d (one per file)", len(events), want)
	}
	for p := range events {
		if strings.Contains(p, filepath.Join("loop", "up")) {
			t.Errorf("%s reached through the symlink loop", p)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != want {
		t.Errorf("%d documents stored, want %d", n, want)
	}
	if n := count(t, db, `SELECT count(*) FROM documents WHERE status = 'ok' AND row_count !=
		(SELECT count(*) FROM subprocessors sp WHERE sp.document_id = documents.id)`); n != 0 {
		t.Errorf("%d documents whose row_count is not their rows: the database is inconsistent", n)
	}
	if os.Geteuid() == 0 {
		t.Log("unreadable file: tested as user nobody by TestUnreadableInput")
	}
	t.Log("file over the size limit: tested by TestIngestMaxSize (ingest --max-size)")
}

// TestBadInputDatabase: a database ingest cannot write stops the run with exit
// code 1 and a message saying what to do, or fails each document clearly.
func TestBadInputDatabase(t *testing.T) {
	t.Run("read-only", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("not tested as root: root writes read-only files")
		}
		dir := t.TempDir()
		mustRun(t, dir, 0, "ingest", "--quiet", seed(t, "000"))
		if err := os.Chmod(filepath.Join(dir, "subproc.db"), 0o444); err != nil {
			t.Fatal(err)
		}
		res := mustRun(t, dir, 1, "ingest", "--quiet", seed(t, "001"))
		if !strings.Contains(res.stderr, "subproc.db is read-only") || !strings.Contains(res.stderr, "writable") {
			t.Errorf("stderr %q, want it to say the database is read-only and to make it writable", res.stderr)
		}
	})
	t.Run("locked by another process", func(t *testing.T) {
		dir := t.TempDir()
		dbPath := filepath.Join(dir, "subproc.db")
		mustRun(t, dir, 0, "ingest", "--quiet", seed(t, "000"))
		db, err := sql.Open("sqlite3", "file:"+dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "ROLLBACK")
		start := time.Now()
		res := run(t, dir, "ingest", "--json", seed(t, "001"))
		took := time.Since(start)
		t.Logf("exit %d after %s; stderr:\n%s", res.code, took, res.stderr)
		// It waits the busy timeout (5 s), then stops with exit code 1,
		// naming the file, the cause and what to do; nothing is written.
		if res.code != 1 {
			t.Errorf("exit code %d, want 1", res.code)
		}
		for _, want := range []string{"subproc.db is locked", "database is locked", "hint: wait until the other process is done"} {
			if !strings.Contains(res.stderr, want) {
				t.Errorf("stderr %q, want it to say %q", res.stderr, want)
			}
		}
		if took > 15*time.Second {
			t.Errorf("took %s, want about the 5 s busy timeout", took)
		}
	})
}
