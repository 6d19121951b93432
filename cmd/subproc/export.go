package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/subproc/subproc/store"
)

// ExportCommand writes the sub-processor rows of the database, or a filter of
// them, as CSV, JSON or JSON Lines.
type ExportCommand struct {
	*Main
	DB      string // database file
	Format  string // csv, json or jsonl
	Out     string // output file; "" or "-": stdout
	BOM     bool   // start CSV with a UTF-8 byte-order mark
	Latest  bool   // only the newest version of each source
	filters filterFlags
}

const exportUsage = `Usage: subproc export [--format csv|json|jsonl] [--out FILE] [--bom] [--latest] [filters] [QUERY]

Export writes the sub-processors of the database: one row per sub-processor
per stored document version, oldest version first, each with its normalised
values, the raw text they came from and its provenance (document path,
version, SHA-256, page, lines, layout). It writes every row, or those that
QUERY and the filters of 'subproc search' select (--country, --location,
--legal-basis, --publisher, --language, --entity; see 'subproc help
search'), in order of document path, version and row.

Flags:

	--db FILE       the database (default ./subproc.db)
	--format F      csv (default), json (one array) or jsonl (one object
	                per line)
	--out FILE      write to FILE instead of standard output; FILE appears
	                complete or not at all
	--bom           start the CSV with a UTF-8 byte-order mark, which tells
	                spreadsheets (Excel) the file is UTF-8
	--latest        only the newest version of each document

CSV follows RFC 4180: a header row, CRLF line ends, fields with commas,
quotes or line breaks in double quotes, UTF-8. Lists (aliases, countries,
locations, legal bases, notes) are joined with "; ". In JSON, lists are
arrays and missing values null. The columns are:

	id, path, version, sha256, format, language, publisher, ingested_at,
	ord, name, aliases, reg_no, reg_no_valid, address, country, purpose,
	legal_basis, location, data_categories, entity_id, entity, raw_name,
	raw_reg_no, raw_address, raw_country, raw_purpose, raw_legal_basis,
	raw_location, raw_data_categories, raw_notes, page, line_start,
	line_end, layout

Rows are written as they are read, so any database can be exported in
little memory.

Exit codes:

	0    exported (perhaps no rows)
	1    fatal: bad flags or query, database missing or unusable, output
	     not writable
`

// Run parses the flags in args and exports.
func (c *ExportCommand) Run(ctx context.Context, args []string) error {
	fs := flags("export")
	fs.StringVar(&c.DB, "db", DefaultDB, "")
	fs.StringVar(&c.Format, "format", "csv", "")
	fs.StringVar(&c.Out, "out", "", "")
	fs.BoolVar(&c.BOM, "bom", false, "")
	fs.BoolVar(&c.Latest, "latest", false, "")
	c.filters.register(fs)
	words, err := parse(fs, args, exportUsage, c.Stdout)
	if err != nil {
		return err
	}
	switch {
	case c.Format != "csv" && c.Format != "json" && c.Format != "jsonl":
		return usageErrorf("export", "--format must be csv, json or jsonl, not %q", c.Format)
	case c.BOM && c.Format != "csv":
		return usageErrorf("export", "--bom is for --format csv only (JSON must not start with a byte-order mark)")
	}
	f, err := c.filters.filter("export")
	if err != nil {
		return err
	}
	f.Query, f.Latest = strings.Join(words, " "), c.Latest

	db, err := store.OpenReadOnly(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	out, err := createOutput(c.Out, c.Stdout)
	if err != nil {
		return err
	}
	defer out.abort()
	w, err := newRowWriter(out, c.Format, columnNames(), c.BOM)
	if err != nil {
		return outputError(c.Out, err)
	}
	n := 0
	err = db.Export(ctx, f, func(r *store.Row) error {
		n++
		if err := w.Write(columnValues(r)); err != nil {
			return outputError(c.Out, err)
		}
		return nil
	})
	if err != nil {
		return storeError("export", c.DB, err)
	}
	if err := w.Close(); err != nil {
		return outputError(c.Out, err)
	}
	if err := out.commit(); err != nil {
		return outputError(c.Out, err)
	}
	if out.file != nil {
		fmt.Fprintf(c.Stderr, "%d rows written to %s\n", n, c.Out)
	}
	return nil
}

// exportOutput is where an export goes: stdout, or a temporary file beside the
// named one that commit renames into place, so a failed export leaves no
// partial file.
type exportOutput struct {
	io.Writer
	file *os.File // the temporary file; nil for stdout
	name string   // the file to create
	done bool     // committed, or given up
}

// createOutput opens name for writing ("" or "-": stdout).
func createOutput(name string, stdout io.Writer) (*exportOutput, error) {
	if name == "" || name == "-" {
		return &exportOutput{Writer: stdout}, nil
	}
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		return nil, &Error{Msg: "--out " + name + " is a folder", Hint: "name a file, e.g. " + filepath.Join(name, "subprocessors.csv")}
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return nil, &Error{Msg: "create " + name, Err: err, Hint: "check that its folder exists and is writable"}
	}
	return &exportOutput{Writer: f, file: f, name: name}, nil
}

