package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/subproc/subproc"
)

// grid is a table read from the text: rows of cells with their line numbers.
type grid struct {
	layout string // "tab-table", "md-table", "rst-grid-table", "rst-simple-table", "dash-table", "aligned-table"
	rows   []gridRow
	header int  // index of the header row, -1 when the table has none
	from   int  // index into the line slice of the first line
	to     int  // index of the last line (inclusive)
	cont   bool // rows whose first cell is empty continue the row above (tab tables)
}

type gridRow struct {
	cells []string
	first int // line number of the row's first line
	last  int
	page  int
}

// tabTables finds runs of tab-separated lines.
//
// Edge cases: blank lines and running page labels inside the run are skipped, so
// a table cut by a page break stays one table; a line whose first cells are
// empty continues the row above (a wrapped cell); a repeated header row is
// dropped when the grid becomes records. Table-of-contents lines are never rows.
func tabTables(ls []line) []grid {
	var out []grid
	for i := 0; i < len(ls); i++ {
		if !isTabRow(ls[i]) {
			continue
		}
		g := grid{layout: "tab-table", header: -1, from: i, cont: true}
		j := i
		for ; j < len(ls); j++ {
			l := ls[j]
			if l.blank || isPageLabel(l.text) {
				continue
			}
			if !isTabRow(l) {
				break
			}
			cells := strings.Split(l.raw, "\t")
			for k := range cells {
				cells[k] = strings.TrimSpace(strings.ReplaceAll(cells[k], "\u00a0", " "))
			}
			for len(cells) > 0 && cells[len(cells)-1] == "" {
				cells = cells[:len(cells)-1]
			}
			g.rows = append(g.rows, gridRow{cells: cells, first: l.n, last: l.n, page: l.page})
			g.to = j
		}
		// The run stops at j; trailing blank lines are not part of it.
		if len(g.rows) >= 1 {
			out = append(out, g)
		}
		i = j - 1
	}
	return out
}

// dashTables finds tables written with " – " (or " | ") between the cells of
// each line: a header line of at least three cells, two or more of which name
// fields, then rows with the same number of cells. Header-less runs are not
// taken (a dash in prose is common).
func (v *vocab) dashTables(ls []line) []grid {
	var out []grid
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		// A header line is no list item: a bullet "- Name – purpose – Country"
		// is a row of a list, whatever its words.
		if l.blank || l.toc || l.item || strings.Contains(l.raw, "\t") || strings.HasPrefix(l.text, "|") {
			continue
		}
		sep := ""
		for _, s := range []string{" – ", " — ", " | ", " - "} {
			if strings.Count(l.text, s) >= 2 {
				sep = s
				break
			}
		}
		if sep == "" {
			continue
		}
		head := splitTrim(l.text, sep)
		named := 0
		for _, f := range v.columns(head) {
			if f != "" {
				named++
			}
		}
		if named < 2 || named*2 < len(head) {
			continue
		}
		g := grid{layout: "dash-table", header: 0, from: i, to: i}
		g.rows = append(g.rows, gridRow{cells: head, first: l.n, last: l.n, page: l.page})
		j := i + 1
		for ; j < len(ls); j++ {
			r := ls[j]
			if r.blank {
				if len(g.rows) == 1 {
					continue
				}
				break
			}
			cells := splitTrim(r.text, sep)
			if len(cells) < 2 || len(cells) > len(head) {
				break
			}
			g.rows = append(g.rows, gridRow{cells: cells, first: r.n, last: r.n, page: r.page})
			g.to = j
		}
		if len(g.rows) > 1 {
			out = append(out, g)
		}
		i = g.to
	}
	return out
}

