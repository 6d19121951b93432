package main

import (
	"path/filepath"
	"strings"
	"testing"
)

var pdfSamplesDir = filepath.Join("..", "..", "testdata", "pdf-samples")

// TestIngestPDFs runs PDFs through the real binary: its worker processes
// read them (the pdfium fallback the ones the first reader refuses), rows
// keep their page, and a file that kills an unguarded reader or needs a
// password fails alone with a clear reason.
func TestIngestPDFs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"chromium_seed003_table.pdf", "libreoffice_seed003_table.pdf",
		"enc_aes256_empty_userpw.pdf", "crafted_huge_xref_index.pdf", "enc_aes128_userpw_secret.pdf",
		"crafted_type0_no_tounicode.pdf"} {
		copyFile(t, filepath.Join(pdfSamplesDir, name), filepath.Join(dir, name))
	}
	res := run(t, dir, "ingest", "--workers", "2", ".")
	if res.code != 3 {
		t.Fatalf("exit code %d, want 3 (some documents failed)\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	for _, want := range []string{
		"enc_aes128_userpw_secret.pdf: decode: encrypted: the document needs a password",
		"crafted_type0_no_tounicode.pdf: decode: unreadable font encoding",
	} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	db := openDB(t, filepath.Join(dir, "subproc.db"))
	for _, name := range []string{"chromium_seed003_table.pdf", "libreoffice_seed003_table.pdf", "enc_aes256_empty_userpw.pdf"} {
		rows := count(t, db, `SELECT count(*) FROM subprocessors sp JOIN latest_documents ld ON sp.document_id = ld.id
			WHERE ld.path LIKE ?`, "%/"+name)
		paged := count(t, db, `SELECT count(*) FROM subprocessors sp JOIN latest_documents ld ON sp.document_id = ld.id
			WHERE ld.path LIKE ? AND sp.page >= 1`, "%/"+name)
		if rows == 0 || paged != rows {
			t.Errorf("%s: %d rows, %d with a page; want rows, all with their page", name, rows, paged)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM latest_documents WHERE path LIKE '%crafted_huge_xref_index.pdf' AND status = 'no_list'`); n != 1 {
		t.Errorf("crafted_huge_xref_index.pdf: not read (want status no_list: its text has no list)")
	}
}
