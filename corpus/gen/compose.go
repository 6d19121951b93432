package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/subproc/subproc"
)

// composer builds one document: the publisher, the sub-processors, the
// list in its layout with the gold rows, and the text around it.
type composer struct {
	r       *rng
	l       *lang
	format  string
	layout  string
	pubCC   string
	pub     entity
	pubName string
	product string
	domain  string
	email   string
	phone   string
	rows    []row
	gold    []subproc.Record
	variant string
}

// row is one sub-processor before it is written.
type row struct {
	e       entity
	kind    int
	short   string   // short purpose, no comma
	purpose string   // purpose as a table or label writes it
	loc     []string // where its data is processed: ISO codes, "EU", "WORLD"
	legal   []string // transfer mechanisms in LegalBases order; nil: none needed
	data    string   // categories of personal data
}

// kindData is the index in lang.dataCats of the data a kind of service
// usually gets: 0 contact data, 1 usage data, 2 billing data, 3 everything
// the customer stores, 4 phone numbers and messages, 5 support requests.
var kindData = [numKinds]int{kindHosting: 3, kindEmail: 0, kindSMS: 4, kindPayments: 2, kindSupport: 5,
	kindAnalytics: 1, kindBackup: 3, kindMonitoring: 1, kindCRM: 0, kindMeetings: 0, kindSigning: 0, kindAccounting: 2}

// products are invented product names.
var products = []string{"Trellis", "Nimbo", "Kvadra", "Planora", "Bookwise", "Tidly", "Ledgerly", "Rotaflow",
	"Medisync", "Skolebro", "Vaktly", "Fakturo", "Kundra", "Timeo", "Lagerlux", "Bokra", "Resepta", "Parkio",
	"Klarvakt", "Eventra", "Saldo One", "Flokk", "Turnus", "Helsa Go"}

var publisherWords = []string{"Software", "Digital", "Systems", "Solutions", "Technologies", "Tech", "Labs", ""}

var tlds = map[string]string{"NO": "no", "SE": "se", "DK": "dk", "FI": "fi", "IS": "is", "DE": "de", "AT": "at",
	"CH": "ch", "FR": "fr", "BE": "be", "NL": "nl", "LU": "lu", "IE": "ie", "GB": "co.uk", "US": "com", "ES": "es",
	"IT": "it", "PT": "pt", "PL": "pl"}

var callingCodes = map[string]string{"NO": "+47", "SE": "+46", "DK": "+45", "FI": "+358", "IS": "+354",
	"DE": "+49", "AT": "+43", "CH": "+41", "FR": "+33", "BE": "+32", "NL": "+31", "LU": "+352", "IE": "+353",
	"GB": "+44", "ES": "+34", "IT": "+39", "PT": "+351", "PL": "+48"}

var asciiFold = strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "ä", "a", "ö", "o", "ü", "u", "é", "e", "è", "e",
	"ê", "e", "ß", "ss", "ł", "l", "ð", "d", "þ", "th", "á", "a", "í", "i", "ó", "o", "ú", "u", "ń", "n",
	"ś", "s", "ź", "z", "ż", "z", "ą", "a", "ę", "e", "ć", "c", "ç", "c", "à", "a", "ò", "o", " ", "", "&", "", "'", "")

