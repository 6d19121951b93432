package gen

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strconv"
	"sync"
	"unicode/utf16"
)

// zlibWriters are reused: a Flate compressor allocates about a megabyte of
// state, more than a page's content.
var zlibWriters = sync.Pool{New: func() any { return zlib.NewWriter(nil) }}

// A minimal PDF 1.4 writer: A4 pages of text and lines in the standard
// Helvetica and Helvetica-Bold fonts. Both fonts use WinAnsiEncoding with a
// /Differences array that puts the Central European letters WinAnsi lacks
// (ą ć ę ł ń ś ź ż, ő ű and their capitals) on the unused control codes
// 1-20, and carry /Widths so that every reader places glyphs where the
// layout measured them. Content streams are Flate-compressed or plain.

const (
	pageWidth  = 595.28 // A4 in points
	pageHeight = 841.89
)

// extraGlyphs are the letters outside WinAnsi, on codes 1, 2, ...
var extraGlyphs = []struct {
	r    rune
	name string
}{
	{'ą', "aogonek"}, {'ć', "cacute"}, {'ę', "eogonek"}, {'ł', "lslash"}, {'ń', "nacute"}, {'ś', "sacute"},
	{'ź', "zacute"}, {'ż', "zdotaccent"}, {'Ą', "Aogonek"}, {'Ć', "Cacute"}, {'Ę', "Eogonek"}, {'Ł', "Lslash"},
	{'Ń', "Nacute"}, {'Ś', "Sacute"}, {'Ź', "Zacute"}, {'Ż', "Zdotaccent"}, {'ő', "ohungarumlaut"},
	{'ű', "uhungarumlaut"}, {'Ő', "Ohungarumlaut"}, {'Ű', "Uhungarumlaut"},
}

// winAnsiHigh are the WinAnsi codes 0x80-0x9F that are not Latin-1.
var winAnsiHigh = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
	'–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// codeOf maps runes to the font's codes; runeOf is its inverse.
var (
	codeOf = map[rune]byte{}
	runeOf [256]rune
)

func init() {
	for c := 0x20; c < 0x7f; c++ {
		codeOf[rune(c)] = byte(c)
	}
	for c := 0xa0; c <= 0xff; c++ {
		codeOf[rune(c)] = byte(c)
	}
	for r, c := range winAnsiHigh {
		codeOf[r] = c
	}
	for i, g := range extraGlyphs {
		codeOf[g.r] = byte(i + 1)
	}
	for r, c := range codeOf {
		runeOf[c] = r
	}
}

// encodeText is s in the font's codes; a rune the font lacks becomes "?".
func encodeText(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r == '\u00a0' || r == '\u202f' {
			r = ' '
		}
		c, ok := codeOf[r]
		if !ok {
			c = '?'
		}
		out = append(out, c)
	}
	return out
}

