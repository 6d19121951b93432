package layout

import (
	"strings"
	"testing"
)

// The tests measure text with a simple font: every character half an em
// wide, a space a quarter em. It differs on purpose from charWidth, the
// estimate Render uses inside runs.
const (
	testChar  = 0.5
	testSpace = 0.25
)

func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r == ' ' {
			w += testSpace * size
		} else {
			w += testChar * size
		}
	}
	return w
}

// builder places text and rules on a page.
type builder struct {
	p      Page
	glyphs bool // one run per glyph instead of one run per word
}

func newPage(n int) *builder {
	return &builder{p: Page{Number: n, Width: 595, Height: 842}}
}

// text writes s with its baseline at (x, y), a run per word (or per glyph).
func (b *builder) text(x, y, size float64, s string) float64 {
	return b.styled(x, y, size, "Helvetica", s)
}

func (b *builder) bold(x, y, size float64, s string) float64 {
	return b.styled(x, y, size, "Helvetica-Bold", s)
}

func (b *builder) styled(x, y, size float64, font, s string) float64 {
	for i, w := range strings.Split(s, " ") {
		if i > 0 {
			x += testSpace * size
		}
		if b.glyphs {
			for _, r := range w {
				b.p.Runs = append(b.p.Runs, Run{Text: string(r), X: x, Y: y, W: testChar * size, Size: size, Font: font})
				x += testChar * size
			}
			continue
		}
		ww := textWidth(w, size)
		b.p.Runs = append(b.p.Runs, Run{Text: w, X: x, Y: y, W: ww, Size: size, Font: font})
		x += ww
	}
	return x
}

// wrap breaks s into lines no wider than width.
func wrap(s string, width, size float64) []string {
	var out []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && textWidth(cur+" "+w, size) > width {
			out = append(out, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// justified writes s wrapped to width and justified (the last line set
// ragged) from the baseline y down; it returns the baseline below the last
// line. Lines may end in a hyphen: "|" in s marks a break inside a word,
// written as a hyphen at the end of the line.
func (b *builder) justified(x, y, width, size, lead float64, lines ...string) float64 {
	for i, l := range lines {
		ws := strings.Fields(l)
		gap := testSpace * size
		if i < len(lines)-1 && len(ws) > 1 {
			gap += (width - textWidth(l, size)) / float64(len(ws)-1)
		}
		xx := x
		for _, w := range ws {
			b.text(xx, y, size, w)
			xx += textWidth(w, size) + gap
		}
		y -= lead
	}
	return y
}

// disc draws a filled circle of diameter d centred at (x+d/2, y), as a shape.
func (b *builder) disc(x, y, d float64) {
	b.p.Shapes = append(b.p.Shapes, Shape{X0: x, Y0: y - d/2, X1: x + d, Y1: y + d/2})
}

// para writes s wrapped to width from the baseline y down; it returns the
// baseline below the last line.
func (b *builder) para(x, y, width, size, lead float64, s string) float64 {
	for _, l := range wrap(s, width, size) {
		b.text(x, y, size, l)
		y -= lead
	}
	return y
}

// rule styles of a bordered table.
const (
	noRules = iota
	strokes // LibreOffice: stroked lines
	rects   // Chromium: thin filled rectangles (each gives four segments)
)

func (b *builder) hline(x0, x1, y float64, style int) {
	switch style {
	case strokes:
		b.p.Rules = append(b.p.Rules, Segment{x0, y, x1, y})
	case rects:
		b.rect(x0, y-0.375, x1-x0, 0.75)
	}
}

func (b *builder) vline(x, y0, y1 float64, style int) {
	switch style {
	case strokes:
		b.p.Rules = append(b.p.Rules, Segment{x, y0, x, y1})
	case rects:
		b.rect(x-0.375, y0, 0.75, y1-y0)
	}
}

func (b *builder) rect(x, y, w, h float64) {
	b.p.Rules = append(b.p.Rules,
		Segment{x, y, x + w, y}, Segment{x + w, y, x + w, y + h},
		Segment{x + w, y + h, x, y + h}, Segment{x, y + h, x, y})
}

// tgrid describes a table to draw.
type tgrid struct {
	x      []float64 // left border of each column, then the right border of the last
	size   float64
	lead   float64 // baseline to baseline inside a cell
	pad    float64 // cell padding
	style  int
	center bool // vertically centred cells
}

// rows draws rows from the top edge y and returns the bottom edge.
func (b *builder) rows(g tgrid, y float64, rows [][]string) float64 {
	for _, r := range rows {
		var lines [][]string
		n := 1
		for c, s := range r {
			ls := wrap(s, g.x[c+1]-g.x[c]-2*g.pad, g.size)
			lines = append(lines, ls)
			n = max(n, len(ls))
		}
		h := float64(n)*g.lead + 2*g.pad
		for c, ls := range lines {
			top := y - g.pad
			if g.center {
				top -= float64(n-len(ls)) * g.lead / 2
			}
			for i, l := range ls {
				b.text(g.x[c]+g.pad, top-0.8*g.size-float64(i)*g.lead, g.size, l)
			}
		}
		if g.style != noRules {
			b.hline(g.x[0], g.x[len(g.x)-1], y, g.style)
			for _, x := range g.x {
				b.vline(x, y-h, y, g.style)
			}
		}
		y -= h
	}
	if g.style != noRules {
		b.hline(g.x[0], g.x[len(g.x)-1], y, g.style)
	}
	return y
}

// render renders pages with the default options.
func render(tb testing.TB, pages ...*builder) Result {
	tb.Helper()
	var ps []Page
	for _, b := range pages {
		ps = append(ps, b.p)
	}
	res := Render(ps, Options{})
	checkBoxes(tb, res)
	return res
}

// checkBoxes fails when Result.Boxes does not have one box per line.
func checkBoxes(tb testing.TB, res Result) {
	tb.Helper()
	if got, want := len(res.Boxes), lineCount(res.Text); got != want {
		tb.Fatalf("len(Boxes) = %d, want %d (one per line)", got, want)
	}
}

func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

// tabRows returns the tab-separated lines of s.
func tabRows(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "\t") {
			out = append(out, strings.TrimPrefix(l, "\f"))
		}
	}
	return out
}
