package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"

	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/corpus/pdf"
	"github.com/subproc/subproc/store"
)

// exitFindings is the exit code of `subproc audit --fail-on` when a finding
// of that severity or higher exists.
const exitFindings = 4

// AuditCommand checks the newest version of every stored document against
// the audit rules and prints the findings.
type AuditCommand struct {
	*Main
	DB     string // database file
	Format string // text, json or csv
	FailOn string // exit 4 when a finding of this severity or higher exists; "": never
	Rules  bool   // print the rules instead
}

const auditUsage = `Usage: subproc audit [--format text|json|csv] [--fail-on SEVERITY] [--db FILE]
       subproc audit --rules [--format text|json|csv]

Audit checks the rows of the newest version of every stored document, and
the changes between its versions, against rules kept as data in the binary
(audit/data/rules.txt, each with its legal source and date; --rules lists
them), and prints one finding per rule, row and document: its severity
(info, low, medium, high), the rule, a one-line explanation and the evidence
(document, version, line, and what in the row made the rule fire).

The rules:

	transfer-no-mechanism     high    processing outside the EU/EEA, in a
	                                  country without an adequacy decision,
	                                  with no transfer mechanism stated
	privacy-shield-only       high    the only mechanism is the Privacy
	                                  Shield, invalid since 16 July 2020
	                                  (CJEU C-311/18, Schrems II)
	privacy-shield-mentioned  low     the Privacy Shield named next to
	                                  another mechanism
	dpf-verify-certification  low     a US recipient relying on the EU-US
	                                  Data Privacy Framework (adequacy of
	                                  10 July 2023): check its certification
	reg-no-check-digit        low     a registration number that fails its
	                                  check digit
	no-country, no-purpose    low     a row with no country, or no purpose
	change-within-notice      medium  a sub-processor added to the list
	                                  sooner after the previous version than
	                                  the notice period the document states
	                                  ("30 dages varsel", "30 days' notice")

Where data is processed is a row's locations, or its countries when it
states no location. change-within-notice compares version dates (the
file's modification time, else when it was ingested) with the notice period
found in the newer version's text when it was ingested; for a version
ingested before subproc stored notice periods, the text is read again from
its file when the file still has that version's content (same SHA-256), and
the version is not judged otherwise.

Flags:

	--db FILE            the database (default ./subproc.db)
	--format F           text (default), json (an array of findings) or csv
	--fail-on SEVERITY   exit with code 4 when a finding of SEVERITY (info,
	                     low, medium or high) or higher exists, for CI
	--rules              print the rules, with their legal sources and dates

CSV and JSON have the fields rule, severity, explanation, source,
source_date, path, version, line_start, line_end, page, name and evidence.

Exit codes:

	0    audited (perhaps with findings, unless --fail-on says otherwise)
	1    fatal: bad flags, database missing or unusable, output not writable
	4    --fail-on SEVERITY: a finding of SEVERITY or higher exists
	130  interrupted (Ctrl-C)
`

// findingsError reports findings at or above the --fail-on severity; they
// were printed.
type findingsError struct {
	n   int
	min audit.Severity
}

func (e *findingsError) Error() string {
	return fmt.Sprintf("%s of severity %s or higher (--fail-on %s)",
		plural(e.n, "finding"), e.min, e.min)
}

// Run parses the flags in args and audits.
func (c *AuditCommand) Run(ctx context.Context, args []string) error {
	fs := flags("audit")
	fs.StringVar(&c.DB, "db", DefaultDB, "")
	fs.StringVar(&c.Format, "format", "text", "")
	fs.StringVar(&c.FailOn, "fail-on", "", "")
	fs.BoolVar(&c.Rules, "rules", false, "")
	rest, err := parse(fs, args, auditUsage, c.Stdout)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("audit", "unexpected argument %q", rest[0])
	}
	if c.Format != "text" && c.Format != "json" && c.Format != "csv" {
		return usageErrorf("audit", "--format must be text, json or csv, not %q", c.Format)
	}
	failOn := audit.Severity(-1)
	if c.FailOn != "" {
		if failOn, err = audit.ParseSeverity(c.FailOn); err != nil {
			return usageErrorf("audit", "--fail-on: %v", err)
		}
	}
	rules := audit.Default()
	w := bufio.NewWriter(c.Stdout)
	if c.Rules {
		if err := writeRules(w, c.Format, rules.Rules); err != nil {
			return outputError("", err)
		}
		if err := w.Flush(); err != nil {
			return outputError("", err)
		}
		return nil
	}

	db, err := store.OpenReadOnly(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	hs, err := db.History(ctx, store.HistoryFilter{})
	if err != nil {
		return err
	}
	texts := &fileTexts{}
	defer texts.Close()
	findings, err := rules.Audit(ctx, audit.Input{Sources: hs, Text: texts})
	if err != nil {
		return err
	}

	switch c.Format {
	case "json":
		err = writeFindingsJSON(w, findings)
	case "csv":
		err = writeFindingsCSV(w, findings)
	default:
		writeFindingsText(w, findings, len(hs))
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return outputError("", err)
	}
	if failOn >= 0 {
		if n := audit.AtLeast(findings, failOn); n > 0 {
			return &findingsError{n: n, min: failOn}
		}
	}
	return nil
}

