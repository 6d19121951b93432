package corpus

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/subproc/subproc"
)

// Source is one entry of a sources file: a document to ingest, where to get
// it and what the user knows about it.
type Source struct {
	Vendor   string // who publishes the document, as the user names it; "" when not given
	Location string // an http(s) URL in CanonicalURL's form, or a file or folder path
	Language string // language hint (ISO 639-1, lower case) that replaces detection; "" to detect
	Line     int    // 1-based line of the entry in the sources file
}

// IsURL reports whether the location s is an http or https URL rather than a path.
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// CanonicalURL is the form of an http(s) URL that identifies its document:
// scheme and host in lower case, the scheme's default port dropped, "/" for
// an empty path and the fragment dropped (it does not change what the server
// sends). The query is kept as written.
func CanonicalURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("parse URL %q: %w", s, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("URL %q: scheme %q is not http or https", s, u.Scheme)
	}
	if u.Host == "" {
		return "", fmt.Errorf("URL %q has no host", s)
	}
	if u.User != nil {
		return "", fmt.Errorf("URL %q has a user name or password in it", s)
	}
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "http" && p == "80") || (u.Scheme == "https" && p == "443") {
		u.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// sourcesHeader is the header line that makes a sources file CSV.
var sourcesHeader = []string{"vendor", "url_or_path", "language"}

// langHint matches what can be a language hint: two or three letters.
var langHint = regexp.MustCompile(`^[A-Za-z]{2,3}$`)

// ParseSources reads a sources file: the documents to ingest, each with
// its vendor and an optional language hint, in one of two forms.
//
// CSV (RFC 4180) whose first line is the header "vendor,url_or_path,language"
// (the language column may be left out; columns in any order):
//
//	vendor,url_or_path,language
//	"Acme, Inc.",https://acme.example/legal/subprocessors,en
//	Nordisk Data A/S,dpa/nordisk.pdf,da
//
// Or one entry per line, fields separated by spaces: vendor (which may hold
// spaces), URL or path (which may not), and an optional language hint:
//
//	Acme Inc https://acme.example/legal/subprocessors en
//	Nordisk Data A/S dpa/nordisk.pdf da
//
// In the line form the location is the last field that is an http(s) URL,
// else the last field but a trailing language hint (two or three letters,
// when there are three fields or more); a line with a single field is a
// location without vendor. In both forms blank lines and lines starting
// with "#" are skipped, and a UTF-8 byte-order mark is ignored.
//
// URLs are put in CanonicalURL's form; a relative path is joined to dir
// (the sources file's folder, so that the file works from anywhere) unless
// dir is "". A location listed twice is an error. Errors name the line.
func ParseSources(r io.Reader, dir string) ([]Source, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	b = bytes.TrimPrefix(b, utf8BOM)
	var out []Source
	if isCSVSources(b) {
		out, err = parseSourcesCSV(b)
	} else {
		out, err = parseSourcesLines(b)
	}
	if err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(out))
	for i := range out {
		s := &out[i]
		if IsURL(s.Location) || strings.Contains(s.Location, "://") {
			if s.Location, err = CanonicalURL(s.Location); err != nil {
				return nil, fmt.Errorf("line %d: %w", s.Line, err)
			}
		} else if dir != "" && !filepath.IsAbs(s.Location) {
			s.Location = filepath.Join(dir, s.Location)
		} else {
			s.Location = filepath.Clean(s.Location)
		}
		s.Language = strings.ToLower(s.Language)
		if s.Language != "" && !langHint.MatchString(s.Language) {
			return nil, fmt.Errorf("line %d: language %q is not a language code (da, en, nb, ...)", s.Line, s.Language)
		}
		if first, ok := seen[s.Location]; ok {
			return nil, fmt.Errorf("line %d: %s is listed already on line %d", s.Line, s.Location, first)
		}
		seen[s.Location] = s.Line
	}
	return out, nil
}

// isCSVSources reports whether the first line that is not blank or a
// comment is the CSV header.
func isCSVSources(b []byte) bool {
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(strings.ToLower(line), ",")
		for i := range cols {
			cols[i] = strings.Trim(strings.TrimSpace(cols[i]), `"`)
		}
		return len(cols) >= 2 && contains(cols, "vendor") && contains(cols, "url_or_path")
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func parseSourcesCSV(b []byte) ([]Source, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if !contains(sourcesHeader, h) {
			return nil, fmt.Errorf("line 1: unknown column %q (want %s)", h, strings.Join(sourcesHeader, ","))
		}
		col[h] = i
	}
	var out []Source
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err // csv.ParseError names the line
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		s := Source{Vendor: field("vendor"), Location: field("url_or_path"), Language: field("language"), Line: line}
		if s.Location == "" {
			if s.Vendor == "" && s.Language == "" {
				continue // a row of empty cells, as spreadsheets save them
			}
			return nil, fmt.Errorf("line %d: no URL or path", line)
		}
		out = append(out, s)
	}
}

