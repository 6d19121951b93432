package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "list.md")
	if err := os.WriteFile(p, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := Read(p, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// sha256("abc")
	const want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if doc.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", doc.SHA256, want)
	}
	if doc.Path != p || doc.Size != 3 || string(doc.Raw) != "abc" || doc.Format != subproc.FormatMarkdown || doc.ModTime.IsZero() {
		t.Errorf("Read = %+v", doc)
	}
	if err := Decode(doc); err != nil || doc.Text != "abc" {
		t.Errorf("Decode after Read = %q, %v", doc.Text, err)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 2048)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		opt     ReadOptions
		wantErr string
		is      error
	}{
		{big, ReadOptions{MaxSize: 1024}, "read " + big + ": file is 2.0 KiB, larger than the 1.0 KiB limit (", nil},
		{filepath.Join(dir, "nope.txt"), ReadOptions{}, "read " + filepath.Join(dir, "nope.txt") + ": no such file or directory (check the path)", fs.ErrNotExist},
		{dir, ReadOptions{}, "is a folder", nil},
	}
	for _, tt := range tests {
		_, err := Read(tt.path, tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Read(%s) error = %v, want one containing %q", tt.path, err, tt.wantErr)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Stage != "read" {
			t.Errorf("Read(%s) error %v is not a read *Error", tt.path, err)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("Read(%s) error %v does not wrap %v", tt.path, err, tt.is)
		}
	}
	if _, err := Read(big, ReadOptions{MaxSize: 2048}); err != nil {
		t.Errorf("Read at exactly MaxSize: %v", err)
	}
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {DefaultMaxSize, "64.0 MiB"}, {3 << 30, "3.0 GiB"}}
	for _, tt := range tests {
		if got := byteSize(tt.n); got != tt.want {
			t.Errorf("byteSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
