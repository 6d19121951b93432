package gold

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// moduleRoot is the repository root, two folders above this package.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// sharedPath is a path under the shared folder next to the repository (../shared).
func sharedPath(tb testing.TB, elem ...string) string {
	return filepath.Join(append([]string{moduleRoot(tb), "..", "shared"}, elem...)...)
}

// python returns the python3 binary, skipping the test when there is none.
func python(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		tb.Skip("python3 not found: cannot compare with score.py")
	}
	return p
}
