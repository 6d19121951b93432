package htmltext

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Span limits from the HTML standard.
const (
	maxColspan = 1000
	maxRowspan = 65534
)

// section is a row group of a table (thead, tbody, tfoot) with its rows.
type section struct {
	kind atom.Atom // atom.Thead, atom.Tbody or atom.Tfoot
	rows []*html.Node
}

// slot is one position of a table grid.
type slot struct {
	text string
	set  bool // covered by a cell (or its span)
	head bool // from a <th>, or in <thead>
}

// table renders a table element: a layout table as its cells' blocks, a data
// table as one tab-separated line per row.
//
// Edge cases: spans are clamped to the standard's limits and to their row
// group (rowspan="0" spans the rest of it); cells overlapping an earlier
// cell's span are shifted right of it, as browsers lay them out; a row
// shorter than the widest is padded with empty cells; rows and columns
// without text are dropped; several header rows are merged into one; a table
// nested in a cell is flattened into the cell's text.
func (r *renderer) table(t *html.Node, depth int) {
	sections, caption := r.sections(t)
	if caption != "" {
		r.out.block([]string{caption})
	}
	if r.isLayout(t, sections, caption != "") {
		for _, s := range sections {
			for _, tr := range s.rows {
				for c := tr.FirstChild; c != nil && r.out.err == nil; c = c.NextSibling {
					if isCell(c) && !r.skip[c] {
						r.walk(c, depth+2)
						r.flush()
					}
				}
			}
		}
		return
	}
	var head, body, foot [][]slot
	cells := 0
	for _, s := range sections {
		g, ok := r.grid(s, &cells)
		if !ok {
			r.out.err = tooLarge("a table of more than %d cells", MaxCells)
			return
		}
		switch s.kind {
		case atom.Thead:
			head = append(head, g...)
		case atom.Tfoot:
			foot = append(foot, g...)
		default:
			body = append(body, g...)
		}
	}
	if len(head) == 0 {
		// Leading rows of <th> cells are the header, unless every row is.
		n := 0
		for n < len(body) && allHead(body[n]) {
			n++
		}
		if n < len(body) {
			head, body = body[:n], body[n:]
		} else if n > 0 {
			head, body = body[:1], body[1:]
		}
	}
	var rows [][]slot
	if len(head) > 0 {
		rows = append(rows, mergeHeader(head))
	}
	rows = append(append(rows, body...), foot...)
	r.out.block(tabLines(rows))
}

// sections collects a table's row groups in document order, and its caption.
// Rows of nested tables are not the table's.
func (r *renderer) sections(t *html.Node) ([]section, string) {
	var out []section
	caption := ""
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || r.skip[c] {
			continue
		}
		switch c.DataAtom {
		case atom.Caption:
			if caption == "" {
				caption = r.flat(c, nil)
			}
		case atom.Thead, atom.Tbody, atom.Tfoot:
			s := section{kind: c.DataAtom}
			for tr := c.FirstChild; tr != nil; tr = tr.NextSibling {
				if tr.DataAtom == atom.Tr && tr.Type == html.ElementNode && !r.skip[tr] {
					s.rows = append(s.rows, tr)
				}
			}
			out = append(out, s)
		case atom.Tr: // the parser wraps rows in tbody; kept for hand-built trees
			out = append(out, section{kind: atom.Tbody, rows: []*html.Node{c}})
		}
	}
	return out, caption
}

// isLayout reports whether a table lays out the page rather than holding
// data: role=presentation or none, or, without header cells or a caption, a
// single row, a single column, or a cell holding another table or a heading.
func (r *renderer) isLayout(t *html.Node, sections []section, caption bool) bool {
	if role, _ := attr(t, "role"); isPresentation(role) {
		return true
	}
	if caption {
		return false
	}
	rows, cols, nested := 0, 0, false
	for _, s := range sections {
		if s.kind != atom.Tbody {
			return false
		}
		for _, tr := range s.rows {
			rows++
			w := 0
			for c := tr.FirstChild; c != nil; c = c.NextSibling {
				if !isCell(c) || r.skip[c] {
					continue
				}
				if c.DataAtom == atom.Th {
					return false
				}
				w += span(c, "colspan", maxColspan)
				nested = nested || r.holdsBlocks(c)
			}
			cols = max(cols, w)
		}
	}
	return rows <= 1 || cols <= 1 || nested
}

func isPresentation(role string) bool {
	for _, r := range strings.Fields(strings.ToLower(role)) {
		if r == "presentation" || r == "none" {
			return true
		}
	}
	return false
}