// fileTexts reads a stored version's text again from its file, when the
// file still has that version's content. It starts the PDF workers only
// when a PDF needs them.
type fileTexts struct {
	pdfs *pdf.Pool
}

// Text implements audit.TextSource.
func (t *fileTexts) Text(ctx context.Context, path string, v store.Snapshot) (string, bool, error) {
	doc, err := corpus.Read(path, corpus.ReadOptions{})
	if err != nil {
		var ce *corpus.Error
		if errors.As(err, &ce) || errors.Is(err, fs.ErrNotExist) {
			return "", false, nil // gone or unreadable (or a URL): the text is not to be had
		}
		return "", false, err
	}
	if doc.SHA256 != v.SHA256 {
		return "", false, nil // the file changed since that version
	}
	if t.pdfs == nil {
		t.pdfs = newPDFPool(1)
	}
	if err := (corpus.Decoder{PDF: t.pdfs}).DecodeContext(ctx, doc); err != nil {
		if ctx.Err() != nil {
			return "", false, ctx.Err()
		}
		return "", false, nil
	}
	return doc.Text, true, nil
}

// Close stops the PDF workers, if any were started.
func (t *fileTexts) Close() {
	if t.pdfs != nil {
		t.pdfs.Close()
	}
}

func writeFindingsText(w io.Writer, findings []audit.Finding, sources int) {
	doc := ""
	docs := 0
	for _, f := range findings {
		if key := f.Path + "\x00" + strconv.Itoa(f.Version); key != doc {
			if doc != "" {
				fmt.Fprintln(w)
			}
			doc = key
			docs++
			fmt.Fprintf(w, "%s, version %d\n", shown(f.Path), f.Version)
		}
		where := "document"
		if f.Line > 0 {
			where = "line " + strconv.Itoa(f.Line)
			if f.Page > 0 {
				where += " p. " + strconv.Itoa(f.Page)
			}
		}
		fmt.Fprintf(w, "  %-9s %-6s  %s", where, f.Rule.Severity, f.Rule.ID)
		if f.Name != "" {
			fmt.Fprintf(w, "  %s", f.Name)
		}
		fmt.Fprintf(w, "\n            %s\n            evidence: %s\n", f.Rule.Explanation, f.Evidence)
	}
	if len(findings) > 0 {
		fmt.Fprintln(w)
	}
	n := audit.Count(findings)
	switch {
	case sources == 0:
		fmt.Fprintln(w, "no findings: the database has no documents")
	case len(findings) == 0:
		fmt.Fprintf(w, "no findings in %s\n", plural(sources, "document"))
	default:
		fmt.Fprintf(w, "%s in %d of %s: %d high, %d medium, %d low, %d info\n",
			plural(len(findings), "finding"), docs, plural(sources, "document"),
			n[audit.High], n[audit.Medium], n[audit.Low], n[audit.Info])
	}
}

// findingJSON is the JSON form of an audit.Finding.
type findingJSON struct {
	Rule        string         `json:"rule"`
	Severity    audit.Severity `json:"severity"`
	Explanation string         `json:"explanation"`
	Source      string         `json:"source"`
	SourceDate  string         `json:"source_date"`
	Path        string         `json:"path"`
	Version     int            `json:"version"`
	LineStart   int            `json:"line_start"`
	LineEnd     int            `json:"line_end"`
	Page        int            `json:"page"`
	Name        string         `json:"name"`
	Evidence    string         `json:"evidence"`
}

func toJSON(f audit.Finding) findingJSON {
	return findingJSON{Rule: f.Rule.ID, Severity: f.Rule.Severity, Explanation: f.Rule.Explanation,
		Source: f.Rule.Source, SourceDate: f.Rule.Date, Path: f.Path, Version: f.Version,
		LineStart: f.Line, LineEnd: f.LineEnd, Page: f.Page, Name: f.Name, Evidence: f.Evidence}
}

func writeFindingsJSON(w io.Writer, findings []audit.Finding) error {
	out := make([]findingJSON, 0, len(findings))
	for _, f := range findings {
		out = append(out, toJSON(f))
	}
	return encodeJSON(w, out)
}

var findingColumns = []string{"rule", "severity", "explanation", "source", "source_date", "path",
	"version", "line_start", "line_end", "page", "name", "evidence"}

func writeFindingsCSV(w io.Writer, findings []audit.Finding) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(findingColumns); err != nil {
		return err
	}
	for _, f := range findings {
		j := toJSON(f)
		err := cw.Write([]string{j.Rule, j.Severity.String(), j.Explanation, j.Source, j.SourceDate, j.Path,
			strconv.Itoa(j.Version), strconv.Itoa(j.LineStart), strconv.Itoa(j.LineEnd), strconv.Itoa(j.Page),
			j.Name, j.Evidence})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeRules(w io.Writer, format string, rules []audit.Rule) error {
	switch format {
	case "json":
		return encodeJSON(w, rules)
	case "csv":
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		cw.Write([]string{"id", "severity", "explanation", "source", "date"})
		for _, r := range rules {
			cw.Write([]string{r.ID, r.Severity.String(), r.Explanation, r.Source, r.Date})
		}
		cw.Flush()
		return cw.Error()
	}
	for _, r := range rules {
		fmt.Fprintf(w, "%s (%s)\n  %s\n  source: %s, %s\n", r.ID, r.Severity, r.Explanation, r.Source, r.Date)
	}
	return nil
}
