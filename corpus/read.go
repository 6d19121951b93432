package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/subproc/subproc"
)

// DefaultMaxSize is the largest file Read accepts when ReadOptions.MaxSize is
// zero. A sub-processor list, even inside a 60-page DPA, is far smaller; a
// bigger file is more likely a mistake (an archive, a scan) than a document.
const DefaultMaxSize = 64 << 20

// ReadOptions tune Read. The zero value is ready to use.
type ReadOptions struct {
	MaxSize int64 // largest file read, in bytes; 0 means DefaultMaxSize
}

// Read reads the file at path into a Document with Path, Raw, Size, ModTime,
// SHA256 (hex, of Raw) and Format (sniffed) set; Text waits for Decode.
// Folders, special files and files larger than opt.MaxSize are refused.
// Errors are *Error with Stage "read".
func Read(path string, opt ReadOptions) (*subproc.Document, error) {
	max := opt.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	fail := func(err error, hint string) (*subproc.Document, error) {
		return nil, &Error{Path: path, Stage: "read", Err: err, Hint: hint}
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(osCause(err), osHint(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fail(osCause(err), osHint(err))
	}
	switch {
	case info.IsDir():
		return fail(errors.New("is a folder, not a file"), "pass folders to a command that walks them")
	case !info.Mode().IsRegular():
		return fail(fmt.Errorf("is not a regular file (%s)", info.Mode().Type()), "")
	case info.Size() > max:
		return fail(tooLarge(info.Size(), max), tooLargeHint)
	}
	// The file may grow between Stat and ReadAll: read at most one byte past the limit.
	raw, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return fail(osCause(err), osHint(err))
	}
	if int64(len(raw)) > max {
		return fail(tooLarge(int64(len(raw)), max), tooLargeHint)
	}
	sum := sha256.Sum256(raw)
	return &subproc.Document{
		Path:    path,
		Format:  format(path, raw[:min(len(raw), SniffLen)]),
		Size:    int64(len(raw)),
		ModTime: info.ModTime(),
		SHA256:  hex.EncodeToString(sum[:]),
		Raw:     raw,
	}, nil
}

const tooLargeHint = "a sub-processor list is rarely this big; check it is the right file, or raise the size limit"

func tooLarge(size, max int64) error {
	return fmt.Errorf("file is %s, larger than the %s limit", byteSize(size), byteSize(max))
}

// byteSize writes n bytes for people: "512 B", "3.2 KiB", "64.0 MiB".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// osCause strips the operation and path from an *fs.PathError: Error already
// names the path, and "read x: open x: ..." says it twice.
func osCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func osHint(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "check the path"
	case errors.Is(err, fs.ErrPermission):
		return "check the permissions of the file and the folders above it"
	}
	return ""
}
