package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/subproc/subproc"
)

// alignedTables finds plain-text tables whose columns are aligned with spaces:
// a header line whose cells (separated by two or more spaces) name at least
// two fields, optionally wrapped over up to three lines and underlined by a
// rule of dash groups ("-----   ------"), then the rows below.
//
// Column boundaries come from the rule's dash groups when there is one, else
// from where the header's cells start. A cell may start up to two characters
// left of its boundary (hand-aligned text); a word that straddles a boundary
// ends the table, so the prose after a table is never read as a row.
//
// Edge cases: a cell wrapped over several lines is joined with spaces (a line
// ending in "letter-" is joined without one). A line whose name cell is empty
// continues the row above. A line with text in the name cell starts a new row
// unless the name above was wrapped there: the previous line's name fragment
// plus this line's first word would not fit the column width, and this line
// starts its name in lower case or with "(" ("r.l."), completes a name that
// had no legal form ("Kestrel Cloud Services" + "Limited"), leaves empty a cell
// that the row's first line filled, follows a cell ending in "," or "&", or has
// lower-case text in most of its other cells. A
// blank line ends the table unless the next line is a full row of the grid
// (tables with a blank line between rows); page labels and a header repeated
// after a page break are skipped. Header-less aligned tables are not taken.
func (v *vocab) alignedTables(ls []line) []grid {
	var out []grid
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		if l.blank || l.toc || strings.Contains(l.raw, "\t") || strings.HasPrefix(l.text, "|") {
			continue
		}
		var starts, widths []int
		var head []int // line indices of the header
		first := i + 1 // first row line
		if spans := ruleSpans(l.raw); len(spans) >= 2 {
			for k := i - 1; k >= 0 && k >= i-3; k-- {
				if ls[k].blank || strings.Contains(ls[k].raw, "\t") || len(ruleSpans(ls[k].raw)) > 0 || rstUnder.MatchString(ls[k].text) {
					break
				}
				head = append([]int{k}, head...)
			}
			for _, sp := range spans {
				starts = append(starts, sp[0])
				widths = append(widths, sp[1]-sp[0])
			}
		} else if strings.Contains(l.text, "  ") {
			if ruleBelow(ls, i) {
				continue // the rule below gives the columns
			}
			for _, c := range chunks([]rune(l.raw)) {
				starts = append(starts, c[0])
				widths = append(widths, 0)
			}
			if len(starts) < 2 {
				continue
			}
			head = []int{i}
			if i+1 < len(ls) && rstUnder.MatchString(ls[i+1].text) {
				first = i + 2 // a full-width rule under the header
			}
		} else {
			continue
		}
		if len(head) == 0 {
			continue
		}
		var headCells [][]string
		ok := true
		for _, k := range head {
			cells, fit := sliceAligned([]rune(ls[k].raw), starts)
			if !fit {
				ok = false
				break
			}
			headCells = append(headCells, cells)
		}
		if !ok {
			continue
		}
		hdr := make([]string, len(starts))
		for _, h := range headCells {
			for c := range h {
				hdr[c] = joinWrapped(hdr[c], h[c])
			}
		}
		fields := v.columns(hdr)
		named := 0
		for _, f := range fields {
			if f != "" {
				named++
			}
		}
		if named < 2 || named*2 < len(hdr) {
			continue
		}
		if len(head) == 1 && first == i+1 {
			// Without a rule, header cells wrapped onto the next lines are
			// told from a first row by their empty name cell.
			for first < len(ls) && first <= i+2 && v.headerWrap(ls[first], starts, hdr) {
				cells, _ := sliceAligned([]rune(ls[first].raw), starts)
				headCells = append(headCells, cells)
				for c := range cells {
					hdr[c] = joinWrapped(hdr[c], cells[c])
				}
				fields = v.columns(hdr)
				first++
			}
		}
		g, end := alignedRows(ls, first, starts, widths, headCells, fields)
		if len(g.rows) < 2 {
			continue
		}
		g.from = head[0]
		out = append(out, g)
		i = end
	}
	return out
}

