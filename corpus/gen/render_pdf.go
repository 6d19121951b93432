package gen

import (
	"bytes"
	"fmt"
	"strings"
)

// pdfLayout lays blocks out on A4 pages: word-wrapped paragraphs, hanging
// list items, "Label: value" lines with bold labels, and tables whose cells
// wrap inside their column, continued over page breaks (the header row
// repeated or not, a tall row split between pages or moved whole).
type pdfLayout struct {
	r        *rng
	file     *pdfFile
	page     *bytes.Buffer
	left     float64
	right    float64
	top      float64 // y of the first baseline
	bottom   float64 // lowest baseline allowed
	y        float64 // next baseline
	size     float64 // body font size
	lead     float64 // line height / font size
	header   string  // running header, "" for none
	footers  []string
	splitRow bool // a table row may be split across pages
}

func (p *pdfLayout) lineH(size float64) float64 { return size * p.lead }

func (p *pdfLayout) newPage() {
	p.page = &bytes.Buffer{}
	p.file.pages = append(p.file.pages, p.page)
	p.y = p.top
	if p.header != "" {
		p.text(p.left, pageHeight-36, p.header, false, 8)
		p.stroke(p.left, pageHeight-42, pageWidth-p.right, pageHeight-42)
	}
}

// need starts a new page unless h points fit above the bottom margin.
func (p *pdfLayout) need(h float64) {
	if p.y-h+p.lineH(p.size) < p.bottom {
		p.newPage()
	}
}

func (p *pdfLayout) text(x, y float64, s string, bold bool, size float64) {
	font := "F1"
	if bold {
		font = "F2"
	}
	fmt.Fprintf(p.page, "BT /%s %s Tf %s %s Td ", font, num(size), num(x), num(y))
	pdfString(p.page, encodeText(s))
	p.page.WriteString(" Tj ET\n")
}

func (p *pdfLayout) stroke(x0, y0, x1, y1 float64) {
	fmt.Fprintf(p.page, "0.5 w %s %s m %s %s l S\n", num(x0), num(y0), num(x1), num(y1))
}

func (p *pdfLayout) rect(x, y, w, h float64) {
	fmt.Fprintf(p.page, "0.5 w %s %s %s %s re S\n", num(x), num(y), num(w), num(h))
}

// wrapPt cuts s into lines no wider than width points.
func wrapPt(s string, bold bool, size, width float64) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line == "" {
			line = w
			continue
		}
		if textWidth(line+" "+w, bold, size) <= width {
			line += " " + w
			continue
		}
		out = append(out, line)
		line = w
	}
	if line != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}

func (p *pdfLayout) width() float64 { return pageWidth - p.left - p.right }

// paragraph writes s wrapped at x..right, the first line from x0.
func (p *pdfLayout) paragraph(s string, x float64, bold bool, size float64) {
	for _, l := range wrapPt(s, bold, size, pageWidth-p.right-x) {
		p.need(p.lineH(size))
		p.text(x, p.y, l, bold, size)
		p.y -= p.lineH(size)
	}
}

func (p *pdfLayout) gap(f float64) { p.y -= p.size * f }

func renderPDF(r *rng, l *lang, d composed) ([]byte, error) {
	p := &pdfLayout{r: r, file: &pdfFile{title: d.title, compress: r.chance(0.7)}}
	p.left = float64(r.between(56, 72))
	p.right = p.left
	p.top = pageHeight - float64(r.between(64, 80))
	p.bottom = float64(r.between(60, 72))
	p.size = []float64{9.5, 10, 10, 10.5, 11}[r.IntN(5)]
	p.lead = 1.3 + 0.1*float64(r.IntN(3))
	p.splitRow = r.chance(0.5)
	if r.chance(0.4) {
		p.header = d.publisher + " – " + d.title
	}
	footer := pick(r, l.pages)
	p.newPage()
	for _, blk := range d.blocks {
		p.block(blk)
	}
	for i, pg := range p.file.pages {
		p.page = pg
		s := fmt.Sprintf(footer, i+1, len(p.file.pages))
		p.text((pageWidth-textWidth(s, false, 8))/2, 30, s, false, 8)
	}
	return p.file.bytes()
}

