// Package gen generates a synthetic corpus of sub-processor documents with
// their gold extractions, deterministically from a seed, for benchmarking at
// scale and for measuring extraction accuracy on varied layouts.
//
// Every document is written from scratch from per-language phrase tables and
// invented companies (no real document or company is copied): a publisher's
// privacy page, data processing agreement or sub-processor page in one of
// the 14 languages, with its list in one of the layouts real documents use
// (Layouts), rendered as plain text, Markdown, a web page or a PDF
// (Formats). About one document in twelve has no list at all.
//
// Document i depends only on the seed, i and the option lists: it is built
// from a PCG generator seeded with (Seed, i), and the language, format and
// layout it gets cycle so that every combination appears in the first
// CoverAll(opt) documents. The first n documents of a longer run are the
// documents of a run of n.
package gen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/subproc/subproc"
)

// Format names, as Options.Formats and Doc.Format spell them; they are the
// file extensions too.
const (
	FormatText     = "txt"
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatPDF      = "pdf"
)

// Formats lists every format, in cycling order.
var Formats = []string{FormatText, FormatMarkdown, FormatHTML, FormatPDF}

// Layout names, as Options.Layouts and Doc.Layout spell them.
const (
	LayoutTable    = "table"    // a table: tab-separated or aligned text, Markdown pipes, <table>, PDF columns
	LayoutBullets  = "bullets"  // one bullet per sub-processor: "Name – purpose – Country"
	LayoutKV       = "kv"       // one block of "Label: value" lines per sub-processor
	LayoutAddress  = "address"  // address blocks: name, street, postcode and city, country, number, description
	LayoutHeadings = "headings" // a heading per sub-processor followed by its paragraph
	LayoutDefList  = "deflist"  // term and indented definition, <dl> on the web
	LayoutNumbered = "numbered" // numbered list: "1. Name, address – purpose"
	LayoutProse    = "prose"    // sentences naming the sub-processors inline
	LayoutNone     = "none"     // Doc.Layout of a document without a list
)

// Layouts lists every list layout, in cycling order.
var Layouts = []string{LayoutTable, LayoutBullets, LayoutKV, LayoutAddress, LayoutHeadings,
	LayoutDefList, LayoutNumbered, LayoutProse}

// Languages lists every language the generator writes (ISO 639-1), in cycling order.
var Languages = []string{"da", "nb", "nn", "sv", "fi", "en", "de", "fr", "nl", "es", "it", "pl", "pt", "is"}

// NoListEvery makes every NoListEvery-th document (indexes NoListEvery-1,
// 2*NoListEvery-1, ...) one without a sub-processor list.
const NoListEvery = 12

// stride walks the combinations of a cycle in an order that mixes languages,
// formats and layouts early; it is a prime above every factor a cycle length
// can have (at most 14 languages x 4 formats x 8 layouts), so the walk is a
// permutation.
const stride = 173

// Options say what to generate. The zero value of a list means all of it.
type Options struct {
	N         int      // documents to generate
	Seed      uint64   // same seed and options, same bytes
	Languages []string // subset of Languages
	Formats   []string // subset of Formats
	Layouts   []string // subset of Layouts, for the documents that have a list
}

// Doc is one generated document and its gold extraction.
type Doc struct {
	Index    int    // 0-based position in the run
	Name     string // file name: "000042-nb-table.pdf"
	Language string // ISO 639-1
	Format   string // one of Formats
	Layout   string // one of Layouts, or LayoutNone
	Variant  string // the layout's variant, e.g. "tab" or "aligned" for a text table
	Kind     string // "list" (a sub-processor page), "dpa" or "policy"
	Data     []byte
	Gold     subproc.Extraction // in the GOLD-SCHEMA form; Document is Name
}

// GoldJSON is the gold file of d: its Gold in the schema form, indented, with
// a final newline.
func (d *Doc) GoldJSON() ([]byte, error) {
	b, err := jsonIndent(d.Gold)
	if err != nil {
		return nil, fmt.Errorf("encode gold of %s: %w", d.Name, err)
	}
	return b, nil
}

