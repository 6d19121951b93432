package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/normalize"
	"github.com/subproc/subproc/store"
)

// SearchCommand finds sub-processor rows by full-text query and filters.
type SearchCommand struct {
	*Main
	DB          string // database file
	Format      string // table, json or csv
	Limit       int    // rows shown; 0: all
	AllVersions bool   // search every version, not only the newest of each source
	filters     filterFlags
}

// DefaultSearchLimit is how many rows search shows unless --limit says otherwise.
const DefaultSearchLimit = 20

const searchUsage = `Usage: subproc search [flags] [QUERY]

Search finds sub-processors in the database by the words of their names,
aliases, registration numbers, purposes, addresses and data categories, and
by the filters below. It prints the best matches first, each with the
document and the lines it came from.

QUERY is words that must all occur (case and accents ignored: "munchen"
finds "München"), "a phrase" in double quotes, word* for every word that
starts with word, and OR between two words or phrases: 'aws OR azure
hosting'. Rows whose name is exactly QUERY come first, then rows with QUERY
as an alias, then the rest by relevance (BM25, a match in a name weighing
most). Without QUERY, every row the filters select is listed in document
order.

Filters combine with AND. A filter given twice, or with values separated by
commas, matches any of its values: --country DK,SE.

	--country CC        a country of the sub-processor (ISO 3166-1 alpha-2: DK)
	--location CC       a processing location: a country code, EU (EU/EEA)
	                    or WORLD (outside the EU/EEA, or worldwide)
	--legal-basis X     a transfer mechanism: SCC, BCR, adequacy, DPF,
	                    privacy_shield, art46, consent, other
	--publisher P       a part of the publisher of the document (Quillsoft)
	--language L        the language of the document (ISO 639-1: da, en, ...)
	--entity E          an entity (one sub-processor across documents): its
	                    id or its name, case, punctuation and legal form
	                    ignored ("amazon web services emea"); entities group
	                    the rows of the newest versions only

Flags:

	--db FILE           the database (default ./subproc.db)
	--format F          table (default), json (an array) or csv
	--limit N           rows shown (default 20; 0: all)
	--all-versions      search every stored version of each document, not
	                    only the newest

A table ends with the number of rows found. JSON and CSV rows have the
columns of 'subproc export' after rank, score and exact (true when the name
or an alias is QUERY).

Exit codes:

	0    searched, whether or not anything was found
	1    fatal: bad flags or query, database missing or unusable
`

