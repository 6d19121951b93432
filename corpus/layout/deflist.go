package layout

import (
	"math"
	"strings"
)

// Definition lists in the text form are written as the HTML reader writes a
// <dl>: the term on a line of its own, then its definition on the next line
// after ": ".
const (
	defMinIndent   = 1.4  // ems: a definition is indented at least this much from its term...
	defMaxIndent   = 10.0 // ...and at most this much
	defMaxTermFrac = 0.6  // a term spans at most this fraction of the flow's width
	defMaxTerm     = 12   // words in a term
	defMinPairs    = 2    // terms with a definition a list needs
)

// definition is a term and the paragraphs that define it, as indices into
// a flow's paragraphs: ps[term] is the term, ps[term+1:end] the definition.
type definition struct{ term, end int }

// definitions finds the definition lists among the paragraphs of a flow.
//
// Policy: a term is a paragraph of one line, not a list item, that stops
// well short of the right margin (at most defMaxTermFrac of the flow's
// width and defMaxTerm words). Its definition is the paragraphs right after
// it whose every line is indented from the term by defMinIndent to
// defMaxIndent ems (a <dd> margin), set in the term's size and not in bold
// unless the term is, up to the first list item or the first line back at
// the term's indent; several paragraphs make one definition. A first-line indent is
// no definition: the lines after the first come back to the margin. A lone
// pair is not a list (a short line followed by an indented quote, a heading
// over an indented section): a flow needs defMinPairs pairs.
func definitions(ps []*para, right float64) []definition {
	left := math.Inf(1)
	for _, p := range ps {
		for _, l := range p.lines {
			left = math.Min(left, l.x0)
		}
	}
	var out []definition
	for i := 0; i+1 < len(ps); i++ {
		t := ps[i]
		if !isTerm(t, left, right) {
			continue
		}
		end := i + 1
		for end < len(ps) && defines(ps[end], t.lines[0]) {
			end++
		}
		if end == i+1 {
			continue
		}
		out = append(out, definition{term: i, end: end})
		i = end - 1
	}
	if len(out) < defMinPairs {
		return nil
	}
	return out
}

// isTerm reports whether p can be the term of a definition.
func isTerm(p *para, left, right float64) bool {
	if len(p.lines) != 1 || p.item {
		return false
	}
	l := p.lines[0]
	return l.x1-l.x0 <= defMaxTermFrac*(right-left) && len(strings.Fields(p.text)) <= defMaxTerm
}

// defines reports whether p can be (part of) the definition of the term line t.
func defines(p *para, t *tline) bool {
	if p.item {
		return false
	}
	for _, l := range p.lines {
		size := math.Max(l.size, t.size)
		switch {
		case l.x0 < t.x0+defMinIndent*size || l.x0 > t.x0+defMaxIndent*size:
			return false
		case t.size > 1.12*l.size || l.size > 1.05*t.size, l.bold && !t.bold:
			return false // a heading over an indented section, or an indented heading
		}
	}
	return true
}
