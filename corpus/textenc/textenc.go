// Package textenc decodes bytes that are mostly UTF-8 but may hold stray
// legacy bytes, the way both the plain-text and the HTML readers need it.
package textenc

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Lenient decodes raw as UTF-8 and reads each byte that is not part of a
// valid UTF-8 sequence as Windows-1252, so one legacy "æ" does not spoil the
// rest. It reports how many valid multi-byte sequences and invalid bytes it
// met, so the caller can name the encoding after the majority.
func Lenient(raw []byte) (text string, multi, invalid int) {
	if utf8.Valid(raw) {
		return string(raw), 0, 0
	}
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/4)
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		switch {
		case r == utf8.RuneError && size <= 1:
			invalid++
			b.WriteRune(charmap.Windows1252.DecodeByte(raw[0]))
			size = 1
		default:
			if size > 1 {
				multi++
			}
			b.Write(raw[:size])
		}
		raw = raw[size:]
	}
	return b.String(), multi, invalid
}