func compose(r *rng, seed uint64, l *lang, layout, format string) composed {
	c := &composer{r: r, l: l, format: format, layout: layout}
	used := map[string]bool{}
	c.pubCC = pick(r, l.homes)
	c.pub = newEntity(r, c.pubCC, kindHosting, used)
	word := pick(r, publisherWords)
	c.pubName = strings.TrimSpace(c.pub.stem+" "+word) + " " + pick(r, countries[c.pubCC].forms)
	c.product = pick(r, products)
	c.domain = asciiFold.Replace(strings.ToLower(c.pub.stem)) + "." + tlds[c.pubCC]
	c.email = pick(r, []string{"privacy", "dpo", "gdpr", "legal", "security"}) + "@" + c.domain
	c.phone = callingCodes[c.pubCC] + " " + r.digits(2) + " " + r.digits(2) + " " + r.digits(2) + " " + r.digits(2)
	if c.pubCC == "GB" || c.pubCC == "IE" {
		c.phone = callingCodes[c.pubCC] + " " + r.digits(2) + " " + r.digits(4) + " " + r.digits(4)
	}

	n := r.between(3, 12)
	if layout == LayoutProse {
		n = r.between(3, 6)
	}
	kinds := r.Perm(numKinds)[:n]
	popular := rand.NewZipf(r.Rand, zipfS, 1, sharedPerKind-1)
	for _, k := range kinds {
		var e entity
		if r.chance(sharedShare) {
			e = sharedEntity(seed, k, int(popular.Uint64()))
		}
		if e.name == "" || used[e.stem] {
			cc := c.pubCC
			if !r.chance(0.3) {
				cc = foreignCountry(r)
			}
			e = newEntity(r, cc, k, used)
		}
		used[e.stem] = true
		rw := row{e: e, kind: k, short: l.purposes[k][0], purpose: pick(r, l.purposes[k])}
		rw.loc = c.locationOf(e.cc)
		rw.legal = c.legalOf(e.cc, rw.loc)
		rw.data = l.dataCats[kindData[k]]
		if r.chance(0.25) {
			rw.data = pick(r, l.dataCats)
		}
		c.rows = append(c.rows, rw)
	}

	var list []block
	if layout != LayoutNone {
		list = c.list()
	}
	return c.document(list)
}

// Sub-processors recur across documents as they do in real lists: a row
// names one of a shared population of companies (sharedPerKind per kind of
// service, drawn with a Zipf law, so a few are in many documents and most
// in few) with probability sharedShare, else a company invented for the
// document.
const (
	sharedShare   = 0.7
	sharedPerKind = 400
	zipfS         = 1.2
)

// sharedEntity is company j of the shared population for kind: it depends
// only on the seed, the kind and j, so every document that draws it writes
// the same name, address and registration number.
func sharedEntity(seed uint64, kind, j int) entity {
	r := &rng{rand.New(rand.NewPCG(seed^0x5eed5ab1e, uint64(kind)<<32|uint64(j)))}
	return newEntity(r, foreignCountry(r), kind, map[string]bool{})
}

// foreignCountry picks the country of a sub-processor abroad.
func foreignCountry(r *rng) string {
	ws := make([]int, len(foreign))
	for i, f := range foreign {
		ws[i] = f.w
	}
	return foreign[r.weighted(ws)].cc
}

// locationOf decides where a sub-processor of country cc processes data.
func (c *composer) locationOf(cc string) []string {
	r := c.r
	switch {
	case cc == "US":
		return [][]string{{"US"}, {"EU"}, {"EU", "US"}, {"WORLD"}}[r.weighted([]int{4, 3, 2, 1})]
	case cc == "GB" || cc == "CH":
		if r.chance(0.6) {
			return []string{cc}
		}
		return []string{"EU"}
	}
	switch r.weighted([]int{50, 35, 15}) {
	case 0:
		return []string{cc}
	case 1:
		return []string{"EU"}
	}
	other := pick(r, []string{"DE", "IE", "NL", "SE", "FI", "FR"})
	return []string{other}
}

// legalOf decides the transfer mechanism a row states; nil when none is needed.
func (c *composer) legalOf(cc string, loc []string) []string {
	third := cc == "US" || slices.Contains(loc, "US") || slices.Contains(loc, "WORLD")
	switch {
	case third:
		return [][]string{{"SCC"}, {"DPF"}, {"SCC", "DPF"}, {"BCR"}}[c.r.weighted([]int{35, 35, 20, 10})]
	case cc == "GB" || cc == "CH" || slices.Contains(loc, "GB") || slices.Contains(loc, "CH"):
		if c.r.chance(0.7) {
			return []string{"adequacy"}
		}
		return []string{"SCC"}
	}
	return nil
}

