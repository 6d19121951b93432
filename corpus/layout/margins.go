package layout

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// pageLabel is a page number standing alone: "7", "- 7 -", "7/12", "Side 2 af 3",
// "Page 4 of 10", "Seite 3 von 9", "p. 4", "iv".
var pageLabel = regexp.MustCompile(`(?i)^(?:(?:side|sida|sidan|page|pages|seite|pagina|página|sivu|strona|blad|p\.|s\.)\s*\d{1,4}(?:\s*(?:af|av|of|von|de|sur|/|van|di|z|fra|ud af|out of|\|)\s*\d{1,4})?|\d{1,4}(?:\s*(?:/|af|av|of|von|de|sur|\|)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]|[ivxlc]{1,6})$`)

// isPageLabel reports whether s is a lone page number or page label.
func isPageLabel(s string) bool { return pageLabel.MatchString(strings.TrimSpace(s)) }

// marginKey is the text of a fragment with digits folded, so that "Side 2 af 9"
// and "Side 3 af 9" are the same running line.
func marginKey(s string) string {
	var b strings.Builder
	digit := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsDigit(r) {
			if !digit {
				b.WriteByte('#')
			}
			digit = true
			continue
		}
		digit = false
		if unicode.IsSpace(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// pageText is a page's fragments grouped into lines, top to bottom.
type pageText struct {
	number int
	height float64
	lines  [][]*frag
}

// candidates returns the fragments in the page's top or bottom margin band:
// those of its first and last few lines that lie within band (a fraction of
// the page height, or of the text's height when the page has none).
func (p *pageText) candidates(band float64, edge int) (out []*frag, edgeOf map[*frag]bool) {
	edgeOf = map[*frag]bool{}
	if len(p.lines) == 0 {
		return nil, edgeOf
	}
	lo, hi := 0.0, p.height
	if !(hi > 0) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, l := range p.lines {
			for _, f := range l {
				lo, hi = math.Min(lo, f.y-descent*f.size), math.Max(hi, f.top)
			}
		}
	}
	h := hi - lo
	n := len(p.lines)
	for i, l := range p.lines {
		fromTop, fromBottom := i, n-1-i
		if fromTop >= 3 && fromBottom >= 3 {
			continue
		}
		for _, f := range l {
			inTop := fromTop < 3 && f.y >= hi-band*h
			inBottom := fromBottom < 3 && f.y <= lo+band*h
			if !inTop && !inBottom {
				continue
			}
			out = append(out, f)
			if fromTop < edge || fromBottom < edge {
				edgeOf[f] = true
			}
		}
	}
	return out, edgeOf
}

// dropMargins removes running headers and footers and page numbers from the
// pages.
//
// Policy: a fragment in the top or bottom margin band whose text, digits
// folded, recurs at about the same height on at least half the pages (and on
// two at least) is a running header or footer; a fragment of the first two or
// last two lines in the band that is a page label ("7", "Side 2 af 3") is a
// page number. Both are dropped; nothing outside the bands is touched.
func dropMargins(pages []*pageText, band float64) {
	type seen struct {
		page int
		y    float64
	}
	cands := make([][]*frag, len(pages))
	edges := make([]map[*frag]bool, len(pages))
	byKey := map[string][]seen{}
	for i, p := range pages {
		cands[i], edges[i] = p.candidates(band, 2)
		for _, f := range cands[i] {
			k := marginKey(f.text())
			byKey[k] = append(byKey[k], seen{i, f.y})
		}
	}
	need := max(2, (len(pages)+1)/2)
	drop := map[*frag]bool{}
	for i := range pages {
		for _, f := range cands[i] {
			if edges[i][f] && isPageLabel(f.text()) {
				drop[f] = true
				continue
			}
			if len(pages) < 2 {
				continue
			}
			pagesSeen := map[int]bool{}
			for _, s := range byKey[marginKey(f.text())] {
				if math.Abs(s.y-f.y) <= math.Max(4, 0.6*f.size) {
					pagesSeen[s.page] = true
				}
			}
			if len(pagesSeen) >= need {
				drop[f] = true
			}
		}
	}
	if len(drop) == 0 {
		return
	}
	for _, p := range pages {
		kept := p.lines[:0]
		for _, l := range p.lines {
			var fs []*frag
			for _, f := range l {
				if !drop[f] {
					fs = append(fs, f)
				}
			}
			if len(fs) > 0 {
				kept = append(kept, fs)
			}
		}
		p.lines = kept
	}
}