func parseSourcesLines(b []byte) ([]Source, error) {
	var out []Source
	n := 0
	for line := range strings.Lines(string(b)) {
		n++
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		s := Source{Line: n}
		loc := -1
		for i, f := range fields {
			if IsURL(f) {
				loc = i
			}
		}
		if loc < 0 {
			loc = len(fields) - 1
			if len(fields) >= 3 && langHint.MatchString(fields[loc]) {
				loc--
			}
		}
		switch rest := fields[loc+1:]; len(rest) {
		case 0:
		case 1:
			s.Language = rest[0]
		default:
			return nil, fmt.Errorf("line %d: %d fields after %s, want at most a language hint", n, len(rest), fields[loc])
		}
		s.Location = fields[loc]
		s.Vendor = strings.Join(fields[:loc], " ")
		out = append(out, s)
	}
	return out, nil
}

// List is Walk for locations that may be URLs: the paths are walked, and
// the URLs (in CanonicalURL's form) are listed after the files, in the
// order given, once each, with size 0 and no format until fetched.
func List(locations []string) (*Listing, error) {
	if len(locations) == 0 {
		return nil, errors.New("list: no files, folders or URLs given")
	}
	var paths, urls []string
	for _, l := range locations {
		if IsURL(l) {
			urls = append(urls, l)
		} else {
			paths = append(paths, l)
		}
	}
	l := &Listing{}
	if len(paths) > 0 {
		var err error
		if l, err = Walk(paths); err != nil {
			return nil, err
		}
	}
	seen := make(map[string]bool, len(urls))
	for _, u := range urls {
		if !seen[u] {
			seen[u] = true
			l.Files = append(l.Files, File{Path: u})
		}
	}
	return l, nil
}

// Reader is the read stage of an ingest that takes URLs and sources files:
// it fetches URLs with Fetcher and reads paths with Read, and gives each
// document what its source says: the vendor as Publisher (the extractor
// replaces it when the document names its publisher) and the language hint
// as Language with confidence 1 (the pipeline then detects no language).
// A file inherits the source of the folder it was found in.
type Reader struct {
	Fetcher *Fetcher    // reads URLs; nil: a URL fails to read
	Files   ReadOptions // how paths are read
	Sources []Source    // vendors and language hints by location
}

// Read is ReadContext without a deadline.
func (r *Reader) Read(location string) (*subproc.Document, error) {
	return r.ReadContext(context.Background(), location)
}

// ReadContext reads the document at location, a path or an http(s) URL.
// A fetch that failed returns its Document (with the evidence in Fetch)
// along with the error.
func (r *Reader) ReadContext(ctx context.Context, location string) (*subproc.Document, error) {
	var doc *subproc.Document
	var err error
	switch {
	case !IsURL(location):
		doc, err = Read(location, r.Files)
	case r.Fetcher == nil:
		return nil, &Error{Path: location, Stage: "read", Err: errors.New("URLs are not read by this command"),
			Hint: "save the page and pass the file"}
	default:
		doc, err = r.Fetcher.Fetch(ctx, location)
	}
	if doc != nil {
		if s, ok := r.source(location); ok {
			if doc.Publisher == "" {
				doc.Publisher = s.Vendor
			}
			if s.Language != "" {
				doc.Language, doc.LanguageConfidence = s.Language, 1
			}
		}
	}
	return doc, err
}

// source is the Source location came from: the one listing it, else the
// one listing the nearest folder above it.
func (r *Reader) source(location string) (Source, bool) {
	var best Source
	found := false
	for _, s := range r.Sources {
		switch {
		case s.Location == location:
			return s, true
		case IsURL(s.Location) || IsURL(location):
			continue
		case strings.HasPrefix(location, strings.TrimSuffix(s.Location, string(filepath.Separator))+string(filepath.Separator)):
			if !found || len(s.Location) > len(best.Location) {
				best, found = s, true
			}
		}
	}
	return best, found
}
