package pdf

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
)

// font is what the content interpreter needs from a PDF font: how to cut a
// shown string into character codes, and each code's Unicode text and
// advance width.
//
// Decoding policy, per code: the font's /ToUnicode CMap when it maps the code
// to real text; else, for simple fonts, the /Encoding (a base encoding, or
// the font's standard one, with /Differences applied); else nothing (the
// glyph counts as undecodable). Widths: /Widths and /FirstChar for simple
// fonts (/MissingWidth outside them), the descendant font's /W and /DW for
// Type0 fonts, and for the standard 14 fonts without /Widths subproc's own
// width model by character class (stdWidths: sans, sans bold, serif and
// monospaced; Symbol and ZapfDingbats are approximated as 500/1000 em).
type font struct {
	name      string
	composite bool
	// simple fonts
	enc      [256]string // text of each code from the encoding
	widths   []float64   // /Widths, in glyph space units
	first    int         // /FirstChar
	missing  float64     // /MissingWidth
	std      *stdWidths  // standard-font width model when /Widths is absent
	scale    float64     // glyph space to text space: 0.001, or FontMatrix[0] for Type3
	noWidths bool
	// composite fonts
	space  []codeRange // codespace ranges cutting codes; nil means 2 bytes
	cid    *cmap       // embedded /Encoding CMap: code to CID; nil means identity
	ucs2   bool        // the CMap's codes are UCS-2 (UniGB-UCS2-H and the like)
	cidW   map[int]float64
	cidWr  []widthRange
	dw     float64
	toUni  *cmap
	unsure bool // encoding guessed from glyph names that are not standard
}

// glyph is one decoded character code.
type glyph struct {
	code  uint32
	n     int     // bytes in the code
	text  string  // "" when undecodable
	width float64 // advance in text space units at font size 1
	bad   bool    // no usable Unicode text
}

type widthRange struct {
	lo, hi int
	w      float64
}

// fallbackFont is used when /Tf names a font that is missing or unreadable:
// one byte per code, WinAnsi text and Helvetica widths.
func fallbackFont(name string) *font {
	f := &font{name: name, scale: 0.001, noWidths: true, std: sansWidths}
	f.enc = baseEncoding("WinAnsiEncoding")
	return f
}

// loadFont reads a font dictionary. It never fails: what it cannot read it
// replaces by the fallback's behaviour.
func loadFont(v lpdf.Value) (f *font) {
	name := stripSubset(v.Key("BaseFont").Name())
	defer func() {
		if recover() != nil {
			f = fallbackFont(name)
		}
	}()
	if v.Key("Subtype").Name() == "Type0" {
		return loadComposite(v, name)
	}
	return loadSimple(v, name)
}

func loadSimple(v lpdf.Value, name string) *font {
	f := &font{name: name, scale: 0.001}
	subtype := v.Key("Subtype").Name()
	if subtype == "Type3" {
		if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
			f.scale = m.Index(0).Float64()
		}
	}
	f.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	for i := 0; i < ws.Len() && i < 256; i++ {
		f.widths = append(f.widths, ws.Index(i).Float64())
	}
	f.missing = v.Key("FontDescriptor").Key("MissingWidth").Float64()
	if ws.Kind() != lpdf.Array {
		f.noWidths = true
		f.std = stdWidthsFor(name)
	}
	f.toUni = readCMapStream(v.Key("ToUnicode"))

	// The encoding: a base table, then /Differences.
	base := "StandardEncoding"
	if subtype == "TrueType" {
		base = "WinAnsiEncoding"
	}
	enc := v.Key("Encoding")
	switch enc.Kind() {
	case lpdf.Name:
		base = enc.Name()
	case lpdf.Dict:
		if b := enc.Key("BaseEncoding").Name(); b != "" {
			base = b
		}
	}
	f.enc = baseEncoding(base)
	if enc.Kind() == lpdf.Dict {
		f.applyDifferences(v, enc.Key("Differences"))
	}
	return f
}

// applyDifferences sets the text of the codes listed in /Differences from
// their glyph names. Standard glyph names are looked up through the library's
// encoder (which knows the Adobe glyph list); uniXXXX and uXXXX names are
// read here; names like g12 or cid7 carry no meaning and decode to nothing.
func (f *font) applyDifferences(v lpdf.Value, diffs lpdf.Value) {
	lib := (&lpdf.Font{V: v}).Encoder()
	code := -1
	for i := 0; i < diffs.Len(); i++ {
		x := diffs.Index(i)
		switch x.Kind() {
		case lpdf.Integer, lpdf.Real:
			code = int(x.Float64())
		case lpdf.Name:
			if code >= 0 && code < 256 {
				f.enc[code] = glyphNameText(x.Name(), code, f.enc[code], lib)
			}
			code++
		}
	}
}

