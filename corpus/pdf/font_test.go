package pdf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestBaseEncoding(t *testing.T) {
	tests := []struct {
		enc  string
		code byte
		want string
	}{
		{"WinAnsiEncoding", 'A', "A"},
		{"WinAnsiEncoding", 0x80, "€"},
		{"WinAnsiEncoding", 0x93, "“"},
		{"WinAnsiEncoding", 0x96, "–"},
		{"WinAnsiEncoding", 0xe6, "æ"},
		{"WinAnsiEncoding", 0x81, ""}, // unassigned
		{"WinAnsiEncoding", 0x05, ""},
		{"MacRomanEncoding", 0x8a, "ä"},
		{"MacRomanEncoding", 0xbf, "ø"},
		{"MacRomanEncoding", 0xdb, "¤"},
		{"StandardEncoding", 0x27, "’"},
		{"StandardEncoding", 0x60, "‘"},
		{"StandardEncoding", 0xe9, "Ø"},
		{"StandardEncoding", 0xfb, "ß"},
		{"StandardEncoding", 0xe6, ""},
		{"NoSuchEncoding", 'a', "a"},
	}
	for _, tt := range tests {
		if got := baseEncoding(tt.enc)[tt.code]; got != tt.want {
			t.Errorf("%s[%#x] = %q, want %q", tt.enc, tt.code, got, tt.want)
		}
	}
}