// Field texts of a row, as this document's language writes them.

func (c *composer) countryName(cc string) string { return c.l.places[cc].name }

func (c *composer) locText(codes []string) string {
	names := make([]string, len(codes))
	for i, cc := range codes {
		names[i] = c.l.places[cc].name
	}
	return join(names, c.l.and)
}

func (c *composer) locIn(codes []string) string {
	ins := make([]string, len(codes))
	for i, cc := range codes {
		ins[i] = c.l.places[cc].in
	}
	return join(ins, c.l.and)
}

func (c *composer) legalText(codes []string) string {
	if len(codes) == 0 {
		return pick(c.r, c.l.legalCells["none"])
	}
	parts := make([]string, len(codes))
	for i, code := range codes {
		parts[i] = pick(c.r, c.l.legalCells[code])
	}
	if len(parts) == 2 && c.r.chance(0.4) {
		return parts[0] + " / " + parts[1]
	}
	return join(parts, c.l.and)
}

// address is the row's address on one line; the country is left out of a
// domestic address half of the time, as local documents do.
func (c *composer) addressLines(e entity) []string {
	ls := []string{e.street, e.city}
	if e.cc != c.pubCC || c.r.chance(0.5) {
		ls = append(ls, c.countryName(e.cc))
	}
	return ls
}

// named writes a row's name as the list does, with its alias in parentheses
// when it has one, and starts its gold record.
func (c *composer) named(rw *row, alias bool) (string, subproc.Record) {
	rec := subproc.Record{Name: rw.e.name}
	if alias && rw.e.alias != "" {
		rec.Aliases = []string{rw.e.alias}
		return rw.e.name + " (" + rw.e.alias + ")", rec
	}
	return rw.e.name, rec
}

// description is a row's purpose as a paragraph: the purpose, and sometimes
// where the data is stored and the transfer mechanism, which then go into
// the gold record too.
func (c *composer) description(rw *row, rec *subproc.Record) string {
	parts := []string{rw.purpose + "."}
	if !slices.Contains(rw.loc, "WORLD") && c.r.chance(0.4) {
		parts = append(parts, fmt.Sprintf(pick(c.r, c.l.storage), c.locIn(rw.loc)))
		rec.Location = slices.Clone(rw.loc)
	}
	if len(rw.legal) > 0 && c.r.chance(0.5) {
		code := pick(c.r, rw.legal)
		parts = append(parts, pick(c.r, c.l.legalSents[code]))
		rec.LegalBasis = []string{code}
	}
	d := strings.Join(parts, " ")
	rec.Purpose = d
	return d
}

// emptyCell is how a table writes a missing value.
func (c *composer) emptyCell() string {
	return pick(c.r, []string{"–", "-", "", "N/A", "–"})
}

func (c *composer) label(f int) string { return pick(c.r, c.l.labels[f]) }

func (c *composer) list() []block {
	switch c.layout {
	case LayoutTable:
		return c.table()
	case LayoutBullets:
		return c.bullets()
	case LayoutKV:
		return c.kv()
	case LayoutAddress:
		return c.addresses()
	case LayoutHeadings:
		return c.headings()
	case LayoutDefList:
		return c.deflist()
	case LayoutNumbered:
		return c.numbered()
	case LayoutProse:
		return c.prose()
	}
	panic("gen: unknown layout " + c.layout)
}

// columnSets are the column choices of tables seen in real lists.
var columnSets = [][]int{
	{fName, fPurpose, fLocation, fLegal},
	{fName, fPurpose, fCountry},
	{fName, fRegNo, fAddress, fPurpose, fLocation, fLegal},
	{fName, fAddress, fPurpose, fData},
	{fName, fCountry, fPurpose, fLocation},
	{fName, fPurpose, fData, fLocation, fLegal},
	{fPurpose, fName, fLocation},
	{fName, fCountry, fPurpose, fData, fLocation, fLegal},
	{fName, fRegNo, fCountry, fPurpose},
}

