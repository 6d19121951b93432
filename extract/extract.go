// Package extract finds the sub-processor list of a decoded document and turns
// it into raw records: tables (tab-separated, Markdown, reStructuredText), split
// headers with one-line rows, key-value, address and heading blocks, lists and
// definition lists. It knows layouts and words (from package rules), never
// vendors or documents.
package extract

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// DefaultLanguage is the rule set used when a document's language is unknown or has no rules.
const DefaultLanguage = "en"

// Result is what extraction found in one document.
type Result struct {
	Records   []subproc.RawRecord // in document order; empty: no sub-processor list found
	Publisher string              // the document's publisher when it names itself
	Rules     *rules.Set          // the rule set of the document's language, for normalisation
}

// doc is one document being extracted.
type doc struct {
	lines   []line
	v       *vocab
	markers map[string]bool // footnote markers used after names
	heads   []head          // every heading, in order
	headAtI []int           // index into heads per line, -1 when the line is no heading
	marks   []int8          // per line: 0 no section word, 1 section word, 2 only negated ones
	attrs   []attrCache     // per line, filled on first use
	starts  []startCache
}

type attrCache struct {
	done bool
	kind attrKind
	f    subproc.Field
	val  string
}

type startCache struct {
	done, ok    bool
	plain       bool // a plain-text name heading over a paragraph
	name        string
	body        int
	addr, regNo string // read from the name line itself
}

type head struct {
	i     int
	text  string
	level int
}

// group is a run of records found by one layout, with the lines it covers.
type group struct {
	layout   string
	recs     []subproc.RawRecord
	from, to int  // line indices
	strong   bool // its own header names fields: a list even without a section word
	marker   bool // its own header carries a section word
	rejected int  // blocks read but dropped (contact persons)
}

// Extract finds and extracts the sub-processor rows of doc (Text and Language
// set). A document with no list gives a Result with no records and no error.
func Extract(ctx context.Context, d *subproc.Document) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	lang := d.Language
	rs, err := rules.For(lang)
	if err != nil {
		lang = DefaultLanguage
		if rs, err = rules.For(lang); err != nil {
			return nil, fmt.Errorf("extract %s: %w", d.Path, err)
		}
	}
	v, err := vocabFor(lang)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", d.Path, err)
	}
	x := newDoc(d.Text, v)
	res := &Result{Rules: rs, Publisher: x.publisher()}
	res.Records = x.extract(res.Publisher)
	return res, nil
}

func newDoc(text string, v *vocab) *doc {
	x := &doc{lines: splitLines(text), v: v}
	n := len(x.lines)
	x.headAtI, x.marks = make([]int, n), make([]int8, n)
	x.attrs, x.starts = make([]attrCache, n), make([]startCache, n)
	x.markers = x.findFootnoteMarkers()
	for i, l := range x.lines {
		x.headAtI[i] = -1
		if t, level, ok := heading(x.lines, i); ok {
			x.headAtI[i] = len(x.heads)
			x.heads = append(x.heads, head{i: i, text: t, level: level})
		}
		if !l.blank && !l.toc {
			if found, negated := v.marker(l.text); found {
				x.marks[i] = 1
				if negated {
					x.marks[i] = 2
				}
			}
		}
	}
	return x
}

