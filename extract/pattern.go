package extract

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Regular expressions that skip the text they cannot match: the detectors
// try them on every line, and most lines are prose.

// guardedPattern is a regular expression that only matches text containing
// one of the characters in chars, and one of words when they are given; it
// is not run on other text.
type guardedPattern struct {
	re    *regexp.Regexp
	chars charSet
	words []string
}

func mustGuarded(expr, chars string, words ...string) guardedPattern {
	return guardedPattern{re: regexp.MustCompile(expr), chars: newCharSet(chars), words: words}
}

// charSet is strings.ContainsAny with the characters sorted out beforehand.
type charSet struct {
	one   string    // the only character, when there is one
	ascii [2]uint64 // bit set of the ASCII characters
	other []rune
}

func newCharSet(chars string) charSet {
	var c charSet
	if utf8.RuneCountInString(chars) == 1 {
		c.one = chars
	}
	for _, r := range chars {
		if r < utf8.RuneSelf {
			c.ascii[r/64] |= 1 << (r % 64)
		} else {
			c.other = append(c.other, r)
		}
	}
	return c
}

// in reports whether s contains one of the characters.
func (c *charSet) in(s string) bool {
	if c.one != "" {
		return strings.Contains(s, c.one)
	}
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if c.ascii[b/64]&(1<<(b%64)) != 0 {
				return true
			}
			i++
			continue
		}
		if len(c.other) == 0 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		for _, o := range c.other {
			if r == o {
				return true
			}
		}
		i += n
	}
	return false
}

// digits are the chars of a pattern that only matches text with a digit.
const digits = "0123456789"

// may reports whether the pattern can match s.
func (p guardedPattern) may(s string) bool {
	return p.chars.in(s) && (p.words == nil || containsAny(s, p.words))
}

func (p guardedPattern) MatchString(s string) bool {
	return p.may(s) && p.re.MatchString(s)
}

func (p guardedPattern) FindStringSubmatch(s string) []string {
	if !p.may(s) {
		return nil
	}
	return p.re.FindStringSubmatch(s)
}

func (p guardedPattern) FindStringSubmatchIndex(s string) []int {
	if !p.may(s) {
		return nil
	}
	return p.re.FindStringSubmatchIndex(s)
}

func (p guardedPattern) FindAllStringSubmatch(s string, n int) [][]string {
	if !p.may(s) {
		return nil
	}
	return p.re.FindAllStringSubmatch(s, n)
}

func (p guardedPattern) Split(s string, n int) []string {
	if n != 0 && !p.may(s) {
		return []string{s} // what Split returns when nothing matches
	}
	return p.re.Split(s, n)
}

// suffixPattern is a regular expression that only matches at the end of a
// text ("...$") and whose matches are a bounded number of bytes long. It
// reads only the last bytes of a text, backwards: the pattern read backwards
// is anchored, so it is tried at one position instead of at every position
// of a long line.
type suffixPattern struct {
	rev *regexp.Regexp // the pattern reversed: it matches the reversed text from its start
	max int            // bytes in the longest match
}

// mustSuffix compiles expr, which must end in "$" (no "^", no multi-line
// mode) and have no unbounded repetition.
func mustSuffix(expr string) suffixPattern {
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic(err)
	}
	tree = tree.Simplify()
	n, ok := maxMatchLen(tree)
	if !ok || !endsText(tree) || otherAnchors(tree) {
		panic(fmt.Sprintf("extract: %q is no bounded end-anchored pattern", expr))
	}
	return suffixPattern{rev: regexp.MustCompile(reverse(tree).String()), max: n}
}

// MatchString reports whether the pattern matches the end of s.
func (p suffixPattern) MatchString(s string) bool {
	var runes [32]rune
	rs := runes[:0]
	size := 0
	for _, r := range p.tail(s) { // an invalid byte is one utf8.RuneError, as the regexp reads it
		rs = append(rs, r)
		size += utf8.RuneLen(r)
	}
	b := make([]byte, 0, size)
	for i := len(rs) - 1; i >= 0; i-- {
		b = utf8.AppendRune(b, rs[i])
	}
	return p.rev.Match(b)
}

// reverse returns re read backwards: a concatenation or a literal in reverse
// order, the end of the text as its start and the start as its end.
func reverse(re *syntax.Regexp) *syntax.Regexp {
	r := *re
	r.Sub = make([]*syntax.Regexp, len(re.Sub))
	for i, sub := range re.Sub {
		r.Sub[i] = reverse(sub)
	}
	switch re.Op {
	case syntax.OpConcat:
		slices.Reverse(r.Sub)
	case syntax.OpLiteral:
		r.Rune = slices.Clone(re.Rune)
		slices.Reverse(r.Rune)
	case syntax.OpBeginText:
		r.Op = syntax.OpEndText
	case syntax.OpEndText:
		r.Op = syntax.OpBeginText
	}
	return &r
}

// tail returns the end of s where a match can start, and the rune before
// that, which word boundaries ("\b") look at.
func (p suffixPattern) tail(s string) string {
	i := len(s) - p.max - 1
	if i <= 0 {
		return s
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[i:]
}

// maxMatchLen returns the most bytes a match of re can take, ok=false when
// that is unbounded.
func maxMatchLen(re *syntax.Regexp) (n int, ok bool) {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			n += foldedRuneLen(r, re.Flags&syntax.FoldCase != 0)
		}
		return n, true
	case syntax.OpCharClass:
		for i := 1; i < len(re.Rune); i += 2 {
			n = max(n, runeLenUpTo(re.Rune[i]))
		}
		return n, true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax, true
	case syntax.OpCapture, syntax.OpQuest:
		return maxMatchLen(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return 0, false
		}
		m, ok := maxMatchLen(re.Sub[0])
		return m * re.Max, ok
	case syntax.OpConcat, syntax.OpAlternate:
		for _, sub := range re.Sub {
			m, ok := maxMatchLen(sub)
			if !ok {
				return 0, false
			}
			if re.Op == syntax.OpConcat {
				n += m
			} else {
				n = max(n, m)
			}
		}
		return n, true
	}
	return 0, false // star, plus
}

// foldedRuneLen is the longest UTF-8 encoding of r, or of a rune that r
// matches case-insensitively when fold is set.
func foldedRuneLen(r rune, fold bool) int {
	n := runeLenUpTo(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			n = max(n, runeLenUpTo(f))
		}
	}
	return n
}

// runeLenUpTo is the longest UTF-8 encoding of a rune up to r (an invalid
// byte of the text is read as one rune of one byte).
func runeLenUpTo(r rune) int {
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}

// endsText reports whether every match of re ends at the end of the text.
func endsText(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEndText:
		return true
	case syntax.OpCapture:
		return endsText(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && endsText(re.Sub[len(re.Sub)-1])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !endsText(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// otherAnchors reports whether re looks at the start of the text or at lines.
func otherAnchors(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginText || re.Op == syntax.OpBeginLine || re.Op == syntax.OpEndLine {
		return true
	}
	for _, sub := range re.Sub {
		if otherAnchors(sub) {
			return true
		}
	}
	return false
}
