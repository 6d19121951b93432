package layout

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Defaults of Options.
const (
	DefaultWordGap    = 0.18 // ems: a smaller gap between two runs continues the word
	DefaultColumnGap  = 0.9  // ems: a gap this wide or wider between words cuts a line into fragments
	DefaultLineTol    = 0.35 // ems: baselines closer than this are one line
	DefaultMarginBand = 0.12 // fraction of the page height searched for running headers and footers
)

// Options tunes Render. The zero value uses the defaults.
type Options struct {
	WordGap    float64 // 0 means DefaultWordGap
	ColumnGap  float64 // 0 means DefaultColumnGap
	LineTol    float64 // 0 means DefaultLineTol
	MarginBand float64 // 0 means DefaultMarginBand
	NoHeadings bool    // write headings as plain paragraphs, without "#"
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if !(*v > 0) || math.IsInf(*v, 0) {
			*v = d
		}
	}
	def(&o.WordGap, DefaultWordGap)
	def(&o.ColumnGap, DefaultColumnGap)
	def(&o.LineTol, DefaultLineTol)
	def(&o.MarginBand, DefaultMarginBand)
	o.MarginBand = math.Min(o.MarginBand, 0.45)
	return o
}

// block is a paragraph or a table of one page, in reading order.
type block struct {
	text   string
	box    Box
	size   float64
	bold   bool
	item   bool   // a list item
	bullet bool   // a bulleted list item
	tight  bool   // written right after the block before it, without a blank line (see paragraphs)
	def    string // a definition list's term: the definition, written on the next line after ": "
	defBox Box
	nlines int
	tab    *table
	level  int // heading level, 0 for body text
}

// renderer holds what one Render call shares between pages.
type renderer struct {
	o     Options
	j     *joiner
	carry *table // the table that ended the previous page, offered to the next
}

// Render rebuilds the text form of positioned pages: words, lines, columns,
// tables, paragraphs and headings, with the page box of every output line.
// It never fails: runs and rules it cannot use are ignored.
func Render(pages []Page, opt Options) Result {
	r := &renderer{o: opt.withDefaults()}
	wordLines := make([][][]word, len(pages))
	var all [][]word
	for i, p := range pages {
		for _, l := range bullets(pieceLines(pieces(p.Runs), r.o.LineTol), p.Shapes) {
			ws := words(l, r.o.WordGap)
			wordLines[i] = append(wordLines[i], ws)
			all = append(all, ws)
		}
	}
	r.j = newJoiner(all)
	texts := make([]*pageText, len(pages))
	tabs := make([][]*table, len(pages))
	hints := make([][]hseg, len(pages))
	for i, p := range pages {
		num := pageNumber(p, i)
		hs, vs := splitRules(p.Rules)
		var rest [][]word
		tabs[i], rest, hints[i] = gridTables(hs, vs, wordLines[i], num, r.j)
		pt := &pageText{number: num, height: p.Height}
		if !finite(pt.height) {
			pt.height = 0
		}
		for li, ws := range rest {
			if len(ws) > 0 {
				pt.lines = append(pt.lines, frags(ws, r.o.ColumnGap, li))
			}
		}
		texts[i] = pt
	}
	dropMargins(texts, r.o.MarginBand)
	blocks := make([][]*block, len(pages))
	for i, pt := range texts {
		blocks[i] = r.page(pt, tabs[i], hints[i])
	}
	r.joinPages(blocks)
	if !r.o.NoHeadings {
		markHeadings(blocks)
	}
	return write(blocks)
}

// joinPages joins a paragraph cut by a page break.
//
// Policy: when a page ends with a paragraph that does not end a clause and
// the next page begins with a paragraph in the same style that starts with a
// lowercase letter, a digit or an opening bracket, the two are one paragraph;
// it is written on the first page, with that page's box, and the form feed
// moves to the next line of the second page.
func (r *renderer) joinPages(pages [][]*block) {
	for i := 1; i < len(pages); i++ {
		if len(pages[i]) == 0 || len(pages[i-1]) == 0 {
			continue
		}
		a, b := pages[i-1][len(pages[i-1])-1], pages[i][0]
		if a.tab != nil || b.tab != nil || b.item || a.def != "" || endsClause(a.text) || a.bold != b.bold || math.Abs(a.size-b.size) > 0.5 {
			continue
		}
		c, _ := utf8.DecodeRuneInString(b.text)
		if !unicode.IsLower(c) && !unicode.IsDigit(c) && c != '(' {
			continue
		}
		a.text = r.j.join(a.text, b.text)
		a.nlines += b.nlines
		pages[i] = pages[i][1:]
	}
}

func pageNumber(p Page, i int) int {
	if p.Number > 0 {
		return p.Number
	}
	return i + 1
}

