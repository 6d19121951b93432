package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold lowercases s and turns punctuation into single spaces, for matching words.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // no space at the start
	for i := 0; i < len(s); {
		if j := foldedRun(s, i); j > i {
			b.WriteString(s[i:j]) // lowercase ASCII letters and digits stay as they are
			space = false
			i = j
			continue
		}
		r := rune(s[i])
		if r < utf8.RuneSelf {
			i++
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				b.WriteByte(byte(r))
				space = false
				continue
			}
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
			if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
				space = false
				continue
			}
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// containsAny reports whether s contains one of list.
func containsAny(s string, list []string) bool {
	for _, t := range list {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// foldedRun returns the end of the run of lowercase ASCII letters and digits at s[i].
func foldedRun(s string, i int) int {
	for i < len(s) && ('a' <= s[i] && s[i] <= 'z' || '0' <= s[i] && s[i] <= '9') {
		i++
	}
	return i
}

// asciiSpace holds the ASCII bytes unicode.IsSpace reports as spaces.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// wordCount is len(strings.Fields(s)), without building the fields.
func wordCount(s string) int {
	n := 0
	inWord := false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}

// firstField is strings.Fields(s)[0], "" when s has no field.
func firstField(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// wordsIn is the number of words of folded h ("" has none).
func wordsIn(h string) int {
	if h == "" {
		return 0
	}
	return strings.Count(h, " ") + 1
}

// wordBounds appends to dst the start of each word of folded h, then
// len(h)+1: word i is h[b[i]:b[i+1]-1], words i to j-1 are h[b[i]:b[j]-1].
func wordBounds(h string, dst []int) []int {
	dst = append(dst, 0)
	for i := 0; i < len(h); i++ {
		if h[i] == ' ' {
			dst = append(dst, i+1)
		}
	}
	return append(dst, len(h)+1)
}

// phrases is a set of folded phrases (words joined by single spaces), looked
// up in folded text on word boundaries.
type phrases struct {
	set   map[string]bool
	first map[string]int // first word -> words in the longest phrase it starts
}

func newPhrases(list []string) phrases {
	p := phrases{set: map[string]bool{}, first: map[string]int{}}
	for _, w := range list {
		if w == "" {
			continue
		}
		p.set[w] = true
		first, _, _ := strings.Cut(w, " ")
		p.first[first] = max(p.first[first], strings.Count(w, " ")+1)
	}
	return p
}

// in reports whether one of the phrases occurs in folded f on word
// boundaries: is a run of whole words of f.
func (p phrases) in(f string) bool {
	for i := 0; i < len(f); i = wordEnd(f, i) + 1 {
		if p.at(f, i) {
			return true
		}
	}
	return false
}

// at reports whether one of the phrases is the words of folded f from the
// word that starts at i.
func (p phrases) at(f string, i int) bool {
	end := wordEnd(f, i)
	n := p.first[f[i:end]]
	for k := 1; k <= n; k++ {
		if p.set[f[i:end]] {
			return true
		}
		if end == len(f) {
			break
		}
		end = wordEnd(f, end+1)
	}
	return false
}

// label reports whether folded label h is a phrase, possibly with two more
// words after it or one before it ("sidst opdateret", "e-mail privat").
func (p phrases) label(h string) bool {
	if p.set[h] {
		return true
	}
	n := strings.Count(h, " ") + 1
	// The phrase is the first k words of h, n-2 <= k < n.
	for i, k := 0, 0; i < len(h); i++ {
		if h[i] != ' ' {
			continue
		}
		if k++; n-k <= 2 && p.set[h[:i]] {
			return true
		}
	}
	// The phrase is the last n-1 words.
	_, rest, ok := strings.Cut(h, " ")
	return ok && p.set[rest]
}

// wordEnd returns the end of the word of folded f that starts at i.
func wordEnd(f string, i int) int {
	if j := strings.IndexByte(f[i:], ' '); j >= 0 {
		return i + j
	}
	return len(f)
}

// needles finds whether a text contains any of a set of strings, in one pass
// over the text: each needle is filed under its first two bytes.
type needles struct {
	pairs  [1 << 16 / 64]uint64 // bit set of the needles' first two bytes
	byPair map[uint32][]string
	short  []string // needles of fewer than two bytes
}

func newNeedles(list []string) needles {
	n := needles{byPair: map[uint32][]string{}}
	for _, s := range list {
		if len(s) < 2 {
			n.short = append(n.short, s)
			continue
		}
		k := uint32(s[0])<<8 | uint32(s[1])
		n.pairs[k/64] |= 1 << (k % 64)
		n.byPair[k] = append(n.byPair[k], s)
	}
	return n
}

// in reports whether s contains one of the needles.
func (n *needles) in(s string) bool {
	for _, t := range n.short {
		if strings.Contains(s, t) {
			return true
		}
	}
	for i := 0; i+1 < len(s); i++ {
		k := uint32(s[i])<<8 | uint32(s[i+1])
		if n.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, t := range n.byPair[k] {
			if strings.HasPrefix(s[i:], t) {
				return true
			}
		}
	}
	return false
}

// foldKeys tells, without folding a text, whether its folded form may contain
// one of a set of needles: each needle's longest run of ASCII letters and
// digits (its key) must then occur in the text, upper or lower case. Outside
// ASCII only İ (U+0130) and the Kelvin sign (U+212A) lowercase to ASCII
// letters; a text with either may hold any needle.
type foldKeys struct {
	all  bool // a needle has no key of two bytes: every text may hold one
	keys needles
}

func newFoldKeys(list []string) foldKeys {
	var keys []string
	for _, n := range list {
		key := ""
		for _, run := range strings.FieldsFunc(n, func(r rune) bool { return !isASCIIAlnum(r) }) {
			if len(run) > len(key) {
				key = run
			}
		}
		if len(key) < 2 {
			return foldKeys{all: true}
		}
		keys = append(keys, key)
	}
	return foldKeys{keys: newNeedles(keys)}
}

func isASCIIAlnum(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' }

// maybe reports whether fold(s) may contain one of the needles.
func (k *foldKeys) maybe(s string) bool {
	if k.all {
		return true
	}
	for i := 0; i+1 < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			if strings.HasPrefix(s[i:], "\u0130") || strings.HasPrefix(s[i:], "\u212a") {
				return true
			}
			continue
		}
		p := uint32(lowerASCII(c))<<8 | uint32(lowerASCII(s[i+1]))
		if k.keys.pairs[p/64]&(1<<(p%64)) == 0 {
			continue
		}
		for _, t := range k.keys.byPair[p] {
			if hasPrefixLower(s[i:], t) {
				return true
			}
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixLower reports whether s starts with t when its ASCII letters are
// lowercased.
func hasPrefixLower(s, t string) bool {
	if len(s) < len(t) {
		return false
	}
	for i := 0; i < len(t); i++ {
		if lowerASCII(s[i]) != t[i] {
			return false
		}
	}
	return true
}