// holdsBlocks reports whether a rendered table or heading sits somewhere
// inside n: cells of data tables and items of lists hold neither.
func (r *renderer) holdsBlocks(n *html.Node) bool {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || r.skip[c] {
				continue
			}
			if c.DataAtom == atom.Table || headingLevel(c) > 0 {
				return true
			}
			stack = append(stack, c)
		}
	}
	return false
}

func isCell(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Td || n.DataAtom == atom.Th)
}

// span reads a colspan or rowspan attribute: 1 when missing or invalid,
// clamped to limit; rowspan="0" is returned as 0.
func span(n *html.Node, key string, limit int) int {
	v, ok := attr(n, key)
	if !ok {
		return 1
	}
	// Browsers read the leading digits: "2;" and "3px" are 2 and 3.
	v = strings.TrimSpace(v)
	end := 0
	for end < len(v) && end < 9 && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	i, err := strconv.Atoi(v[:end])
	switch {
	case err != nil:
		return 1
	case i == 0 && key == "rowspan":
		return 0
	case i < 1:
		return 1
	}
	return min(i, limit)
}

// grid lays a row group out on a grid, spans expanded: a rowspan's text is
// repeated in every row it covers, a colspan's text is in its first column
// only. cells counts the slots of the whole table; grid fails past MaxCells.
func (r *renderer) grid(s section, cells *int) ([][]slot, bool) {
	g := make([][]slot, len(s.rows))
	for y, tr := range s.rows {
		x := 0
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if !isCell(c) || r.skip[c] {
				continue
			}
			for x < len(g[y]) && g[y][x].set {
				x++
			}
			cs := span(c, "colspan", maxColspan)
			rs := span(c, "rowspan", maxRowspan)
			if rs == 0 || y+rs > len(g) {
				rs = len(g) - y
			}
			text := r.cellText(c)
			head := c.DataAtom == atom.Th || s.kind == atom.Thead
			for dy := range rs {
				row := &g[y+dy]
				if need := x + cs - len(*row); need > 0 {
					if *cells += need; *cells > MaxCells {
						return nil, false
					}
					*row = append(*row, make([]slot, need)...)
				}
				for dx := range cs {
					p := &(*row)[x+dx]
					if p.set {
						continue // overlapping spans: the first cell keeps its place
					}
					p.set, p.head = true, head
					if dx == 0 {
						p.text = text
					}
				}
			}
			x += cs
		}
	}
	return g, true
}

// cellText is a cell's text on one line; a cell with no text but images
// has their alt texts (a logo standing for a company name).
func (r *renderer) cellText(c *html.Node) string {
	if t := r.flat(c, nil); t != "" {
		return t
	}
	var alts []string
	stack := []*html.Node{c}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for k := x.LastChild; k != nil; k = k.PrevSibling {
			if k.Type != html.ElementNode || r.skip[k] {
				continue
			}
			if k.DataAtom == atom.Img {
				if a, _ := attr(k, "alt"); strings.TrimSpace(a) != "" {
					var in inline
					in.text(a)
					alts = append(alts, strings.TrimSpace(in.b.String()))
				}
				continue
			}
			stack = append(stack, k)
		}
	}
	return strings.Join(alts, " ")
}

// allHead reports whether a row has cells and all of them are header cells.
func allHead(row []slot) bool {
	n := 0
	for _, s := range row {
		if s.set {
			if !s.head {
				return false
			}
			n++
		}
	}
	return n > 0
}

// mergeHeader merges header rows into one: each column takes the text of
// the lowest row that has one there (a group title above "Country" and
// "Purpose" gives way to them).
func mergeHeader(rows [][]slot) []slot {
	w := 0
	for _, row := range rows {
		w = max(w, len(row))
	}
	out := make([]slot, w)
	for _, row := range rows {
		for x, s := range row {
			if s.text != "" {
				out[x] = s
			}
		}
	}
	return out
}

// tabLines writes a grid as tab-separated lines: every row as wide as the
// widest, rows and columns without any text dropped.
func tabLines(rows [][]slot) []string {
	w := 0
	for _, row := range rows {
		w = max(w, len(row))
	}
	used := make([]bool, w)
	for _, row := range rows {
		for x, s := range row {
			if s.text != "" {
				used[x] = true
			}
		}
	}
	var lines []string
	var b strings.Builder
	total := 0
	for _, row := range rows {
		if total > MaxOutput {
			break // the writer refuses the block
		}
		b.Reset()
		empty, first := true, true
		for x := range w {
			if !used[x] {
				continue
			}
			if !first {
				b.WriteByte('\t')
			}
			first = false
			if x < len(row) && row[x].text != "" {
				b.WriteString(row[x].text)
				empty = false
			}
		}
		if !empty {
			lines = append(lines, b.String())
			total += b.Len() + 1
		}
	}
	return lines
}
