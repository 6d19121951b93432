package gen

import (
	"bytes"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus/gold"
	"github.com/subproc/subproc/corpus/layout"
	"github.com/subproc/subproc/corpus/pdf"
	"github.com/subproc/subproc/normalize"
)

func generateAll(tb testing.TB, opt Options) []Doc {
	tb.Helper()
	var docs []Doc
	if err := Generate(opt, func(d Doc) error { docs = append(docs, d); return nil }); err != nil {
		tb.Fatal(err)
	}
	return docs
}

func TestDeterministic(t *testing.T) {
	a := generateAll(t, Options{N: 50, Seed: 7})
	b := generateAll(t, Options{N: 50, Seed: 7})
	long := generateAll(t, Options{N: 200, Seed: 7})
	other := generateAll(t, Options{N: 50, Seed: 8})
	differ := 0
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("document %d differs between two runs with the same seed", i)
		}
		if a[i].Name != long[i].Name || !bytes.Equal(a[i].Data, long[i].Data) {
			t.Fatalf("document %d of a 50-document run differs from document %d of a 200-document run", i, i)
		}
		ga, _ := a[i].GoldJSON()
		gl, _ := long[i].GoldJSON()
		if !bytes.Equal(ga, gl) {
			t.Fatalf("gold of document %d differs between the 50- and the 200-document run", i)
		}
		if !bytes.Equal(a[i].Data, other[i].Data) {
			differ++
		}
	}
	if differ < 45 {
		t.Errorf("seeds 7 and 8 give %d different documents of 50; want nearly all", differ)
	}
	one, err := One(Options{Seed: 7}, 123)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Data, long[123].Data) {
		t.Errorf("One(123) differs from document 123 of a run")
	}
}

// TestCoverage: every language x format x layout appears in a document with a
// list within the first CoverAll documents (488 with everything selected),
// every language x format in a document without one, and one document in
// twelve has no list.
func TestCoverage(t *testing.T) {
	n := CoverAll(Options{})
	if n != 672 {
		t.Errorf("CoverAll = %d, want 672 (488 for the list combinations, 672 for the no-list ones)", n)
	}
	docs := generateAll(t, Options{N: n, Seed: 3})
	lists := map[string]bool{}
	none := map[string]bool{}
	firstAll := 0
	for i, d := range docs {
		if d.Layout == LayoutNone {
			none[d.Language+"/"+d.Format] = true
			if len(d.Gold.Subprocessors) != 0 {
				t.Errorf("%s: no-list document with %d gold rows", d.Name, len(d.Gold.Subprocessors))
			}
			if i%NoListEvery != NoListEvery-1 {
				t.Errorf("%s: no list at index %d", d.Name, i)
			}
			continue
		}
		lists[d.Language+"/"+d.Format+"/"+d.Layout] = true
		if len(lists) == len(Languages)*len(Formats)*len(Layouts) && firstAll == 0 {
			firstAll = i + 1
		}
		if len(d.Gold.Subprocessors) == 0 {
			t.Errorf("%s: list document without gold rows", d.Name)
		}
		if !strings.HasSuffix(d.Name, "."+d.Format) || !strings.Contains(d.Name, "-"+d.Language+"-"+d.Layout+".") {
			t.Errorf("%s: name does not say language %s, layout %s and format %s", d.Name, d.Language, d.Layout, d.Format)
		}
	}
	if want := len(Languages) * len(Formats) * len(Layouts); len(lists) != want {
		t.Errorf("%d documents cover %d language x format x layout combinations, want %d", n, len(lists), want)
	}
	if firstAll != 488 {
		t.Errorf("all list combinations appear after %d documents, want 488", firstAll)
	}
	if want := len(Languages) * len(Formats); len(none) != want {
		t.Errorf("%d documents cover %d language x format combinations without a list, want %d", n, len(none), want)
	}
	// A subset of the options cycles through the subset only.
	sub := generateAll(t, Options{N: 40, Languages: []string{"pl", "is"}, Formats: []string{"pdf"}, Layouts: []string{"kv", "prose"}})
	seen := map[string]bool{}
	for _, d := range sub {
		if d.Format != "pdf" || (d.Language != "pl" && d.Language != "is") || (d.Layout != "kv" && d.Layout != "prose" && d.Layout != LayoutNone) {
			t.Errorf("%s: outside the options", d.Name)
		}
		seen[d.Language+d.Layout] = true
	}
	if len(seen) != 6 {
		t.Errorf("subset run covers %d language x layout pairs, want 6 (2 x 2 and 2 without a list)", len(seen))
	}
}

