package htmltext_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"github.com/subproc/subproc/corpus/htmltext"
)

var update = flag.Bool("update", false, "rewrite the want.txt of every golden file with what Render gives now (review the diff!)")

// golden is one testdata/*.txtar case: the page, the text Render must give,
// and from the comment the Content-Type header to pass and the encoding to
// expect ("content-type: ..." and "encoding: ..." lines).
type golden struct {
	path        string
	ar          *txtar.Archive
	in          []byte
	want        int // index of want.txt in ar.Files
	contentType string
	encoding    string
}

func loadGolden(tb testing.TB) []golden {
	tb.Helper()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no golden files in testdata: %v", err)
	}
	var out []golden
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		g := golden{path: f, ar: ar, want: -1}
		for i, file := range ar.Files {
			switch file.Name {
			case "in.html":
				g.in = file.Data
			case "want.txt":
				g.want = i
			}
		}
		if g.in == nil || g.want < 0 {
			tb.Fatalf("%s: needs an in.html and a want.txt section", f)
		}
		for _, l := range strings.Split(string(ar.Comment), "\n") {
			if v, ok := strings.CutPrefix(l, "content-type:"); ok {
				g.contentType = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(l, "encoding:"); ok {
				g.encoding = strings.TrimSpace(v)
			}
		}
		out = append(out, g)
	}
	return out
}