// glyphNameText is the text of glyph name at code, where base is the text
// the base encoding gives the code and lib decodes codes through the
// library's glyph list.
func glyphNameText(name string, code int, base string, lib lpdf.TextEncoding) string {
	if name == ".notdef" {
		return ""
	}
	if t, ok := parseGlyphName(name); ok {
		return t
	}
	if meaningless(name) {
		return ""
	}
	r := []rune(lib.Decode(string([]byte{byte(code)})))
	if len(r) == 1 && r[0] != rune(code) && r[0] != unicode.ReplacementChar {
		return string(r)
	}
	// The library returns the code itself both for a name it does not know
	// and for a name that maps to that very code point ("A" at 65).
	if len([]rune(name)) == 1 {
		return name
	}
	if base != "" {
		return base
	}
	if code >= 0x20 && code < 0x7f || code >= 0xa0 {
		return string(rune(code))
	}
	return ""
}

// parseGlyphName reads the glyph names whose meaning is in the name itself:
// uniXXXX[XXXX...], uXXXX[XX], and those forms or single letters with a
// .suffix or joined by _ (f_i, a.sc).
func parseGlyphName(name string) (string, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if strings.Contains(name, "_") {
		var b strings.Builder
		for _, part := range strings.Split(name, "_") {
			t, ok := parseGlyphName(part)
			if !ok {
				return "", false
			}
			b.WriteString(t)
		}
		return b.String(), true
	}
	if h, ok := strings.CutPrefix(name, "uni"); ok && len(h) >= 4 && len(h)%4 == 0 {
		var units []uint16
		for i := 0; i < len(h); i += 4 {
			n, err := strconv.ParseUint(h[i:i+4], 16, 16)
			if err != nil {
				return "", false
			}
			units = append(units, uint16(n))
		}
		return string(utf16.Decode(units)), true
	}
	if h, ok := strings.CutPrefix(name, "u"); ok && len(h) >= 4 && len(h) <= 6 {
		n, err := strconv.ParseUint(h, 16, 32)
		if err == nil && n <= unicode.MaxRune {
			return string(rune(n)), true
		}
	}
	if len(name) == 1 && name[0] > ' ' && name[0] < 0x7f {
		return name, true
	}
	return "", false
}

