package main

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// diskFullDocs is how many documents TestDiskFull ingests: distinct copies
// of the seeds, whose database (with its -wal file) outgrows diskFullSize.
const (
	diskFullDocs = 25
	diskFullSize = "1m"
)

// revisedSeeds writes n distinct documents into a new folder of dir and
// returns it: the seeds in turn, each copy with a line of its own at the end
// (so with a SHA-256 of its own) and the rows of its seed.
func revisedSeeds(t testing.TB, dir string, n int) string {
	t.Helper()
	out := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds in %s: %v", seedsDir, err)
	}
	for i := range n {
		s := seeds[i%len(seeds)]
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		b = fmt.Appendf(b, "\nRevision %d.\n", i/len(seeds)+1)
		name := fmt.Sprintf("%s-r%d.txt", strings.TrimSuffix(filepath.Base(s), ".txt"), i/len(seeds)+1)
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// mountTmpfs mounts a tmpfs of size (mount's size= option) on a new folder
// of dir, unmounted when the test ends, or skips the test when it cannot.
func mountTmpfs(t *testing.T, dir, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs to fill needs root")
	}
	mnt := filepath.Join(dir, "disk")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
		}
	})
	return mnt
}

// TestDiskFull ingests into a database on a disk too small for it. The run
// stops with exit code 1 and a message naming the database and the document,
// saying the disk is full and what to do; what was stored is consistent and
// every document in it whole. With more room the same command completes the
// rest to what a run on a large disk stores.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	mnt := mountTmpfs(t, dir, diskFullSize)
	corpus := revisedSeeds(t, dir, diskFullDocs)

	refDB := filepath.Join(dir, "ref.db")
	mustRun(t, dir, 0, "ingest", "--quiet", "--db", refDB, corpus)
	ref := checkDB(t, refDB)
	if len(ref.docs) != diskFullDocs {
		t.Fatalf("reference: %d documents stored, want %d", len(ref.docs), diskFullDocs)
	}

	db := filepath.Join(mnt, "subproc.db")
	res := run(t, dir, "ingest", "--db", db, corpus)
	t.Logf("exit %d; stdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	if res.code != 1 {
		t.Fatalf("exit code %d on a full disk, want 1", res.code)
	}
	for _, want := range []string{
		"subproc: cannot store " + corpus + string(filepath.Separator),
		" in database " + db + ": the disk is full (database or disk is full)",
		"hint: free space on the disk of " + db,
		"run the same command again: the documents stored so far are complete",
	} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr does not say %q", want)
		}
	}
	for _, name := range []string{"subproc.db-wal", "subproc.db-shm"} {
		if fi, err := os.Stat(filepath.Join(mnt, name)); err == nil {
			t.Logf("%s: %d bytes", name, fi.Size())
		}
	}

	// What was stored is whole: each document as the reference has it.
	got := checkDB(t, db)
	if len(got.docs) == 0 || len(got.docs) == diskFullDocs {
		t.Fatalf("%d of %d documents stored before the disk was full: resize diskFullSize or diskFullDocs so it fills midway",
			len(got.docs), diskFullDocs)
	}
	for p, d := range got.docs {
		if d != ref.docs[p] {
			t.Errorf("%s stored as %+v, want %+v", filepath.Base(p), d, ref.docs[p])
		}
	}
	t.Logf("disk full after %d of %d documents, %d rows", len(got.docs), diskFullDocs, got.rows)

	// More room: the same command stores the rest.
	if out, err := exec.Command("mount", "-o", "remount,size=32m", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount %s bigger: %v: %s", mnt, err, out)
	}
	res = mustRun(t, dir, 0, "ingest", "--db", db, corpus)
	summary := strings.Join(strings.Fields(res.stdout), " ")
	if want := fmt.Sprintf("unchanged %d", len(got.docs)); !strings.Contains(summary, want) {
		t.Errorf("the second run does not skip the %d stored documents as unchanged:\n%s", len(got.docs), res.stdout)
	}
	// The run closed the database cleanly: the -wal file was checkpointed
	// into it and removed.
	if _, err := os.Stat(db + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s-wal is left after a clean run: %v", db, err)
	}
	got = checkDB(t, db)
	if !maps.Equal(got.docs, ref.docs) {
		t.Errorf("after the second run the documents differ from the reference:\n%s", docsDiff(got.docs, ref.docs))
	}
	if got.rows != ref.rows || got.digest != ref.digest || got.entities != ref.entities {
		t.Errorf("after the second run %d rows (digest %x), %d entity rows; reference %d rows (%x), %d entity rows",
			got.rows, got.digest[:6], got.entities, ref.rows, ref.digest[:6], ref.entities)
	}
}