// page lays out one page: flows, then tables and paragraphs in each flow,
// then the stitching of a table continued from the previous page.
func (r *renderer) page(pt *pageText, tabs []*table, hints []hseg) []*block {
	var fs []*frag
	for _, l := range pt.lines {
		fs = append(fs, l...)
	}
	for i, t := range tabs {
		fs = append(fs, &frag{x0: t.x0, x1: t.x1, y: t.bottom, top: t.top, line: -1 - i, tab: t, size: 10})
	}
	prev := r.carry
	var out []*block
	for _, flow := range flows(fs, 0) {
		out = append(out, r.flow(flow, pt.number, hints)...)
	}
	r.carry = nil
	if len(out) > 0 && out[0].tab != nil && prev != nil {
		t := out[0].tab
		if t.cont || prev.compatible(t) {
			t.cont = true
			t.dropHeader(prev)
		}
	}
	if n := len(out); n > 0 && out[n-1].tab != nil {
		r.carry = out[n-1].tab
	} else if n == 0 {
		r.carry = prev // an empty page keeps the table open
	}
	return out
}

// head is the header row of a table chain: the first row of its first part.
func (t *table) head() []string {
	if len(t.rows) == 0 {
		return nil
	}
	return t.rows[0].cells
}

// dropHeader removes the first row of a continued table when it repeats the
// header of the table it continues.
//
// Policy: layout drops the repeated header itself (the extractor would drop
// it too, as a row equal to the header); the comparison ignores case and
// spacing.
func (t *table) dropHeader(prev *table) {
	h := prev.chainHead
	if h == nil {
		h = prev.head()
	}
	t.chainHead = h
	if len(t.rows) > 0 && rowKey(t.rows[0].cells) == rowKey(h) {
		t.rows = t.rows[1:]
	}
}

func rowKey(cells []string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.Join(cells, "\x00 ")), " "))
}

// flow lays out the fragments of one flow.
func (r *renderer) flow(fs []*frag, page int, hints []hseg) []*block {
	right := math.Inf(-1)
	for _, f := range fs {
		if f.tab == nil {
			right = math.Max(right, f.x1)
		}
	}
	var out []*block
	var run []*tline
	flush := func() {
		ls := run
		run = nil
		if len(ls) == 0 {
			return
		}
		start := 0
		if r.carry != nil && !r.carry.ruled && len(out) == 0 {
			if n, u := continued(r.carry, ls, hints, page, r.j); n > 0 {
				out = append(out, &block{tab: u})
				start = n
			}
		}
		r.carry = nil
		rest := ls[start:]
		tabs, spans := borderless(rest, hints, page, r.o.ColumnGap, r.j)
		pos := 0
		for k, sp := range spans {
			out = append(out, r.paras(rest[pos:sp[0]], right, page)...)
			out = append(out, &block{tab: tabs[k]})
			pos = sp[1]
		}
		out = append(out, r.paras(rest[pos:], right, page)...)
	}
	for _, g := range lineGroups(fs) {
		if g[0].tab != nil {
			flush()
			out = append(out, &block{tab: g[0].tab})
			continue
		}
		run = append(run, newLine(g))
	}
	flush()
	return out
}

// paras turns lines into paragraph blocks; a definition list's term takes
// its definition with it.
func (r *renderer) paras(ls []*tline, right float64, page int) []*block {
	ps := paragraphs(ls, right, r.j)
	defs := definitions(ps, right)
	var out []*block
	for i := 0; i < len(ps); i++ {
		b := r.block(ps[i], page)
		if len(defs) > 0 && defs[0].term == i {
			var texts []string
			for _, q := range ps[i+1 : defs[0].end] {
				texts = append(texts, q.text)
				for _, l := range q.lines {
					b.defBox = union(b.defBox, l.box(page))
				}
			}
			b.def = strings.Join(texts, " ")
			i = defs[0].end - 1
			defs = defs[1:]
		}
		out = append(out, b)
	}
	return out
}

// block makes the block of a paragraph.
func (r *renderer) block(p *para, page int) *block {
	b := &block{text: p.text, item: p.item, tight: p.tight, nlines: len(p.lines), bold: true}
	chars := 0.0
	for _, l := range p.lines {
		b.box = union(b.box, l.box(page))
		b.bold = b.bold && l.bold
		n := float64(utf8.RuneCountInString(l.text()))
		b.size += l.size * n
		chars += n
	}
	if chars > 0 {
		b.size /= chars
	}
	if p.item {
		// "*" is kept: it is as often a footnote's mark as a bullet
		first := p.lines[0].frags[0].words[0].text
		if isBullet(first) && first != "*" {
			b.bullet = true
			b.text = "- " + strings.TrimSpace(strings.TrimPrefix(b.text, first))
		}
	}
	return b
}

