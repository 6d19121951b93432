package layout

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Geometry of the glyph box around a baseline, in ems: runs carry only their
// baseline, so a word's box is estimated from its size.
const (
	ascent  = 0.78
	descent = 0.22
)

// maxCoord bounds the coordinates taken from runs and rules: anything farther
// from the origin is garbage from a broken content stream and is dropped.
const maxCoord = 1e6

// piece is a whitespace-free part of a run with its estimated extent.
type piece struct {
	text   string
	x0, x1 float64
	y      float64
	size   float64
	bold   bool
}

// word is a run of pieces without a word gap between them.
type word struct {
	text   string
	x0, x1 float64
	y      float64 // baseline
	size   float64
	bold   bool
}

func (w word) box(page int) Box {
	return Box{Page: page, X0: w.x0, Y0: w.y - descent*w.size, X1: w.x1, Y1: w.y + ascent*w.size}
}

// frag is a fragment of a line: words on one baseline with no column gap
// between them. A fragment is the unit of column and table detection. A
// ruled table placed in the page's reading order is a fragment too (tab set).
type frag struct {
	words  []word
	x0, x1 float64
	y      float64 // baseline (for a table: its top edge)
	size   float64 // largest size of its words
	bold   bool    // every word is bold
	line   int     // id of the line it was cut from
	tab    *table  // a ruled table standing in the flow
	top    float64 // top edge, for ordering
}

func (f *frag) text() string {
	var b strings.Builder
	for i, w := range f.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

func (f *frag) box(page int) Box {
	var b Box
	for _, w := range f.words {
		b = union(b, w.box(page))
	}
	return b
}

// union returns the smallest box holding a and b; a zero box is empty.
func union(a, b Box) Box {
	if a == (Box{}) {
		return b
	}
	if b == (Box{}) {
		return a
	}
	return Box{Page: a.Page, X0: math.Min(a.X0, b.X0), Y0: math.Min(a.Y0, b.Y0), X1: math.Max(a.X1, b.X1), Y1: math.Max(a.Y1, b.Y1)}
}

// isBold tells a bold face from its base font name.
func isBold(font string) bool {
	f := strings.ToLower(font)
	for _, s := range []string{"bold", "black", "heavy", "semibold", "demi"} {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}

// charWidth estimates the advance of r in ems, to place words inside a run
// that holds several of them.
func charWidth(r rune) float64 {
	switch {
	case unicode.IsSpace(r):
		return 0.28
	case strings.ContainsRune("iljft.,:;'|!()[]ı·", r):
		return 0.3
	case r == 'm' || r == 'w' || r == 'M' || r == 'W' || r == '@':
		return 0.8
	case unicode.IsUpper(r):
		return 0.66
	case r > 0x2E80:
		return 1.0 // CJK and the like: full width
	}
	return 0.52
}

// cleanText turns control characters into spaces and drops invalid UTF-8.
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u00ad':
			return r // a soft hyphen is kept for the line joiner
		case r == '\u00a0' || r == '\u2007' || r == '\u202f':
			return ' '
		case unicode.IsControl(r), r == '\ufffe', r == '\uffff':
			if unicode.IsSpace(r) {
				return ' '
			}
			return -1
		}
		return r
	}, s)
}

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > maxCoord {
			return false
		}
	}
	return true
}

// pieces cuts runs at whitespace. A run's width is shared among its
// characters by their estimated widths; a run without a usable width gets
// the estimate. Runs with coordinates that are not finite are dropped.
func pieces(runs []Run) []piece {
	var out []piece
	for _, r := range runs {
		if !finite(r.X, r.Y) {
			continue
		}
		size := r.Size
		if !(size > 0) || !finite(size) {
			size = 10
		}
		size = math.Max(1, math.Min(size, 500))
		text := cleanText(r.Text)
		if strings.TrimSpace(text) == "" {
			continue
		}
		total := 0.0
		for _, c := range text {
			total += charWidth(c)
		}
		w := r.W
		if !(w > 0) || !finite(w) || w > 4*total*size+10*size {
			w = total * size
		}
		scale := w / total
		bold := isBold(r.Font)
		x := r.X
		var cur strings.Builder
		start := x
		flush := func(end float64) {
			if cur.Len() > 0 {
				out = append(out, piece{text: cur.String(), x0: start, x1: end, y: r.Y, size: size, bold: bold})
				cur.Reset()
			}
		}
		for _, c := range text {
			cw := charWidth(c) * scale
			if unicode.IsSpace(c) {
				flush(x)
				x += cw
				start = x
				continue
			}
			cur.WriteRune(c)
			x += cw
		}
		flush(x)
	}
	return out
}