// Run parses the flags in args and searches.
func (c *SearchCommand) Run(ctx context.Context, args []string) error {
	fs := flags("search")
	fs.StringVar(&c.DB, "db", DefaultDB, "")
	fs.StringVar(&c.Format, "format", "table", "")
	fs.IntVar(&c.Limit, "limit", DefaultSearchLimit, "")
	fs.BoolVar(&c.AllVersions, "all-versions", false, "")
	c.filters.register(fs)
	words, err := parse(fs, args, searchUsage, c.Stdout)
	if err != nil {
		return err
	}
	switch {
	case c.Format != "table" && c.Format != "json" && c.Format != "csv":
		return usageErrorf("search", "--format must be table, json or csv, not %q", c.Format)
	case c.Limit < 0:
		return usageErrorf("search", "--limit must be 0 or more, not %d", c.Limit)
	}
	f, err := c.filters.filter("search")
	if err != nil {
		return err
	}
	f.Query, f.Latest = strings.Join(words, " "), !c.AllVersions

	db, err := store.OpenReadOnly(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Search(ctx, f, c.Limit)
	if err != nil {
		return storeError("search", c.DB, err)
	}

	switch c.Format {
	case "table":
		return c.table(res)
	default:
		keys := append([]string{"rank", "score", "exact"}, columnNames()...)
		w, err := newRowWriter(c.Stdout, c.Format, keys, false)
		if err != nil {
			return err
		}
		for i, h := range res.Hits {
			vals := append([]any{i + 1, math.Round(h.Score*1e4) / 1e4, h.Exact}, columnValues(&h.Row)...)
			if err := w.Write(vals); err != nil {
				return outputError("", err)
			}
		}
		if err := w.Close(); err != nil {
			return outputError("", err)
		}
		return nil
	}
}

// table prints the hits as an aligned table and a line with their number.
func (c *SearchCommand) table(res store.Result) error {
	tw := tabwriter.NewWriter(c.Stdout, 0, 0, 2, ' ', 0)
	head := "#\tNAME\tCOUNTRY\tLOCATION\tLEGAL BASIS\tPURPOSE\tSOURCE"
	if c.AllVersions {
		head += "\tVERSION"
	}
	if len(res.Hits) > 0 {
		fmt.Fprintln(tw, head)
	}
	wd, _ := os.Getwd()
	for i, h := range res.Hits {
		r := &h.Record
		line := []string{strconv.Itoa(i + 1), tableCell(r.Name, 50), tableList(r.Country), tableList(r.Location),
			tableList(r.LegalBasis), tableCell(r.Purpose, 40), rowSource(wd, &h.Row)}
		if c.AllVersions {
			line = append(line, strconv.Itoa(h.Version))
		}
		fmt.Fprintln(tw, strings.Join(line, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return outputError("", err)
	}
	versions := "newest versions"
	if c.AllVersions {
		versions = "all versions"
	}
	var err error
	switch n := len(res.Hits); {
	case n == 0:
		_, err = fmt.Fprintf(c.Stdout, "no rows found (%s)\n", versions)
	case n < res.Total:
		_, err = fmt.Fprintf(c.Stdout, "\n%d of %d rows (%s; --limit 0 shows all)\n", n, res.Total, versions)
	default:
		_, err = fmt.Fprintf(c.Stdout, "\n%d rows (%s)\n", n, versions)
	}
	if err != nil {
		return outputError("", err)
	}
	return nil
}

// rowSource is where a row came from: its document, relative to the working
// folder wd when it is inside it, a colon and its lines, and its page.
func rowSource(wd string, r *store.Row) string {
	p := r.Path
	if rel, err := filepath.Rel(wd, p); err == nil && wd != "" && filepath.IsAbs(p) && !strings.HasPrefix(rel, "..") {
		p = rel
	}
	s := tableCell(p, 0) + ":" + strconv.Itoa(r.Record.Prov.LineStart)
	if r.Record.Prov.LineEnd > r.Record.Prov.LineStart {
		s += "-" + strconv.Itoa(r.Record.Prov.LineEnd)
	}
	if r.Record.Prov.Page > 0 {
		s += " p. " + strconv.Itoa(r.Record.Prov.Page)
	}
	return s
}

// tableCell is s made safe for one cell of a terminal table: control and format
// characters (tabs, newlines, escape sequences, bidi overrides) become
// spaces, and it is cut to max runes with an ellipsis (0: no limit); "-"
// when empty.
func tableCell(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	if max > 0 && utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return s
}

// tableList is a list value for a table cell.
func tableList(vals []string) string { return tableCell(strings.Join(vals, ", "), 0) }

// filterFlags are the filters search and export share.
type filterFlags struct {
	countries, locations, legalBases, publishers, languages, entities listFlag
}

func (ff *filterFlags) register(fs *flag.FlagSet) {
	fs.Var(&ff.countries, "country", "")
	fs.Var(&ff.locations, "location", "")
	fs.Var(&ff.legalBases, "legal-basis", "")
	fs.Var(&ff.publishers, "publisher", "")
	fs.Var(&ff.languages, "language", "")
	fs.Var(&ff.entities, "entity", "")
}

// filter checks the flags' values and returns them in the form the store
// holds: upper-case country and location codes, the legal-basis vocabulary,
// lower-case language codes, and each entity also by its key.
func (ff *filterFlags) filter(cmd string) (store.Filter, error) {
	var f store.Filter
	for _, v := range ff.countries {
		cc := strings.ToUpper(v)
		if !isCode(cc) {
			return f, usageErrorf(cmd, "--country %q is not a two-letter country code (ISO 3166-1 alpha-2, e.g. DK)", v)
		}
		f.Countries = append(f.Countries, cc)
	}
	for _, v := range ff.locations {
		cc := strings.ToUpper(v)
		if !isCode(cc) && cc != subproc.LocationEU && cc != subproc.LocationWorld {
			return f, usageErrorf(cmd, "--location %q is not a country code, EU or WORLD", v)
		}
		f.Locations = append(f.Locations, cc)
	}
	for _, v := range ff.legalBases {
		b, ok := legalBasis(v)
		if !ok {
			return f, usageErrorf(cmd, "--legal-basis %q is not one of %s", v, strings.Join(subproc.LegalBases, ", "))
		}
		f.LegalBases = append(f.LegalBases, b)
	}
	for _, v := range ff.languages {
		l := strings.ToLower(v)
		if len(l) != 2 || strings.IndexFunc(l, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return f, usageErrorf(cmd, "--language %q is not a two-letter language code (ISO 639-1, e.g. da)", v)
		}
		f.Languages = append(f.Languages, l)
	}
	f.Publishers = ff.publishers
	for _, v := range ff.entities {
		f.Entities = append(f.Entities, v)
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			if k := normalize.EntityKey(v); k != "" && k != v {
				f.Entities = append(f.Entities, k)
			}
		}
	}
	return f, nil
}

// isCode reports whether s is two ASCII capital letters.
func isCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// legalBasis returns the vocabulary word that s names, ignoring case and
// with '-' or ' ' for '_' (privacy-shield).
func legalBasis(s string) (string, bool) {
	s = strings.NewReplacer("-", "_", " ", "_").Replace(strings.TrimSpace(s))
	for _, b := range subproc.LegalBases {
		if strings.EqualFold(s, b) {
			return b, true
		}
	}
	return "", false
}

// listFlag is a flag that may be given many times, each value a
// comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// storeError turns the errors of a search or an export the user can act on
// into an *Error.
func storeError(cmd, db string, err error) error {
	switch {
	case errors.Is(err, store.ErrQuery):
		return usageErrorf(cmd, "%v", err)
	case errors.Is(err, store.ErrNoIndex):
		return &Error{Msg: db + ": " + store.ErrNoIndex.Error() + " (it was written by an older subproc)",
			Hint: "run 'subproc ingest --db " + db + " PATH...' once to add it"}
	case errors.Is(err, store.ErrNoEntities):
		return &Error{Msg: cmd + ": --entity: " + db + ": " + strings.TrimPrefix(err.Error(), cmd+": filter by entity: "),
			Hint: "entities are resolved by 'subproc ingest'; run it again with this version of subproc"}
	}
	return err
}

// outputError is the Error of a failed write to the output file ("" for stdout).
func outputError(file string, err error) error {
	if file == "" {
		file = "standard output"
	}
	return &Error{Msg: "write " + file, Err: err}
}