// commit closes the file and renames it into place.
func (o *exportOutput) commit() error {
	if o.file == nil || o.done {
		return nil
	}
	err := o.file.Chmod(0o644)
	if cerr := o.file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.file.Name(), o.name)
	}
	if err != nil {
		os.Remove(o.file.Name())
	}
	o.done = true
	return err
}

// abort removes the temporary file unless commit renamed it.
func (o *exportOutput) abort() {
	if o.file == nil || o.done {
		return
	}
	o.file.Close()
	os.Remove(o.file.Name())
	o.done = true
}

// columnNames are the CSV header and the JSON keys of an exported row.
func columnNames() []string {
	names := make([]string, len(rowColumns))
	for i, c := range rowColumns {
		names[i] = c.name
	}
	return names
}

// columnValues are the values of r in the order of columnNames: strings,
// ints, []string (never nil), *bool, or nil for a missing value.
func columnValues(r *store.Row) []any {
	vals := make([]any, len(rowColumns))
	for i, c := range rowColumns {
		vals[i] = c.value(r)
	}
	return vals
}

// exportColumn is a field of an exported row.
type exportColumn struct {
	name  string
	value func(r *store.Row) any
}

// rowColumns are the fields of an exported row, document first, then the
// normalised values, the entity, the raw values and the position.
var rowColumns = []exportColumn{
	{"id", func(r *store.Row) any { return r.ID }},
	{"path", func(r *store.Row) any { return r.Path }},
	{"version", func(r *store.Row) any { return r.Version }},
	{"sha256", func(r *store.Row) any { return nullString(r.SHA256) }},
	{"format", func(r *store.Row) any { return nullString(string(r.Format)) }},
	{"language", func(r *store.Row) any { return nullString(r.Language) }},
	{"publisher", func(r *store.Row) any { return nullString(r.Publisher) }},
	{"ingested_at", func(r *store.Row) any { return r.IngestedAt }},
	{"ord", func(r *store.Row) any { return r.Ord }},
	{"name", func(r *store.Row) any { return r.Record.Name }},
	{"aliases", func(r *store.Row) any { return emptyList(r.Record.Aliases) }},
	{"reg_no", func(r *store.Row) any { return nullString(r.Record.RegNo) }},
	{"reg_no_valid", func(r *store.Row) any { return r.Record.RegNoValid }},
	{"address", func(r *store.Row) any { return nullString(r.Record.Address) }},
	{"country", func(r *store.Row) any { return emptyList(r.Record.Country) }},
	{"purpose", func(r *store.Row) any { return nullString(r.Record.Purpose) }},
	{"legal_basis", func(r *store.Row) any { return emptyList(r.Record.LegalBasis) }},
	{"location", func(r *store.Row) any { return emptyList(r.Record.Location) }},
	{"data_categories", func(r *store.Row) any { return nullString(r.Record.DataCategories) }},
	{"entity_id", func(r *store.Row) any {
		if r.EntityID == 0 {
			return nil
		}
		return r.EntityID
	}},
	{"entity", func(r *store.Row) any { return nullString(r.Entity) }},
	{"raw_name", func(r *store.Row) any { return nullString(r.Record.Raw.Name) }},
	{"raw_reg_no", func(r *store.Row) any { return nullString(r.Record.Raw.RegNo) }},
	{"raw_address", func(r *store.Row) any { return nullString(r.Record.Raw.Address) }},
	{"raw_country", func(r *store.Row) any { return nullString(r.Record.Raw.Country) }},
	{"raw_purpose", func(r *store.Row) any { return nullString(r.Record.Raw.Purpose) }},
	{"raw_legal_basis", func(r *store.Row) any { return nullString(r.Record.Raw.LegalBasis) }},
	{"raw_location", func(r *store.Row) any { return nullString(r.Record.Raw.Location) }},
	{"raw_data_categories", func(r *store.Row) any { return nullString(r.Record.Raw.DataCategories) }},
	{"raw_notes", func(r *store.Row) any { return emptyList(r.Record.Raw.Notes) }},
	{"page", func(r *store.Row) any {
		if r.Record.Prov.Page == 0 {
			return nil
		}
		return r.Record.Prov.Page
	}},
	{"line_start", func(r *store.Row) any { return r.Record.Prov.LineStart }},
	{"line_end", func(r *store.Row) any { return r.Record.Prov.LineEnd }},
	{"layout", func(r *store.Row) any { return nullString(r.Record.Prov.Layout) }},
}

