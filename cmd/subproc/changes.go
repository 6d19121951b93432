package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/store"
)

// ChangesCommand prints what changed between consecutive versions of the
// stored documents, row by row.
type ChangesCommand struct {
	*Main
	DB        string // database file
	Publisher string // only sources whose publisher contains this
	Since     string // only changes to versions dated on or after this date
	Format    string // text, json or csv
}

const changesUsage = `Usage: subproc changes [--publisher P] [--since DATE] [--format text|json|csv] [--db FILE]

Changes compares every two consecutive versions of each document that was
stored more than once, row by row: the sub-processors added, removed and
changed (which fields, old -> new: a new processing location, a dropped legal
basis, ...), and the versions that only changed wording or layout (their rows
are equal after normalisation).

Rows are matched across versions by their name without case, punctuation,
accents and legal forms ("Example A/S" is "EXAMPLE a.s."), then by an alias
of one that is the name or an alias of the other, then by registration
number. The same name twice in one version is matched in document order.
Text is compared without case, punctuation and spacing; lists (countries,
locations, legal bases, aliases) as sets. A version that failed has no rows:
it is skipped, and the next one is compared with the one before it.

A version's date is its file's modification time, or when it was ingested
if it has none (a URL).

Flags:

	--db FILE        the database (default ./subproc.db)
	--publisher P    only documents whose publisher contains P (any case)
	--since DATE     only changes to a version dated on or after DATE
	                 (YYYY-MM-DD, UTC, or an RFC 3339 time)
	--format F       text (default), json (an array of changes) or csv
	                 (one line per added or removed row, per changed field,
	                 and per version with wording or layout changes only)

CSV columns: path, publisher, from_version, to_version, from_date, to_date,
change (added, removed, changed, reworded), name, old_name, match, field,
old, new, line_start, line_end, page. Lists are joined with "; "; lines and
page are those of the newer version, of the older one for a removed row.

Exit codes:

	0    printed (perhaps no changes)
	1    fatal: bad flags, database missing or unusable, output not writable
	130  interrupted (Ctrl-C)
`

// Run parses the flags in args and prints the changes.
func (c *ChangesCommand) Run(ctx context.Context, args []string) error {
	fs := flags("changes")
	fs.StringVar(&c.DB, "db", DefaultDB, "")
	fs.StringVar(&c.Publisher, "publisher", "", "")
	fs.StringVar(&c.Since, "since", "", "")
	fs.StringVar(&c.Format, "format", "text", "")
	rest, err := parse(fs, args, changesUsage, c.Stdout)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("changes", "unexpected argument %q", rest[0])
	}
	if c.Format != "text" && c.Format != "json" && c.Format != "csv" {
		return usageErrorf("changes", "--format must be text, json or csv, not %q", c.Format)
	}
	var since time.Time
	if c.Since != "" {
		if since, err = parseDate(c.Since); err != nil {
			return usageErrorf("changes", "--since %q: want a date YYYY-MM-DD or an RFC 3339 time", c.Since)
		}
	}

	db, err := store.OpenReadOnly(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	hs, err := db.History(ctx, store.HistoryFilter{Publisher: c.Publisher, MinVersions: 2})
	if err != nil {
		return err
	}
	var changes []audit.Change
	for _, h := range hs {
		for _, ch := range audit.Changes(h) {
			if !ch.To.Date.Before(since) {
				changes = append(changes, ch)
			}
		}
	}

	w := bufio.NewWriter(c.Stdout)
	switch c.Format {
	case "json":
		err = writeChangesJSON(w, changes)
	case "csv":
		err = writeChangesCSV(w, changes)
	default:
		writeChangesText(w, changes, len(hs))
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return outputError("", err)
	}
	return nil
}

// parseDate reads YYYY-MM-DD (midnight UTC) or an RFC 3339 time.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