// TestGolden renders every testdata/*.txtar page and compares the text with
// its want.txt; -update rewrites want.txt instead.
func TestGolden(t *testing.T) {
	for _, g := range loadGolden(t) {
		t.Run(strings.TrimSuffix(filepath.Base(g.path), ".txtar"), func(t *testing.T) {
			got, enc, err := htmltext.Render(g.in, g.contentType)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if *update {
				g.ar.Files[g.want].Data = []byte(got)
				if err := os.WriteFile(g.path, txtar.Format(g.ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(g.ar.Files[g.want].Data); got != want {
				t.Errorf("text differs (-update rewrites it)\n--- got\n%s--- want\n%s", got, want)
			}
			if g.encoding != "" && enc != g.encoding {
				t.Errorf("encoding = %q, want %q", enc, g.encoding)
			}
		})
	}
}

func TestRenderEncoding(t *testing.T) {
	const page = "<p>Underleverandører i Århus og Ærø</p>"
	const want = "Underleverandører i Århus og Ærø\n"
	utf16 := func(s string, le bool) []byte {
		var b []byte
		for _, r := range s { // BMP only
			if le {
				b = append(b, byte(r), byte(r>>8))
			} else {
				b = append(b, byte(r>>8), byte(r))
			}
		}
		return b
	}
	latin1 := []byte("<p>Underleverand\xf8rer i \xc5rhus og \xc6r\xf8</p>")
	tests := []struct {
		name, contentType string
		raw               []byte
		wantEnc           string
	}{
		{"utf-8", "", []byte(page), "utf-8"},
		{"utf-8 BOM beats the header", "text/html; charset=iso-8859-1", append([]byte("\xEF\xBB\xBF"), page...), "utf-8"},
		{"utf-16le BOM", "", append([]byte{0xFF, 0xFE}, utf16(page, true)...), "utf-16le"},
		{"utf-16be BOM", "", append([]byte{0xFE, 0xFF}, utf16(page, false)...), "utf-16be"},
		{"utf-16le without BOM", "", utf16(page, true), "utf-16le"},
		{"utf-16 header on UTF-16 bytes", "text/html; charset=utf-16le", utf16(page, true), "utf-16le"},
		{"utf-16 header on ASCII bytes", "text/html; charset=utf-16", latin1, "windows-1252"},
		{"latin-1 header", "text/html; charset=ISO-8859-1", latin1, "windows-1252"},
		{"latin-1 header, quoted", `text/html; charset="latin1"`, latin1, "windows-1252"},
		{"header beats meta", "text/html; charset=windows-1252", append([]byte(`<meta charset="utf-8">`), latin1...), "windows-1252"},
		{"meta charset", "", append([]byte(`<meta charset="windows-1252">`), latin1...), "windows-1252"},
		{"meta http-equiv", "", append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`), latin1...), "windows-1252"},
		{"meta far down", "", append([]byte("<style>"+strings.Repeat("p{}", 1000)+"</style><meta charset=iso-8859-1>"), latin1...), "windows-1252"},
		{"legacy label on UTF-8 bytes", "text/html; charset=iso-8859-1", []byte(page), "utf-8"},
		{"meta utf-16 is utf-8", "", append([]byte(`<meta charset="utf-16">`), page...), "utf-8"},
		{"unknown label", "text/html; charset=x-nonsense", latin1, "windows-1252"},
		{"sniffed windows-1252", "", latin1, "windows-1252"},
		{"sniffed utf-8 with a stray legacy byte", "", []byte("<p>Underleverandører i \xc5rhus og Ærø</p>"), "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := htmltext.Render(tt.raw, tt.contentType)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if got != want {
				t.Errorf("text = %q, want %q", got, want)
			}
			if enc != tt.wantEnc {
				t.Errorf("encoding = %q, want %q", enc, tt.wantEnc)
			}
		})
	}
}

func TestRenderLimits(t *testing.T) {
	t.Run("nested deeper than the parser allows", func(t *testing.T) {
		page := "<p>Underdatabehandlere</p>" + strings.Repeat("<div>", 600) +
			"<table><tr><th>Navn</th><th>Land</th></tr><tr><td>Amazon</td><td>Irland</td></tr></table>" +
			"<script>var x = 1;</script><p>Slut<br>her</p>"
		got, _, err := htmltext.Render([]byte(page), "")
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		want := "Underdatabehandlere\n\nNavn\tLand\nAmazon\tIrland\n\nSlut\nher\n"
		if got != want {
			t.Errorf("text = %q, want %q", got, want)
		}
	})
	t.Run("nested deeper than MaxDepth", func(t *testing.T) {
		page := strings.Repeat("<span>", 400) + "<p>dyb</p><p>tekst</p>"
		got, _, err := htmltext.Render([]byte(page), "")
		if err != nil || got != "dyb tekst\n" {
			t.Errorf("Render = %q, %v; want %q", got, err, "dyb tekst\n")
		}
	})
	t.Run("output too large", func(t *testing.T) {
		cell := "<td>" + strings.Repeat("x", 1000) + "</td>"
		page := "<table><tr><th>a</th><th>b</th></tr><tr>" + cell + "<td rowspan=0>y</td></tr>" +
			strings.Repeat("<tr>"+cell+"</tr>", 17000) + "</table>"
		_, _, err := htmltext.Render([]byte(page), "")
		checkTooLarge(t, err)
	})
	t.Run("grid too large", func(t *testing.T) {
		page := "<table><tr><th>a</th><th>b</th></tr>" +
			strings.Repeat("<tr><td colspan=1000>x</td><td colspan=1000>y</td><td colspan=1000>z</td></tr>", 1500) + "</table>"
		_, _, err := htmltext.Render([]byte(page), "")
		checkTooLarge(t, err)
	})
	t.Run("too many tags", func(t *testing.T) {
		_, _, err := htmltext.Render([]byte(strings.Repeat("<b>", htmltext.MaxTags+1)), "")
		checkTooLarge(t, err)
	})
	t.Run("too many tags in UTF-16", func(t *testing.T) {
		raw := append([]byte{0xFF, 0xFE}, bytes.Repeat([]byte("<\x00b\x00>\x00"), htmltext.MaxTags+1)...)
		_, _, err := htmltext.Render(raw, "")
		checkTooLarge(t, err)
	})
	t.Run("input too large", func(t *testing.T) {
		_, _, err := htmltext.Render(make([]byte, htmltext.MaxInput+1), "")
		checkTooLarge(t, err)
	})
}

func checkTooLarge(t *testing.T, err error) {
	t.Helper()
	var e *htmltext.Error
	if !errors.As(err, &e) || !errors.Is(err, htmltext.ErrTooLarge) || e.Hint == "" {
		t.Fatalf("Render error = %v, want an *Error with a hint wrapping ErrTooLarge", err)
	}
	if !strings.HasPrefix(err.Error(), "html: page too large: ") {
		t.Errorf("Error() = %q", err.Error())
	}
}

// FuzzRender checks that Render never panics, writes valid UTF-8 in the text
// form (no carriage returns or control characters but tab and newline) and
// stays within MaxOutput. It is seeded with the golden pages.
func FuzzRender(f *testing.F) {
	for _, g := range loadGolden(f) {
		f.Add(g.in, g.contentType)
	}
	f.Add([]byte("<table><tr><td rowspan=0 colspan=3>a<table><tr><td>b</td></tr></table></td></tr></table>"), "")
	f.Add([]byte(strings.Repeat("<div>", 600)+"x"), "text/html; charset=utf-16")
	f.Fuzz(func(t *testing.T, raw []byte, contentType string) {
		text, enc, err := htmltext.Render(raw, contentType)
		if err != nil {
			if !errors.Is(err, htmltext.ErrTooLarge) {
				t.Fatalf("Render error %v is not ErrTooLarge", err)
			}
			return
		}
		if enc == "" {
			t.Errorf("no encoding reported")
		}
		if !utf8.ValidString(text) {
			t.Errorf("text is not valid UTF-8: %q", text)
		}
		if len(text) > htmltext.MaxOutput {
			t.Errorf("text has %d bytes, more than MaxOutput", len(text))
		}
		for _, c := range text {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7F {
				t.Fatalf("text has control character %U: %q", c, text)
			}
		}
		if text != "" && (!strings.HasSuffix(text, "\n") || strings.Contains(text, "\n\n\n") || strings.HasPrefix(text, "\n")) {
			t.Errorf("text is not in blocks with one blank line between: %q", text)
		}
	})
}