func TestOptionErrors(t *testing.T) {
	for _, opt := range []Options{
		{Languages: []string{"xx"}},
		{Formats: []string{"docx"}},
		{Layouts: []string{"grid"}},
		{Languages: []string{"da", "da"}},
		{N: -1},
	} {
		if err := Generate(opt, func(Doc) error { return nil }); err == nil {
			t.Errorf("Generate(%+v): no error", opt)
		}
	}
}

// TestPhraseTables checks that every language has every table the
// generator reads, and that the templates fill without fmt errors.
func TestPhraseTables(t *testing.T) {
	for _, code := range Languages {
		l := langs[code]
		if l == nil || l.code != code {
			t.Fatalf("%s: no phrase tables", code)
		}
		for _, cc := range append(slices.Clone(sortedCountries), "EU", "WORLD") {
			if p := l.places[cc]; p.name == "" || p.in == "" {
				t.Errorf("%s: no place %s", code, cc)
			}
		}
		for f, ls := range l.labels {
			if len(ls) == 0 {
				t.Errorf("%s: no labels for field %d", code, f)
			}
		}
		for k, ps := range l.purposes {
			if len(ps) == 0 || strings.ContainsAny(ps[0], ",;()") {
				t.Errorf("%s: kind %d: want purposes with a first one without commas, got %q", code, k, ps)
			}
		}
		if len(l.dataCats) != 6 || len(l.months) != 12 || len(l.clauses) < 6 || len(l.policy) < 4 {
			t.Errorf("%s: want 6 data categories, 12 months, 6+ clauses, 4+ policy sections", code)
		}
		for _, k := range []string{"SCC", "BCR", "adequacy", "DPF", "none"} {
			if len(l.legalCells[k]) == 0 || k != "none" && len(l.legalSents[k]) == 0 {
				t.Errorf("%s: no legal-basis phrases for %s", code, k)
			}
		}
		for _, ts := range [][]string{l.listTitles, l.dpaTitles, l.policyTitles, l.listIntros, l.proseIntros, l.pageIntros, l.noLists, l.changes} {
			for _, tpl := range ts {
				if s := fmt.Sprintf(tpl, "P", "Q"); strings.Contains(s, "%!") && strings.Contains(tpl, "%[") {
					t.Errorf("%s: template %q: %s", code, tpl, s)
				}
			}
		}
		for _, tpl := range l.proseSents {
			if !strings.Contains(tpl, "%[1]s") || !strings.Contains(tpl, "%[2]s") || !strings.Contains(tpl, "%[3]s") {
				t.Errorf("%s: prose sentence %q lacks a verb", code, tpl)
			}
		}
	}
}

var isoCode = regexp.MustCompile(`^[A-Z]{2}$`)

// docText is the text of a document as a reader would see it, whitespace
// collapsed: HTML tags dropped and entities decoded, Markdown emphasis and
// hard breaks removed, and for PDFs the text runs the repository's reader
// finds, in content order.
func docText(tb testing.TB, d Doc) string {
	tb.Helper()
	s := string(d.Data)
	switch d.Format {
	case FormatHTML:
		s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, " ")
		s = html.UnescapeString(s)
	case FormatMarkdown:
		s = strings.NewReplacer("**", "", "\\\n", "\n", "\\|", "|").Replace(s)
	case FormatPDF:
		pages, err := pdf.Read(d.Data, pdf.Options{})
		if err != nil {
			tb.Fatalf("%s: read PDF: %v", d.Name, err)
		}
		// The runs as the reader gives them, in content order: the test
		// checks what the file says, not how the layout rebuilds it.
		var b strings.Builder
		for _, p := range pages {
			for _, r := range p.Runs {
				if r.Y < 45 || r.Y > pageHeight-45 {
					continue // running header, page number: they may cut a paragraph
				}
				b.WriteString(r.Text)
				b.WriteByte(' ')
			}
		}
		s = b.String()
	}
	return collapse(s)
}