// headerWrap reports whether line l continues the header cells hdr: it fits
// the columns, leaves at least one empty, and each of its cells keeps its
// column naming a field, going on in lower case or completing a synonym.
func (v *vocab) headerWrap(l line, starts []int, hdr []string) bool {
	if l.blank || strings.Contains(l.raw, "\t") {
		return false
	}
	cells, fit := sliceAligned([]rune(l.raw), starts)
	if !fit {
		return false
	}
	filled := 0
	for c, t := range cells {
		if t == "" {
			continue
		}
		filled++
		joined := joinWrapped(hdr[c], t)
		if _, ok := v.field(joined); !ok {
			return false
		}
		// A wrapped header word goes on in lower case ("personoplysninger");
		// a capitalised one must complete a synonym exactly.
		if r, _ := utf8.DecodeRuneInString(t); !unicode.IsLower(r) {
			if _, ok := v.exact[fold(joined)]; !ok {
				return false
			}
		}
	}
	return filled > 0 && filled < len(cells)
}

// alignedLine is one line of an aligned table cut into cells.
type alignedLine struct {
	cells []string
	l     line
	after bool // the first line after a blank line
}

// alignedRows reads the lines of an aligned table from index first and groups
// them into rows (see alignedTables). head holds the cells of each header line.
// It returns the grid, with the joined header as row 0, and the index of the
// table's last line.
func alignedRows(ls []line, first int, starts, widths []int, head [][]string, fields []subproc.Field) (grid, int) {
	var hdr []string
	for _, h := range head {
		for c := range h {
			if c >= len(hdr) {
				hdr = append(hdr, "")
			}
			hdr[c] = joinWrapped(hdr[c], h[c])
		}
	}
	nameCol := 0
	for c, f := range fields {
		if f == subproc.FieldName {
			nameCol = c
			break
		}
	}
	headKey := rowKey(head[0])
	g := grid{layout: "aligned-table", header: 0}
	g.rows = append(g.rows, gridRow{cells: hdr})
	var body []alignedLine
	end := first - 1
	blank, skip := false, 0
	for j := first; j < len(ls); j++ {
		l := ls[j]
		if l.blank {
			blank = true
			continue
		}
		if isPageLabel(l.text) {
			continue
		}
		if l.toc || strings.Contains(l.raw, "\t") || strings.HasPrefix(l.text, "|") {
			break
		}
		if len(ruleSpans(l.raw)) > 0 || rstUnder.MatchString(l.text) {
			end = j // a rule under a repeated header, or the table's bottom border
			continue
		}
		cells, fit := sliceAligned([]rune(l.raw), starts)
		if !fit {
			break
		}
		if skip > 0 {
			skip--
			end = j
			continue
		}
		if rowKey(cells) == headKey {
			skip = len(head) - 1 // a header repeated after a page break
			end = j
			continue
		}
		filled := 0
		for _, c := range cells {
			if c != "" {
				filled++
			}
		}
		if blank && len(body) > 0 && (filled < 2 || cells[nameCol] == "") {
			break // after a blank line only a row with a name continues the table
		}
		body = append(body, alignedLine{cells: cells, l: l, after: blank})
		blank = false
		end = j
	}
	for c := range widths {
		for _, b := range body {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell(b.cells, c)))
		}
	}
	var rowFirst, prev []string // cells of the current row's first line and of the line above
	for _, b := range body {
		if len(g.rows) > 1 && !b.after && continues(b.cells, prev, rowFirst, g.rows[len(g.rows)-1].cells[nameCol], nameCol, widths) {
			r := &g.rows[len(g.rows)-1]
			for c, t := range b.cells {
				if t != "" {
					r.cells[c] = joinWrapped(r.cells[c], t)
				}
			}
			r.last = b.l.n
			prev = b.cells
			continue
		}
		g.rows = append(g.rows, gridRow{cells: append([]string(nil), b.cells...), first: b.l.n, last: b.l.n, page: b.l.page})
		rowFirst, prev = b.cells, b.cells
	}
	g.to = end
	return g, end
}

