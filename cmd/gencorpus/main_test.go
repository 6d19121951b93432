package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestWritesCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	code, out, errs := runArgs(t, "-n", "30", "-seed", "4", "-o", dir, "-formats", "txt,pdf", "-languages", "nb,pl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "wrote 30 documents (2 without a list)") || !strings.Contains(out, "txt ") || !strings.Contains(out, "pdf ") {
		t.Errorf("summary: %q", out)
	}
	docs, _ := os.ReadDir(filepath.Join(dir, "docs"))
	golds, _ := os.ReadDir(filepath.Join(dir, "gold"))
	if len(docs) != 30 || len(golds) != 30 {
		t.Fatalf("%d documents and %d gold files, want 30 each", len(docs), len(golds))
	}
	for _, d := range docs {
		if _, err := os.Stat(filepath.Join(dir, "gold", d.Name()+".json")); err != nil {
			t.Errorf("%s has no gold file", d.Name())
		}
		if !strings.Contains(d.Name(), "-nb-") && !strings.Contains(d.Name(), "-pl-") {
			t.Errorf("%s: not a selected language", d.Name())
		}
	}

	// A second run into the same folder is refused, then allowed with -force.
	code, _, errs = runArgs(t, "-n", "5", "-o", dir)
	if code != 1 || !strings.Contains(errs, "is not empty") || !strings.Contains(errs, "-force") {
		t.Errorf("non-empty folder: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runArgs(t, "-n", "5", "-o", dir, "-force")
	if code != 0 {
		t.Fatalf("-force: exit %d: %s", code, errs)
	}
	docs, _ = os.ReadDir(filepath.Join(dir, "docs"))
	if len(docs) != 5 {
		t.Errorf("-force left %d documents, want the 5 of the new run", len(docs))
	}
}

func TestFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-n", "3"}, "missing -o DIR"},
		{[]string{"-o", t.TempDir(), "-languages", "da,xx"}, `-languages: unknown language "xx"`},
		{[]string{"-o", t.TempDir(), "-formats", "docx"}, `-formats: unknown format "docx"`},
		{[]string{"-o", t.TempDir(), "-layouts", "grid"}, `-layouts: unknown layout "grid"`},
		{[]string{"-o", t.TempDir(), "-n", "-2"}, "cannot be negative"},
		{[]string{"-o", t.TempDir(), "extra"}, "unexpected argument"},
	} {
		code, _, errs := runArgs(t, tc.args...)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", tc.args, code, errs, tc.want)
		}
	}
	code, _, errs := runArgs(t, "-h")
	if code != 0 || !strings.Contains(errs, "usage: gencorpus") || !strings.Contains(errs, "exit codes") || !strings.Contains(errs, "672") {
		t.Errorf("-h: exit %d, %q", code, errs)
	}
}
