// Package normalize turns the raw values of a sub-processor row into canonical
// ones: clean text, a name and its aliases, ISO country codes, location codes,
// legal-basis vocabulary and checked registration numbers. Every function is
// pure; the words it knows come from the rules package.
package normalize

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inline tags vanish; block tags become a space so that "a<br>b" stays two words.
var (
	inlineTags = set("a abbr b big cite code del dfn em font i ins kbd label mark nobr q s small span strike strong sub sup tt u")
	blockTags  = set("article aside blockquote body br caption center col colgroup dd div dl dt figcaption figure footer " +
		"h1 h2 h3 h4 h5 h6 head header hr html img li main nav o:p ol p pre section table tbody td tfoot th thead tr ul wbr")
)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// maxEntity is the longest entity Text decodes, "&" and ";" included.
const maxEntity = 40

// Text returns s as plain text: HTML comments and tags removed (a tag that
// breaks a line or a block becomes a space), entities ending in ";" decoded,
// zero-width and control characters dropped, every run of whitespace (NBSP
// included) collapsed to one space, and the ends trimmed. Invalid UTF-8 becomes
// U+FFFD. Markup that only appears after decoding or removing ("&lt;b&gt;",
// "&amp;amp;", "<<b>b>") goes too, so Text(Text(s)) == Text(s). Angle brackets
// that are no known tag, such as an autolink "<https://...>", are kept.
//
// Text reads s once: whenever a character completes a tag, a comment or an
// entity at the end of what it has written, it takes that back (and writes an
// entity's value in its place), so nesting costs no extra passes.
func Text(s string) string {
	if isPlain(s) {
		return s
	}
	var w textWriter
	w.buf = make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		w.put(r)
	}
	return strings.TrimRight(string(w.buf), " ")
}

// isPlain reports whether Text would return s unchanged: valid UTF-8 without
// markup ('<', '&'), control or zero-width characters, whitespace other than
// single spaces, or spaces at its ends. Most values are plain.
func isPlain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < ' ' || c == 0x7f || c == '<' || c == '&':
				return false
			case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r < 0xa0 || unicode.IsSpace(r) || dropped(r) {
			return false
		}
		i += n
	}
	return true
}

// dropped reports whether r is a zero-width character that Text removes.
func dropped(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad'
}

// textWriter is Text's output with the positions it needs to take markup back.
type textWriter struct {
	buf      []byte
	lts, gts []int // positions of '<' and '>' in buf, ascending
	comments []int // positions of "<!--" in buf, ascending
}

func (w *textWriter) put(r rune) {
	switch {
	case dropped(r):
		return
	case unicode.IsSpace(r):
		if len(w.buf) == 0 || w.buf[len(w.buf)-1] == ' ' {
			return
		}
		w.buf = append(w.buf, ' ')
		return
	case r < ' ' || r >= 0x7f && r < 0xa0:
		return // control characters
	}
	w.buf = utf8.AppendRune(w.buf, r)
	switch r {
	case '<':
		w.lts = append(w.lts, len(w.buf)-1)
	case '-':
		if strings.HasSuffix(string(w.buf[max(0, len(w.buf)-4):]), "<!--") {
			w.comments = append(w.comments, len(w.buf)-4)
		}
	case '>':
		w.gts = append(w.gts, len(w.buf)-1)
		if w.closeComment() {
			return
		}
		w.closeTag()
	case ';':
		w.closeEntity()
	}
}

// truncate cuts buf back to n bytes and forgets the positions past it.
func (w *textWriter) truncate(n int) {
	w.buf = w.buf[:n]
	for len(w.lts) > 0 && w.lts[len(w.lts)-1] >= n {
		w.lts = w.lts[:len(w.lts)-1]
	}
	for len(w.gts) > 0 && w.gts[len(w.gts)-1] >= n {
		w.gts = w.gts[:len(w.gts)-1]
	}
	for len(w.comments) > 0 && w.comments[len(w.comments)-1] >= n {
		w.comments = w.comments[:len(w.comments)-1]
	}
}

