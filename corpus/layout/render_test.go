package layout

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func wantTable() []string {
	var want []string
	for _, r := range append([][]string{tableHeader}, tableRows...) {
		want = append(want, strings.Join(r, "\t"))
	}
	return want
}

func sameLines(tb testing.TB, got, want []string) {
	tb.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		tb.Errorf("got %d rows:\n%s\nwant %d rows:\n%s", len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
}

func TestProseHyphenation(t *testing.T) {
	got := render(t, proseHyphen()...).Text
	want := "Denne aftale gælder for den behandling, som databehandleren foretager for den dataansvarlige, og for dens underdatabehandlere. " +
		"Kunden bruger E-conomic, og E-conomic sender faktura med navn samt for- og efternavn til et Pop-up-værktøj, der hedder Pop-up-værktøj, " +
		"og til databehandleren selv i øvrigt, E-conomic.\n\nEt nyt afsnit begynder her efter en tom linje."
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestJoin(t *testing.T) {
	j := newJoiner([][]word{{{text: "databehandler"}, {text: "Plandisc"}, {text: "it-ydelser"}}})
	for _, c := range []struct{ a, b, want string }{
		{"som databe-", "handler er", "som databehandler er"},      // joined form known
		{"underdatabe-", "handlere", "underdatabehandlere"},        // default for lower-lower
		{"kunden bruger E-", "conomic", "kunden bruger E-conomic"}, // uppercase before the hyphen
		{"brugerens for-", "og efternavn", "brugerens for- og efternavn"},
		{"et Pop-up-", "værktøj", "et Pop-up-værktøj"}, // already a compound
		{"en e-", "mail", "en e-mail"},                 // one letter before the hyphen
		{"eller Plandisc-", "verktøyet", "eller Plandisc-verktøyet"},
		{"levering af it-", "ydelser", "levering af it-ydelser"},
		{"Nord-", "Amerika", "Nord-Amerika"},
		{"side 2 -", "3", "side 2 - 3"},
		{"bruger\u00ad", "navn", "brugernavn"},
		{"ord", "ord", "ord ord"},
		{"", "ord", "ord"},
	} {
		if got := j.join(c.a, c.b); got != c.want {
			t.Errorf("join(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}

func TestTwoColumns(t *testing.T) {
	got := render(t, twoColumns()...).Text
	if strings.Contains(got, "\t") {
		t.Fatalf("two columns of prose read as a table:\n%s", got)
	}
	paras := strings.Split(got, "\n\n")
	if len(paras) != 4 {
		t.Fatalf("got %d blocks, want 4 (title, left, right, closing):\n%s", len(paras), got)
	}
	for i, prefix := range []string{"# Data Processing Terms", "The processor shall process", "The processor shall ensure", "This closing paragraph"} {
		if !strings.HasPrefix(paras[i], prefix) {
			t.Errorf("block %d = %.60q..., want it to start with %q", i, paras[i], prefix)
		}
	}
	if !strings.HasSuffix(paras[1], "data protection provisions.") || !strings.HasSuffix(paras[2], "respond to requests.") {
		t.Errorf("columns not read one after the other:\n%s", got)
	}
}

// TestTables reads the four-column table whose cells wrap over up to four
// lines, without rules, with stroked rules and with thin rectangles, with
// top-aligned and vertically centred cells, from word runs and from glyph runs.
func TestTables(t *testing.T) {
	for _, style := range []int{noRules, strokes, rects} {
		for _, center := range []bool{false, true} {
			for _, glyphs := range []bool{false, true} {
				name := fmt.Sprintf("%s/centre=%v/glyphs=%v", []string{"borderless", "strokes", "rects"}[style], center, glyphs)
				t.Run(name, func(t *testing.T) {
					pages := tablePage(style, center)
					if glyphs {
						pages = rebuild(pages, func(b *builder) { b.glyphs = true })
					}
					res := render(t, pages...)
					sameLines(t, tabRows(res.Text), wantTable())
					if !strings.HasPrefix(res.Text, "# Annex B Sub-processors\n\nThe processor uses") ||
						!strings.HasSuffix(res.Text, "\n\nThe controller has approved the sub-processors listed above.") {
						t.Errorf("prose around the table:\n%s", res.Text)
					}
				})
			}
		}
	}
}

// rebuild draws the pages again with a changed builder.
func rebuild(pages []*builder, set func(*builder)) []*builder {
	out := make([]*builder, len(pages))
	for i, p := range pages {
		nb := newPage(p.p.Number)
		set(nb)
		for _, r := range p.p.Runs {
			if nb.glyphs {
				nb.styled(r.X, r.Y, r.Size, r.Font, r.Text)
			} else {
				nb.p.Runs = append(nb.p.Runs, r)
			}
		}
		nb.p.Rules = p.p.Rules
		out[i] = nb
	}
	return out
}

// TestTightTable has no spacing between rows at all: every line with text in
// the first column and another column starts a row.
func TestTightTable(t *testing.T) {
	b := newPage(1)
	rows := [][]string{{"Name", "Country", "Purpose"}, {"Amazon", "Ireland", "Hosting"}, {"Google", "USA", "Analytics"}, {"Zendesk", "USA", "Support"}}
	y := 700.0
	for _, r := range rows {
		b.text(50, y, 10, r[0])
		b.text(200, y, 10, r[1])
		b.text(320, y, 10, r[2])
		y -= 12
	}
	b.text(320, y, 10, "tickets") // the last purpose wraps
	got := tabRows(render(t, b).Text)
	want := []string{"Name\tCountry\tPurpose", "Amazon\tIreland\tHosting", "Google\tUSA\tAnalytics", "Zendesk\tUSA\tSupport tickets"}
	sameLines(t, got, want)
}

// TestLabelValue keeps "Label: value" lines out of tables.
func TestLabelValue(t *testing.T) {
	b := newPage(1)
	for i, r := range [][]string{{"Name:", "Søren Jessen"}, {"Title:", "Data Compliance Specialist"}, {"E-mail:", "dpo@example.com"}} {
		b.text(50, 700-float64(i)*14, 10, r[0])
		b.text(160, 700-float64(i)*14, 10, r[1])
	}
	if got := render(t, b).Text; strings.Contains(got, "\t") {
		t.Errorf("label/value lines read as a table:\n%s", got)
	}
}

// TestCutTable stitches a table cut by a page break: the repeated header is
// dropped, the rest of the cut row is a continuation line on page 2, and the
// running header and page numbers are gone.
func TestCutTable(t *testing.T) {
	for _, style := range []int{noRules, strokes, rects} {
		t.Run([]string{"borderless", "strokes", "rects"}[style], func(t *testing.T) {
			res := render(t, cutTable(style)...)
			want := []string{
				"# Annex B Sub-processors",
				"",
				strings.Join(tableHeader, "\t"),
				strings.Join(tableRows[0], "\t"),
				strings.Join(tableRows[1], "\t"),
				"Sproom ApS\tDenmark\tSending and receiving electronic invoices for\tKalvebod Brygge 39, Copenhagen",
				"\f\t\tthe vendor and its customers\t",
				strings.Join(tableRows[2], "\t"),
				strings.Join(tableRows[3], "\t"),
				strings.Join(tableRows[4], "\t"),
				"",
				"The controller has approved the sub-processors listed above.",
			}
			sameLines(t, strings.Split(res.Text, "\n"), want)
			for i, b := range res.Boxes {
				page := 1
				if i >= 6 {
					page = 2
				}
				if want[i] != "" && b.Page != page {
					t.Errorf("line %d on page %d, want %d", i+1, b.Page, page)
				}
			}
		})
	}
}

func TestRunningHeaders(t *testing.T) {
	got := render(t, runningHeaders()...).Text
	want := "Databehandleren behandler personoplysninger på vegne af den dataansvarlige efter dokumenteret instruks.\n\n" +
		"\fDatabehandleren sikrer, at personer med adgang til oplysningerne har forpligtet sig til fortrolighed.\n\n" +
		"\fDatabehandleren bistår den dataansvarlige med at besvare anmodninger fra de registrerede."
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestPageLabel(t *testing.T) {
	for s, want := range map[string]bool{
		"7": true, "- 7 -": true, "7/12": true, "Side 2 af 3": true, "Page 4 of 10": true, "Seite 3 von 9": true,
		"Sida 2 av 5": true, "iv": true, "p. 4": true, "2 (5)": true, "Síða 2 af 3": true, "– 4 –": true,
		"Side 2 af 3 sider": false, "2024": true, "Annex B": false, "Amazon": false, "12345": false,
	} {
		if got := isPageLabel(s); got != want {
			t.Errorf("isPageLabel(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestPageBreakParagraph joins a sentence cut by a page break.
func TestPageBreakParagraph(t *testing.T) {
	p1, p2 := newPage(1), newPage(2)
	p1.justified(50, 100, 300, 10, 12, "Parterne skal angive de fornødne foranstaltninger samt", "i hvilket omfang databehandleren skal bistå efter direktiv")
	p2.text(50, 780, 10, "95/46/EF og forordningen.")
	p2.text(50, 750, 10, "Et nyt afsnit.")
	got := render(t, p1, p2).Text
	want := "Parterne skal angive de fornødne foranstaltninger samt i hvilket omfang databehandleren skal bistå efter direktiv 95/46/EF og forordningen.\n\n\fEt nyt afsnit."
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestListsAndHeadings(t *testing.T) {
	b := newPage(1)
	b.bold(50, 760, 18, "Databehandleraftale")
	b.bold(50, 730, 10, "1. Indhold")
	b.text(50, 710, 10, "Databehandleren bistår med:")
	b.text(50, 696, 10, "•")
	b.text(65, 696, 10, "oplysningspligten ved indsamling")
	b.text(50, 682, 10, "•")
	b.text(65, 682, 10, "retten til indsigt")
	b.text(50, 668, 10, "a.")
	b.text(65, 668, 10, "retten til sletning")
	got := render(t, b).Text
	// items of one list on consecutive lines, as the HTML reader writes them; a new list after a blank line
	want := "# Databehandleraftale\n\n## 1. Indhold\n\nDatabehandleren bistår med:\n\n- oplysningspligten ved indsamling\n- retten til indsigt\n\na. retten til sletning"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if got := Render([]Page{b.p}, Options{NoHeadings: true}).Text; strings.Contains(got, "#") {
		t.Errorf("NoHeadings: got headings:\n%s", got)
	}
}

// TestBoxes checks the page box of each line: the union of its runs.
func TestBoxes(t *testing.T) {
	res := render(t, tablePage(strokes, false)...)
	lines := strings.Split(res.Text, "\n")
	for i, l := range lines {
		b := res.Boxes[i]
		if l == "" {
			if b != (Box{}) {
				t.Errorf("blank line %d has box %+v", i+1, b)
			}
			continue
		}
		if b.Page != 1 || !(b.X1 > b.X0) || !(b.Y1 > b.Y0) {
			t.Errorf("line %d %.30q: box %+v", i+1, l, b)
		}
	}
	// the Amazon row: from the left of its name to the right of its address,
	// three lines of purpose tall
	i := indexOf(lines, "Amazon Web Services")
	b := res.Boxes[i]
	if math.Abs(b.X0-53) > 0.01 || b.X1 < 500 || b.X1 > 545 || b.Y1-b.Y0 < 2*11+9 {
		t.Errorf("Amazon row box %+v", b)
	}
}

func indexOf(lines []string, prefix string) int {
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return i
		}
	}
	return -1
}

func TestDegenerate(t *testing.T) {
	nan := math.NaN()
	for name, pages := range map[string][]Page{
		"none":        nil,
		"empty pages": {{Number: 1}, {Number: 2}},
		"bad numbers": {{Runs: []Run{{Text: "x", X: nan, Y: 1}, {Text: "y", X: 1, Y: math.Inf(1)}, {Text: "z", X: 1e300, Y: 5, Size: nan, W: math.Inf(-1)}}, Rules: []Segment{{nan, 0, 1, 1}, {0, 0, 1e308, 0}}}},
		"spaces only": {{Runs: []Run{{Text: "  \t", X: 1, Y: 1, Size: 10}}}},
		"controls":    {{Runs: []Run{{Text: "a\tb\nc\fd\x00e", X: 10, Y: 10, Size: 10, W: 40}}}},
	} {
		t.Run(name, func(t *testing.T) {
			res := Render(pages, Options{})
			checkBoxes(t, res)
			if strings.ContainsAny(strings.ReplaceAll(res.Text, "\f", ""), "\t\x00") {
				t.Errorf("control characters in %q", res.Text)
			}
		})
	}
	if got := Render([]Page{{Number: 1}, {Number: 2}}, Options{}).Text; got != "\f" {
		t.Errorf("two empty pages: got %q, want a lone form feed", got)
	}
}
