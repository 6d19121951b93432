package layout

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// pageLabel is a page number standing alone: "7", "- 7 -", "7/12", "2 (5)",
// "Side 2 af 3", "Page 4 of 10", "Seite 3 von 9", "p. 4", "iv".
var pageLabel = regexp.MustCompile(`(?i)^(?:(?:side|sida|sidan|síða|page|pages|seite|pagina|página|sivu|strona|blad|p\.|s\.)\s*\d{1,4}(?:\s*(?:af|av|of|von|de|sur|/|van|di|z|fra|ud af|out of|\|)\s*\d{1,4})?|\d{1,4}(?:\s*(?:/|af|av|of|von|de|sur|\|)\s*\d{1,4})?|\d{1,4}\s*\(\d{1,4}\)|[-–—]\s*\d{1,4}\s*[-–—]|[ivxlc]{1,6})$`)

// bareLabel is a page label that is only a number ("7", "iv"): as likely a
// table cell or a list number as a page number.
var bareLabel = regexp.MustCompile(`(?i)^(?:\d{1,4}|[ivxlc]{1,6})$`)

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

// numbers returns the numbers written in s, one per run of digits, in the
// order of marginKey's "#"; a run that is not ASCII or too long is -1.
func numbers(s string) []int {
	var out []int
	n, digits := 0, 0
	flush := func() {
		if digits > 0 {
			if digits > 6 {
				n = -1
			}
			out = append(out, n)
		}
		n, digits = 0, 0
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			flush()
			continue
		}
		if r >= '0' && r <= '9' && n >= 0 {
			n = n*10 + int(r-'0')
		} else {
			n = -1
		}
		digits++
	}
	flush()
	return out
}

// pageText is a page's fragments grouped into lines, top to bottom.
type pageText struct {
	number int
	height float64
	lines  [][]*frag
}

// marginFrag is a fragment in the top or bottom margin band of a page.
type marginFrag struct {
	f           *frag
	page        int  // index of its page
	line        int  // index of its line in the page's lines
	top, bottom bool // in the top band, in the bottom band
	edge        bool // of the first two or the last two lines
	text        string
	key         string // marginKey of text
	nums        []int  // numbers of text
}

// candidates returns the fragments in the page's top or bottom margin band:
// those of its first and last three lines that lie within band (a fraction
// of the page height, or of the text's height when the page has none).
// page is the page's index.
func (p *pageText) candidates(page int, band float64) []*marginFrag {
	if len(p.lines) == 0 {
		return nil
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
	var out []*marginFrag
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
			text := strings.ToLower(strings.Join(strings.Fields(f.text()), " "))
			out = append(out, &marginFrag{
				f: f, page: page, line: i, top: inTop, bottom: inBottom,
				edge: fromTop < 2 || fromBottom < 2,
				text: text, key: marginKey(text), nums: numbers(text),
			})
		}
	}
	return out
}

// Evidence that a recurring fragment is in the page's margin, not its body.
const (
	marginSmaller  = 0.92 // at most this size of the body text and of the text next to it
	marginDetached = 2.0  // or at least this many ems of white space between it and the body
)

