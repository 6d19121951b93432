package corpus

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/subproc/subproc"
)

// File is one document Walk found.
type File struct {
	Path   string // as reached from the given path: filepath.Join(given, relative)
	Size   int64
	Format subproc.Format
}

// Problem is a path Walk could not list or look into: a missing path given on
// the command line, an unreadable folder, a broken symlink. (An unreadable
// file is listed: reading it fails.)
// Err is an *Error with Stage "list".
type Problem struct {
	Path string
	Err  error
}

// Listing is what Walk found: the documents to process and what it passed over.
type Listing struct {
	Files       []File    // sorted by Path
	Hidden      int       // hidden files and folders skipped (a folder counts once)
	Unsupported int       // files skipped because Decode cannot read their format
	Problems    []Problem // paths that could not be listed, in the order met
	Bytes       int64     // total size of Files, for a progress bar's total
}

// Walk expands paths, files or folders, into the documents to process.
//
// Folders are walked recursively, following symlinks; each folder is listed
// once, by its real path, so a symlink loop or two routes to one folder list
// it once, by the first route in walk order. A file reached twice is listed
// once too. Inside folders, names starting with "." are hidden: skipped,
// counted, and hidden folders are not entered. A path given explicitly is
// taken even if its name starts with ".".
//
// Each file's first bytes are sniffed; files whose format Decode cannot read
// yet (HTML, PDF, unknown types, special files) are counted as Unsupported.
// A text-named file with binary content is kept, so the run reports it failed;
// so is a file that cannot be opened (no read permission), with the format
// its name claims, so that its read fails and is reported and stored.
//
// Nothing stops the walk: a missing path, an unreadable folder or a broken
// symlink becomes a Problem and the walk goes on; the caller decides what that
// means for the exit code. The error is for calls that cannot do anything:
// no paths at all.
func Walk(paths []string) (*Listing, error) {
	if len(paths) == 0 {
		return nil, errors.New("walk: no files or folders given")
	}
	w := &walker{
		listing: &Listing{},
		dirs:    make(map[string]bool),
		files:   make(map[string]bool),
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			w.problem(p, err)
			continue
		}
		w.visit(p, info)
	}
	l := w.listing
	sort.Slice(l.Files, func(i, j int) bool { return l.Files[i].Path < l.Files[j].Path })
	for _, f := range l.Files {
		l.Bytes += f.Size
	}
	return l, nil
}

type walker struct {
	listing *Listing
	dirs    map[string]bool // real paths of the folders listed
	files   map[string]bool // real paths of the files listed or counted
}

func (w *walker) problem(path string, err error) { w.problemHint(path, err, osHint(err)) }

func (w *walker) problemHint(path string, err error, hint string) {
	w.listing.Problems = append(w.listing.Problems, Problem{
		Path: path,
		Err:  &Error{Path: path, Stage: "list", Err: osCause(err), Hint: hint},
	})
}

// visit handles path, whose os.Stat (symlinks followed) is info.
func (w *walker) visit(path string, info os.FileInfo) {
	if info.IsDir() {
		w.dir(path)
		return
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		w.problem(path, err)
		return
	}
	if w.files[real] {
		return
	}
	w.files[real] = true
	if !info.Mode().IsRegular() {
		w.listing.Unsupported++ // devices, pipes, sockets: opening one may block
		return
	}
	head, err := readHead(path)
	if err != nil {
		// A file that cannot be opened (no read permission) is listed with
		// the format its name claims, so that the run reports it failed at
		// stage read and stores it with the reason, like any other failure.
		w.listing.Files = append(w.listing.Files, File{Path: path, Size: info.Size(), Format: claimed(path)})
		return
	}
	f := format(path, head)
	if !decodable[f] {
		w.listing.Unsupported++
		return
	}
	w.listing.Files = append(w.listing.Files, File{Path: path, Size: info.Size(), Format: f})
}

func (w *walker) dir(path string) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		w.problem(path, err)
		return
	}
	if w.dirs[real] {
		return
	}
	w.dirs[real] = true
	// ReadDir returns the entries it could read along with an error; keep both.
	entries, err := os.ReadDir(path)
	if err != nil {
		hint := osHint(err)
		if errors.Is(err, fs.ErrPermission) {
			hint = "check the folder's permissions: it must be readable and searchable (r-x) by this user; the documents in it were not ingested"
		}
		w.problemHint(path, err, hint)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			w.listing.Hidden++
			continue
		}
		child := filepath.Join(path, e.Name())
		info, err := os.Stat(child) // follows symlinks
		if err != nil {
			w.problem(child, err)
			continue
		}
		w.visit(child, info)
	}
}

// readHead reads the first SniffLen bytes of the file at path.
func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	return head[:n], nil
}
