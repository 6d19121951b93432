package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind says what a phrase of the location dictionary stands for.
type kind uint8

const (
	kindNone    kind = iota
	kindCountry      // a country name: value is an ISO code
	kindRegion       // a cloud region identifier: value is an ISO code
	kindCity         // a city: value is an ISO code
	kindEU           // a word for the EU/EEA
	kindWorld        // a word for outside the EU or worldwide
	kindAlso         // "also", "including": turns a following world word into EU + WORLD
)

// entry is what a dictionary phrase maps to.
type entry struct {
	value string
	kind  kind
}

// node is one state of a dictionary trie over folded runes. Its children are
// kept in two slices sorted by rune: most nodes have one child, and slices keep
// the dictionaries of all languages small.
type node struct {
	keys []rune
	kids []*node
	ent  *entry
}

// child returns the child of n under r, or nil.
func (n *node) child(r rune) *node {
	keys := n.keys
	if len(keys) <= 8 {
		for i, k := range keys {
			if k == r {
				return n.kids[i]
			}
		}
		return nil
	}
	lo, hi := 0, len(keys)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if keys[m] < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(keys) && keys[lo] == r {
		return n.kids[lo]
	}
	return nil
}

// childOrNew returns the child of n under r, making it if there is none.
func (n *node) childOrNew(r rune) *node {
	i := 0
	for i < len(n.keys) && n.keys[i] < r {
		i++
	}
	if i < len(n.keys) && n.keys[i] == r {
		return n.kids[i]
	}
	c := &node{}
	n.keys = append(n.keys, 0)
	n.kids = append(n.kids, nil)
	copy(n.keys[i+1:], n.keys[i:])
	copy(n.kids[i+1:], n.kids[i:])
	n.keys[i], n.kids[i] = r, c
	return c
}

// dict finds phrases in text: case-insensitively, on word boundaries, with any
// run of whitespace matching a single space, leftmost-longest and without
// overlaps. With inflect, a phrase of at least inflectMin runes that ends in a
// letter also matches when up to inflectMax more letters follow it (Danish
// "standardkontraktbestemmelserne" for "standardkontraktbestemmelser").
type dict struct {
	root    node
	ascii   [utf8.RuneSelf]*node // the root's children under ASCII runes, for a quick first step
	inflect bool
}

const (
	inflectMin = 8
	inflectMax = 4
)

// add inserts phrase unless it is present already: callers add the phrases that
// should win first.
func (d *dict) add(phrase string, e entry) {
	f := foldPhrase(phrase)
	if len(f) == 0 {
		return
	}
	n := &d.root
	for k, r := range f {
		n = n.childOrNew(r)
		if k == 0 && r < utf8.RuneSelf {
			d.ascii[r] = n
		}
	}
	if n.ent == nil {
		ent := e
		n.ent = &ent
	}
}

// lookup returns what phrase maps to, or nil if d does not hold it.
func (d *dict) lookup(phrase string) *entry {
	n := &d.root
	for _, r := range foldPhrase(phrase) {
		if n = n.child(r); n == nil {
			return nil
		}
	}
	return n.ent
}

// match is one phrase found in a text; start and end are byte offsets into it.
type match struct {
	start, end int
	entry
}

// folded is a text prepared for matching: runes lowercased with quotes, dashes
// and whitespace runs unified, and the byte offset of each rune in the original.
type folded struct {
	r    []rune
	word []bool  // word[i] is isWord(r[i])
	off  []int32 // off[i] is the byte offset of r[i]; off[len(r)] is len(text)
}

func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u00b4', '`', '\u02bc':
		return '\''
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return '-'
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	return unicode.ToLower(r)
}

func fold(s string) folded {
	n := utf8.RuneCountInString(s)
	buf := make([]int32, 2*n+1) // the runes, then the offsets
	f := folded{r: buf[:0:n], word: make([]bool, 0, n), off: buf[n:n]}
	for i, r := range s {
		r = foldRune(r)
		if r == ' ' && len(f.r) > 0 && f.r[len(f.r)-1] == ' ' {
			continue
		}
		f.r = append(f.r, r)
		f.word = append(f.word, isWord(r))
		f.off = append(f.off, int32(i))
	}
	f.off = append(f.off, int32(len(s)))
	return f
}

func foldPhrase(s string) []rune {
	return fold(strings.TrimSpace(s)).r
}

func isWord(r rune) bool {
	if r < 0x300 { // below the first nonspacing mark
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// matchText is a text to look phrases up in, folded once for every
// dictionary it meets.
type matchText struct {
	s      string
	f      folded // made on first use
	folded bool
}

func (t *matchText) fold() *folded {
	if !t.folded {
		t.f, t.folded = fold(t.s), true
	}
	return &t.f
}

// find returns every phrase of d in s, in order.
func (d *dict) find(s string) []match {
	if d.empty() || s == "" {
		return nil
	}
	f := fold(s)
	return d.findFolded(&f)
}

// findIn is find of a text that other dictionaries read too.
func (d *dict) findIn(t *matchText) []match {
	if d.empty() || t.s == "" {
		return nil
	}
	return d.findFolded(t.fold())
}

func (d *dict) empty() bool { return d == nil || len(d.root.keys) == 0 }

// findFolded is find of folded text.
func (d *dict) findFolded(f *folded) []match {
	var out []match
	for i := 0; i < len(f.r); {
		if i > 0 && f.word[i-1] && f.word[i] {
			i++
			continue
		}
		end, e := d.longest(f, i)
		if e == nil {
			i++
			continue
		}
		out = append(out, match{start: int(f.off[i]), end: int(f.off[end]), entry: *e})
		i = end
	}
	return out
}

// longest walks the trie from r[i] and returns the end of the longest phrase
// that ends on a word boundary.
func (d *dict) longest(f *folded, i int) (int, *entry) {
	r := f.r
	bestEnd, best := 0, (*entry)(nil)
	n := &d.root
	for j := i; j < len(r); j++ {
		if j == i && r[j] < utf8.RuneSelf {
			n = d.ascii[r[j]]
		} else {
			n = n.child(r[j])
		}
		if n == nil {
			break
		}
		if n.ent == nil {
			continue
		}
		end := j + 1
		if f.boundaryAfter(end) {
			bestEnd, best = end, n.ent
			continue
		}
		if d.inflect && end-i >= inflectMin && unicode.IsLetter(r[j]) {
			k := end
			for k < len(r) && k-end < inflectMax && unicode.IsLetter(r[k]) {
				k++
			}
			if f.boundaryAfter(k) {
				bestEnd, best = k, n.ent
			}
		}
	}
	return bestEnd, best
}

// boundaryAfter reports whether a phrase may end before f.r[end].
func (f *folded) boundaryAfter(end int) bool {
	return end >= len(f.r) || !f.word[end] || !f.word[end-1]
}