// dropMargins removes running headers and footers and page numbers from the
// pages.
//
// Policy: only fragments of the first three or the last three lines of a
// page, within the top or bottom margin band, are looked at. A fragment is
// a running header or footer when
//   - it recurs at about the same height on at least half the pages (and on
//     two at least), with the same text, or with the same text but for a
//     number that goes up with the page number ("Page 3 of 7", "ACME DPA –
//     3"); other numbers must match, so "121 Main Street" and "137 Main
//     Street" on two pages are two lines of text;
//   - on every page it recurs on, nothing but other running lines and page
//     numbers lies between it and the edge of the page;
//   - and on every page it recurs on, it is set apart from the body: in a
//     smaller size than the body text and than the nearest line of body text
//     (marginSmaller), or at least marginDetached ems of white space away
//     from it.
//
// Body text that merely starts (or ends) two pages at the same height,
// in the size and at the line pitch of the body, stays.
//
// A fragment of the first two or last two lines in the band that is a page
// label is a page number: one with words or a second number ("Side 2 af 3",
// "2/5", "– 4 –") always, a lone number ("7", "iv") when nothing but
// margin text shares its line or when it goes up with the page number on
// two pages at the same height (a number in a table row is no page number).
// Running lines and page numbers are dropped; nothing outside the bands is
// touched.
func dropMargins(pages []*pageText, band float64) {
	var cands []*marginFrag
	byKey := map[string][]*marginFrag{}
	for i, p := range pages {
		for _, c := range p.candidates(i, band) {
			cands = append(cands, c)
			byKey[c.key] = append(byKey[c.key], c)
		}
	}
	if len(cands) == 0 {
		return
	}
	need := max(2, (len(pages)+1)/2)
	// potential margin text: what recurs, and page labels
	recur := map[*marginFrag][]*marginFrag{}
	maybe := map[*frag]bool{}
	for _, c := range cands {
		if c.edge && isPageLabel(c.text) {
			maybe[c.f] = true
		}
		if len(pages) < 2 {
			continue
		}
		if m := recurrences(c, byKey[c.key], pages); len(m) >= need {
			recur[c] = m
			maybe[c.f] = true
		}
	}
	body := bodySize(pages)
	drop := map[*frag]bool{}
	for c, m := range recur {
		ok := true
		for _, s := range m {
			if !inMargin(s, pages[s.page], maybe, body) {
				ok = false
				break
			}
		}
		if ok {
			drop[c.f] = true
		}
	}
	for _, c := range cands {
		if !c.edge || drop[c.f] || !isPageLabel(c.text) {
			continue
		}
		if !bareLabel.MatchString(c.text) || alone(c, pages[c.page], drop) || len(recurrences(c, byKey[c.key], pages)) >= 2 {
			drop[c.f] = true
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

// recurrences returns the fragments, c itself included, at about c's
// height on the pages c recurs on, one per page: same text, or the same
// text with digits folded (same key) where a number differs by as much as
// the page numbers do.
func recurrences(c *marginFrag, same []*marginFrag, pages []*pageText) []*marginFrag {
	best := map[int]*marginFrag{c.page: c}
	for _, s := range same {
		if s.page == c.page || math.Abs(s.f.y-c.f.y) > math.Max(4, 0.6*c.f.size) {
			continue
		}
		if s.text != c.text && !tracksPage(c, s, pages) {
			continue
		}
		if b := best[s.page]; b == nil || math.Abs(s.f.y-c.f.y) < math.Abs(b.f.y-c.f.y) {
			best[s.page] = s
		}
	}
	out := make([]*marginFrag, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	return out
}

// tracksPage reports whether a number of a and the number in the same
// place in b differ by as much as their page numbers.
func tracksPage(a, b *marginFrag, pages []*pageText) bool {
	d := pages[a.page].number - pages[b.page].number
	if len(a.nums) != len(b.nums) || d == 0 {
		return false
	}
	for k := range a.nums {
		if a.nums[k] >= 0 && b.nums[k] >= 0 && a.nums[k]-b.nums[k] == d {
			return true
		}
	}
	return false
}

// bodySize is the size most text of the pages is set in.
func bodySize(pages []*pageText) float64 {
	weight := map[float64]int{}
	for _, p := range pages {
		for _, l := range p.lines {
			for _, f := range l {
				weight[math.Round(f.size*2)/2] += len(f.text())
			}
		}
	}
	body, most := 0.0, -1
	for s, w := range weight {
		if w > most || w == most && s < body {
			body, most = s, w
		}
	}
	return body
}

// inMargin reports whether c, one of a recurring fragment's occurrences,
// is set apart from the body of its page p on the side of its band: only
// margin text (maybe) between it and the edge of the page, and smaller than
// the body or detached from it.
func inMargin(c *marginFrag, p *pageText, maybe map[*frag]bool, body float64) bool {
	marginLine := func(l []*frag) bool {
		for _, f := range l {
			if !maybe[f] {
				return false
			}
		}
		return true
	}
	side := func(outward, inward int) bool {
		for j := c.line + outward; j >= 0 && j < len(p.lines); j += outward {
			if !marginLine(p.lines[j]) {
				return false
			}
		}
		var next []*frag // the nearest line of body text
		for j := c.line + inward; j >= 0 && j < len(p.lines); j += inward {
			if !marginLine(p.lines[j]) {
				next = p.lines[j]
				break
			}
		}
		f := c.f
		if next == nil {
			// nothing but margin text on the page (an empty page with its
			// header and footer, or a page that all recurs)
			return f.size <= marginSmaller*body
		}
		size, y := 0.0, next[0].y
		for _, g := range next {
			size = math.Max(size, g.size)
		}
		if f.size <= marginSmaller*body && f.size <= marginSmaller*size {
			return true
		}
		var white float64
		if inward > 0 {
			white = (f.y - descent*f.size) - (y + ascent*size)
		} else {
			white = (y - descent*size) - (f.y + ascent*f.size)
		}
		return white >= marginDetached*math.Max(f.size, body)
	}
	return c.top && side(-1, 1) || c.bottom && side(1, -1)
}

// alone reports whether nothing but dropped fragments shares c's line.
func alone(c *marginFrag, p *pageText, drop map[*frag]bool) bool {
	for _, f := range p.lines[c.line] {
		if f != c.f && !drop[f] {
			return false
		}
	}
	return true
}
