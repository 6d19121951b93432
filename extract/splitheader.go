package extract

import (
	"regexp"
	"strings"

	"github.com/subproc/subproc"
)

// rowLine is a one-line row "Name RegNo Address": the name, then a registration
// number token (digits, optionally a country prefix or dashes), then an address
// with a digit in it.
var rowLine = regexp.MustCompile(`^(\S.{1,90}?)\s+((?:[A-Z]{1,3})?\d{4,}(?:[-.]\d+)*|\d{6}-\d{4}|\d{3} \d{3} \d{3}|\d{2} \d{2} \d{2} \d{2}|[–—-])\s+(\S.*\d.*)$`)

// splitHeader finds tables whose header is written one column name per line
// (two names may share a line), followed by rows written as "Name RegNo Address"
// on one line with the description in the paragraphs below.
//
// Edge cases: the header needs a name column and a registration-number column;
// a row ends where the next row line starts, or at a structural heading; blank
// and whitespace-only lines between paragraphs are skipped.
func (x *doc) splitHeader() []group {
	var out []group
	ls := x.lines
	for i := 0; i < len(ls); i++ {
		fields, end := x.headerLines(i)
		if !hasField(fields, subproc.FieldName) || !hasField(fields, subproc.FieldRegNo) {
			continue
		}
		g := group{layout: "split-header", from: i, strong: true}
		var cur *subproc.RawRecord
		var desc []string
		flush := func() {
			if cur != nil {
				cur.Purpose = strings.Join(desc, " ")
				g.recs = append(g.recs, *cur)
			}
			cur, desc = nil, nil
		}
		j := end + 1
		for ; j < len(ls); j++ {
			l := ls[j]
			if l.blank {
				continue
			}
			if _, level, ok := x.heading(j); ok && (level > 0 || x.v.isStop(l.text)) {
				break
			}
			if m := rowLine.FindStringSubmatch(l.text); m != nil && looksLikeName(m[1]) && (!isDash(m[2]) || postcode.MatchString(m[3])) {
				flush()
				reg := m[2]
				if isDash(reg) {
					reg = "" // "–" in the number column: no number
				}
				cur = &subproc.RawRecord{Name: cleanInline(m[1]), RegNo: reg, Address: m[3],
					Prov: subproc.Provenance{Page: l.page, LineStart: l.n, LineEnd: l.n, Layout: g.layout}}
				g.to = j
				continue
			}
			if cur == nil {
				break
			}
			desc = append(desc, l.text)
			cur.Prov.LineEnd = l.n
			g.to = j
		}
		flush()
		if len(g.recs) > 0 {
			out = append(out, g)
			i = g.to
		}
	}
	return out
}

// headerLines reads consecutive short lines from i that are column names,
// splitting a line into two names where needed ("Adresse Beskrivelse av
// behandling"). It returns the fields in order and the index of the last line.
func (x *doc) headerLines(i int) ([]subproc.Field, int) {
	var fields []subproc.Field
	end := i
	for j := i; j < len(x.lines) && j < i+12; j++ {
		l := x.lines[j]
		if l.blank && j > i && j+1 < len(x.lines) && !x.lines[j+1].blank {
			continue // one blank line between column names (HTML and PDF put one between paragraphs)
		}
		if l.blank || len(l.text) > 80 || strings.Contains(l.raw, "\t") || len(strings.Fields(l.text)) > 8 || x.marks[j] != 0 {
			break // a heading with a section word announces the table; it is no column name
		}
		fs := x.lineFields(l.text)
		if fs == nil {
			break
		}
		fields = append(fields, fs...)
		end = j
	}
	if len(fields) < 2 {
		return nil, i
	}
	return fields, end
}

// lineFields maps a line to one field, or to two when its words split into two column names.
func (x *doc) lineFields(t string) []subproc.Field {
	if strings.ContainsAny(t, ":;") {
		return nil // column names carry no colon
	}
	h := fold(t)
	if x.exactHeader(h) {
		if f, ok := x.v.field(t); ok {
			return []subproc.Field{f}
		}
	}
	// Two names: the words before a space and the words after it.
	for i := 0; i < len(h); i++ {
		if h[i] != ' ' {
			continue
		}
		fa, oka := x.v.exact[h[:i]]
		fb, okb := x.v.exact[h[i+1:]]
		if oka && okb {
			return []subproc.Field{fa, fb}
		}
	}
	return nil
}

// exactHeader: the whole folded text h is a synonym, or a synonym followed by
// at most two words, or one word and a synonym.
func (x *doc) exactHeader(h string) bool {
	if _, ok := x.v.exact[h]; ok {
		return true
	}
	var buf [32]int
	b := wordBounds(h, buf[:0])
	n := len(b) - 1
	if h == "" {
		n = 0
	}
	for k := n - 1; k >= 1 && n-k <= 2; k-- {
		if _, ok := x.v.exact[h[:b[k]-1]]; ok {
			return true
		}
	}
	if n >= 2 {
		_, ok := x.v.exact[h[b[1]:]]
		return ok
	}
	return false
}

func hasField(fs []subproc.Field, f subproc.Field) bool {
	for _, g := range fs {
		if g == f {
			return true
		}
	}
	return false
}

func isDash(s string) bool { return s == "-" || s == "–" || s == "—" }
