package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// Profiling for benchmarks (BENCHMARKS.md): when SUBPROC_CPUPROFILE names a
// file, the whole command runs under the CPU profiler and the profile is
// written there; SUBPROC_MEMPROFILE gets a heap profile taken at the end.
// Read them with `go tool pprof`. PDF worker processes are not profiled.
const (
	envCPUProfile = "SUBPROC_CPUPROFILE"
	envMemProfile = "SUBPROC_MEMPROFILE"
)

// startProfiles starts what the environment asks for and returns the
// function that writes the profiles; errors go to stderr and never stop the
// command.
func startProfiles() (stop func()) {
	var cpu *os.File
	if path := os.Getenv(envCPUProfile); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "subproc: %s: %v\n", envCPUProfile, err)
		} else {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if path := os.Getenv(envMemProfile); path != "" {
			runtime.GC()
			f, err := os.Create(path)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "subproc: %s: %v\n", envMemProfile, err)
			}
		}
	}
}