// continues reports whether a line with the given cells continues the row
// above; prev holds the cells of the line above, rowFirst those of the row's
// first line, rowName the row's name so far.
func continues(cells, prev, rowFirst []string, rowName string, nameCol int, widths []int) bool {
	name := cell(cells, nameCol)
	if name == "" {
		return true
	}
	if cell(prev, nameCol) == "" {
		return false // the name cell above had ended
	}
	for c, t := range cells {
		p := cell(prev, c)
		if t == "" || p == "" {
			continue
		}
		word, _, _ := strings.Cut(t, " ")
		if utf8.RuneCountInString(p)+1+utf8.RuneCountInString(word) <= widths[c] {
			return false // the word would have fit on the line above: no wrap
		}
	}
	if r, _ := utf8.DecodeRuneInString(name); unicode.IsLower(r) || r == '(' {
		return true // "r.l.", "(Acme)": a name does not start so
	}
	if !hasLegalForm(rowName) && hasLegalForm(rowName+" "+name) {
		return true // "Quayside Mail Technologies" + "International Ltd"
	}
	others, lower := 0, 0
	for c, t := range cells {
		if c == nameCol {
			continue
		}
		if t == "" && cell(rowFirst, c) != "" {
			return true // a cell the row's first line filled is empty here
		}
		if t != "" {
			others++
			if r, _ := utf8.DecodeRuneInString(t); unicode.IsLower(r) {
				lower++
			}
		}
	}
	for _, p := range prev {
		if p != "" && strings.ContainsAny(p[len(p)-1:], ",&/(") {
			return true // a cell above ends unfinished ("Floor 12,")
		}
	}
	return others > 0 && lower*2 > others // most cells go on in lower case
}

// joinWrapped joins a cell's text with its continuation on the next line.
func joinWrapped(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	if n := len(a); n >= 2 && a[n-1] == '-' {
		if r, _ := utf8.DecodeLastRuneInString(a[:n-1]); unicode.IsLetter(r) {
			return a + b // "sub-" + "processor"
		}
	}
	return a + " " + b
}

// ruleSpans returns the dash groups of a rule line ("-----   ------") as rune
// [start, end) pairs, or nil when the line is no such rule. Groups of three or
// more '-', '=' or '─' separated by spaces.
func ruleSpans(raw string) [][2]int {
	t := strings.TrimSpace(raw)
	if len(t) < 3 || !strings.ContainsAny(t[:1], "-=") && !strings.HasPrefix(t, "─") {
		return nil
	}
	var out [][2]int
	rs := []rune(raw)
	for k := 0; k < len(rs); {
		switch rs[k] {
		case ' ':
			k++
			continue
		case '-', '=', '─':
		default:
			return nil
		}
		a := k
		for k < len(rs) && rs[k] == rs[a] {
			k++
		}
		if k-a < 3 {
			return nil
		}
		out = append(out, [2]int{a, k})
	}
	return out
}

// gapBefore reports whether a cell may start at rune k of rs: two spaces
// before it, or only spaces back to from (the cell to the left is empty).
func gapBefore(rs []rune, k, from int) bool {
	if k <= from || k > len(rs) {
		return k == from
	}
	if rs[k-1] != ' ' {
		return false
	}
	if k-2 < from || rs[k-2] == ' ' {
		return true
	}
	return false
}

// ruleBelow reports whether a rule of dash groups follows line i within the
// next three lines (a header wrapped over several lines above its rule).
func ruleBelow(ls []line, i int) bool {
	for k := i + 1; k < len(ls) && k <= i+3 && !ls[k].blank; k++ {
		if len(ruleSpans(ls[k].raw)) >= 2 {
			return true
		}
	}
	return false
}

// chunks returns the rune start and end of the runs of text in rs that are
// separated by two or more spaces.
func chunks(rs []rune) [][2]int {
	var out [][2]int
	for k := 0; k < len(rs); {
		if rs[k] == ' ' {
			k++
			continue
		}
		a := k
		for k < len(rs) && !(rs[k] == ' ' && (k+1 >= len(rs) || rs[k+1] == ' ')) {
			k++
		}
		out = append(out, [2]int{a, k})
	}
	return out
}

// sliceAligned cuts a line into the cells of the columns starting at starts.
// ok is false when a word straddles a column boundary.
func sliceAligned(rs []rune, starts []int) (cells []string, ok bool) {
	for k, r := range rs {
		if r == '\u00a0' {
			rs[k] = ' '
		}
	}
	cuts := make([]int, len(starts)+1)
	cuts[len(starts)] = len(rs)
	for c := 1; c < len(starts); c++ {
		s := starts[c]
		switch {
		case s >= len(rs):
			cuts[c] = len(rs)
		case gapBefore(rs, s, cuts[c-1]):
			cuts[c] = s
		case gapBefore(rs, s-1, cuts[c-1]):
			cuts[c] = s - 1 // the cell starts one character early
		case gapBefore(rs, s-2, cuts[c-1]):
			cuts[c] = s - 2
		default:
			return nil, false
		}
	}
	cells = make([]string, len(starts))
	for c := range starts {
		cells[c] = strings.TrimSpace(string(rs[cuts[c]:max(cuts[c], cuts[c+1])]))
	}
	return cells, true
}