func (c *composer) table() []block {
	r := c.r
	cols := pick(r, columnSets)
	t := table{}
	for _, f := range cols {
		t.header = append(t.header, c.label(f))
	}
	for i := range c.rows {
		rw := &c.rows[i]
		var cells []string
		name, rec := c.named(rw, true)
		for _, f := range cols {
			switch f {
			case fName:
				cells = append(cells, name)
			case fRegNo:
				if rw.e.regNo == "" {
					cells = append(cells, c.emptyCell())
				} else {
					cells = append(cells, rw.e.regNo)
					rec.RegNo = rw.e.regNo
				}
			case fAddress:
				a := strings.Join(c.addressLines(rw.e), ", ")
				cells = append(cells, a)
				rec.Address = a
				rec.Country = []string{rw.e.cc}
			case fCountry:
				cells = append(cells, c.countryName(rw.e.cc))
				rec.Country = []string{rw.e.cc}
			case fPurpose:
				cells = append(cells, rw.purpose)
				rec.Purpose = rw.purpose
			case fLocation:
				cells = append(cells, c.locText(rw.loc))
				rec.Location = slices.Clone(rw.loc)
			case fLegal:
				cells = append(cells, c.legalText(rw.legal))
				rec.LegalBasis = slices.Clone(rw.legal)
			case fData:
				cells = append(cells, rw.data)
				rec.DataCategories = rw.data
			}
		}
		t.rows = append(t.rows, cells)
		c.gold = append(c.gold, rec)
	}
	switch c.format {
	case FormatText:
		t.style.aligned = r.chance(0.5)
		t.style.wrapWidth = r.between(28, 44)
		t.style.rule = r.chance(0.5)
		c.variant = "tab"
		if t.style.aligned {
			c.variant = "aligned"
		}
	case FormatMarkdown:
		t.style.boldFirst = r.chance(0.25)
		t.style.noOuter = r.chance(0.15)
		c.variant = "pipe"
	case FormatPDF:
		t.style.borders = r.chance(0.5)
		t.style.repeatHd = r.chance(0.5)
		c.variant = "plain"
		if t.style.borders {
			c.variant = "ruled"
		}
	default:
		c.variant = "table"
	}
	return []block{t}
}

func (c *composer) bullets() []block {
	r := c.r
	style := r.IntN(3)
	sep := pick(r, []string{" – ", " - ", " — "})
	c.variant = []string{"name-purpose-country", "name(country):purpose", "name,country-purpose"}[style]
	ls := list{marker: pick(r, []string{"-", "•", "*", "–"})}
	for i := range c.rows {
		rw := &c.rows[i]
		var item string
		name, rec := c.named(rw, style == 0)
		country := c.countryName(rw.e.cc)
		switch style {
		case 0:
			item = name + sep + rw.purpose + sep + country
		case 1:
			item = name + " (" + country + "): " + rw.purpose
		case 2:
			item = name + ", " + country + sep + rw.purpose
		}
		rec.Purpose, rec.Country = rw.purpose, []string{rw.e.cc}
		ls.items = append(ls.items, item)
		c.gold = append(c.gold, rec)
	}
	return []block{ls}
}

func (c *composer) numbered() []block {
	r := c.r
	style := r.IntN(3)
	c.variant = []string{"name,address-purpose", "name(country)-purpose", "name-description"}[style]
	ls := list{ordered: true, marker: pick(r, []string{"1.", "1.", "1)", "(1)"})}
	sep := pick(r, []string{" – ", " - ", ": "})
	for i := range c.rows {
		rw := &c.rows[i]
		name, rec := c.named(rw, style != 1)
		var item string
		switch style {
		case 0:
			a := strings.Join(c.addressLines(rw.e), ", ")
			item = name + ", " + a + sep + rw.purpose
			rec.Address, rec.Country, rec.Purpose = a, []string{rw.e.cc}, rw.purpose
		case 1:
			item = name + " (" + c.countryName(rw.e.cc) + ")" + sep + rw.purpose
			rec.Country, rec.Purpose = []string{rw.e.cc}, rw.purpose
		case 2:
			item = name + sep + c.description(rw, &rec)
		}
		ls.items = append(ls.items, item)
		c.gold = append(c.gold, rec)
	}
	return []block{ls}
}

