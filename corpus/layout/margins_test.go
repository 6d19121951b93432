package layout

import (
	"fmt"
	"strings"
	"testing"
)

// bodyPages returns n pages, each with the body lines of bodies[i] set at
// 10 pt on a 12 pt pitch from the baseline 780 down, as a PDF page's
// first body line sits at the top margin.
func bodyPages(bodies ...[]string) []*builder {
	var out []*builder
	for i, lines := range bodies {
		b := newPage(i + 1)
		for k, l := range lines {
			b.text(50, 780-float64(k)*12, 10, l)
		}
		out = append(out, b)
	}
	return out
}

// sameWords fails unless got has the words of want, in order: nothing
// dropped, nothing added, however the lines were joined.
func sameWords(tb testing.TB, got string, want []string) {
	tb.Helper()
	g := strings.Join(strings.Fields(strings.ReplaceAll(got, "\t", " ")), " ")
	w := strings.Join(strings.Fields(strings.Join(want, " ")), " ")
	if g != w {
		tb.Errorf("got\n%s\nwant the words of\n%s", got, strings.Join(want, "\n"))
	}
}

// TestMarginsKeepBody keeps body text that starts or ends pages at the same
// height, in the body's size and pitch: the same text with other numbers,
// the same text on two of three pages, a number that happens to go up with
// the page, and a number in a table row at the foot of the page.
func TestMarginsKeepBody(t *testing.T) {
	for _, c := range []struct {
		name  string
		pages func() []*builder
		want  []string
	}{{
		name: "numbers differ",
		pages: func() []*builder {
			return bodyPages(
				[]string{"Sub-processors", "Ironbark Mail LLC"},
				[]string{"121 Main Street", "San Francisco, CA 94143", "Email delivery."},
				[]string{"137 Main Street", "Austin, TX 78722", "Backups."},
			)
		},
		want: []string{"Sub-processors", "Ironbark Mail LLC", "121 Main Street", "San Francisco, CA 94143", "Email delivery.", "137 Main Street", "Austin, TX 78722", "Backups."},
	}, {
		name: "same text on two of three pages",
		pages: func() []*builder {
			return bodyPages(
				[]string{"Underleverandører", "Lyngheim Mail AS", "Storgata 1, 0155 Oslo"},
				[]string{"Norge", "Organisasjonsnummer: 770 800 159", "E-postutsending."},
				[]string{"Norge", "Organisasjonsnummer: 985 224 552", "Sikkerhetskopier."},
			)
		},
		want: []string{"Underleverandører", "Lyngheim Mail AS", "Storgata 1, 0155 Oslo", "Norge", "Organisasjonsnummer: 770 800 159", "E-postutsending.", "Norge", "Organisasjonsnummer: 985 224 552", "Sikkerhetskopier."},
	}, {
		name: "number goes up with the page",
		pages: func() []*builder {
			return bodyPages(
				[]string{"Sub-processors", "Ironbark Mail LLC"},
				[]string{"2 Main Street", "Austin, TX 78722"},
				[]string{"3 Main Street", "Boston, MA 02182"},
			)
		},
		want: []string{"Sub-processors", "Ironbark Mail LLC", "2 Main Street", "Austin, TX 78722", "3 Main Street", "Boston, MA 02182"},
	}, {
		name: "number in a table row",
		pages: func() []*builder {
			b := newPage(1)
			b.text(50, 100, 10, "The processor uses the following sub-processors.")
			for i, r := range [][]string{{"Name", "Country", "Sites"}, {"Amazon", "Ireland", "2"}, {"Zapier", "USA", "3"}} {
				y := 80 - float64(i)*12
				b.text(50, y, 10, r[0])
				b.text(200, y, 10, r[1])
				b.text(320, y, 10, r[2])
			}
			return []*builder{b}
		},
		want: []string{"The processor uses the following sub-processors.", "Name\tCountry\tSites", "Amazon\tIreland\t2", "Zapier\tUSA\t3"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			sameWords(t, render(t, c.pages()...).Text, c.want)
		})
	}
}

// TestMarginsDrop removes running headers, footers and page numbers: page
// labels in several styles, a title repeated at the body's size but set
// apart from it, a smaller header close to the body, a title with the page
// number in it, and a header missing from the first page.
func TestMarginsDrop(t *testing.T) {
	const n = 4
	body := func(i int) []string {
		vendor := []string{"Amazon Web Services EMEA SARL", "Zendesk Inc.", "Stripe Payments Europe Limited", "Twilio Ireland Limited"}[i]
		return []string{"The processor uses " + vendor + ".", vendor + ", its address and its purpose."}
	}
	for _, c := range []struct {
		name string
		draw func(b *builder, i int) // page index i of n
	}{
		{"page of", func(b *builder, i int) { b.text(270, 30, 8, fmt.Sprintf("Page %d of %d", i+1, n)) }},
		{"side slash", func(b *builder, i int) { b.text(270, 30, 8, fmt.Sprintf("Side %d/%d", i+1, n)) }},
		{"dashes", func(b *builder, i int) { b.text(290, 30, 10, fmt.Sprintf("– %d –", i+1)) }},
		{"number in brackets", func(b *builder, i int) { b.text(500, 812, 8, fmt.Sprintf("%d (%d)", i+1, n)) }},
		{"bare number", func(b *builder, i int) { b.text(295, 40, 10, fmt.Sprint(i+1)) }},
		{"title at body size", func(b *builder, i int) { b.text(50, 812, 10, "Data Processing Agreement") }},
		{"title and footer at body size", func(b *builder, i int) {
			b.text(50, 812, 10, "Data Processing Agreement")
			b.text(50, 30, 10, "Confidential")
		}},
		{"small header near the body", func(b *builder, i int) { b.text(50, 794, 8, "ACME A/S – Databehandleraftale") }},
		{"title with page number", func(b *builder, i int) { b.text(50, 30, 10, fmt.Sprintf("ACME DPA v2 – %d", i+1)) }},
		{"not on the first page", func(b *builder, i int) {
			if i > 0 {
				b.text(50, 812, 8, "ACME A/S – Databehandleraftale")
			}
		}},
		{"two-line header", func(b *builder, i int) {
			b.text(50, 818, 8, "ACME A/S")
			b.text(50, 808, 8, "Databehandleraftale")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want []string
			var pages []*builder
			for i := range n {
				want = append(want, body(i)...)
				b := bodyPages(body(i))[0]
				b.p.Number = i + 1
				c.draw(b, i)
				pages = append(pages, b)
			}
			sameWords(t, render(t, pages...).Text, want)
		})
	}
}

// TestMarginsEvidence checks what a recurring line must show to be taken
// for a running line, two pages at a time.
func TestMarginsEvidence(t *testing.T) {
	two := func(top string, y, size float64) []*builder {
		pages := bodyPages([]string{"First page body."}, []string{"Second page body."})
		for _, b := range pages {
			b.text(50, y, size, top)
		}
		return pages
	}
	for _, c := range []struct {
		name string
		y    float64
		size float64
		drop bool
	}{
		{"at the body's pitch", 792, 10, false},
		{"a paragraph gap above the body", 800, 10, false},
		{"set apart", 812, 10, true},
		{"smaller", 792, 8, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, two("Vendor list", c.y, c.size)...).Text
			if kept := strings.Contains(got, "Vendor list"); kept == c.drop {
				t.Errorf("dropped = %v, want %v:\n%s", !kept, c.drop, got)
			}
		})
	}
}