func splitTrim(s, sep string) []string {
	parts := strings.Split(s, sep)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// isTabRow reports whether a line is a row of a tab-separated table.
func isTabRow(l line) bool { return l.tabRow }

func tabRow(l line) bool {
	if l.blank || l.toc || !strings.Contains(l.raw, "\t") {
		return false
	}
	n := 0
	for _, c := range strings.Split(l.raw, "\t") {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	// One cell after leading tabs is a continuation; two or more cells is a
	// row; one cell followed by two or more tabs is a row whose other cells
	// are empty ("Zoom\t\t", a caption row).
	return n >= 2 || strings.HasPrefix(l.raw, "\t") || n == 1 && strings.Count(l.raw, "\t") >= 2
}

var mdSep = regexp.MustCompile(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)

// mdTables finds Markdown pipe tables: a header row, a separator row, then rows.
func mdTables(ls []line) []grid {
	var out []grid
	for i := 1; i < len(ls); i++ {
		if !mdSep.MatchString(ls[i].text) || !strings.Contains(ls[i].text, "-") || !strings.Contains(ls[i-1].text, "|") {
			continue
		}
		g := grid{layout: "md-table", header: 0, from: i - 1}
		g.rows = append(g.rows, gridRow{cells: pipeCells(ls[i-1].text), first: ls[i-1].n, last: ls[i-1].n, page: ls[i-1].page})
		j := i + 1
		for ; j < len(ls) && strings.Contains(ls[j].text, "|") && !ls[j].blank; j++ {
			g.rows = append(g.rows, gridRow{cells: pipeCells(ls[j].text), first: ls[j].n, last: ls[j].n, page: ls[j].page})
		}
		g.to = j - 1
		out = append(out, g)
		i = j
	}
	return out
}

func pipeCells(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		s = s[:len(s)-1]
	}
	var cells []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '|' {
			b.WriteByte('|')
			i++
			continue
		}
		if s[i] == '|' {
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
			continue
		}
		b.WriteByte(s[i])
	}
	return append(cells, strings.TrimSpace(b.String()))
}

var (
	rstBorder = regexp.MustCompile(`^\+([-=]+\+)+$`)
	rstSimple = regexp.MustCompile(`^=+( +=+)+$`)
)

// rstGridTables finds reStructuredText grid tables (+---+ borders). A row is the
// text between two border lines; the lines of one cell are joined with spaces.
// A "+===+" border ends the header.
func rstGridTables(ls []line) []grid {
	var out []grid
	for i := 0; i < len(ls); i++ {
		if !rstBorder.MatchString(ls[i].text) {
			continue
		}
		border := []rune(ls[i].text)
		var cols []int
		for k, r := range border {
			if r == '+' {
				cols = append(cols, k)
			}
		}
		indent := utf8.RuneCountInString(ls[i].raw) - len(border)
		g := grid{layout: "rst-grid-table", header: -1, from: i}
		var cur []strings.Builder
		first := 0
		j := i + 1
		for ; j < len(ls); j++ {
			t := ls[j].text
			if rstBorder.MatchString(t) {
				if cur != nil {
					row := gridRow{first: first, last: ls[j-1].n, page: ls[j].page}
					for _, c := range cur {
						row.cells = append(row.cells, strings.Join(strings.Fields(c.String()), " "))
					}
					g.rows = append(g.rows, row)
					if strings.Contains(t, "=") {
						g.header = len(g.rows) - 1
					}
				}
				cur = nil
				continue
			}
			if !strings.HasPrefix(t, "|") {
				break
			}
			if cur == nil {
				cur = make([]strings.Builder, len(cols)-1)
				first = ls[j].n
			}
			rs := []rune(ls[j].raw)
			if indent > 0 && len(rs) >= indent {
				rs = rs[indent:]
			}
			for c := 0; c+1 < len(cols); c++ {
				a, b := cols[c]+1, cols[c+1]
				if a > len(rs) {
					break
				}
				if b > len(rs) {
					b = len(rs)
				}
				cur[c].WriteString(" " + strings.TrimSpace(strings.Trim(string(rs[a:b]), "|")))
			}
		}
		g.to = j - 1
		if len(g.rows) > 0 {
			out = append(out, g)
		}
		i = j - 1
	}
	return out
}