func (c *composer) kv() []block {
	r := c.r
	titled := r.chance(0.6)
	bold := r.chance(0.5)
	listed := r.chance(0.3)
	align := r.chance(0.3)
	wrap := 0
	if r.chance(0.3) {
		wrap = r.between(60, 76)
	}
	c.variant = "lines"
	if titled {
		c.variant = "titled"
	}
	// Labels are chosen once per document, as a document keeps its labels.
	var labels [numFields]string
	for f := range labels {
		labels[f] = c.label(f) + ":"
	}
	shown := []int{}
	for _, f := range []int{fRegNo, fAddress, fCountry, fPurpose, fLocation, fLegal, fData} {
		p := map[int]float64{fRegNo: 0.35, fAddress: 0.35, fCountry: 0.6, fPurpose: 1, fLocation: 0.6, fLegal: 0.5, fData: 0.5}[f]
		if r.chance(p) {
			shown = append(shown, f)
		}
	}
	if len(shown) == 0 {
		shown = []int{fPurpose}
	}
	var out []block
	for i := range c.rows {
		rw := &c.rows[i]
		name, rec := c.named(rw, true)
		b := kvBlock{bold: bold, listed: listed, align: align, wrap: wrap}
		if titled {
			b.title = name
		} else {
			b.pairs = append(b.pairs, [2]string{labels[fName], name})
		}
		for _, f := range shown {
			switch f {
			case fRegNo:
				if rw.e.regNo == "" {
					continue // a block leaves out the labels it has nothing for
				}
				b.pairs = append(b.pairs, [2]string{labels[f], rw.e.regNo})
				rec.RegNo = rw.e.regNo
			case fAddress:
				a := strings.Join(c.addressLines(rw.e), ", ")
				b.pairs = append(b.pairs, [2]string{labels[f], a})
				rec.Address, rec.Country = a, []string{rw.e.cc}
			case fCountry:
				b.pairs = append(b.pairs, [2]string{labels[f], c.countryName(rw.e.cc)})
				rec.Country = []string{rw.e.cc}
			case fPurpose:
				b.pairs = append(b.pairs, [2]string{labels[f], rw.purpose})
				rec.Purpose = rw.purpose
			case fLocation:
				b.pairs = append(b.pairs, [2]string{labels[f], c.locText(rw.loc)})
				rec.Location = slices.Clone(rw.loc)
			case fLegal:
				b.pairs = append(b.pairs, [2]string{labels[f], c.legalText(rw.legal)})
				rec.LegalBasis = slices.Clone(rw.legal)
			case fData:
				b.pairs = append(b.pairs, [2]string{labels[f], rw.data})
				rec.DataCategories = rw.data
			}
		}
		out = append(out, b)
		c.gold = append(c.gold, rec)
	}
	return out
}

// extraLines are label lines after a description: personal data and the
// transfer mechanism, when the document states them this way.
func (c *composer) extraLines(rw *row, rec *subproc.Record) []string {
	var ls []string
	if c.r.chance(0.3) {
		ls = append(ls, c.label(fData)+": "+rw.data)
		rec.DataCategories = rw.data
	}
	if len(rw.legal) > 0 && len(rec.LegalBasis) == 0 && c.r.chance(0.4) {
		ls = append(ls, c.label(fLegal)+": "+c.legalText(rw.legal))
		rec.LegalBasis = slices.Clone(rw.legal)
	}
	return ls
}