// TestGold checks the gold files of a corpus that covers every combination:
// they load with corpus/gold, use the schema's vocabulary and codes, and
// every value they hold is written in the document (for PDFs, in the text
// the repository's PDF reader gives back).
func TestGold(t *testing.T) {
	n := CoverAll(Options{})
	if testing.Short() {
		n = 100
	}
	dir := t.TempDir()
	for _, d := range generateAll(t, Options{N: n, Seed: 11}) {
		b, err := d.GoldJSON()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, d.Name+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		g, err := gold.Load(path)
		if err != nil {
			t.Fatalf("%s: gold does not load: %v", d.Name, err)
		}
		if g.Document != d.Name || g.Language != d.Language || g.Publisher == "" {
			t.Errorf("%s: gold document %q language %q publisher %q", d.Name, g.Document, g.Language, g.Publisher)
		}
		if !bytes.Contains(b, []byte(`"aliases": [`)) && len(g.Subprocessors) > 0 {
			t.Errorf("%s: aliases not written as a list", d.Name)
		}
		text := docText(t, d)
		keys := map[string]bool{}
		for _, r := range g.Subprocessors {
			checkRow(t, d, text, r)
			k := normalize.EntityKey(r.Name)
			if keys[k] {
				t.Errorf("%s: two rows named like %q", d.Name, r.Name)
			}
			keys[k] = true
		}
	}
}

func checkRow(t testing.TB, d Doc, text string, r subproc.Record) {
	t.Helper()
	// An aligned text table and a PDF table wrap cells into column-wide
	// pieces written line by line across the row: there each word of a value
	// must be in the text, elsewhere the value itself.
	words := map[string]bool{}
	if d.Variant == "aligned" || d.Format == FormatPDF && d.Layout == LayoutTable {
		for _, w := range strings.Fields(text) {
			words[w] = true
		}
	}
	in := func(field, v string) {
		if v == "" || strings.Contains(text, collapse(v)) {
			return
		}
		if len(words) > 0 {
			for _, w := range strings.Fields(v) {
				if !words[w] {
					t.Errorf("%s: %s %q of row %q: word %q is not in the document", d.Name, field, v, r.Name, w)
				}
			}
			return
		}
		t.Errorf("%s: %s %q of row %q is not in the document", d.Name, field, v, r.Name)
	}
	if r.Name == "" {
		t.Errorf("%s: row without a name", d.Name)
	}
	in("name", r.Name)
	for _, a := range r.Aliases {
		in("alias", "("+a+")")
	}
	in("reg_no", r.RegNo)
	// An address block writes on separate lines what the gold joins with ", ".
	if d.Layout == LayoutAddress {
		for _, part := range strings.Split(r.Address, ", ") {
			in("address", part)
		}
	} else {
		in("address", r.Address)
	}
	in("data_categories", r.DataCategories)
	if r.Purpose == "" {
		t.Errorf("%s: row %q without a purpose", d.Name, r.Name)
	}
	if r.Purpose != collapse(r.Purpose) {
		t.Errorf("%s: purpose %q is not whitespace-collapsed", d.Name, r.Purpose)
	}
	// A purpose written in a description may be wrapped or, in a PDF, cut
	// between pages; each of its sentences is in the text.
	for _, s := range strings.SplitAfter(r.Purpose, ". ") {
		in("purpose", strings.TrimSpace(s))
	}
	for _, c := range r.Country {
		if !isoCode.MatchString(c) {
			t.Errorf("%s: country %q is not an ISO code", d.Name, c)
		}
		if _, ok := countries[c]; !ok {
			t.Errorf("%s: country %q unknown", d.Name, c)
		}
	}
	if len(r.Country) > 1 {
		t.Errorf("%s: row %q has %d countries", d.Name, r.Name, len(r.Country))
	}
	for _, c := range r.Location {
		if !isoCode.MatchString(c) && c != subproc.LocationEU && c != subproc.LocationWorld {
			t.Errorf("%s: location %q is not an ISO code, EU or WORLD", d.Name, c)
		}
	}
	for _, b := range r.LegalBasis {
		if !slices.Contains(subproc.LegalBases, b) {
			t.Errorf("%s: legal basis %q outside the vocabulary", d.Name, b)
		}
	}
}

