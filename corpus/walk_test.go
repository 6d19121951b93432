package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/subproc/subproc"
)

// writeTree creates files under dir from a map of slash-separated paths to contents.
func writeTree(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// relFiles returns the listing's file paths relative to dir, slash-separated.
func relFiles(tb testing.TB, dir string, l *Listing) []string {
	tb.Helper()
	var out []string
	for _, f := range l.Files {
		r, err := filepath.Rel(dir, f.Path)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"b.txt":                 "bravo",
		"a.md":                  "# alpha",
		"README":                "plain text without extension",
		"nested/deeper/c.rst":   "charlie\n=======",
		"nested/d.TXT":          "delta",
		"nested/junk.txt":       "\x00\x01\x02\x03\x00\x00\x00\x00", // kept: Decode says why it fails
		".hidden.txt":           "hidden file",
		".git/config":           "hidden folder",
		".git/objects/x.txt":    "inside a hidden folder: not counted",
		"nested/.DS_Store":      "hidden file",
		"page.html":             "<!DOCTYPE html><html>",
		"dpa.pdf":               "%PDF-1.7\n",
		"disguised.txt":         "%PDF-1.4\n",
		"sheet.csv":             "a,b",
		"image.png":             "\x89PNG\r\n\x1a\n\x00\x00",
		"nested/deeper/e.text":  "echo",
		"nested/deeper/f.md":    "foxtrot",
		"nested/deeper/g.mdown": "unknown extension",
	})
	// A symlink loop: nested/deeper/up points back at nested.
	if err := os.Symlink(filepath.Join(dir, "nested"), filepath.Join(dir, "nested", "deeper", "up")); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
	// A second route to a folder already walked, and a broken symlink.
	if err := os.Symlink(filepath.Join(dir, "nested", "deeper"), filepath.Join(dir, "z-shortcut")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}

	done := make(chan struct{})
	var l *Listing
	var err error
	go func() {
		defer close(done)
		l, err = Walk([]string{dir, filepath.Join(dir, "b.txt"), filepath.Join(dir, "missing")})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Walk did not return: symlink loop?")
	}
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}

	want := []string{"README", "a.md", "b.txt", "disguised.txt", "dpa.pdf", "nested/d.TXT", "nested/deeper/c.rst",
		"nested/deeper/e.text", "nested/deeper/f.md", "nested/junk.txt", "page.html"}
	if got := relFiles(t, dir, l); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Files = %q, want %q", got, want)
	}
	if l.Hidden != 3 {
		t.Errorf("Hidden = %d, want 3 (.hidden.txt, .git, nested/.DS_Store)", l.Hidden)
	}
	// sheet.csv, image.png, g.mdown.
	if l.Unsupported != 3 {
		t.Errorf("Unsupported = %d, want 3", l.Unsupported)
	}
	var bytes int64
	for _, f := range l.Files {
		bytes += f.Size
	}
	if l.Bytes != bytes || bytes == 0 {
		t.Errorf("Bytes = %d, want %d", l.Bytes, bytes)
	}
	for _, f := range l.Files {
		want := map[string]subproc.Format{".md": subproc.FormatMarkdown, ".rst": subproc.FormatRST,
			".html": subproc.FormatHTML, ".pdf": subproc.FormatPDF}[filepath.Ext(f.Path)]
		if filepath.Base(f.Path) == "disguised.txt" {
			want = subproc.FormatPDF // by content
		}
		if want == "" {
			want = subproc.FormatText
		}
		if f.Format != want {
			t.Errorf("%s: Format = %q, want %q", f.Path, f.Format, want)
		}
	}

	problems := map[string]error{}
	for _, p := range l.Problems {
		problems[filepath.Base(p.Path)] = p.Err
	}
	if len(problems) != 2 || problems["missing"] == nil || problems["broken.txt"] == nil {
		t.Fatalf("Problems = %v, want missing and broken.txt", l.Problems)
	}
	if err := problems["missing"]; !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "list ") {
		t.Errorf("missing path problem = %v, want a list error wrapping fs.ErrNotExist", err)
	}
}

func TestWalkExplicitHiddenFile(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{".notes.txt": "asked for by name"})
	l, err := Walk([]string{filepath.Join(dir, ".notes.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Files) != 1 || l.Hidden != 0 {
		t.Errorf("Walk(.notes.txt) = %d files, %d hidden; want 1, 0", len(l.Files), l.Hidden)
	}
}

func TestWalkUnreadableFolder(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs a non-root Unix user: root reads any folder")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"ok.txt": "ok", "locked/x.txt": "x"})
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	l, err := Walk([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Files) != 1 || len(l.Problems) != 1 || l.Problems[0].Path != locked {
		t.Errorf("Walk = %d files, problems %v; want ok.txt and a problem for locked", len(l.Files), l.Problems)
	}
}

func TestWalkNoPaths(t *testing.T) {
	if _, err := Walk(nil); err == nil {
		t.Error("Walk(nil) succeeded, want an error")
	}
}
