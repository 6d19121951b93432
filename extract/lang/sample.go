package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultSampleSize is the most text, in bytes, that Detect hands to lingua.
// Past a few KiB of prose the answer no longer changes; the cost keeps growing.
const DefaultSampleSize = 2 << 10

// Sample returns at most size bytes of text's words for language detection.
//
// Lines that are mostly digits, punctuation, URLs or table rules are left out,
// and so are URL and e-mail tokens on the lines kept. Lines of running prose
// (four words or more) are preferred to headings, names and table cells when
// the text has enough of them. When the kept text is longer than size, the
// sample is its first half-budget plus chunks taken at evenly spaced places
// of the rest, so a document whose opening is boilerplate still shows its body.
// The sample is empty when the text has no letters.
func Sample(text string, size int) string {
	if size <= 0 {
		return ""
	}
	var prose, all []string
	proseLen, allLen := 0, 0
	for line := range strings.Lines(text) {
		words, n := lineWords(line)
		if n == 0 {
			continue
		}
		l := strings.Join(words, " ")
		all = append(all, l)
		allLen += len(l) + 1
		if n >= 4 {
			prose = append(prose, l)
			proseLen += len(l) + 1
		}
	}
	lines, total := prose, proseLen
	if proseLen < minProse && allLen > proseLen {
		lines, total = all, allLen
	}
	if total <= size {
		return strings.TrimSuffix(strings.Join(lines, "\n"), "\n")
	}

	var b strings.Builder
	b.Grow(size)
	// add appends lines from i on until budget bytes were written or the lines
	// run out, cutting the last line at a word boundary; it returns the next line.
	add := func(i, budget int) int {
		for ; i < len(lines) && budget > 0; i++ {
			l := lines[i]
			if len(l)+1 > budget {
				l = cut(l, budget-1)
			}
			if l == "" {
				break
			}
			b.WriteString(l)
			b.WriteByte('\n')
			budget -= len(l) + 1
		}
		return i
	}
	head := add(0, size/2)
	rest := len(lines) - head
	chunks := min(sampleChunks, rest)
	for k, next := 0, head; k < chunks; k++ {
		start := max(head+k*rest/chunks, next) // chunks never repeat a line
		next = add(start, (size-b.Len())/(chunks-k))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

const (
	minProse     = 256 // bytes of prose lines below which every lettered line is used
	sampleChunks = 4   // chunks taken from past the head of a long text
)

// lineWords splits line into whitespace-separated tokens and returns those
// worth showing a language detector, with the number of them that are words
// (mostly letters). A line that is mostly not letters gives no tokens.
func lineWords(line string) ([]string, int) {
	fields := strings.Fields(line)
	var kept []string
	letters, others, words := 0, 0, 0
	for _, f := range fields {
		if isAddress(f) {
			others += utf8.RuneCountInString(f)
			continue
		}
		l, o := 0, 0
		for _, r := range f {
			if unicode.IsLetter(r) {
				l++
			} else {
				o++
			}
		}
		letters += l
		others += o
		if l == 0 {
			continue
		}
		kept = append(kept, f)
		if l >= 2 && l >= o {
			words++
		}
	}
	if letters == 0 || letters < others {
		return nil, 0
	}
	return kept, words
}

// isAddress reports whether token is a URL, a host name or an e-mail address:
// their letters are names, not language.
func isAddress(token string) bool {
	t := strings.ToLower(token)
	return strings.Contains(t, "://") || strings.HasPrefix(t, "www.") ||
		strings.Contains(t, "@") || strings.HasSuffix(strings.TrimRight(t, ".,;:)"), ".com")
}

// cut shortens s to at most n bytes, at the last space if there is one and
// never inside a UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		return s[:i]
	}
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
