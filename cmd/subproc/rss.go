package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakRSS returns the most memory this process has had resident so far, in
// bytes (VmHWM in /proc/self/status), or 0 where the system does not say.
// PDF worker processes are separate processes and not counted.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}