func (p *pdfLayout) block(blk block) {
	switch x := blk.(type) {
	case heading:
		size := map[int]float64{1: p.size + 7, 2: p.size + 3, 3: p.size + 1}[x.level]
		p.gap(0.6)
		p.need(p.lineH(size) + 3*p.lineH(p.size)) // keep a heading with what follows
		p.paragraph(x.text, p.left, true, size)
		p.gap(0.3)
	case para:
		size := p.size
		if x.small {
			size = p.size - 1.5
		}
		p.paragraph(x.text, p.left, false, size)
		p.gap(0.6)
	case lines:
		p.need(float64(len(x.lines)) * p.lineH(p.size))
		for i, l := range x.lines {
			p.paragraph(l, p.left, i == 0 && x.boldFirst, p.size)
		}
		p.gap(0.6)
	case list:
		indent := 16.0
		if x.ordered { // room for the widest number
			indent = max(indent, textWidth(orderedMarker(x.marker, len(x.items)-1), false, p.size)+6)
		}
		for i, it := range x.items {
			m := "•"
			switch {
			case x.ordered:
				m = orderedMarker(x.marker, i)
			case x.marker == "-" || x.marker == "–":
				m = "–"
			}
			ls := wrapPt(it, false, p.size, p.width()-indent)
			for j, l := range ls {
				p.need(p.lineH(p.size))
				if j == 0 {
					p.text(p.left, p.y, m, false, p.size)
				}
				p.text(p.left+indent, p.y, l, false, p.size)
				p.y -= p.lineH(p.size)
			}
			p.gap(0.2)
		}
		p.gap(0.4)
	case kvBlock:
		p.kv(x)
	case defList:
		for _, it := range x.items {
			p.need(3 * p.lineH(p.size))
			p.paragraph(it.term, p.left, true, p.size)
			for _, d := range it.desc {
				p.paragraph(d, p.left+24, false, p.size)
			}
			p.gap(0.6)
		}
	case table:
		p.table(x)
	}
}

func (p *pdfLayout) kv(x kvBlock) {
	p.need(float64(len(x.pairs)+1) * p.lineH(p.size))
	if x.title != "" {
		p.paragraph(x.title, p.left, true, p.size)
	}
	keyW := 0.0
	for _, kv := range x.pairs {
		keyW = max(keyW, textWidth(kv[0], x.bold, p.size))
	}
	for _, kv := range x.pairs {
		kw := textWidth(kv[0]+" ", x.bold, p.size)
		valX := p.left + kw
		if x.align {
			valX = p.left + keyW + 8
		}
		ls := wrapPt(kv[1], false, p.size, pageWidth-p.right-valX)
		for j, l := range ls {
			p.need(p.lineH(p.size))
			if j == 0 {
				p.text(p.left, p.y, kv[0], x.bold, p.size)
			}
			p.text(valX, p.y, l, false, p.size)
			p.y -= p.lineH(p.size)
		}
	}
	p.gap(0.8)
}

// columnWidths shares width between columns: every column gets its natural
// width when it fits its share, the rest is split among the wider ones; then
// a column narrower than its longest word (least) takes the difference from
// the columns that have room to spare, so that no word overflows its cell.
func columnWidths(natural, least []float64, width float64) []float64 {
	out := shareWidths(natural, width)
	for i := range out {
		need := least[i] - out[i]
		if need <= 0 {
			continue
		}
		spare := 0.0
		for j := range out {
			if j != i && out[j] > least[j] {
				spare += out[j] - least[j]
			}
		}
		if spare <= 0 {
			continue
		}
		take := min(need, spare)
		for j := range out {
			if j != i && out[j] > least[j] {
				out[j] -= take * (out[j] - least[j]) / spare
			}
		}
		out[i] += take
	}
	return out
}

func sumOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func shareWidths(natural []float64, width float64) []float64 {
	n := len(natural)
	out := make([]float64, n)
	fixed := make([]bool, n)
	left, open := width, n
	for changed := true; changed && open > 0; {
		changed = false
		share := left / float64(open)
		for i, w := range natural {
			if !fixed[i] && w <= share {
				out[i], fixed[i] = w, true
				left -= w
				open--
				changed = true
			}
		}
	}
	if open > 0 {
		share := left / float64(open)
		for i := range out {
			if !fixed[i] {
				out[i] = share
			}
		}
	} else if left > 0 { // everything fits: spread the slack
		for i := range out {
			out[i] += left / float64(n)
		}
	}
	return out
}

func (p *pdfLayout) table(t table) {
	size := p.size - 1
	lh := p.lineH(size)
	pad := 4.0
	n := len(t.header)
	measure := func() (natural, least []float64) {
		natural, least = make([]float64, n), make([]float64, n)
		for j := 0; j < n; j++ {
			natural[j] = textWidth(t.header[j], true, size) + 2*pad + 2
			for _, w := range strings.Fields(t.header[j]) {
				least[j] = max(least[j], textWidth(w, true, size)+2*pad+2)
			}
			for _, row := range t.rows {
				natural[j] = max(natural[j], textWidth(row[j], false, size)+2*pad+2)
				for _, w := range strings.Fields(row[j]) {
					least[j] = max(least[j], textWidth(w, false, size)+2*pad+2)
				}
			}
		}
		return natural, least
	}
	natural, least := measure()
	// A table whose longest words do not fit side by side is set smaller,
	// as a word processor's "fit to page" does.
	if sum := sumOf(least); sum > p.width() {
		size = max(6, size*p.width()/sum*0.98)
		lh = p.lineH(size)
		natural, least = measure()
	}
	widths := columnWidths(natural, least, p.width())
	xs := make([]float64, n+1)
	xs[0] = p.left
	for j, w := range widths {
		xs[j+1] = xs[j] + w
	}
	cellLines := func(row []string, bold bool) [][]string {
		out := make([][]string, n)
		for j, c := range row {
			out[j] = wrapPt(c, bold, size, widths[j]-2*pad)
		}
		return out
	}
	height := func(cells [][]string) int {
		h := 1
		for _, c := range cells {
			h = max(h, len(c))
		}
		return h
	}
	// drawRow draws lines [from, to) of a row's cells and, with borders, its cell boxes.
	drawRow := func(cells [][]string, from, to int, bold bool) {
		top := p.y + size // the row box's top edge
		for k := from; k < to; k++ {
			for j, c := range cells {
				if k < len(c) {
					p.text(xs[j]+pad, p.y-pad, c[k], bold, size)
				}
			}
			p.y -= lh
		}
		p.y -= 2 * pad
		if t.style.borders {
			bottom := p.y + size
			for j := 0; j < n; j++ {
				p.rect(xs[j], bottom, widths[j], top-bottom)
			}
		}
	}
	head := cellLines(t.header, true)
	drawHead := func() { drawRow(head, 0, height(head), true) }
	rowH := func(lines int) float64 { return float64(lines)*lh + 2*pad }
	p.gap(0.3)
	p.need(rowH(height(head)) + rowH(2))
	drawHead()
	for _, row := range t.rows {
		cells := cellLines(row, false)
		h := height(cells)
		from := 0
		for from < h {
			room := int((p.y - p.bottom - 2*pad) / lh)
			if room >= h-from {
				drawRow(cells, from, h, false)
				break
			}
			if (p.splitRow && room >= 2 || p.y >= p.top) && room >= 1 {
				drawRow(cells, from, from+room, false)
				from += room
			}
			p.newPage()
			if t.style.repeatHd {
				drawHead()
			}
		}
	}
	p.gap(0.8)
}
