package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "folder.db"), 0o755)
	os.WriteFile(filepath.Join(dir, "notes.db"), []byte("these are my notes, not a database\n"), 0o644)
	tests := []struct {
		args   []string
		code   int
		stderr string // a part of stderr
		stdout string // a part of stdout
	}{
		{args: nil, code: 1, stderr: "no command given"},
		{args: []string{"frobnicate"}, code: 1, stderr: `unknown command "frobnicate"`},
		{args: []string{"ingest", "--bogus", seedsDir}, code: 1, stderr: "-bogus"},
		{args: []string{"ingest", "--workers", "-1", seedsDir}, code: 1, stderr: "--workers"},
		{args: []string{"ingest", "--quiet", "--json", seedsDir}, code: 1, stderr: "--quiet and --json"},
		{args: []string{"ingest"}, code: 1, stderr: "no files or folders"},
		{args: []string{"ingest", "--db", "folder.db", seedsDir}, code: 1, stderr: "folder.db is a directory"},
		{args: []string{"ingest", "--db", "notes.db", seedsDir}, code: 1, stderr: "notes.db is not a subproc database"},
		{args: []string{"ingest", "--db", filepath.Join("missing", "x.db"), seedsDir}, code: 1, stderr: filepath.Join("missing", "x.db")},
		{args: []string{"ingest", "--db", "x.db", "no-such-folder"}, code: 3, stderr: "error: no-such-folder: list:"},
		{args: []string{"extract"}, code: 1, stderr: "no files"},
		{args: []string{"eval", goldDir}, code: 1, stderr: "want 2 folders"},
		{args: []string{"eval", "--docs", seedsDir, goldDir, goldDir}, code: 1, stderr: "want 1 folders"},
		{args: []string{"eval", "no-such-gold", goldDir}, code: 1, stderr: "no-such-gold is not a folder"},
		{args: []string{"eval", goldDir, "no-such-pred"}, code: 1, stderr: "no-such-pred is not a folder"},
		{args: []string{"ingest", "--help"}, code: 0, stdout: "Exit codes:"},
		{args: []string{"extract", "-h"}, code: 0, stdout: "Exit codes:"},
		{args: []string{"eval", "--help"}, code: 0, stdout: "Exit codes:"},
		{args: []string{"help", "ingest"}, code: 0, stdout: "--workers N"},
		{args: []string{"help"}, code: 0, stdout: "130"},
		{args: []string{"version"}, code: 0, stdout: "subproc "},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			res := run(t, dir, tt.args...)
			if res.code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", res.code, tt.code, res.stderr)
			}
			if !strings.Contains(res.stderr, tt.stderr) || !strings.Contains(res.stdout, tt.stdout) {
				t.Errorf("want stderr with %q and stdout with %q; got stderr:\n%s\nstdout:\n%s",
					tt.stderr, tt.stdout, res.stderr, res.stdout)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "subproc.db")); err == nil {
		t.Errorf("a failed command created subproc.db")
	}
}