// meaningless reports glyph names made of a prefix and a number (g12, cid7,
// glyph3, index5, c42): producers use them for glyphs with no known text.
func meaningless(name string) bool {
	for _, p := range []string{"glyph", "index", "cid", "g", "G", "c", "C"} {
		if rest, ok := strings.CutPrefix(name, p); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

func loadComposite(v lpdf.Value, name string) *font {
	f := &font{name: name, composite: true, scale: 0.001, dw: 1000}
	desc := v.Key("DescendantFonts").Index(0)
	if n := stripSubset(desc.Key("BaseFont").Name()); n != "" {
		f.name = n
	}
	if d := desc.Key("DW"); d.Kind() == lpdf.Integer || d.Kind() == lpdf.Real {
		f.dw = d.Float64()
	}
	f.readW(desc.Key("W"))
	f.toUni = readCMapStream(v.Key("ToUnicode"))
	enc := v.Key("Encoding")
	switch enc.Kind() {
	case lpdf.Name:
		n := enc.Name()
		f.ucs2 = strings.Contains(n, "UCS2") || strings.Contains(n, "UTF16")
		if n != "Identity-H" && n != "Identity-V" && f.toUni != nil {
			f.space = f.toUni.space
		}
	case lpdf.Stream:
		if m := readCMapStream(enc); m != nil {
			f.cid = m
			f.space = m.space
		}
	}
	return f
}

// readW reads a CIDFont /W array: "c [w1 w2 ...]" and "cfirst clast w".
func (f *font) readW(w lpdf.Value) {
	f.cidW = map[int]float64{}
	n := w.Len()
	for i := 0; i < n; {
		first := int(w.Index(i).Float64())
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for j := 0; j < next.Len() && len(f.cidW) < 1<<16; j++ {
				f.cidW[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		f.cidWr = append(f.cidWr, widthRange{first, int(next.Float64()), w.Index(i + 2).Float64()})
		i += 3
	}
}

// decode cuts raw into codes and calls fn with each glyph in order.
func (f *font) decode(raw string, fn func(glyph)) {
	for len(raw) > 0 {
		n := f.codeLen(raw)
		var code uint32
		for i := 0; i < n; i++ {
			code = code<<8 | uint32(raw[i])
		}
		g := glyph{code: code, n: n}
		g.text, g.bad = f.text(code, n)
		g.width = f.width(code, g.text) * f.scale
		fn(g)
		raw = raw[n:]
	}
}

func (f *font) codeLen(raw string) int {
	if !f.composite {
		return 1
	}
	if f.space != nil {
		for n := 1; n <= 4 && n <= len(raw); n++ {
			for _, r := range f.space {
				if r.n == n && r.contains(raw[:n]) {
					return n
				}
			}
		}
		return 1
	}
	if len(raw) < 2 {
		return 1
	}
	return 2
}

// text returns the Unicode text of a code and whether it is unusable.
func (f *font) text(code uint32, n int) (string, bool) {
	if f.toUni != nil {
		if t, ok := f.toUni.lookup(code, n); ok && !badText(t) {
			return t, false
		}
	}
	switch {
	case !f.composite:
		t := f.enc[code&0xff]
		return t, badText(t)
	case f.ucs2 && n == 2:
		t := string(utf16.Decode([]uint16{uint16(code)}))
		return t, badText(t)
	}
	return "", true
}

// badText reports text that is no use to a reader: empty, control
// characters, U+FFFD or private-use code points.
func badText(t string) bool {
	if t == "" {
		return true
	}
	for _, r := range t {
		if r == unicode.ReplacementChar || r < 0x20 && r != '\t' && r != '\n' && r != '\r' ||
			r >= 0x7f && r < 0xa0 || r >= 0xe000 && r <= 0xf8ff || r >= 0xf0000 {
			return true
		}
	}
	return false
}

// width returns the advance of a code in glyph space units.
func (f *font) width(code uint32, text string) float64 {
	if f.composite {
		cid := int(code)
		if f.cid != nil {
			if c, ok := f.cid.cidOf(code); ok {
				cid = c
			}
		}
		if w, ok := f.cidW[cid]; ok {
			return w
		}
		for _, r := range f.cidWr {
			if cid >= r.lo && cid <= r.hi {
				return r.w
			}
		}
		return f.dw
	}
	if !f.noWidths {
		if i := int(code) - f.first; i >= 0 && i < len(f.widths) {
			return f.widths[i]
		}
		return f.missing
	}
	if f.std != nil {
		if w, ok := f.std.width(text); ok {
			return w
		}
	}
	if f.missing > 0 {
		return f.missing
	}
	return 500
}

// stripSubset removes a subset tag: "AAAAAA+LiberationSans" → "LiberationSans".
func stripSubset(name string) string {
	if len(name) > 7 && name[6] == '+' && strings.Trim(name[:6], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return name[7:]
	}
	return name
}

// baseEncoding returns the text of each code in a named simple-font
// encoding. The library's own tables are not used because it ignores
// /BaseEncoding in an /Encoding dictionary.
func baseEncoding(name string) [256]string {
	var t [256]string
	switch name {
	case "WinAnsiEncoding":
		for c := 0x20; c < 256; c++ {
			t[c] = string(charmap.Windows1252.DecodeByte(byte(c)))
		}
	case "MacRomanEncoding":
		for c := 0x20; c < 256; c++ {
			t[c] = string(charmap.Macintosh.DecodeByte(byte(c)))
		}
		t[0xdb] = "\u00a4" // PDF's MacRomanEncoding has currency where Mac OS Roman now has the euro
	default: // StandardEncoding, and the fallback for unknown names
		for c := 0x20; c < 0x7f; c++ {
			t[c] = string(rune(c))
		}
		t[0x27], t[0x60] = "\u2019", "\u2018"
		for i, r := range standardHigh {
			if r != 0 {
				t[0xa1+i] = string(r)
			}
		}
	}
	for c := range t {
		if badText(t[c]) {
			t[c] = ""
		}
	}
	return t
}

// standardHigh is StandardEncoding from 0xA1 to 0xFB (PDF 32000-1, annex D).
var standardHigh = [...]rune{
	'¡', '¢', '£', '⁄', '¥', 'ƒ', '§', '¤', '\'', '“', '«', '‹', '›', 'ﬁ', 'ﬂ', // A1-AF
	0, '–', '†', '‡', '·', 0, '¶', '•', '‚', '„', '”', '»', '…', '‰', 0, '¿', // B0-BF
	0, '`', '´', 'ˆ', '˜', '¯', '˘', '˙', '¨', 0, '˚', '¸', 0, '˝', '˛', 'ˇ', // C0-CF
	'—', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // D0-DF
	0, 'Æ', 0, 'ª', 0, 0, 0, 0, 'Ł', 'Ø', 'Œ', 'º', 0, 0, 0, 0, // E0-EF
	0, 'æ', 0, 0, 0, 'ı', 0, 0, 'ł', 'ø', 'œ', 'ß', // F0-FB
}

// codeRange is a codespace range: codes of n bytes between lo and hi,
// compared byte by byte.
type codeRange struct {
	n      int
	lo, hi string
}

func (r codeRange) contains(b string) bool {
	for i := 0; i < r.n; i++ {
		if b[i] < r.lo[i] || b[i] > r.hi[i] {
			return false
		}
	}
	return true
}

// cmap is a parsed CMap stream: a ToUnicode map (bfchar, bfrange) or an
// encoding CMap (cidchar, cidrange), with its codespace ranges.
type cmap struct {
	space  []codeRange
	uni    map[cmapKey]string
	ranges []uniRange // bfranges too large to expand
	cids   map[cmapKey]int
	cidr   []cidRange
}

type cmapKey struct {
	code uint32
	n    uint8
}

type uniRange struct {
	n      int
	lo, hi uint32
	dst    []uint16
}

type cidRange struct {
	n      int
	lo, hi uint32
	cid    int
}

func (m *cmap) lookup(code uint32, n int) (string, bool) {
	if t, ok := m.uni[cmapKey{code, uint8(n)}]; ok {
		return t, true
	}
	for _, r := range m.ranges {
		if r.n == n && code >= r.lo && code <= r.hi {
			return rangeText(r.dst, code-r.lo), true
		}
	}
	return "", false
}

func (m *cmap) cidOf(code uint32) (int, bool) {
	for n := 1; n <= 4; n++ {
		if c, ok := m.cids[cmapKey{code, uint8(n)}]; ok {
			return c, true
		}
	}
	for _, r := range m.cidr {
		if code >= r.lo && code <= r.hi {
			return r.cid + int(code-r.lo), true
		}
	}
	return 0, false
}

// rangeText is the text of the code off places into a bfrange whose first
// code maps to dst: dst with its last UTF-16 unit increased by off.
func rangeText(dst []uint16, off uint32) string {
	if len(dst) == 0 {
		return ""
	}
	u := append([]uint16(nil), dst...)
	u[len(u)-1] += uint16(off)
	return string(utf16.Decode(u))
}

// Bounds on what one CMap may hold.
const (
	maxCMapBytes   = 4 << 20
	maxCMapEntries = 1 << 18
	maxExpand      = 256 // bfranges up to this many codes are expanded into the map
)

// readCMapStream parses a CMap stream; nil when v is not a stream or holds
// nothing usable. The library's own CMap reader is not used: its encoder
// ignores /ToUnicode whenever /Encoding is set, and its bfrange arithmetic
// only adds to the last byte.
func readCMapStream(v lpdf.Value) (m *cmap) {
	if v.Kind() != lpdf.Stream {
		return nil
	}
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	data, _ := io.ReadAll(io.LimitReader(rc, maxCMapBytes))
	return parseCMap(data)
}

// cmapObj is an operand in a CMap: a string, a number or an array of them.
type cmapObj struct {
	s     string
	isNum bool
	num   int
	arr   []cmapObj
	isArr bool
}

// parseCMap reads the codespacerange, bfchar, bfrange, cidchar and cidrange
// sections of a CMap program; everything else is skipped.
func parseCMap(data []byte) *cmap {
	m := &cmap{uni: map[cmapKey]string{}, cids: map[cmapKey]int{}}
	var stack []cmapObj
	var arr *[]cmapObj
	entries := 0
	lx := cmapLexer{data: data}
	for entries < maxCMapEntries {
		tok, kind := lx.next()
		if kind == 0 {
			break
		}
		var obj cmapObj
		switch kind {
		case 's':
			obj = cmapObj{s: tok}
		case 'n':
			n, _ := strconv.Atoi(tok)
			obj = cmapObj{isNum: true, num: n}
		case '[':
			stack = append(stack, cmapObj{isArr: true})
			arr = &stack[len(stack)-1].arr
			continue
		case ']':
			arr = nil
			continue
		case '/':
			continue
		case 'k':
			arr = nil
			switch tok {
			case "endcodespacerange":
				for i := 0; i+1 < len(stack); i += 2 {
					lo, hi := stack[i].s, stack[i+1].s
					if len(lo) > 0 && len(lo) == len(hi) && len(lo) <= 4 {
						m.space = append(m.space, codeRange{len(lo), lo, hi})
					}
				}
			case "endbfchar":
				for i := 0; i+1 < len(stack); i += 2 {
					src, dst := stack[i].s, stack[i+1].s
					if len(src) > 0 && len(src) <= 4 {
						m.uni[cmapKey{codeOf(src), uint8(len(src))}] = unitsText(dst)
						entries++
					}
				}
			case "endbfrange":
				for i := 0; i+2 < len(stack); i += 3 {
					entries += m.addBFRange(stack[i].s, stack[i+1].s, stack[i+2])
				}
			case "endcidchar":
				for i := 0; i+1 < len(stack); i += 2 {
					if src := stack[i].s; len(src) > 0 && len(src) <= 4 {
						m.cids[cmapKey{codeOf(src), uint8(len(src))}] = stack[i+1].num
						entries++
					}
				}
			case "endcidrange":
				for i := 0; i+2 < len(stack); i += 3 {
					lo, hi := stack[i].s, stack[i+1].s
					if len(lo) > 0 && len(lo) == len(hi) && len(lo) <= 4 {
						m.cidr = append(m.cidr, cidRange{len(lo), codeOf(lo), codeOf(hi), stack[i+2].num})
						entries++
					}
				}
			}
			stack = stack[:0]
			continue
		}
		if arr != nil {
			*arr = append(*arr, obj)
		} else {
			stack = append(stack, obj)
		}
	}
	if len(m.uni) == 0 && len(m.ranges) == 0 && len(m.cids) == 0 && len(m.cidr) == 0 && len(m.space) == 0 {
		return nil
	}
	return m
}

// addBFRange adds the codes lo..hi mapped from dst (a string: the first
// code's text, incremented; or an array of texts) and returns how many
// entries it cost.
func (m *cmap) addBFRange(lo, hi string, dst cmapObj) int {
	if len(lo) == 0 || len(lo) != len(hi) || len(lo) > 4 {
		return 0
	}
	n := len(lo)
	a, b := codeOf(lo), codeOf(hi)
	if b < a {
		return 0
	}
	if dst.isArr {
		for i, d := range dst.arr {
			if a+uint32(i) > b {
				break
			}
			m.uni[cmapKey{a + uint32(i), uint8(n)}] = unitsText(d.s)
		}
		return len(dst.arr)
	}
	units := toUnits(dst.s)
	if b-a >= maxExpand {
		m.ranges = append(m.ranges, uniRange{n, a, b, units})
		return 1
	}
	for c := a; c <= b; c++ {
		m.uni[cmapKey{c, uint8(n)}] = rangeText(units, c-a)
	}
	return int(b-a) + 1
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s); i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// toUnits reads a CMap destination string as UTF-16BE; an odd-length string
// (a producer's mistake) is read as one unit per byte.
func toUnits(s string) []uint16 {
	if len(s)%2 == 1 {
		u := make([]uint16, len(s))
		for i := 0; i < len(s); i++ {
			u[i] = uint16(s[i])
		}
		return u
	}
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return u
}

func unitsText(s string) string { return string(utf16.Decode(toUnits(s))) }

// cmapLexer cuts a CMap program into tokens. Kinds: 's' string (hex or
// literal, decoded), 'n' number, '/' name, 'k' keyword (also << and >>),
// '[' and ']'; 0 at the end.
type cmapLexer struct {
	data []byte
	pos  int
}

func (l *cmapLexer) next() (string, byte) {
	d := l.data
	for l.pos < len(d) {
		c := d[l.pos]
		switch {
		case c == '%':
			for l.pos < len(d) && d[l.pos] != '\n' && d[l.pos] != '\r' {
				l.pos++
			}
		case isPSSpace(c):
			l.pos++
		case c == '[' || c == ']':
			l.pos++
			return string(c), c
		case c == '<' && l.pos+1 < len(d) && d[l.pos+1] == '<', c == '>' && l.pos+1 < len(d) && d[l.pos+1] == '>':
			l.pos += 2
			return string(c) + string(c), 'k'
		case c == '<':
			return l.hex(), 's'
		case c == '(':
			return l.literal(), 's'
		case c == '/':
			l.pos++
			return l.word(), '/'
		default:
			w := l.word()
			if w == "" { // a stray delimiter such as ')' or '>'
				l.pos++
				continue
			}
			if w[0] == '-' || w[0] == '+' || w[0] == '.' || w[0] >= '0' && w[0] <= '9' {
				return w, 'n'
			}
			return w, 'k'
		}
	}
	return "", 0
}

func (l *cmapLexer) word() string {
	start := l.pos
	for l.pos < len(l.data) && !isPSSpace(l.data[l.pos]) && !isPSDelim(l.data[l.pos]) {
		l.pos++
	}
	return string(l.data[start:l.pos])
}

func (l *cmapLexer) hex() string {
	l.pos++ // '<'
	var b []byte
	var hi byte
	half := false
	for l.pos < len(l.data) && l.data[l.pos] != '>' {
		c := l.data[l.pos]
		l.pos++
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		b = append(b, hi<<4)
	}
	l.pos++ // '>'
	return string(b)
}

func (l *cmapLexer) literal() string {
	l.pos++ // '('
	var b []byte
	depth := 1
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(b)
			}
		case '\\':
			if l.pos < len(l.data) {
				e := l.data[l.pos]
				l.pos++
				switch e {
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				case 'b':
					c = '\b'
				case 'f':
					c = '\f'
				default:
					if e >= '0' && e <= '7' {
						v := e - '0'
						for k := 0; k < 2 && l.pos < len(l.data) && l.data[l.pos] >= '0' && l.data[l.pos] <= '7'; k++ {
							v = v<<3 | (l.data[l.pos] - '0')
							l.pos++
						}
						c = v
					} else {
						c = e
					}
				}
			}
		}
		b = append(b, c)
	}
	return string(b)
}

func isPSSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

func isPSDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

// stdWidths is subproc's own model of the glyph widths of the standard 14
// fonts (used when a font has no /Widths): a width in 1/1000 em per class of
// character. It is an approximation written for this project, good enough to
// tell a word gap from a letter gap; Courier is monospaced at 600 by design.
type stdWidths struct {
	space, narrow, punct, digit, lower, upper, wide, other float64
}

var (
	sansWidths     = &stdWidths{space: 278, narrow: 230, punct: 300, digit: 556, lower: 530, upper: 660, wide: 860, other: 556}
	sansBoldWidths = &stdWidths{space: 278, narrow: 280, punct: 333, digit: 556, lower: 580, upper: 700, wide: 900, other: 600}
	serifWidths    = &stdWidths{space: 250, narrow: 280, punct: 260, digit: 500, lower: 470, upper: 680, wide: 850, other: 500}
	monoWidths     = &stdWidths{space: 600, narrow: 600, punct: 600, digit: 600, lower: 600, upper: 600, wide: 600, other: 600}
)

// stdWidthsFor picks the model for a base font name (also for the Arial and
// Times New Roman names that stand in for the standard fonts); nil for Symbol
// and ZapfDingbats, whose glyphs are no Latin text.
func stdWidthsFor(name string) *stdWidths {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "courier"):
		return monoWidths
	case strings.Contains(n, "symbol"), strings.Contains(n, "dingbats"):
		return nil
	case strings.Contains(n, "times"):
		return serifWidths
	case strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy"):
		return sansBoldWidths
	}
	return sansWidths
}

// width is the model's width of text (one character); ok is false for longer text.
func (m *stdWidths) width(text string) (float64, bool) {
	r := []rune(text)
	if len(r) != 1 {
		return 0, false
	}
	c := r[0]
	switch {
	case c == ' ' || c == '\u00a0':
		return m.space, true
	case strings.ContainsRune("iljtfrI!|.,:;'`", c):
		return m.narrow, true
	case strings.ContainsRune("mwMW@%\u2014\u2026\u2030\u00c6\u00e6\u0152\u0153", c):
		return m.wide, true
	case unicode.IsDigit(c):
		return m.digit, true
	case unicode.IsUpper(c):
		return m.upper, true
	case unicode.IsLower(c):
		return m.lower, true
	case unicode.IsPunct(c) || unicode.IsSymbol(c):
		return m.punct, true
	}
	return m.other, true
}