func (c *composer) addresses() []block {
	r := c.r
	regLabel := c.label(fRegNo)
	withReg := r.chance(0.6)
	c.variant = "block"
	htmlAddress := r.chance(0.3)
	var out []block
	for i := range c.rows {
		rw := &c.rows[i]
		name, rec := c.named(rw, true)
		addr := c.addressLines(rw.e)
		ls := append([]string{name}, addr...)
		rec.Address, rec.Country = strings.Join(addr, ", "), []string{rw.e.cc}
		if withReg && rw.e.regNo != "" {
			ls = append(ls, regLabel+": "+rw.e.regNo)
			rec.RegNo = rw.e.regNo
		}
		out = append(out, lines{lines: ls, boldFirst: true, address: htmlAddress})
		out = append(out, para{text: c.description(rw, &rec)})
		if extra := c.extraLines(rw, &rec); len(extra) > 0 {
			out = append(out, lines{lines: extra})
		}
		c.gold = append(c.gold, rec)
	}
	return out
}

func (c *composer) headings() []block {
	c.variant = "h3"
	var out []block
	for i := range c.rows {
		rw := &c.rows[i]
		name, rec := c.named(rw, true)
		out = append(out, heading{level: 3, text: name})
		out = append(out, para{text: c.description(rw, &rec)})
		var extra []string
		if c.r.chance(0.4) {
			extra = append(extra, c.label(fCountry)+": "+c.countryName(rw.e.cc))
			rec.Country = []string{rw.e.cc}
		}
		extra = append(extra, c.extraLines(rw, &rec)...)
		if len(extra) > 0 {
			out = append(out, lines{lines: extra})
		}
		c.gold = append(c.gold, rec)
	}
	return out
}

func (c *composer) deflist() []block {
	r := c.r
	d := defList{colon: r.chance(0.5), indent: pick(r, []string{"    ", "\t", "  "})}
	c.variant = "indent"
	if d.colon {
		c.variant = "colon"
	}
	for i := range c.rows {
		rw := &c.rows[i]
		name, rec := c.named(rw, true)
		it := defItem{term: name, desc: []string{c.description(rw, &rec)}}
		c.gold = append(c.gold, rec)
		d.items = append(d.items, it)
	}
	return []block{d}
}

func (c *composer) prose() []block {
	r := c.r
	l := c.l
	var out []block
	for i := range c.rows {
		rw := &c.rows[i]
		rec := subproc.Record{Name: rw.e.name, Country: []string{rw.e.cc}}
		rec.Purpose = rw.short
		if l.code != "de" {
			rec.Purpose = lowerFirst(rw.short)
		}
		c.gold = append(c.gold, rec)
	}
	if r.chance(0.5) {
		c.variant = "enumeration"
		sep := pick(r, []string{", ", "; "})
		items := make([]string, len(c.rows))
		for i := range c.rows {
			items[i] = c.rows[i].e.name + " (" + c.countryName(c.rows[i].e.cc) + sep + c.gold[i].Purpose + ")"
		}
		intro := c.fill(pick(r, l.proseIntros))
		out = append(out, para{text: intro + " " + join(items, l.and) + "."})
		return out
	}
	c.variant = "sentences"
	var sents []string
	for i := range c.rows {
		s := fmt.Sprintf(pick(r, l.proseSents), c.rows[i].e.name, c.countryName(c.rows[i].e.cc), c.gold[i].Purpose)
		sents = append(sents, upperFirst(s))
	}
	cut := len(sents)
	if len(sents) > 3 && r.chance(0.5) {
		cut = len(sents) / 2
	}
	out = append(out, para{text: strings.Join(sents[:cut], " ")})
	if cut < len(sents) {
		out = append(out, para{text: strings.Join(sents[cut:], " ")})
	}
	return out
}

// date is a date in the language's form.
func (c *composer) date() string {
	m := c.r.IntN(12)
	return fmt.Sprintf(c.l.dateFmt, 1+c.r.IntN(28), c.l.months[m], 2022+c.r.IntN(4))
}
