package gen

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// rng is the document's random source with the choices the generator makes.
type rng struct{ *rand.Rand }

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// between is a uniform integer in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// pick is a uniform element of xs.
func pick[T any](r *rng, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted picks an index with the given weights.
func (r *rng) weighted(ws []int) int {
	t := 0
	for _, w := range ws {
		t += w
	}
	n := r.IntN(t)
	for i, w := range ws {
		if n < w {
			return i
		}
		n -= w
	}
	return len(ws) - 1
}

// digits is n random decimal digits.
func (r *rng) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(c)) + s[n:]
}

// lowerFirst lower-cases the first letter of s unless the word is an
// acronym ("SMS", "CRM") or a name with capitals inside ("MailPilot").
func lowerFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	word, _, _ := strings.Cut(s, " ")
	for _, x := range word[n:] {
		if unicode.IsUpper(x) {
			return s
		}
	}
	return string(unicode.ToLower(c)) + s[n:]
}

// join enumerates xs as a sentence does: "a, b and c".
func join(xs []string, and string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " " + and + " " + xs[len(xs)-1]
}

// collapse is whitespace-collapsed s, the form gold text fields have.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func jsonIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