func TestParseGlyphName(t *testing.T) {
	tests := []struct {
		name string
		want string
		ok   bool
	}{
		{"uni00E6", "æ", true},
		{"uni00660069", "fi", true},
		{"uniD83DDE00", "😀", true},
		{"u1F600", "😀", true},
		{"f_i", "fi", true},
		{"a.sc", "a", true},
		{"uni00F8.alt", "ø", true},
		{"A", "A", true},
		{"aring", "", false},
		{"uniXYZW", "", false},
		{"udieresis", "", false},
	}
	for _, tt := range tests {
		got, ok := parseGlyphName(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseGlyphName(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	for name, want := range map[string]bool{"g12": true, "cid7": true, "glyph3": true, "G1": true, "g": false, "grave": false, "c": false, "ccedilla": false} {
		if got := meaningless(name); got != want {
			t.Errorf("meaningless(%q) = %v, want %v", name, got, want)
		}
	}
}

// fontPage draws the bytes shown with font (object 5 of the page) and returns
// the text read.
func fontPage(tb testing.TB, font, shown string, extra ...string) string {
	tb.Helper()
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", "BT /F1 10 Tf 0 0 Td <"+fmt.Sprintf("%x", shown)+"> Tj ET"),
		font,
	}
	p := readOne(tb, buildPDF(append(objs, extra...)...))
	return runText(p.Runs)
}

func TestSimpleFontEncodings(t *testing.T) {
	tests := []struct {
		name, font, shown, want string
	}{
		{"WinAnsi", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
			"\xc5byh\xf8j \x80 \x93x\x94", "Åbyhøj € “x”"},
		{"Differences over WinAnsi", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [1 /aring /oslash 65 /uni00C6 /Euro] >> >>",
			"\x01\x02 AB \x80\xe6", "åø Æ€ €æ"},
		{"Differences over the standard encoding", "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Differences [200 /quotedblleft] >> >>",
			"\x27\xc8\xe9", "’“Ø"},
		{"meaningless glyph names", "<< /Type /Font /Subtype /Type1 /BaseFont /X /Encoding << /Differences [1 /g1 /g2 /a] >> >>",
			"\x03\x01", "a"},
		{"MacRoman", "<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /MacRomanEncoding >>",
			"\x8a\xbf", "äø"},
		{"TrueType without encoding reads WinAnsi", "<< /Type /Font /Subtype /TrueType /BaseFont /Arial >>",
			"\xe6\x80", "æ€"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fontPage(t, tt.font, tt.shown); got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

const toUnicodeCMap = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfchar
<0003> <0020>
<0044> <00E5>
<0050> <00660069>
endbfchar
3 beginbfrange
<0024> <0026> <0041>
<00FE> <0101> <0061>
<0030> <0032> [<00E6> <00F8> (\000\305)]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`

func TestParseCMap(t *testing.T) {
	m := parseCMap([]byte(toUnicodeCMap))
	if m == nil {
		t.Fatal("parseCMap = nil")
	}
	tests := []struct {
		code uint32
		want string
		ok   bool
	}{
		{0x03, " ", true},
		{0x44, "å", true},
		{0x50, "fi", true},
		{0x24, "A", true},
		{0x26, "C", true},
		{0xfe, "a", true},
		{0x101, "d", true}, // a range crossing a byte boundary
		{0x30, "æ", true},
		{0x32, "Å", true},
		{0x27, "", false},
	}
	for _, tt := range tests {
		got, ok := m.lookup(tt.code, 2)
		if got != tt.want || ok != tt.ok {
			t.Errorf("lookup(%#x) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	if len(m.space) != 1 || m.space[0].n != 2 {
		t.Errorf("codespace = %+v", m.space)
	}
	big := parseCMap([]byte("1 beginbfrange <0000> <FFFF> <0000> endbfrange"))
	if got, _ := big.lookup(0x4e2d, 2); got != "中" {
		t.Errorf("large range lookup = %q", got)
	}
	if parseCMap([]byte("garbage ( unterminated")) != nil {
		t.Error("garbage parsed as a CMap")
	}
}

func TestCompositeFont(t *testing.T) {
	const (
		desc  = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAA+LiberationSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W [3 [278] 36 38 667 68 [556 500]] >>"
		type0 = "<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAA+LiberationSans /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
	)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", "BT /F1 10 Tf 0 0 Td <00240003004400450046> Tj ET"),
		type0, desc, stream("", toUnicodeCMap),
	}
	p := readOne(t, buildPDF(objs...))
	// A (36: 667) space (3: 278) å (68: 556) 69 (500) 70 (default 1000)
	checkRuns(t, p.Runs, []wantRun{{"A å", 0, 0, (667 + 278 + 556 + 500 + 1000) / 100.0, 10}})
	if p.Runs[0].Font != "LiberationSans" {
		t.Errorf("font = %q, want LiberationSans", p.Runs[0].Font)
	}

	// without ToUnicode nothing decodes: ErrFontEncoding
	objs[4] = strings.Replace(type0, "/ToUnicode 7 0 R", "", 1)
	_, err := Read(buildPDF(objs...), Options{})
	if !errors.Is(err, ErrFontEncoding) {
		t.Errorf("err = %v, want ErrFontEncoding", err)
	}

	// /DW and a UCS-2 CMap (the code is the text)
	objs[4] = "<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>"
	objs[5] = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /Song /DW 900 >>"
	objs[3] = stream("", "BT /F1 10 Tf 0 0 Td <4E2D6587> Tj ET")
	p = readOne(t, buildPDF(objs...))
	checkRuns(t, p.Runs, []wantRun{{"中文", 0, 0, 18, 10}})
}

func TestReadW(t *testing.T) {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", ""),
		"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
		"<< /Type /Font /Subtype /CIDFontType2 /W [1 [100 200] 10 20 300 30 [400]] >>",
	}
	lr, err := open(buildPDF(objs...))
	if err != nil {
		t.Fatal(err)
	}
	f := &font{composite: true, dw: 1000}
	f.readW(lr.Trailer().Key("Root").Key("Pages").Key("Kids").Index(0).Key("Resources").Key("Font").Key("F1").Key("DescendantFonts").Index(0).Key("W"))
	for cid, want := range map[int]float64{1: 100, 2: 200, 3: 1000, 10: 300, 15: 300, 20: 300, 21: 1000, 30: 400} {
		if got := f.width(uint32(cid), ""); got != want {
			t.Errorf("width(%d) = %v, want %v", cid, got, want)
		}
	}
}

func TestStandardWidthModel(t *testing.T) {
	tests := []struct {
		font string
		text string
		want float64
	}{
		{"Helvetica", " ", 278}, {"Helvetica", "\u00a0", 278},
		{"Helvetica", "i", 230}, {"Helvetica", "W", 860}, {"Helvetica", "ø", 530}, {"Helvetica", "Å", 660},
		{"Helvetica-Bold", "a", 580}, {"Arial,Bold", "8", 556},
		{"Times-Roman", "a", 470}, {"TimesNewRomanPSMT", "Æ", 850},
		{"Courier-Bold", "W", 600}, {"Courier", "i", 600},
	}
	for _, tt := range tests {
		got, ok := stdWidthsFor(tt.font).width(tt.text)
		if !ok || got != tt.want {
			t.Errorf("width of %q in %s = %v, %v; want %v", tt.text, tt.font, got, ok, tt.want)
		}
	}
	if stdWidthsFor("Symbol") != nil {
		t.Error("Symbol has a Latin width model")
	}
	// A narrow letter is narrower than a wide one in every proportional family.
	for _, m := range []*stdWidths{sansWidths, sansBoldWidths, serifWidths} {
		i, _ := m.width("i")
		w, _ := m.width("m")
		if !(i < w) {
			t.Errorf("model %+v: i (%v) not narrower than m (%v)", *m, i, w)
		}
	}
}

func TestStripSubset(t *testing.T) {
	for in, want := range map[string]string{
		"AAAAAA+LiberationSans-Bold": "LiberationSans-Bold",
		"Helvetica":                  "Helvetica",
		"ABCDEf+Foo":                 "ABCDEf+Foo",
		"":                           "",
	} {
		if got := stripSubset(in); got != want {
			t.Errorf("stripSubset(%q) = %q, want %q", in, got, want)
		}
	}
}