// pieceLines groups pieces into lines by baseline, top to bottom, each line
// sorted left to right. A piece joins the current line when its baseline is
// within tol ems of the line's; small raised or lowered pieces next to a
// bigger one (footnote markers, sub- and superscripts) join its line.
func pieceLines(ps []piece, tol float64) [][]piece {
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].y != ps[j].y {
			return ps[i].y > ps[j].y
		}
		return ps[i].x0 < ps[j].x0
	})
	var lines [][]piece
	var refY, refSize float64
	for _, p := range ps {
		if len(lines) > 0 && math.Abs(refY-p.y) <= tol*math.Max(refSize, p.size) {
			lines[len(lines)-1] = append(lines[len(lines)-1], p)
			if p.size > refSize {
				refSize = p.size
			}
			continue
		}
		lines = append(lines, []piece{p})
		refY, refSize = p.y, p.size
	}
	lines = attachScripts(lines)
	for _, l := range lines {
		sort.SliceStable(l, func(i, j int) bool { return l[i].x0 < l[j].x0 })
	}
	return lines
}

func lineSize(l []piece) float64 {
	s := 0.0
	for _, p := range l {
		s = math.Max(s, p.size)
	}
	return s
}

// attachScripts moves lines made only of small pieces, each touching a piece
// of a neighbouring line of bigger text, into that line.
func attachScripts(lines [][]piece) [][]piece {
	out := lines[:0:0]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		size := lineSize(l)
		host := -1
		for _, j := range []int{len(out) - 1, i + 1} {
			var h []piece
			switch {
			case j == len(out)-1 && j >= 0:
				h = out[j]
			case j == i+1 && j < len(lines):
				h = lines[j]
			default:
				continue
			}
			hs := lineSize(h)
			if size > 0.8*hs || math.Abs(h[0].y-l[0].y) > 0.6*hs || len(l) > 3 {
				continue
			}
			if touchesAll(l, h) {
				host = j
				break
			}
		}
		switch {
		case host == len(out)-1 && host >= 0:
			for _, p := range l {
				p.y = out[host][0].y
				out[host] = append(out[host], p)
			}
		case host == i+1:
			for _, p := range l {
				p.y = lines[i+1][0].y
				lines[i+1] = append(lines[i+1], p)
			}
		default:
			out = append(out, l)
		}
	}
	return out
}

// touchesAll reports whether every piece of small sits right before or after a piece of host.
func touchesAll(small, host []piece) bool {
	for _, p := range small {
		ok := false
		for _, h := range host {
			g := 0.3 * h.size
			if math.Abs(p.x0-h.x1) <= g || math.Abs(h.x0-p.x1) <= g {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// words merges the pieces of a line into words: a gap below wordGap ems
// continues the word. A piece drawn twice at the same place (fake bold) is
// kept once.
func words(l []piece, wordGap float64) []word {
	var out []word
	for _, p := range l {
		if len(out) > 0 {
			w := &out[len(out)-1]
			size := math.Max(w.size, p.size)
			if p.x0-w.x1 < wordGap*size {
				if strings.HasSuffix(w.text, p.text) && p.x0 < w.x1-0.5*(p.x1-p.x0) {
					continue // overprinted: the same text again over itself
				}
				w.text += p.text
				w.x1 = math.Max(w.x1, p.x1)
				w.size = size
				w.bold = w.bold && p.bold
				continue
			}
		}
		out = append(out, word{text: p.text, x0: p.x0, x1: p.x1, y: p.y, size: p.size, bold: p.bold})
	}
	return out
}

// frags cuts the words of a line at gaps of colGap ems or more. A list
// marker ("•", "1.", "a)") is kept with the text that follows it.
func frags(ws []word, colGap float64, line int) []*frag {
	var out []*frag
	for _, w := range ws {
		if len(out) > 0 {
			f := out[len(out)-1]
			last := f.words[len(f.words)-1]
			size := math.Max(last.size, w.size)
			gap := w.x0 - last.x1
			if gap < colGap*size || len(f.words) == 1 && isMarker(last.text) && gap < 5*size {
				f.words = append(f.words, w)
				f.x1 = math.Max(f.x1, w.x1)
				f.size = math.Max(f.size, w.size)
				f.bold = f.bold && w.bold
				continue
			}
		}
		out = append(out, &frag{words: []word{w}, x0: w.x0, x1: w.x1, y: w.y, size: w.size, bold: w.bold, line: line})
	}
	for _, f := range out {
		f.top = f.y + ascent*f.size
	}
	return out
}