func writeChangesText(w io.Writer, changes []audit.Change, sources int) {
	path := ""
	reworded := 0
	for i := range changes {
		ch := &changes[i]
		if ch.Path != path {
			path = ch.Path
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprint(w, shown(path))
			if ch.Publisher != "" {
				fmt.Fprintf(w, " (%s)", ch.Publisher)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "  version %d -> %d (%s -> %s)", ch.From.Version, ch.To.Version, day(ch.From.Date), day(ch.To.Date))
		if len(ch.Skipped) > 0 {
			which := "version "
			if len(ch.Skipped) > 1 {
				which = "versions "
			}
			fmt.Fprintf(w, " (%s%s failed, not compared)", which, joinInts(ch.Skipped))
		}
		if ch.Reworded() {
			reworded++
			fmt.Fprintf(w, ": wording or layout only, %s equal after normalisation\n",
				plural(ch.Same, "row"))
			continue
		}
		fmt.Fprintf(w, ": %d added, %d removed, %d changed, %d unchanged\n",
			len(ch.Added), len(ch.Removed), len(ch.Changed), ch.Same)
		for _, r := range ch.Added {
			fmt.Fprintf(w, "    + %s (%s)%s\n", r.Name, lines(r.Prov), addedSummary(&r))
		}
		for _, r := range ch.Removed {
			fmt.Fprintf(w, "    - %s (%s of version %d)\n", r.Name, lines(r.Prov), ch.From.Version)
		}
		for _, rc := range ch.Changed {
			how := ""
			if rc.Match != audit.MatchName {
				how = ", matched by " + strings.ReplaceAll(string(rc.Match), "_", " ")
			}
			var fields []string
			for _, f := range rc.Fields {
				old, new := values(f.Old), values(f.New)
				if len(f.Old) == 1 && len(f.New) == 1 {
					old, new = textChange(f.Old[0], f.New[0])
				}
				fields = append(fields, fmt.Sprintf("%s: %s -> %s", f.Field, old, new))
			}
			fmt.Fprintf(w, "    ~ %s (%s%s): %s\n", rc.New.Name, lines(rc.New.Prov), how, strings.Join(fields, "; "))
		}
	}
	if len(changes) > 0 {
		fmt.Fprintln(w)
	}
	switch {
	case sources == 0:
		fmt.Fprintln(w, "no changes: no document has more than one version")
	case len(changes) == 0:
		fmt.Fprintf(w, "no changes in the %s with more than one version\n", plural(sources, "document"))
	default:
		fmt.Fprintf(w, "%s: %d with changed rows, %d wording or layout only\n",
			plural(len(changes), "change"), len(changes)-reworded, reworded)
	}
}

// addedSummary is what an added row says: ": country DK; location EU;
// legal_basis SCC; purpose Hosting", its empty fields left out.
func addedSummary(r *subproc.Record) string {
	var parts []string
	for _, f := range []struct {
		field subproc.Field
		vals  []string
	}{
		{subproc.FieldCountry, r.Country}, {subproc.FieldLocation, r.Location},
		{subproc.FieldLegalBasis, r.LegalBasis},
	} {
		if len(f.vals) > 0 {
			parts = append(parts, string(f.field)+" "+strings.Join(f.vals, ", "))
		}
	}
	if r.Purpose != "" {
		parts = append(parts, "purpose "+shorten(r.Purpose, 60))
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, "; ")
}

// lines is "line 12", "lines 12-14" or "line 12, page 3".
func lines(p subproc.Provenance) string {
	s := "line " + strconv.Itoa(p.LineStart)
	if p.LineEnd > p.LineStart {
		s = fmt.Sprintf("lines %d-%d", p.LineStart, p.LineEnd)
	}
	if p.Page > 0 {
		s += ", page " + strconv.Itoa(p.Page)
	}
	return s
}

// values writes a field's values for text output, "(none)" for none.
func values(v []string) string {
	if len(v) == 0 {
		return "(none)"
	}
	return shorten(strings.Join(v, ", "), 80)
}

// textChange shows a changed text: whole when short, else the part that
// changed, with some words around it ("…lagres i EU" -> "…lagres i EU og USA").
func textChange(old, new string) (string, string) {
	old, new = strings.Join(strings.Fields(old), " "), strings.Join(strings.Fields(new), " ")
	if len([]rune(old)) <= 60 && len([]rune(new)) <= 60 {
		return old, new
	}
	ow, nw := strings.Fields(old), strings.Fields(new)
	pre := 0
	for pre < len(ow) && pre < len(nw) && ow[pre] == nw[pre] {
		pre++
	}
	suf := 0
	for suf < len(ow)-pre && suf < len(nw)-pre && ow[len(ow)-1-suf] == nw[len(nw)-1-suf] {
		suf++
	}
	const context = 3 // words kept on each side of the change
	cut := func(w []string) string {
		from, to := max(0, pre-context), min(len(w), len(w)-suf+context)
		s := strings.Join(w[from:to], " ")
		if from > 0 {
			s = "…" + s
		}
		if to < len(w) {
			s += "…"
		}
		return shorten(s, 80)
	}
	return cut(ow), cut(nw)
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func day(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.UTC().Format(time.DateOnly)
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// changeJSON is the JSON form of an audit.Change.
type changeJSON struct {
	Path      string          `json:"path"`
	Publisher string          `json:"publisher"`
	From      versionJSON     `json:"from"`
	To        versionJSON     `json:"to"`
	Skipped   []int           `json:"skipped"` // failed versions in between, not compared
	Reworded  bool            `json:"reworded"`
	Same      int             `json:"unchanged"`
	Added     []changeRowJSON `json:"added"`
	Removed   []changeRowJSON `json:"removed"`
	Changed   []rowChangeJSON `json:"changed"`
}

type versionJSON struct {
	Version    int       `json:"version"`
	DocumentID int64     `json:"document_id"`
	Date       time.Time `json:"date"`
}

type changeRowJSON struct {
	LineStart int            `json:"line_start"`
	LineEnd   int            `json:"line_end"`
	Page      int            `json:"page,omitempty"`
	Row       subproc.Record `json:"row"` // the gold-schema form
}

type rowChangeJSON struct {
	Name      string            `json:"name"`
	OldName   string            `json:"old_name,omitempty"`
	Match     audit.MatchKind   `json:"match"`
	LineStart int               `json:"line_start"`
	LineEnd   int               `json:"line_end"`
	Page      int               `json:"page,omitempty"`
	Fields    []fieldChangeJSON `json:"fields"`
}

type fieldChangeJSON struct {
	Field subproc.Field `json:"field"`
	Old   []string      `json:"old"` // a scalar field has at most one value
	New   []string      `json:"new"`
}

func writeChangesJSON(w io.Writer, changes []audit.Change) error {
	out := make([]changeJSON, 0, len(changes))
	rowsJSON := func(rs []subproc.Record) []changeRowJSON {
		out := make([]changeRowJSON, 0, len(rs))
		for _, r := range rs {
			out = append(out, changeRowJSON{LineStart: r.Prov.LineStart, LineEnd: r.Prov.LineEnd, Page: r.Prov.Page, Row: r})
		}
		return out
	}
	for _, ch := range changes {
		j := changeJSON{Path: ch.Path, Publisher: ch.Publisher,
			From:    versionJSON{ch.From.Version, ch.From.DocumentID, ch.From.Date.UTC()},
			To:      versionJSON{ch.To.Version, ch.To.DocumentID, ch.To.Date.UTC()},
			Skipped: nonNilInts(ch.Skipped), Reworded: ch.Reworded(), Same: ch.Same,
			Added: rowsJSON(ch.Added), Removed: rowsJSON(ch.Removed), Changed: []rowChangeJSON{}}
		for _, rc := range ch.Changed {
			r := rowChangeJSON{Name: rc.New.Name, Match: rc.Match, LineStart: rc.New.Prov.LineStart,
				LineEnd: rc.New.Prov.LineEnd, Page: rc.New.Prov.Page}
			if rc.Old.Name != rc.New.Name {
				r.OldName = rc.Old.Name
			}
			for _, f := range rc.Fields {
				r.Fields = append(r.Fields, fieldChangeJSON{f.Field, nonNilStrings(f.Old), nonNilStrings(f.New)})
			}
			j.Changed = append(j.Changed, r)
		}
		out = append(out, j)
	}
	return encodeJSON(w, out)
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

var changeColumns = []string{"path", "publisher", "from_version", "to_version", "from_date", "to_date",
	"change", "name", "old_name", "match", "field", "old", "new", "line_start", "line_end", "page"}

func writeChangesCSV(w io.Writer, changes []audit.Change) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(changeColumns); err != nil {
		return err
	}
	for _, ch := range changes {
		head := []string{ch.Path, ch.Publisher, strconv.Itoa(ch.From.Version), strconv.Itoa(ch.To.Version),
			ch.From.Date.UTC().Format(time.RFC3339), ch.To.Date.UTC().Format(time.RFC3339)}
		line := func(kind, name, oldName, match, field, old, new string, p subproc.Provenance) error {
			page := ""
			if p.Page > 0 {
				page = strconv.Itoa(p.Page)
			}
			lineStart, lineEnd := "", ""
			if p.LineStart > 0 {
				lineStart, lineEnd = strconv.Itoa(p.LineStart), strconv.Itoa(p.LineEnd)
			}
			return cw.Write(append(head[:len(head):len(head)], kind, name, oldName, match, field, old, new,
				lineStart, lineEnd, page))
		}
		if ch.Reworded() {
			if err := line("reworded", "", "", "", "", "", "", subproc.Provenance{}); err != nil {
				return err
			}
			continue
		}
		for _, r := range ch.Added {
			if err := line("added", r.Name, "", "", "", "", "", r.Prov); err != nil {
				return err
			}
		}
		for _, r := range ch.Removed {
			if err := line("removed", r.Name, "", "", "", "", "", r.Prov); err != nil {
				return err
			}
		}
		for _, rc := range ch.Changed {
			old := ""
			if rc.Old.Name != rc.New.Name {
				old = rc.Old.Name
			}
			for _, f := range rc.Fields {
				if err := line("changed", rc.New.Name, old, string(rc.Match), string(f.Field),
					strings.Join(f.Old, "; "), strings.Join(f.New, "; "), rc.New.Prov); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