// markHeadings gives heading levels to short paragraphs in a larger or bold
// font.
//
// Policy: the body size is the size most text is set in. A paragraph of one
// or two lines, at most 15 words, not a bulleted item, set at least 15% larger than the body, or
// in bold at body size without closing punctuation, is a heading. Larger sizes
// get higher levels ("#" for the largest), bold body-size headings the level
// below the smallest larger size; at most "####".
func markHeadings(pages [][]*block) {
	weight := map[float64]float64{}
	for _, p := range pages {
		for _, b := range p {
			if b.tab == nil {
				weight[math.Round(b.size*2)/2] += float64(len(b.text))
			}
		}
	}
	body, most := 0.0, -1.0
	for s, w := range weight {
		if w > most || w == most && s < body {
			body, most = s, w
		}
	}
	if body == 0 {
		return
	}
	isHead := func(b *block) (big bool, ok bool) {
		if b.tab != nil || b.bullet || b.def != "" || b.nlines > 2 || len(strings.Fields(b.text)) > 15 || isTOCLine(b.text) {
			return false, false
		}
		if !strings.ContainsFunc(b.text, unicode.IsLetter) {
			return false, false
		}
		if b.size >= 1.15*body {
			return true, true
		}
		last, _ := utf8.DecodeLastRuneInString(b.text)
		return false, b.bold && b.size >= 0.95*body && !strings.ContainsRune(".,;", last)
	}
	sizes := map[float64]bool{}
	for _, p := range pages {
		for _, b := range p {
			if big, ok := isHead(b); ok {
				if big {
					sizes[math.Round(b.size*2)/2] = true
				}
			}
		}
	}
	rank := func(s float64) int {
		n := 1
		for o := range sizes {
			if o > s {
				n++
			}
		}
		return n
	}
	for _, p := range pages {
		for _, b := range p {
			big, ok := isHead(b)
			if !ok {
				continue
			}
			lv := len(sizes) + 1
			if big {
				lv = rank(math.Round(b.size*2) / 2)
			}
			b.level = min(lv, 4)
		}
	}
}

// nesting returns the level of list item b in the items written right
// before it (0 for the outermost) and keeps its left edge in nest.
//
// Policy: an item whose marker starts at least half an em right of the
// marker of the item before it is nested in that item, and is written
// indented by two spaces per level, as the HTML reader writes nested lists.
func nesting(nest *[]float64, b *block) int {
	s := *nest
	for len(s) > 0 && s[len(s)-1] > b.box.X0-0.5*b.size {
		s = s[:len(s)-1]
	}
	level := len(s)
	*nest = append(s, b.box.X0)
	return level
}

// write joins the pages' blocks into the text form and its boxes.
func write(pages [][]*block) Result {
	var lines []string
	var boxes []Box
	emit := func(s string, b Box) {
		lines = append(lines, s)
		boxes = append(boxes, b)
	}
	var nest []float64 // left edges of the list items that enclose the next one
	for i, p := range pages {
		ff := i > 0
		line := func(s string, b Box) {
			if ff {
				s = "\f" + s
				ff = false
			}
			emit(s, b)
		}
		for k, b := range p {
			switch {
			case b.tab != nil && b.tab.cont && k == 0:
				// a continued table runs on without a blank line
			case b.tight && k > 0 && p[k-1].tab == nil && b.level == 0 && p[k-1].level == 0:
				// the next line of the same block
			default:
				if n := len(lines); n > 0 && lines[n-1] != "" {
					emit("", Box{})
				}
			}
			if b.tab != nil {
				for _, rw := range b.tab.rows {
					cells := make([]string, len(rw.cells))
					for c, s := range rw.cells {
						cells[c] = cleanCell(s)
					}
					line(strings.Join(cells, "\t"), rw.box)
				}
				continue
			}
			text := cleanCell(b.text)
			if b.level > 0 {
				text = strings.Repeat("#", b.level) + " " + text
			}
			if b.item {
				text = strings.Repeat("  ", nesting(&nest, b)) + text
			} else {
				nest = nest[:0]
			}
			switch {
			case b.def != "" && strings.HasSuffix(text, ":"):
				// a label over its value: one "Label: value" line
				line(text+" "+cleanCell(b.def), union(b.box, b.defBox))
			case b.def != "":
				line(text, b.box)
				line(": "+cleanCell(b.def), b.defBox)
			default:
				line(text, b.box)
			}
		}
		if ff {
			emit("\f", Box{})
		}
	}
	return Result{Text: strings.Join(lines, "\n"), Boxes: boxes}
}
