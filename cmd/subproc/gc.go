package main

import (
	"os"
	"runtime/debug"
)

// The garbage collector's settings for subproc's runs, unless the GOGC or
// GOMEMLIMIT environment variables set them. Most of the live heap is the
// language detector's models, which live as long as the process; with Go's
// default (GOGC=100) the collector marks them every time the rest of the
// heap doubles over them, about 7% of an ingest's CPU. A higher GOGC with a
// soft memory limit collects less often while the heap is small and keeps
// it under the limit: measured on 10,000 generated documents (BENCHMARKS.md),
// 292 -> 323 documents/s and a peak RSS of 117 -> 170 MB, inside the 250 MB
// budget of the main process.
const (
	defaultGCPercent   = 250
	defaultMemoryLimit = 150 << 20 // bytes of Go memory; SQLite's and the OS's come on top
)

// tuneGC applies the defaults above where the environment does not set them.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
