package gold

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Write prints r in score.py's text form: with perDoc, one line per document
// first (as --per-doc does), then the field accuracies on matched rows and
// the totals. Where score.py would fail on a gold file without a language,
// Write prints None.
func (r Result) Write(w io.Writer, perDoc bool) error {
	bw := bufio.NewWriter(w)
	if perDoc {
		for _, d := range r.PerDoc {
			fmt.Fprintf(bw, "%-45s lang %-4s/%-4s rows %d/%d (pred %d) cells %d/%d\n",
				d.Name, pyStr(d.PredLanguage), pyStr(d.GoldLanguage),
				d.MatchedRows, d.GoldRows, d.PredRows, d.OKCells, d.GoldCells)
		}
	}
	var fs []string
	for _, f := range Fields {
		if v := r.Fields[f]; v != nil {
			fs = append(fs, fmt.Sprintf("%s=%.2f", f, *v))
		}
	}
	fmt.Fprintf(bw, "fields on matched rows: %s\n", strings.Join(fs, " "))
	fmt.Fprintf(bw, "docs=%d language=%.2f rows P/R/F1=%.2f/%.2f/%.2f cells P/R/F1=%.2f/%.2f/%.3f\n",
		r.Docs, r.LanguageAcc, r.RowP, r.RowR, r.RowF1, r.CellP, r.CellR, r.CellF1)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write score report: %w", err)
	}
	return nil
}

// WriteJSON prints r in score.py's --json form, byte for byte: Python's
// json.dumps with an indent of 2 and Python's float formatting.
func (r Result) WriteJSON(w io.Writer) error {
	var b strings.Builder
	b.WriteString("{\n")
	fmt.Fprintf(&b, "  \"docs\": %d,\n", r.Docs)
	for _, kv := range []struct {
		k string
		v float64
	}{{"language_acc", r.LanguageAcc}, {"row_p", r.RowP}, {"row_r", r.RowR}, {"row_f1", r.RowF1},
		{"cell_p", r.CellP}, {"cell_r", r.CellR}, {"cell_f1", r.CellF1}} {
		fmt.Fprintf(&b, "  %q: %s,\n", kv.k, pyFloat(kv.v))
	}
	b.WriteString("  \"fields\": {\n")
	for i, f := range Fields {
		v := "null"
		if p := r.Fields[f]; p != nil {
			v = pyFloat(*p)
		}
		sep := ","
		if i == len(Fields)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "    %q: %s%s\n", string(f), v, sep)
	}
	b.WriteString("  }\n}\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write score json: %w", err)
	}
	return nil
}

// pyFloat is Python's repr of a finite float: the shortest digits that read
// back to f, in fixed notation with at least one decimal when the exponent is
// in [-4, 16), else as Go's %e does (1e-05, 1.5e+16), which Python matches.
func pyFloat(f float64) string {
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
