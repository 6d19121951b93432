package layout

import (
	"math"
	"regexp"
	"sort"
	"strconv"
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

// isTOCLine reports whether s is a line of a table of contents ("Annex B
// ........ 12"); the regular expression runs only on lines that end with a
// digit.
func isTOCLine(s string) bool {
	t := strings.TrimRight(s, " \t")
	if t == "" || t[len(t)-1] < '0' || t[len(t)-1] > '9' {
		return false
	}
	return tocLine.MatchString(t)
}

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
	tight bool // follows the paragraph before it at the usual line pitch: a hard line break or the next list item, not a paragraph gap
}

// How a line goes on from the line before it.
type lineBreak int

const (
	noBreak    lineBreak = iota // the same paragraph: the lines are joined
	hardBreak                   // a new line of the same block (an address, a "Label: value" line, the next list item)
	blockBreak                  // a new block: a paragraph gap, a change of style, a first-line indent
)

// paragraphs joins the lines of a flow into paragraphs.
//
// A new block starts at a vertical gap clearly larger than the line pitch,
// a change of size or weight, a bullet or an item number after a line that
// ends a clause (unless it follows another item), a table-of-contents line,
// a first-line indent, an outdent after a list item or after two lines at
// one indent. A new line of the same block (a hard line break, written on
// the next line of the text form without a blank line) starts at the next
// item of a list (the next number at an item's marker starts the next item
// even when the item before does not end a clause, see nextItem), at a line
// that begins with a label ("Purpose: ...", see labelLine), and after a line
// that stops short although the next line's first word would have fitted
// (addresses, short lines). A line that begins with a dash where the text
// of the line before begins, after a full line, goes on the sentence; it is
// no list item (see dashGoesOn).
func paragraphs(ls []*tline, right float64, j *joiner) []*para {
	if len(ls) == 0 {
		return nil
	}
	pitch := linePitch(ls)
	var out []*para
	var cur *para
	for i, l := range ls {
		brk := blockBreak
		if cur != nil {
			brk = breakBefore(cur, ls[i-1], l, pitch, right)
		}
		if brk == noBreak {
			cur.lines = append(cur.lines, l)
			cur.text = j.join(cur.text, l.text())
			continue
		}
		cur = &para{lines: []*tline{l}, text: l.text(), item: startsItem(l), tight: brk == hardBreak}
		out = append(out, cur)
	}
	return out
}

// endsClause reports whether s ends with closing punctuation.
func endsClause(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune(".:;!?)", r)
}

// linePitch is the usual distance between baselines in ls, in ems.
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

func breakBefore(p *para, prev, l *tline, pitch, right float64) lineBreak {
	size := math.Max(prev.size, l.size)
	gap := prev.y - l.y
	item := startsItem(l)
	switch {
	case gap > (pitch+0.3)*size || gap < -0.5*size:
		return blockBreak
	case l.size > 1.12*prev.size || prev.size > 1.12*l.size:
		return blockBreak
	case l.bold != prev.bold:
		return blockBreak
	case item && dashGoesOn(p, prev, l, right):
		return noBreak // "… Ireland" / "– hosting": a dash in the sentence, not a bullet
	case item && p.item && sameList(p.lines[0], l) && (isBullet(l.frags[0].words[0].text) || endsClause(prev.text())):
		return hardBreak // the next item of a list
	case item && (isBullet(l.frags[0].words[0].text) || endsClause(prev.text())):
		return blockBreak // "9.1. og 9.2." after a full line is a wrapped reference, not an item
	case isTOCLine(prev.text()), isTOCLine(l.text()):
		return blockBreak
	case item && p.item && nextItem(p.lines[0], l):
		return hardBreak // "4." under "3.", at its marker: the next item, however the line before ends
	case !p.item && hangsFromLabel(p.lines[0], l):
		return noBreak // a value that wraps under itself, right of its label
	case !p.item && l.x0 > prev.x0+1.2*size:
		return blockBreak
	case p.item && l.x0 < prev.x0-1.2*size:
		return blockBreak
	case !p.item && len(p.lines) >= 2 && l.x0 < prev.x0-1.2*size && math.Abs(prev.x0-p.lines[len(p.lines)-2].x0) < 0.5*size:
		return blockBreak // back out from a block indented as a whole (a definition)
	case !p.item && labelLine(l):
		return hardBreak
	}
	first := l.frags[0].words[0]
	if prev.x1+0.3*size+(first.x1-first.x0) < right-0.5*size {
		if item && p.item && !sameList(p.lines[0], l) {
			return blockBreak
		}
		return hardBreak
	}
	return noBreak
}

