package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time: go build -ldflags "-X main.version=v0.1.0".
var version = ""

// VersionCommand prints the version of subproc.
type VersionCommand struct {
	*Main
}

const versionUsage = `Usage: subproc version

Version prints the version of subproc, the Go version it was built with, and
its platform.

Exit codes:

	0    printed
	1    bad flags or arguments
`

// Run prints the version.
func (c *VersionCommand) Run(ctx context.Context, args []string) error {
	rest, err := parse(flags("version"), args, versionUsage, c.Stdout)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("version", "unexpected arguments: %v", rest)
	}
	fmt.Fprintf(c.Stdout, "subproc %s %s %s/%s\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// versionString is the version set at build time, else the module version
// go install recorded, else "devel".
func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