// TestRegNumbers: the registration numbers the generator writes pass the
// check-digit tests of the normalize package, for every country that has one.
func TestRegNumbers(t *testing.T) {
	r := &rng{newRand(5)}
	labels := map[string]string{"FR": "SIREN ", "IS": "kt. ", "PL": "NIP ", "PT": "NIPC ", "NL": "KvK ", "IE": "CRO ", "GB": "Companies House "}
	for _, cc := range sortedCountries {
		checked := 0
		for i := 0; i < 300; i++ {
			n := regNo(r, cc)
			if n == "" {
				continue
			}
			clean, country, valid := normalize.RegNo(labels[cc] + n)
			if clean == "" {
				t.Errorf("%s: %q is no number to normalize.RegNo", cc, n)
				continue
			}
			if valid == nil {
				continue // no check digit for this form (HRB, KvK, CRO, Companies House, RCS)
			}
			checked++
			if !*valid || country != cc {
				t.Errorf("%s: %q: normalize.RegNo says country %q, valid %v", cc, n, country, *valid)
			}
		}
		if must := map[string]bool{"NO": true, "SE": true, "DK": true, "FI": true}; must[cc] && checked < 250 {
			t.Errorf("%s: only %d of 300 numbers had a check digit test", cc, checked)
		}
	}
}

// TestPDFLetters: every letter the generator writes comes back from the
// repository's PDF reader, WinAnsi and /Differences glyphs alike.
func TestPDFLetters(t *testing.T) {
	var letters []string
	for _, code := range Languages {
		seen := map[rune]bool{}
		var b strings.Builder
		l := langs[code]
		all := []string{l.site.cookie, l.changes[0], l.pageIntros[0]}
		for _, s := range l.clauses {
			all = append(all, s.paras...)
		}
		for _, p := range l.places {
			all = append(all, p.name, p.in)
		}
		for _, s := range all {
			for _, c := range s {
				if c > 127 && !seen[c] {
					seen[c] = true
					b.WriteRune(c)
				}
			}
		}
		letters = append(letters, code+": "+b.String())
	}
	var extra strings.Builder
	for _, g := range extraGlyphs {
		extra.WriteRune(g.r)
	}
	letters = append(letters, "extra: "+extra.String(), "latin1: ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ", "winansi: €‚„…‘’“”•–—šžŠŽŒœŸ«»§°")
	d := composed{title: "Letters", publisher: "Test AS"}
	for _, s := range letters {
		d.blocks = append(d.blocks, para{text: s})
	}
	d.blocks = append(d.blocks, table{header: []string{"Navn", "Formål"}, rows: [][]string{{"Łódź Żółć Sp. z o.o.", "Świadczenie usług – ąęćńśźż"}}})
	seen := map[bool]bool{} // compressed or not: both are read
	for seed := uint64(1); seed < 50 && len(seen) < 2; seed++ {
		data, err := renderPDF(&rng{newRand(seed)}, langs["pl"], d)
		if err != nil {
			t.Fatal(err)
		}
		flate := bytes.Contains(data, []byte("/FlateDecode"))
		if seen[flate] {
			continue
		}
		seen[flate] = true
		pages, err := pdf.Read(data, pdf.Options{})
		if err != nil {
			t.Fatal(err)
		}
		text := collapse(layout.Render(pages, layout.Options{}).Text)
		for _, s := range letters {
			if !strings.Contains(text, s) {
				t.Errorf("PDF (compressed %v) text lacks %q\ngot: %s", flate, s, text)
			}
		}
		for _, s := range []string{"Łódź Żółć Sp. z o.o.", "Świadczenie usług – ąęćńśźż"} {
			if !strings.Contains(text, s) {
				t.Errorf("PDF (compressed %v) table lacks %q", flate, s)
			}
		}
	}
	if len(seen) < 2 {
		t.Errorf("did not get both a compressed and a plain PDF")
	}
}

// TestPDFRoundTrip: the generated PDFs of every language read back through
// the repository's PDF reader with every gold value in place (TestGold does
// the check; this one makes sure PDFs of all languages were read).
func TestPDFRoundTrip(t *testing.T) {
	docs := generateAll(t, Options{N: 56, Seed: 2, Formats: []string{FormatPDF}})
	langsSeen := map[string]bool{}
	for _, d := range docs {
		text := docText(t, d)
		for _, r := range d.Gold.Subprocessors {
			checkRow(t, d, text, r)
		}
		if utf8Letters.MatchString(text) || d.Language == "en" {
			langsSeen[d.Language] = true
		}
	}
	if len(langsSeen) != len(Languages) {
		t.Errorf("PDFs of %d languages read with non-ASCII letters, want %d", len(langsSeen), len(Languages))
	}
}

var utf8Letters = regexp.MustCompile(`[^\x00-\x7f]`)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }
