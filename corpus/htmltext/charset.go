package htmltext

import (
	"bytes"
	"github.com/subproc/subproc/corpus/textenc"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// prescanLen is how far into a page decode looks for a <meta> charset. The
// HTML standard says 1024 bytes; pages with long inline styles declare it
// later, and looking further costs nothing.
const prescanLen = 8 << 10

// Encoding names decode reports besides the labels' canonical names.
const (
	encUTF8    = "utf-8"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
	encCP1252  = "windows-1252"
)

// decode turns raw into UTF-8 and names the encoding it was read in. The
// encoding is decided in this order:
//
//  1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE), which is stripped;
//  2. a charset label: the charset parameter of contentType (the HTTP
//     header), else a <meta charset> or <meta http-equiv="Content-Type">
//     in the first 8 KiB. Labels mean what the WHATWG Encoding standard says,
//     so "iso-8859-1" and "latin1" read as windows-1252 (its superset). A
//     page that is valid UTF-8 with non-ASCII bytes is read as UTF-8 whatever
//     a legacy label says: re-saving a page in UTF-8 without fixing its meta
//     tag is common, while legacy text that happens to be valid UTF-8 is not;
//  3. sniffing: UTF-16 told by its NUL bytes; otherwise UTF-8, where each byte
//     that is not part of a valid sequence is read as windows-1252, and the
//     encoding is named after the majority (as corpus.Decode does for text).
func decode(raw []byte, contentType string) (string, string) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return decodeUTF8(raw[3:], true)
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return decodeWith(charsetEnc(encUTF16LE), raw[2:]), encUTF16LE
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeWith(charsetEnc(encUTF16BE), raw[2:]), encUTF16BE
	}
	if e, name := label(raw, contentType); e != nil {
		switch {
		case name == encUTF8:
			return decodeUTF8(raw, true)
		case name == encUTF16LE || name == encUTF16BE:
			if order := utf16Order(raw); order != "" {
				return decodeWith(charsetEnc("utf-16"+order), raw), "utf-16" + order
			}
			// ASCII-compatible bytes under a UTF-16 label: the label is wrong.
		case utf8.Valid(raw) && hasHighBit(raw):
			return string(raw), encUTF8
		default:
			return decodeWith(e, raw), name
		}
	}
	if order := utf16Order(raw); order != "" {
		return decodeWith(charsetEnc("utf-16"+order), raw), "utf-16" + order
	}
	return decodeUTF8(raw, false)
}

// label finds the charset a page declares: the header's, else its meta tag's.
func label(raw []byte, contentType string) (encoding.Encoding, string) {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := charset.Lookup(params["charset"]); e != nil {
			return e, name
		}
	}
	e, name := metaCharset(raw[:min(len(raw), prescanLen)])
	if name == encUTF16LE || name == encUTF16BE {
		// A meta tag cannot declare UTF-16: bytes that spell it are ASCII.
		e, name = charset.Lookup(encUTF8)
	}
	return e, name
}

// metaCharset reads the charset of the first <meta> that declares one, before <body>.
func metaCharset(head []byte) (encoding.Encoding, string) {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, hasAttr := z.TagName()
			switch string(tag) {
			case "body":
				return nil, ""
			case "meta":
			default:
				continue
			}
			var cs, content string
			httpEquiv := false
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "charset":
					cs = string(v)
				case "content":
					content = string(v)
				case "http-equiv":
					httpEquiv = strings.EqualFold(string(v), "content-type")
				}
			}
			if cs == "" && httpEquiv {
				cs = contentCharset(content)
			}
			if cs != "" {
				if e, name := charset.Lookup(cs); e != nil {
					return e, name
				}
			}
		}
	}
}

// contentCharset takes the charset out of a meta content value such as
// "text/html; charset=ISO-8859-1" (quotes optional, as browsers allow).
func contentCharset(content string) string {
	i := strings.Index(strings.ToLower(content), "charset")
	if i < 0 {
		return ""
	}
	s := strings.TrimLeft(content[i+len("charset"):], " \t\n\f\r")
	if !strings.HasPrefix(s, "=") {
		return ""
	}
	s = strings.TrimLeft(s[1:], " \t\n\f\r")
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		if end := strings.IndexByte(s[1:], s[0]); end >= 0 {
			return s[1 : 1+end]
		}
		return ""
	}
	if end := strings.IndexAny(s, " \t\n\f\r;"); end >= 0 {
		s = s[:end]
	}
	return s
}

func charsetEnc(name string) encoding.Encoding {
	e, _ := charset.Lookup(name)
	return e
}

// decodeWith decodes raw with e. The decoders replace what they cannot read
// with U+FFFD and fail only on writer errors, which a byte slice never has.
func decodeWith(e encoding.Encoding, raw []byte) string {
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	return string(out)
}

// decodeUTF8 decodes raw as UTF-8, stray bytes as windows-1252 (see
// textenc.Lenient). Unless declared (a BOM or a label), the encoding is named
// after the majority: UTF-8 when it has more valid multi-byte sequences than
// invalid bytes.
func decodeUTF8(raw []byte, declared bool) (string, string) {
	text, multi, invalid := textenc.Lenient(raw)
	if invalid == 0 || declared || multi > invalid {
		return text, encUTF8
	}
	return text, encCP1252
}

func hasHighBit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// utf16Order tells UTF-16 without a byte-order mark from the NUL bytes of
// its first KiB: "le" when most odd bytes are NUL and no even ones, "be" the
// other way round, "" when it is not UTF-16 (HTML is mostly ASCII markup).
func utf16Order(b []byte) string {
	b = b[:min(len(b), 1<<10)]
	if len(b) < 4 {
		return ""
	}
	even, odd := 0, 0
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(b) / 2
	switch {
	case odd*2 > half && even*10 < odd:
		return "le"
	case even*2 > half && odd*10 < even:
		return "be"
	}
	return ""
}