// extract runs every layout, keeps the groups that sit in a sub-processor
// section (or that are strong enough on their own), and resolves overlaps in
// favour of the earlier, more structured layout.
func (x *doc) extract(publisher string) []subproc.RawRecord {
	var cands []group
	var grids []grid
	grids = append(grids, tabTables(x.lines)...)
	grids = append(grids, mdTables(x.lines)...)
	grids = append(grids, rstGridTables(x.lines)...)
	grids = append(grids, rstSimpleTables(x.lines)...)
	grids = append(grids, x.v.dashTables(x.lines)...)
	grids = append(grids, x.v.alignedTables(x.lines)...)
	for i := range grids {
		g := &grids[i]
		if vertical, ok := x.verticalTable(g); ok {
			cands = append(cands, vertical)
			continue
		}
		recs := x.v.records(g)
		if g.header < 0 && lettered(recs) < 2 {
			continue // a header-less table needs two named rows (not a signature table)
		}
		grp := group{layout: g.layout, recs: recs, from: g.from, to: g.to}
		if g.header >= 0 {
			hdr := g.rows[g.header].cells
			named := 0
			for _, f := range x.v.columns(hdr) {
				if f != "" {
					named++
				}
			}
			if named == 0 {
				continue // a table of something else (versions, contacts)
			}
			grp.strong = named >= 2
			grp.marker = x.v.hasMarker(strings.Join(hdr, " "))
		}
		cands = append(cands, grp)
	}
	cands = append(cands, x.splitHeader()...)
	cands = append(cands, x.entries()...)
	cands = append(cands, x.defLists()...)
	cands = append(cands, x.lists()...)
	cands = append(cands, x.inlineLists()...)

	noMarkers := !x.anyMarker()
	var kept []group
	for _, g := range cands {
		if len(g.recs) == 0 {
			continue
		}
		inScope := g.marker || x.inScope(g)
		if !inScope && !(noMarkers && g.strong) {
			continue
		}
		if overlaps(kept, g) {
			continue
		}
		kept = append(kept, g)
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].from < kept[j].from })
	own := x.ownEntities(publisher)
	var out []subproc.RawRecord
	prevEnd := -1
	for _, g := range kept {
		x.attachFootnotes(&g)
		x.applySectionLocation(&g, prevEnd)
		x.applyListWide(&g, prevEnd)
		prevEnd = g.to
		for _, r := range g.recs {
			if !hasLetter(r.Name) || x.v.isNotProcessor(r.Name) || isOwn(own, r.Name) {
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

func overlaps(kept []group, g group) bool {
	for _, k := range kept {
		if g.from <= k.to && k.from <= g.to {
			return true
		}
	}
	return false
}

func (x *doc) anyMarker() bool {
	for _, m := range x.marks {
		if m != 0 {
			return true
		}
	}
	return false
}

// inScope reports whether a group sits in a sub-processor section: a heading
// or sentence with a section word comes before it, and no heading that closes
// that section lies between.
//
// A marker heading's section ends at the next heading of the same or a higher
// level (Markdown and reStructuredText levels), at the next sibling of a
// numbered or annex heading ("Bilag B" -> "Bilag C", "7." -> "8."), or at a stop
// heading. A marker in a sentence holds until the next structural heading.
func (x *doc) inScope(g group) bool {
	for i := g.from - 1; i >= 0 && i >= g.from-800; i-- {
		if x.marks[i] == 0 {
			continue
		}
		if x.marks[i] == 2 {
			return false // "the following are not sub-processors:"
		}
		if !x.closedBetween(i, g.from) {
			return true
		}
	}
	return false
}

// closedBetween reports whether the section opened by the marker on line i
// ends before line to.
func (x *doc) closedBetween(i, to int) bool {
	mh, isHead := x.headAt(i)
	// A sentence under a Markdown or reStructuredText heading speaks for that
	// heading's whole section, sub-sections included.
	var enclosing *head
	if !isHead {
		for k := len(x.heads) - 1; k >= 0; k-- {
			if x.heads[k].i < i {
				if x.heads[k].level > 0 {
					enclosing = &x.heads[k]
				}
				break
			}
		}
	}
	for _, h := range x.heads {
		if h.i <= i || h.i >= to {
			continue
		}
		if x.v.isStop(h.text) {
			return true
		}
		if x.v.hasMarker(h.text) {
			continue
		}
		if _, _, entry := x.entryStart(h.i); entry {
			continue // a sub-processor's own name heading does not close the list
		}
		if !isHead {
			if enclosing != nil && (h.level == 0 || h.level > enclosing.level) {
				continue // a sub-section of the sentence's section
			}
			// Otherwise a sentence's marker covers only the text up to the next heading.
			return true
		}
		if closes(mh, h) {
			return true
		}
	}
	return false
}

func (x *doc) headAt(i int) (head, bool) {
	if k := x.headAtI[i]; k >= 0 {
		return x.heads[k], true
	}
	return head{}, false
}

// heading is the cached form of the package function heading for line i.
func (x *doc) heading(i int) (string, int, bool) {
	h, ok := x.headAt(i)
	return h.text, h.level, ok
}

// closes reports whether heading h ends the section opened by heading m.
func closes(m, h head) bool {
	if m.level > 0 && h.level > 0 {
		return h.level <= m.level
	}
	if am, ah := annexHead.FindStringSubmatch(m.text), annexHead.FindStringSubmatch(h.text); am != nil && ah != nil {
		return !strings.EqualFold(am[2], ah[2])
	}
	if numbered.MatchString(m.text) && numbered.MatchString(h.text) {
		return depth(h.text) <= depth(m.text)
	}
	if annexHead.MatchString(h.text) {
		return true
	}
	return h.level > 0
}

func depth(s string) int {
	f := strings.Fields(s)[0]
	return strings.Count(strings.TrimSuffix(f, "."), ".") + 1
}

// verticalTable reads a two-column table whose first column holds labels
// ("Navn <tab> value") as one block; contact-person tables yield nothing.
func (x *doc) verticalTable(g *grid) (group, bool) {
	if g.layout != "tab-table" {
		return group{}, false // Markdown and RST tables declare their header row
	}
	labels, contact := 0, false
	parts := map[subproc.Field][]string{}
	for _, r := range g.rows {
		if len(r.cells) != 2 {
			return group{}, false
		}
		k, f := x.v.label(r.cells[0])
		switch k {
		case labelField:
			parts[f] = append(parts[f], r.cells[1])
			labels++
		case labelContact:
			contact = true
			labels++
		case labelIgnore:
			labels++
		}
	}
	if labels < 2 || labels*2 <= len(g.rows) {
		return group{}, false
	}
	grp := group{layout: "vertical-table", from: g.from, to: g.to}
	if contact || len(parts[subproc.FieldName]) == 0 {
		grp.rejected = 1
		return grp, true
	}
	var rec subproc.RawRecord
	setFields(&rec, parts)
	rec.Prov = subproc.Provenance{Page: g.rows[0].page, LineStart: g.rows[0].first, LineEnd: g.rows[len(g.rows)-1].last, Layout: grp.layout}
	grp.recs = []subproc.RawRecord{rec}
	return grp, true
}

// applySectionLocation: when the heading just above a group (after the group
// before it) is a location heading ("Utanfor EU/EØS", "## United States",
// "Within the EU/EEA"), it is the location of every row of the group that does
// not state its own.
func (x *doc) applySectionLocation(g *group, after int) {
	for k := len(x.heads) - 1; k >= 0; k-- {
		h := x.heads[k]
		if h.i >= g.from {
			continue
		}
		// Only the nearest heading counts, and a company name ("Bluerange Sweden AB") is no place.
		if h.i <= after || len(strings.Fields(h.text)) > 6 || legalForm.MatchString(h.text) || !x.v.isLocationHeading(h.text) {
			return
		}
		for r := range g.recs {
			if g.recs[r].Location == "" {
				g.recs[r].Location = h.text
			}
		}
		return
	}
}

// applyListWide gives every row of a group the sentences around it that speak
// of the whole list ("All sub-processors below store data in the EU",
// "Samtliga överföringar sker med stöd av standardavtalsklausuler"): the few
// lines of text just above the group (after the previous group and below the
// nearest heading) and the paragraph right below it. Normalisation reads
// locations and legal bases from a row's notes when the row states none.
func (x *doc) applyListWide(g *group, after int) {
	var notes []string
	seen := 0
	for i := g.from - 1; i > after && seen < 6; i-- {
		l := x.lines[i]
		if l.blank {
			continue
		}
		if _, _, isHead := x.heading(i); isHead {
			break
		}
		seen++
		if x.v.isListWide(l.text) {
			notes = append(notes, l.text)
		}
	}
	for i, seen := g.to+1, 0; i < len(x.lines) && seen < 2; i++ {
		l := x.lines[i]
		if l.blank {
			continue
		}
		if _, _, isHead := x.heading(i); isHead || isTabRow(l) || l.item {
			break
		}
		seen++
		if x.v.isListWide(l.text) {
			notes = append(notes, l.text)
		}
	}
	if g.layout == "inline-list" {
		// A list packed into a paragraph: the sentences after its last item.
		t := x.lines[g.from].text
		if k := strings.LastIndex(t, ")"); k >= 0 {
			for _, sentence := range strings.SplitAfter(t[k+1:], ". ") {
				if x.v.isListWide(sentence) {
					notes = append(notes, strings.TrimSpace(sentence))
				}
			}
		}
	}
	if len(notes) == 0 {
		return
	}
	for k := range g.recs {
		g.recs[k].Notes = append(g.recs[k].Notes, notes...)
	}
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func lettered(recs []subproc.RawRecord) int {
	n := 0
	for _, r := range recs {
		if hasLetter(r.Name) {
			n++
		}
	}
	return n
}