// rstSimpleTables finds reStructuredText simple tables: "=== ===" borders give
// the columns; rows between the first two borders are the header; a line whose
// first column is blank continues the row above.
func rstSimpleTables(ls []line) []grid {
	var out []grid
	for i := 0; i < len(ls); i++ {
		if !rstSimple.MatchString(ls[i].text) {
			continue
		}
		border := []rune(ls[i].raw)
		type span struct{ a, b int }
		var spans []span
		for k := 0; k < len(border); {
			if border[k] != '=' {
				k++
				continue
			}
			a := k
			for k < len(border) && border[k] == '=' {
				k++
			}
			spans = append(spans, span{a, k})
		}
		g := grid{layout: "rst-simple-table", header: -1, from: i}
		borders := 1
		j := i + 1
		for ; j < len(ls); j++ {
			l := ls[j]
			if rstSimple.MatchString(l.text) {
				borders++
				if borders == 2 {
					g.header = len(g.rows) - 1
				}
				if borders == 3 || j+1 < len(ls) && ls[j+1].blank {
					j++
					break
				}
				continue
			}
			if l.blank {
				continue
			}
			rs := []rune(l.raw)
			cells := make([]string, len(spans))
			for c, sp := range spans {
				a, b := sp.a, sp.b
				if c == len(spans)-1 {
					b = len(rs)
				} else if c+1 < len(spans) {
					b = spans[c+1].a
				}
				if a >= len(rs) {
					continue
				}
				if b > len(rs) {
					b = len(rs)
				}
				cells[c] = strings.TrimSpace(string(rs[a:b]))
			}
			if cells[0] == "" && len(g.rows) > 0 && borders >= 2 {
				prev := &g.rows[len(g.rows)-1]
				for c := range cells {
					if cells[c] != "" {
						if c < len(prev.cells) {
							prev.cells[c] = strings.TrimSpace(prev.cells[c] + " " + cells[c])
						}
					}
				}
				prev.last = l.n
				continue
			}
			g.rows = append(g.rows, gridRow{cells: cells, first: l.n, last: l.n, page: l.page})
		}
		g.to = j - 1
		if borders >= 2 && len(g.rows) > 0 {
			out = append(out, g)
		}
		i = j - 1
	}
	return out
}

// columns maps each header cell to a field.
func (v *vocab) columns(cells []string) []subproc.Field {
	out := make([]subproc.Field, len(cells))
	for i, c := range cells {
		if f, ok := v.field(c); ok {
			out[i] = f
		}
	}
	return out
}

// findHeader picks the header row of a grid: the first of its first three rows
// in which at least two cells name fields (one of them may be the name column).
func (v *vocab) findHeader(g *grid) {
	if g.header >= 0 {
		return
	}
	for r := 0; r < len(g.rows) && r < 3; r++ {
		n := 0
		for _, f := range v.columns(g.rows[r].cells) {
			if f != "" {
				n++
			}
		}
		if n >= 2 && n*2 >= len(g.rows[r].cells) {
			g.header = r
			return
		}
	}
}

// records turns a grid into raw records.
//
// Edge cases: a row equal to the header (repeated after a page break) is
// dropped; in tab tables a row whose first cell is empty is the continuation of
// the row above and its cells are appended to that row's cells; several columns
// of one field are joined (purpose: "Function. Description"); a header-less grid
// takes its first column as the name and guesses the others from their content.
func (v *vocab) records(g *grid) []subproc.RawRecord {
	v.findHeader(g)
	var fields []subproc.Field
	start := 0
	if g.header >= 0 {
		fields = v.columns(g.rows[g.header].cells)
		start = g.header + 1
	} else {
		fields = v.guessColumns(g)
	}
	nameCol := -1
	for i, f := range fields {
		if f == subproc.FieldName {
			nameCol = i
			break
		}
	}
	if nameCol < 0 {
		nameCol = 0
		if len(fields) > 0 && fields[0] == "" {
			fields[0] = subproc.FieldName
		}
	}
	headerKey := ""
	if g.header >= 0 {
		headerKey = rowKey(g.rows[g.header].cells)
	}
	type acc struct {
		cells      [][]string
		first, end int
		page       int
	}
	var accs []*acc
	for r := start; r < len(g.rows); r++ {
		row := g.rows[r]
		if headerKey != "" && rowKey(row.cells) == headerKey {
			continue
		}
		if allEmpty(row.cells) {
			continue
		}
		name := cell(row.cells, nameCol)
		if name == "" && g.cont && len(accs) > 0 {
			a := accs[len(accs)-1]
			for c, t := range row.cells {
				if t != "" && c < len(a.cells) {
					a.cells[c] = append(a.cells[c], t)
				}
			}
			a.end = row.last
			continue
		}
		if name == "" {
			continue
		}
		a := &acc{cells: make([][]string, max(len(fields), len(row.cells))), first: row.first, end: row.last, page: row.page}
		for c, t := range row.cells {
			if t != "" {
				a.cells[c] = append(a.cells[c], t)
			}
		}
		accs = append(accs, a)
	}
	var out []subproc.RawRecord
	for _, a := range accs {
		// A name cell that packs several "Name (CC; role)" items is several rows.
		if items := v.packedItems(strings.Join(a.cells[nameCol], " "), subproc.Provenance{Page: a.page, LineStart: a.first, LineEnd: a.end, Layout: g.layout}); len(items) >= 2 || len(items) == 1 && strings.Contains(strings.Join(a.cells[nameCol], " "), ";") {
			out = append(out, items...)
			continue
		}
		var rec subproc.RawRecord
		parts := map[subproc.Field][]string{}
		for c, texts := range a.cells {
			if c >= len(fields) || fields[c] == "" || len(texts) == 0 {
				continue
			}
			parts[fields[c]] = append(parts[fields[c]], strings.Join(texts, " "))
		}
		rec.Name = cleanInline(strings.Join(a.cells[nameCol], " "))
		setFields(&rec, parts)
		if rec.Address == "" {
			rec.Name, rec.Address = splitNameAddress(rec.Name)
		}
		rec.Prov = subproc.Provenance{Page: a.page, LineStart: a.first, LineEnd: a.end, Layout: g.layout}
		out = append(out, rec)
	}
	return out
}

