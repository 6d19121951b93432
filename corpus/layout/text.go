package layout

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tline is a line of a flow: the fragments of one baseline, left to right.
type tline struct {
	frags  []*frag
	y, top float64
	x0, x1 float64
	size   float64
	bold   bool
}

func newLine(fs []*frag) *tline {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].x0 < fs[j].x0 })
	l := &tline{frags: fs, y: fs[0].y, top: fs[0].top, x0: math.Inf(1), x1: math.Inf(-1), bold: true}
	for _, f := range fs {
		l.x0, l.x1 = math.Min(l.x0, f.x0), math.Max(l.x1, f.x1)
		l.size = math.Max(l.size, f.size)
		l.top = math.Max(l.top, f.top)
		l.bold = l.bold && f.bold
	}
	return l
}

func (l *tline) text() string {
	parts := make([]string, len(l.frags))
	for i, f := range l.frags {
		parts[i] = f.text()
	}
	return strings.Join(parts, " ")
}

func (l *tline) box(page int) Box {
	var b Box
	for _, f := range l.frags {
		b = union(b, f.box(page))
	}
	return b
}

var (
	numMarker = regexp.MustCompile(`^(\d{1,3}[.)]|\(\d{1,3}\)|[a-zA-Z][.)]|\([a-zA-Z]{1,4}\)|[ivxIVX]{1,4}[.)]|\d{1,2}(\.\d{1,2})+\.?|§\s?\d{1,3}\.?)$`)
	tocLine   = regexp.MustCompile(`(\.{3,}|…{2,}|(\. ){3,})\s*\d{1,4}\s*$`)
)

// isBullet reports whether s is a bullet glyph (private-use glyphs of symbol
// fonts included).
func isBullet(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if n != len(s) || n == 0 {
		return false
	}
	return strings.ContainsRune("•·▪◦‣–-*●○■□➢►✓", r) || r >= 0xE000 && r <= 0xF8FF
}

// isMarker reports whether s is a list marker: a bullet or an item number.
func isMarker(s string) bool { return isBullet(s) || numMarker.MatchString(s) }

// startsItem reports whether a line begins a list item.
func startsItem(l *tline) bool {
	w := l.frags[0].words
	return len(w) > 1 && isMarker(w[0].text)
}

// suspended are the conjunctions after a suspended hyphen ("for- og
// efternavn", "pre- and post-"): the hyphen is kept with a space.
var suspended = map[string]bool{
	"og": true, "eller": true, "samt": true, "and": true, "or": true, "und": true, "oder": true,
	"och": true, "et": true, "ou": true, "y": true, "o": true, "e": true, "ja": true, "tai": true,
	"sowie": true, "bzw": true, "en": true, "of": true, "nor": true, "as": true,
}

// joiner joins the lines of a paragraph or a cell, undoing hyphenation.
type joiner struct{ vocab map[string]bool }

// newJoiner learns the document's words, to tell "databe-|handler"
// (databehandler occurs elsewhere) from "e-|mail".
func newJoiner(ws [][]word) *joiner {
	j := &joiner{vocab: map[string]bool{}}
	for _, l := range ws {
		for _, w := range l {
			for _, part := range append(strings.Split(w.text, "-"), w.text) {
				if t := vocabKey(part); t != "" {
					j.vocab[t] = true
				}
			}
		}
	}
	return j
}

func vocabKey(s string) string {
	return strings.ToLower(strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// join appends line b to line a.
//
// Policy: a soft hyphen at the end of a is dropped and the lines are glued. A
// hyphen after a letter, followed by a letter or digit, is a line-end hyphen:
// before a conjunction it is a suspended hyphen and stays with a space; between
// two lowercase letters it is undone ("databe-|handler" → "databehandler")
// unless the document writes the hyphenated form elsewhere, the word is
// already a hyphenated compound, fewer than two letters precede it
// ("e-|mail"), or the part before it is a word the document uses on its own
// ("Plandisc-|verktøyet", "Office-|pakke"); the joined form written elsewhere
// in the document wins over all of these. Otherwise the hyphen stays and the lines are glued without a
// space ("E-|conomic", "Nord-|Amerika"). Everything else joins with a space.
func (j *joiner) join(a, b string) string {
	a = strings.TrimRight(a, " ")
	b = strings.TrimLeft(b, " ")
	if a == "" || b == "" {
		return a + b
	}
	if strings.HasSuffix(a, "\u00ad") {
		return strings.TrimSuffix(a, "\u00ad") + b
	}
	if !strings.HasSuffix(a, "-") {
		return a + " " + b
	}
	body := a[:len(a)-1]
	prev, _ := utf8.DecodeLastRuneInString(body)
	next, _ := utf8.DecodeRuneInString(b)
	if !unicode.IsLetter(prev) || !unicode.IsLetter(next) && !unicode.IsDigit(next) {
		return a + " " + b
	}
	w1 := body[strings.LastIndexByte(body, ' ')+1:]
	w2 := b
	if i := strings.IndexByte(b, ' '); i >= 0 {
		w2 = b[:i]
	}
	if suspended[vocabKey(w2)] {
		return a + " " + b
	}
	if unicode.IsLower(prev) && unicode.IsLower(next) {
		tail := w1[strings.LastIndexByte(w1, '-')+1:]
		switch {
		case j.vocab[vocabKey(w1+w2)]:
			return body + b
		case j.vocab[vocabKey(w1+"-"+w2)], strings.Contains(w1, "-"), utf8.RuneCountInString(tail) < 2:
			return a + b
		case utf8.RuneCountInString(tail) >= 3 && j.vocab[vocabKey(tail)]:
			return a + b // "Plandisc-|verktøyet": the first part is a word of its own
		}
		return body + b
	}
	return a + b
}

// cellText joins the words of a table cell: lines top to bottom, words left
// to right, lines joined by the joiner.
func cellText(ws []word, j *joiner) string {
	ws = append([]word(nil), ws...)
	sort.SliceStable(ws, func(a, b int) bool {
		if math.Abs(ws[a].y-ws[b].y) > 0.3*math.Max(ws[a].size, ws[b].size) {
			return ws[a].y > ws[b].y
		}
		return ws[a].x0 < ws[b].x0
	})
	out := ""
	var line strings.Builder
	lineY := math.NaN()
	flush := func() {
		if line.Len() > 0 {
			out = j.join(out, line.String())
			line.Reset()
		}
	}
	for _, w := range ws {
		if !math.IsNaN(lineY) && math.Abs(w.y-lineY) > 0.3*w.size {
			flush()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(w.text)
		lineY = w.y
	}
	flush()
	return cleanCell(out)
}

// cleanCell keeps a cell on one line of the text form: no tabs, no line breaks.
func cleanCell(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// para is a paragraph being built from lines.
type para struct {
	lines []*tline
	text  string
	item  bool // begins with a list marker
}

// paragraphs joins the lines of a flow into paragraphs.
//
// A new paragraph starts at a vertical gap clearly larger than the line
// pitch, a change of size or weight, a bullet, an item number after a line
// that ends a clause, a table-of-contents line,
// a first-line indent, an outdent after a list item, and after a line that
// stops short although the next line's first word would have fitted (a hard
// line break: addresses, short lines).
func paragraphs(ls []*tline, right float64, j *joiner) []*para {
	if len(ls) == 0 {
		return nil
	}
	pitch := linePitch(ls)
	var out []*para
	var cur *para
	for i, l := range ls {
		if cur != nil && !breaksBefore(cur, ls[i-1], l, pitch, right) {
			cur.lines = append(cur.lines, l)
			cur.text = j.join(cur.text, l.text())
			continue
		}
		cur = &para{lines: []*tline{l}, text: l.text(), item: startsItem(l)}
		out = append(out, cur)
	}
	return out
}

// linePitch is the usual distance between baselines in ls, in points.
// endsClause reports whether s ends with closing punctuation.
func endsClause(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune(".:;!?)", r)
}

func linePitch(ls []*tline) float64 {
	var gaps []float64
	size := 0.0
	for i := 1; i < len(ls); i++ {
		g := ls[i-1].y - ls[i].y
		s := math.Max(ls[i].size, ls[i-1].size)
		if g > 0.8*s && g < 2*s {
			gaps = append(gaps, g/s)
		}
		size = math.Max(size, s)
	}
	if len(gaps) == 0 {
		return 1.2
	}
	sort.Float64s(gaps)
	return gaps[len(gaps)/2]
}

func breaksBefore(p *para, prev, l *tline, pitch, right float64) bool {
	size := math.Max(prev.size, l.size)
	gap := prev.y - l.y
	switch {
	case gap > (pitch+0.3)*size || gap < -0.5*size:
		return true
	case l.size > 1.12*prev.size || prev.size > 1.12*l.size:
		return true
	case l.bold != prev.bold:
		return true
	case startsItem(l) && (isBullet(l.frags[0].words[0].text) || endsClause(prev.text())):
		return true // "9.1. og 9.2." after a full line is a wrapped reference, not an item
	case tocLine.MatchString(prev.text()), tocLine.MatchString(l.text()):
		return true
	case !p.item && l.x0 > prev.x0+1.2*size:
		return true
	case p.item && l.x0 < prev.x0-1.2*size:
		return true
	}
	first := l.frags[0].words[0]
	return prev.x1+0.3*size+(first.x1-first.x0) < right-0.5*size
}