// normalized returns opt with its lists defaulted and checked.
func (opt Options) normalized() (Options, error) {
	check := func(what string, got, all []string) ([]string, error) {
		if len(got) == 0 {
			return all, nil
		}
		seen := map[string]bool{}
		for _, v := range got {
			if !slices.Contains(all, v) {
				return nil, fmt.Errorf("unknown %s %q (known: %s)", what, v, strings.Join(all, ","))
			}
			if seen[v] {
				return nil, fmt.Errorf("%s %q given twice", what, v)
			}
			seen[v] = true
		}
		return got, nil
	}
	var err error
	if opt.N < 0 {
		return opt, fmt.Errorf("negative document count %d", opt.N)
	}
	if opt.Languages, err = check("language", opt.Languages, Languages); err != nil {
		return opt, err
	}
	if opt.Formats, err = check("format", opt.Formats, Formats); err != nil {
		return opt, err
	}
	if opt.Layouts, err = check("layout", opt.Layouts, Layouts); err != nil {
		return opt, err
	}
	return opt, nil
}

// ErrStop may be returned by an emit function to end Generate early without error.
var ErrStop = errors.New("stop generating")

// Generate makes opt.N documents, in index order, and hands each to emit,
// which may keep it. Nothing else is kept: memory stays flat however large
// N is. An error from emit ends the run and is returned (ErrStop ends it
// with nil).
func Generate(opt Options, emit func(Doc) error) error {
	opt, err := opt.normalized()
	if err != nil {
		return err
	}
	for i := 0; i < opt.N; i++ {
		d, err := generate(opt, i)
		if err != nil {
			return err
		}
		if err := emit(d); err != nil {
			if errors.Is(err, ErrStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

// One returns document i of the run opt describes (opt.N is ignored).
func One(opt Options, i int) (Doc, error) {
	opt, err := opt.normalized()
	if err != nil {
		return Doc{}, err
	}
	if i < 0 {
		return Doc{}, fmt.Errorf("negative document index %d", i)
	}
	return generate(opt, i)
}

// CoverAll is the number of documents after which every language x format x
// layout combination of opt has appeared in a document with a list, and
// every language x format in one without.
func CoverAll(opt Options) int {
	opt, err := opt.normalized()
	if err != nil {
		return 0
	}
	lists := len(opt.Languages) * len(opt.Formats) * len(opt.Layouts)
	// The smallest n with n - n/NoListEvery >= lists list documents.
	n := lists
	for n-n/NoListEvery < lists {
		n++
	}
	none := len(opt.Languages) * len(opt.Formats) * NoListEvery
	return max(n, none)
}

// slot is what the cycle gives document i: its language, format and layout.
type slot struct {
	lang, format, layout string
}

func slotOf(opt Options, i int) slot {
	L, F, Y := len(opt.Languages), len(opt.Formats), len(opt.Layouts)
	if i%NoListEvery == NoListEvery-1 {
		m := i / NoListEvery
		t := L * F
		c := (m*stride + int(opt.Seed%uint64(t))) % t
		return slot{opt.Languages[c%L], opt.Formats[c/L], LayoutNone}
	}
	k := i - i/NoListEvery // list documents before i
	t := L * F * Y
	c := (k*stride + int(opt.Seed%uint64(t))) % t
	return slot{opt.Languages[c%L], opt.Formats[(c/L)%F], opt.Layouts[c/(L*F)]}
}

func generate(opt Options, i int) (Doc, error) {
	s := slotOf(opt, i)
	r := &rng{rand.New(rand.NewPCG(opt.Seed, uint64(i)))}
	l := langs[s.lang]
	if l == nil {
		return Doc{}, fmt.Errorf("document %d: language %q has no phrase tables", i, s.lang)
	}
	d := Doc{Index: i, Language: s.lang, Format: s.format, Layout: s.layout}
	d.Name = fmt.Sprintf("%06d-%s-%s.%s", i, s.lang, s.layout, s.format)
	doc := compose(r, opt.Seed, l, s.layout, s.format)
	d.Kind, d.Variant = doc.kind, doc.variant
	data, err := render(r, l, doc, s.format)
	if err != nil {
		return Doc{}, fmt.Errorf("render document %d (%s): %w", i, d.Name, err)
	}
	d.Data = data
	d.Gold = subproc.Extraction{Document: d.Name, Language: s.lang, Publisher: doc.publisher,
		Subprocessors: doc.rows}
	return d, nil
}