// isDash reports whether s is a lone hyphen or dash.
func isDash(s string) bool { return s == "-" || s == "–" || s == "—" }

// dashGoesOn reports whether line l, which begins with a dash, goes on the
// sentence of paragraph p ("Amazon Web Services EMEA SARL, Ireland" /
// "– hosting of the platform") rather than beginning a list item.
//
// Policy: the dash starts where the text of p's lines starts (for a list
// item: where its text starts, right of its marker; a nested item is
// indented further), and the line before it is full: the dash with the word
// after it would not have fitted at its end, so the line was wrapped there.
// A paragraph that is no list item must not end a clause either, so that a
// list right after a line ending in ":" or "." stays a list.
func dashGoesOn(p *para, prev, l *tline, right float64) bool {
	ws := l.frags[0].words
	if len(ws) < 2 || !isDash(ws[0].text) {
		return false
	}
	size := math.Max(prev.size, l.size)
	indent, tol := prev.x0, 0.4*size
	if p.item {
		first := p.lines[0].frags[0].words
		indent = first[1].x0
		tol = math.Min(tol, (first[1].x0-first[0].x0)/2)
	} else if endsClause(prev.text()) {
		return false
	}
	if math.Abs(l.x0-indent) > tol {
		return false
	}
	return prev.x1+0.3*size+(ws[1].x1-ws[0].x0) >= right-0.5*size
}

// itemNumber splits a numbered list marker into the text before its last
// number or letter, that number or letter, and the text after it: "(3)",
// "4.", "b)", "2.1".
var itemNumber = regexp.MustCompile(`^(\(?(?:\d{1,2}\.)*)(\d{1,3}|[a-zA-Z])([.)]?)$`)

// nextItem reports whether line l begins the item after the one that
// begins line a: its marker is where a's is and numbers the next item ("4."
// after "3.", "(b)" after "(a)", "2.2" after "2.1"). A wrapped reference
// ("… Bestemmelse 9.1. og" / "9.2.") seldom numbers the next item.
func nextItem(a, l *tline) bool {
	if math.Abs(l.x0-a.x0) > 0.5*l.size {
		return false
	}
	ma := itemNumber.FindStringSubmatch(a.frags[0].words[0].text)
	ml := itemNumber.FindStringSubmatch(l.frags[0].words[0].text)
	if ma == nil || ml == nil || ma[1] != ml[1] || ma[3] != ml[3] {
		return false
	}
	na, ea := strconv.Atoi(ma[2])
	nl, el := strconv.Atoi(ml[2])
	switch {
	case ea == nil && el == nil:
		return nl == na+1
	case ea != nil && el != nil:
		return ml[2][0] == ma[2][0]+1
	}
	return false
}

// sameList reports whether the item that begins line l goes on the list
// of the item that begins line a: both have bullets or both numbers, or l
// is indented deeper (a list nested in the item).
func sameList(a, l *tline) bool {
	return isBullet(a.frags[0].words[0].text) == isBullet(l.frags[0].words[0].text) ||
		l.x0 > a.x0+0.5*l.size
}

// hangsFromLabel reports whether line l starts under the value of the
// label line first ("Purpose:   hosting of the" / "            platform").
func hangsFromLabel(first, l *tline) bool {
	if !labelLine(first) {
		return false
	}
	label := false // the word before was the label's last
	for _, f := range first.frags {
		for _, w := range f.words {
			if label {
				return math.Abs(w.x0-l.x0) < 0.3*l.size
			}
			label = strings.HasSuffix(w.text, ":")
		}
	}
	return false
}

// maxLabelWords is how many words a label ("Fysisk lagringsplats:") may have.
const maxLabelWords = 4

// labelLine reports whether a line begins with a label: a capitalised word
// or a few words ending with a colon, then a space or the end of the line
// ("Purpose: hosting", "Org.nr.: 960 397 123", "Land:"). Such a line starts
// a line of its own in the text form, as in a key-value block. Times
// ("10:30"), addresses ("https://") and references ("Article 28(3):") are
// no labels.
func labelLine(l *tline) bool {
	ws := l.frags[0].words
	for i, w := range ws {
		if i >= maxLabelWords || strings.ContainsFunc(w.text, unicode.IsDigit) {
			return false
		}
		if i == 0 {
			r, _ := utf8.DecodeRuneInString(w.text)
			if !unicode.IsUpper(r) {
				return false
			}
		}
		if strings.HasSuffix(w.text, ":") {
			return utf8.RuneCountInString(w.text) > 2 || i > 0
		}
		if strings.Contains(w.text, ":") {
			return false
		}
	}
	return false
}