// closeComment removes a comment that the '>' just written ends.
func (w *textWriter) closeComment() bool {
	n := len(w.buf)
	if len(w.comments) == 0 || n < 3 || string(w.buf[n-3:]) != "-->" {
		return false
	}
	start := w.comments[len(w.comments)-1]
	if n-3 < start+4 {
		return false // "<!-->" is no comment
	}
	w.truncate(start)
	w.put(' ')
	return true
}

// closeTag removes the tag that the '>' just written ends, if it is one.
func (w *textWriter) closeTag() {
	if len(w.lts) == 0 {
		return
	}
	lt := w.lts[len(w.lts)-1]
	if len(w.gts) > 1 && w.gts[len(w.gts)-2] > lt {
		return // a '>' between: no tag
	}
	inline, ok := tagName(string(w.buf[lt:]))
	if !ok {
		return
	}
	w.truncate(lt)
	if !inline {
		w.put(' ')
	}
}

// tagName reads "<name ...>", "</name>", "<name/>" and reports whether name
// is a known tag and whether it is inline.
func tagName(t string) (inline, ok bool) {
	t = strings.TrimPrefix(strings.TrimSuffix(t[1:], ">"), "/")
	end := 0
	for end < len(t) && (isASCIILetter(t[end]) || t[end] >= '0' && t[end] <= '9' || t[end] == ':') {
		end++
	}
	name, rest := strings.ToLower(t[:end]), t[end:]
	if rest != "" && rest != "/" && !strings.ContainsRune(" \t\n\r\f", rune(rest[0])) {
		return false, false
	}
	return inlineTags[name], inlineTags[name] || blockTags[name]
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// closeEntity decodes the entity that the ';' just written ends, if it is one,
// and writes its value through put, so that a decoded '<', '>', '&' or space
// counts like a written one.
func (w *textWriter) closeEntity() {
	n := len(w.buf)
	amp := -1
	for i := n - 2; i >= 0 && n-i <= maxEntity; i-- {
		c := w.buf[i]
		if c == '&' {
			amp = i
			break
		}
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '#' {
			return
		}
	}
	if amp < 0 || amp == n-2 {
		return
	}
	ent := string(w.buf[amp:])
	val := html.UnescapeString(ent)
	if val == ent {
		return
	}
	w.truncate(amp)
	for _, r := range val {
		w.put(r)
	}
}

// asciiSpace holds the ASCII bytes unicode.IsSpace reports as spaces.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// spaceAt reports whether the rune at s[i] is whitespace (unicode.IsSpace),
// and its size.
func spaceAt(s string, i int) (space bool, size int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), size
}

// wordCount is len(strings.Fields(s)), without building the fields.
func wordCount(s string) int {
	n := 0
	inWord := false
	for i := 0; i < len(s); {
		space, size := spaceAt(s, i)
		if !space && !inWord {
			n++
		}
		inWord = !space
		i += size
	}
	return n
}

// lastFields returns s from the start of the n-th last of its fields to the
// end of the last one (n at most 4): the last n strings.Fields as written.
func lastFields(s string, n int) string {
	var ring [4]int // starts of the last fields
	count, end := 0, 0
	inWord := false
	for i := 0; i < len(s); {
		space, size := spaceAt(s, i)
		if !space && !inWord {
			ring[count%n] = i
			count++
		}
		if !space {
			end = i + size
		}
		inWord = !space
		i += size
	}
	if count == 0 {
		return ""
	}
	return s[ring[max(0, count-n)%n]:end]
}

// collapseSpaces is strings.Join(strings.Fields(s), " "): s when it has no
// other whitespace than single spaces between words.
func collapseSpaces(s string) string {
	plain := true
	prev := byte(' ')
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf || c < ' ' && asciiSpace[c]:
			plain = false // other whitespace, or a rune that may be one
		case c == ' ' && prev == ' ':
			plain = false
		}
		prev = c
	}
	if plain && prev != ' ' {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