// pdfString writes codes as a literal string.
func pdfString(b *bytes.Buffer, codes []byte) {
	b.WriteByte('(')
	for _, c := range codes {
		switch {
		case c == '(' || c == ')' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(')')
}

// Helvetica and Helvetica-Bold advance widths (1/1000 em) of ASCII 32-126,
// from the fonts' metrics.
var helvASCII = [95]int{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

var helvBoldASCII = [95]int{
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
}

// baseLetter gives accented letters the width of their base letter.
var baseLetter = map[rune]rune{}

func init() {
	groups := []struct {
		base rune
		set  string
	}{
		{'a', "àáâãäåąă"}, {'A', "ÀÁÂÃÄÅĄĂ"}, {'c', "çćč"}, {'C', "ÇĆČ"}, {'e', "èéêëęě"}, {'E', "ÈÉÊËĘĚ"},
		{'i', "ìíîï"}, {'I', "ÌÍÎÏ"}, {'n', "ñń"}, {'N', "ÑŃ"}, {'o', "òóôõöő"}, {'O', "ÒÓÔÕÖŐ"},
		{'u', "ùúûüű"}, {'U', "ÙÚÛÜŰ"}, {'y', "ýÿ"}, {'Y', "ÝŸ"}, {'s', "šś"}, {'S', "ŠŚ"},
		{'z', "žźż"}, {'Z', "ŽŹŻ"}, {'l', "ł"}, {'L', "Ł"}, {'d', "ð"}, {'D', "Ð"}, {'p', "þ"}, {'P', "Þ"},
	}
	for _, g := range groups {
		for _, r := range g.set {
			baseLetter[r] = g.base
		}
	}
}

// specialWidths are regular and bold widths of the other glyphs used.
var specialWidths = map[rune][2]int{
	'æ': {889, 889}, 'Æ': {1000, 1000}, 'ø': {611, 611}, 'Ø': {778, 778}, 'ß': {611, 611},
	'œ': {944, 944}, 'Œ': {1000, 1000}, '–': {556, 556}, '—': {1000, 1000}, '•': {350, 350},
	'‘': {222, 278}, '’': {222, 278}, '‚': {222, 278}, '“': {333, 500}, '”': {333, 500}, '„': {333, 500},
	'…': {1000, 1000}, '€': {556, 556}, '§': {556, 556}, '©': {737, 737}, '®': {737, 737}, '°': {400, 400},
	'«': {556, 556}, '»': {556, 556}, '‹': {333, 333}, '›': {333, 333}, '·': {278, 278}, '\u00a0': {278, 278},
	'¹': {333, 333}, '²': {333, 333}, '³': {333, 333}, '×': {584, 584}, 'º': {365, 365}, 'ª': {370, 370},
	'¿': {611, 611}, '¡': {333, 333}, '´': {333, 333}, '¨': {333, 333}, '£': {556, 556}, '™': {1000, 1000},
}

// glyphWidth is the width of r in 1/1000 em.
func glyphWidth(r rune, bold bool) int {
	if b, ok := baseLetter[r]; ok {
		r = b
	}
	if r >= 32 && r < 127 {
		if bold {
			return helvBoldASCII[r-32]
		}
		return helvASCII[r-32]
	}
	if w, ok := specialWidths[r]; ok {
		if bold {
			return w[1]
		}
		return w[0]
	}
	return 556
}

// textWidth is the width of s at size points.
func textWidth(s string, bold bool, size float64) float64 {
	n := 0
	for _, r := range s {
		n += glyphWidth(r, bold)
	}
	return float64(n) * size / 1000
}

// pdfFile collects the pages' content streams and writes the file.
type pdfFile struct {
	pages    []*bytes.Buffer
	title    string
	compress bool
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// bytes writes the whole PDF.
func (p *pdfFile) bytes() ([]byte, error) {
	var out bytes.Buffer
	var offsets []int
	obj := func(body string) int {
		offsets = append(offsets, out.Len())
		n := len(offsets)
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", n, body)
		return n
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Fixed object numbers: 1 catalog, 2 pages, 3 encoding, 4-5 widths, 6-7 fonts, 8 info.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := bytes.Buffer{}
	firstPage := 9
	for i := range p.pages {
		fmt.Fprintf(&kids, "%d 0 R ", firstPage+2*i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", bytes.TrimSpace(kids.Bytes()), len(p.pages)))
	var diff bytes.Buffer
	diff.WriteString("<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1")
	for _, g := range extraGlyphs {
		diff.WriteString(" /" + g.name)
	}
	diff.WriteString("] >>")
	obj(diff.String())
	for _, bold := range []bool{false, true} {
		var wb bytes.Buffer
		wb.WriteString("[")
		for c := 1; c <= 255; c++ {
			w := 0
			if r := runeOf[c]; r != 0 {
				w = glyphWidth(r, bold)
			}
			if c > 1 {
				wb.WriteByte(' ')
			}
			wb.WriteString(strconv.Itoa(w))
		}
		wb.WriteString("]")
		obj(wb.String())
	}
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 3 0 R /FirstChar 1 /LastChar 255 /Widths 4 0 R >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding 3 0 R /FirstChar 1 /LastChar 255 /Widths 5 0 R >>")
	obj(fmt.Sprintf("<< /Producer (subproc corpus generator) /Title %s /CreationDate (D:20240101120000Z) >>", utf16Hex(p.title)))
	for i, content := range p.pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 6 0 R /F2 7 0 R >> >> /Contents %d 0 R >>",
			num(pageWidth), num(pageHeight), firstPage+2*i+1))
		data := content.Bytes()
		filter := ""
		if p.compress {
			var z bytes.Buffer
			zw := zlibWriters.Get().(*zlib.Writer)
			zw.Reset(&z)
			_, err := zw.Write(data)
			if err == nil {
				err = zw.Close()
			}
			zlibWriters.Put(zw)
			if err != nil {
				return nil, fmt.Errorf("compress page %d: %w", i+1, err)
			}
			data = z.Bytes()
			filter = " /Filter /FlateDecode"
		}
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n<< /Length %d%s >>\nstream\n", len(offsets), len(data), filter)
		out.Write(data)
		out.WriteString("\nendstream\nendobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R /Info 8 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return out.Bytes(), nil
}

// utf16Hex is a PDF text string in UTF-16BE with its byte order mark.
func utf16Hex(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