// nullString is nil for "", else s.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// emptyList is s, or an empty list for nil.
func emptyList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// rowWriter writes rows of values in one output format.
type rowWriter interface {
	Write(vals []any) error
	Close() error // ends the output (the "]" of a JSON array) and flushes it
}

// newRowWriter returns the writer of format (csv, json, jsonl) to w for
// rows with the columns keys. bom starts a CSV with a byte-order mark.
func newRowWriter(w io.Writer, format string, keys []string, bom bool) (rowWriter, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch format {
	case "csv":
		if bom {
			bw.WriteString("\uFEFF")
		}
		cw := csv.NewWriter(bw)
		cw.UseCRLF = true
		if err := cw.Write(keys); err != nil {
			return nil, err
		}
		return &csvWriter{w: cw, bw: bw, rec: make([]string, len(keys))}, nil
	case "json", "jsonl":
		jw := &jsonWriter{bw: bw, keys: keys, array: format == "json"}
		jw.enc = json.NewEncoder(&jw.buf)
		jw.enc.SetEscapeHTML(false) // "R&D", not "R\u0026D"
		return jw, nil
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// csvWriter writes RFC 4180 CSV.
type csvWriter struct {
	w   *csv.Writer
	bw  *bufio.Writer
	rec []string
}

func (c *csvWriter) Write(vals []any) error {
	for i, v := range vals {
		c.rec[i] = csvField(v)
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// csvField is the text of a value in a CSV field: "" for a missing value,
// lists joined with "; ".
func csvField(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []string:
		return strings.Join(v, "; ")
	case *bool:
		if v == nil {
			return ""
		}
		return strconv.FormatBool(*v)
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// jsonWriter writes one JSON object per row with the keys in column order:
// as an array, one object a line, or as JSON Lines.
type jsonWriter struct {
	bw    *bufio.Writer
	keys  []string
	array bool
	n     int // rows written
	buf   bytes.Buffer
	enc   *json.Encoder
}

func (j *jsonWriter) Write(vals []any) error {
	j.buf.Reset()
	switch {
	case !j.array:
	case j.n == 0:
		j.buf.WriteString("[\n")
	default:
		j.buf.WriteString(",\n")
	}
	j.buf.WriteByte('{')
	for i, k := range j.keys {
		if i > 0 {
			j.buf.WriteByte(',')
		}
		if err := j.encode(k); err != nil {
			return err
		}
		j.buf.WriteByte(':')
		if err := j.encode(vals[i]); err != nil {
			return fmt.Errorf("encode %s: %w", k, err)
		}
	}
	j.buf.WriteByte('}')
	if !j.array {
		j.buf.WriteByte('\n')
	}
	j.n++
	_, err := j.bw.Write(j.buf.Bytes())
	return err
}

// encode appends the JSON of v to j.buf.
func (j *jsonWriter) encode(v any) error {
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	j.buf.Truncate(j.buf.Len() - 1) // Encode's newline
	return nil
}

func (j *jsonWriter) Close() error {
	if j.array {
		if j.n == 0 {
			j.bw.WriteString("[")
		}
		j.bw.WriteString("\n]\n")
	}
	return j.bw.Flush()
}