// setFields fills rec from texts per field; purpose parts are joined as sentences.
func setFields(rec *subproc.RawRecord, parts map[subproc.Field][]string) {
	for f, ps := range parts {
		switch f {
		case subproc.FieldName:
			if rec.Name == "" {
				rec.Name = cleanInline(strings.Join(ps, " "))
			}
		case subproc.FieldRegNo:
			rec.RegNo = strings.Join(ps, ", ")
		case subproc.FieldAddress:
			rec.Address = strings.Join(ps, ", ")
		case subproc.FieldCountry:
			rec.Country = strings.Join(ps, ", ")
		case subproc.FieldPurpose:
			rec.Purpose = joinSentences(ps)
		case subproc.FieldLegalBasis:
			rec.LegalBasis = strings.Join(ps, "; ")
		case subproc.FieldLocation:
			rec.Location = strings.Join(ps, "; ")
		case subproc.FieldDataCategories:
			rec.DataCategories = strings.Join(ps, "; ")
		}
	}
}

// joinSentences joins text parts, ending each part with a full stop when it has
// no closing punctuation ("Hosting" + "We use..." -> "Hosting. We use...").
func joinSentences(ps []string) string {
	var b strings.Builder
	for i, p := range ps {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
		if i < len(ps)-1 && !strings.ContainsAny(p[len(p)-1:], ".!?:;") {
			b.WriteByte('.')
		}
	}
	return b.String()
}

var regNoLike = regexp.MustCompile(`^(?:[A-Z]{2})?[0-9][0-9 .\-/]{3,}[0-9]$|^(?:HRB|CRO|RCS|KvK|B)\s?[0-9 ]{4,}$`)

// guessColumns names the columns of a header-less table from their content.
func (v *vocab) guessColumns(g *grid) []subproc.Field {
	n := 0
	for _, r := range g.rows {
		n = max(n, len(r.cells))
	}
	fields := make([]subproc.Field, n)
	if n == 0 {
		return fields
	}
	fields[0] = subproc.FieldName
	longest, longestLen := -1, 0
	for c := 1; c < n; c++ {
		var reg, country, total, length int
		for _, r := range g.rows {
			t := cell(r.cells, c)
			if t == "" {
				continue
			}
			total++
			length += len(t)
			if regNoLike.MatchString(t) {
				reg++
			}
			if v.isCountry(t) {
				country++
			}
		}
		switch {
		case total == 0:
		case reg*2 > total:
			fields[c] = subproc.FieldRegNo
		case country*2 > total:
			fields[c] = subproc.FieldCountry
		case length/total > longestLen:
			longest, longestLen = c, length/total
		}
	}
	if longest > 0 {
		fields[longest] = subproc.FieldPurpose
	}
	return fields
}

func rowKey(cells []string) string {
	var parts []string
	for _, c := range cells {
		parts = append(parts, fold(c))
	}
	return strings.Join(parts, "|")
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}
