package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/subproc/subproc"
)

var (
	labelLine  = mustGuarded(`^\s*(?:[-*•]\s+)?(?:\*\*|__)?:?([\p{L}][\p{L}\p{N} ./&()'’°º-]{0,48}?)(?:\*\*|__)?\s*:(?:\*\*|__)?(?:\s+(.*)|\s*)$`, ":")
	regNoLabel = regexp.MustCompile(`(?i)^(cvr(?:-?nr\.?|-nummer)?|org\.?\s?nr\.?|org\.?\s?no\.?|organisa[st]ionsnummer|vat(?:\s?no\.?)?|company\s+no\.?|reg\.?\s?(?:nr|no)\.?)\s*:?\s*([A-Z]{0,4}\.?\s?[0-9][0-9 \-.]{2,}[0-9])\s*$`)
	postcode   = mustGuarded(`(?i)(^|[\s,])(\d{3}\s?\d{2}\s+\p{L}|\d{4}\s+\p{L}|[A-Z]{1,2}-\s?\d{3,5}\s+\p{L}|\d{5}\s+\p{L}|\d{2}-\d{3}\s+\p{L}|[A-Z]{2}\s+\d{5}(-\d{4})?\b|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|[ADCEFHKNPRTVWXY]\d{2}\s?[A-Z0-9]{4}\b|\d{4}\s?[A-Z]{2}\s+\p{L})`, digits)
	streetLine = mustGuarded(`(?i)^(box|postboks|postbox|p\.?o\.? box|pb\.?)\s+\d+|^\d+[a-z]?\s+\p{L}|\p{L}[\p{L}.'’-]*\s+\d+[a-z]?(\s*[,-].*)?$|\d+(st|nd|rd|th)\s+floor`, digits)
	phoneLine  = regexp.MustCompile(`^\+?[\d\s().\-/]{7,}$`)
	legalForm  = mustSuffix(`(?i)\b(a/s|aps|as|asa|ab|ab \(publ\)|oy|oyj|gmbh|ag|ltd|limited|llc|inc|corp|corporation|plc|b\.?v\.?|n\.?v\.?|s\.?a\.?r\.?l\.?|sarl|sas|s\.?a\.?|s\.?r\.?l\.?|s\.?p\.?a\.?|sp\. z o\.o\.|ehf|hf|ug|kg|sf|ks|ans|iks|pbc|pty ltd|se|oü|as|sl|s\.?l\.?u|s\.?a\.?u|s\.?l|sp\. z o\.o|sp\.k|s\.?c\.?a|s\.?à r\.?l|kft|zrt|a\.?s|s\.?r\.?o|bvba|vof|cv|gbr|ohg|e\.?k|aktiebolag|unlimited company|dac|lda|llp|ltda|ulc|lp|pte\.? ltd|k\.?k\.?)\.?$`)
)

// entry is one sub-processor written as a block: a name line (or heading), then
// labelled lines and/or address lines, then description paragraphs.
type entry struct {
	rec  subproc.RawRecord
	from int // line index of the name
	to   int // line index of the last line
}

// entryStart reports whether line i opens an entry and returns its name and the
// index of its first attribute line. A name line is short, is no sentence, no
// label and no list item; the next non-blank line (at most one blank between)
// is a label line with a known label, a registration-number line or an address.
func (d *doc) entryStart(i int) (string, int, bool) {
	c := &d.starts[i]
	if !c.done {
		*c = d.findEntryStart(i)
		c.done = true
	}
	return c.name, c.body, c.ok
}

// findEntryStart does the work of entryStart; the name line may also carry the
// entry's address and registration number.
func (d *doc) findEntryStart(i int) startCache {
	var name string
	ls := d.lines
	l := ls[i]
	if l.blank || l.toc || strings.Contains(l.raw, "\t") || strings.Contains(l.text, "|") || d.isFootnote(i) || d.continuesItem(i) {
		return startCache{}
	}
	h, level, _ := d.heading(i) // level 0: no heading, or a plain-text one
	// The first attribute line; without one, only a Markdown or
	// reStructuredText heading, or a plain-text name heading among sibling
	// name headings, can open an entry. Most lines end here.
	j := d.bodyStart(i)
	if j < 0 {
		return startCache{}
	}
	bodyAttr, plain := false, false
	if k, _, _ := d.attr(j); k != attrNone {
		bodyAttr = true
	} else if level == 0 {
		if !d.nameHead(i) || !d.siblingNameHead(i) {
			return startCache{}
		}
		plain = true
	}
	if level > 0 {
		name = h
	} else {
		text := l.text
		if l.item {
			// "1. Mollie B.V., Keizersgracht 126, 1015 CW Amsterdam – KvK 30204462"
			// followed by labelled lines: a numbered block, not a list item.
			if !numberedBlock(ls, i) {
				return startCache{}
			}
			text = strings.TrimSpace(l.itemText)
		}
		if m := labelLine.FindStringSubmatch(text); m != nil {
			// "Leverandør: Netlify, Inc." names the block through a label; so does
			// "Leverandør:" followed by ": Netlify, Inc." (a definition-list pair).
			value := strings.TrimSpace(m[2])
			if value == "" && i+1 < len(ls) && strings.HasPrefix(ls[i+1].text, ": ") {
				value = strings.TrimSpace(ls[i+1].text[2:])
			}
			if k, f := d.v.label(m[1]); k != labelField || f != subproc.FieldName || value == "" {
				return startCache{}
			}
			name = cleanInline(value)
		} else {
			name = cleanInline(text)
		}
	}
	n, addr, regNo := splitNameLine(name)
	name = n
	if !looksLikeName(name) || d.v.hasMarker(name) || !nameLike(name) || d.v.isCountry(name) || d.v.isStop(name) && !hasLegalForm(name) {
		return startCache{}
	}
	if k, _ := d.v.label(name); k == labelContact {
		return startCache{} // "Dataskyddsombud", "Kontaktperson"
	}
	if k, f, _ := d.attr(i); k != attrNone && !(k == attrField && f == subproc.FieldName) {
		return startCache{} // an attribute line (address, number, label) names nothing
	}
	if bodyAttr {
		return startCache{ok: true, name: name, body: j, addr: addr, regNo: regNo}
	}
	// A plain-text name heading (legal form, a sibling name heading before or
	// after) followed by a paragraph is an entry.
	if plain {
		if _, _, isHead := d.heading(j); !isHead {
			return startCache{ok: true, plain: true, name: name, body: j, addr: addr, regNo: regNo}
		}
		return startCache{}
	}
	// A Markdown or reStructuredText heading whose text below speaks of it
	// (repeats its first word) or that carries a legal form is an entry too.
	if level > 0 && (hasLegalForm(name) || d.mentionsProper(j, strings.Fields(name)[0])) {
		if _, _, isHead := d.heading(j); !isHead {
			return startCache{ok: true, name: name, body: j, addr: addr, regNo: regNo}
		}
	}
	return startCache{}
}

// nameHead reports whether line k is a plain-text heading (a line standing
// alone) that reads as a company name with a legal form: "Kestrel Cloud Ltd",
// "Collinverde Checkout Services S.p.A. (Collinverde)". It looks at the line
// alone; siblingNameHead adds the evidence of the lines around it.
func (d *doc) nameHead(k int) bool {
	if !d.standalone(k) {
		return false
	}
	h := cleanInline(d.lines[k].text)
	if !looksLikeName(h) || !nameLike(h) || !hasLegalForm(h) {
		return false
	}
	if d.v.hasMarker(h) || d.v.isCountry(h) {
		return false
	}
	if k, _ := d.v.label(h); k == labelContact {
		return false
	}
	kd, f, _ := d.attr(k)
	return kd == attrNone || kd == attrField && f == subproc.FieldName
}

// hasLegalForm reports whether name ends with a legal form, a parenthesised
// alias after it allowed: "Kestrel Cloud Ltd", "Søndervig Post A/S (Søndervig)".
func hasLegalForm(name string) bool {
	name = strings.TrimSpace(parenthesised.ReplaceAllString(cleanInline(name), " "))
	return legalForm.MatchString(strings.TrimRight(name, ", *"))
}

// standalone reports whether line k stands alone like a plain-text heading:
// blank lines (or the document's edge) around it, no list item, table row or
// "Label: value" line. Unlike a heading it may end with the full stop of a
// legal form ("Ironbark Accounting Inc.").
func (d *doc) standalone(k int) bool {
	ls := d.lines
	l := ls[k]
	if l.blank || l.toc || l.item || l.tabRow || strings.Contains(l.raw, "\t") || d.isFootnote(k) {
		return false
	}
	if k > 0 && !ls[k-1].blank || k+1 < len(ls) && !ls[k+1].blank {
		return false
	}
	if _, level, ok := d.heading(k); ok && level > 0 {
		return false
	}
	return !labelValue.MatchString(l.text) && !strings.Contains(l.text, "|")
}

// siblingNameHead reports whether the nearest plain-text heading before or
// after line i (no Markdown heading between, within a few paragraphs) is a
// name heading too: one company heading alone is no list.
func (d *doc) siblingNameHead(i int) bool {
	const reach = 40
	for _, step := range []int{-1, 1} {
		for k := i + step; k >= 0 && k < len(d.lines) && k != i+step*reach; k += step {
			if d.nameHead(k) {
				return true
			}
			if h, level, ok := d.heading(k); ok {
				// A sibling set as a Markdown heading (PDF renderings mix the two).
				if level > 0 && hasLegalForm(h) && !d.v.hasMarker(h) {
					return true
				}
				break
			}
		}
	}
	return false
}

// bodyStart returns the line where the entry that line i would name goes on:
// the next non-blank line, with at most one blank line between, or -1.
func (d *doc) bodyStart(i int) int {
	ls := d.lines
	j := i + 1
	if j < len(ls) && (rstUnder.MatchString(ls[j].text) || strings.HasPrefix(ls[j].text, ": ") && strings.HasSuffix(ls[i].text, ":")) {
		j++
	}
	blanks := 0
	for j < len(ls) && ls[j].blank && blanks < 2 {
		j++
		blanks++
	}
	if j >= len(ls) || ls[j].blank || blanks > 1 {
		return -1
	}
	return j
}

// mentionsProper reports whether the paragraph starting at line j uses word as
// a proper noun: capitalised, inside a sentence rather than at its start.
func (d *doc) mentionsProper(j int, word string) bool {
	word = strings.Trim(cleanInline(word), ",.:;")
	if word == "" {
		return false
	}
	for k := j; k < len(d.lines) && k < j+6 && !d.lines[k].blank; k++ {
		t := d.lines[k].text
		for from := 0; ; {
			p := strings.Index(t[from:], word)
			if p < 0 {
				break
			}
			p += from
			before := strings.TrimRight(t[:p], " *_\"'“(")
			if before != "" && !strings.ContainsAny(before[len(before)-1:], ".!?:") {
				return true
			}
			from = p + len(word)
		}
	}
	return false
}

// particles are lowercase words that occur inside company names.
var particles = map[string]bool{"i": true, "og": true, "och": true, "and": true, "of": true, "&": true, "de": true, "du": true,
	"von": true, "van": true, "der": true, "den": true, "för": true, "for": true, "til": true, "la": true, "le": true, "the": true,
	"da": true, "do": true, "des": true, "et": true, "y": true, "e": true, "und": true, "zu": true, "på": true, "på.": true,
	"aka": true, "a.k.a.": true, "d/b/a": true, "dba": true, "t/a": true, "trading": true, "as": true, "doing": true, "business": true}

// parenthesised matches a parenthesis and its content.
var parenthesised = regexp.MustCompile(`\([^()]*\)`)

// nameLike reports whether s reads as an organisation or product name rather
// than a phrase: it carries a legal form, or none of its words is a plain
// lowercase word ("Security review", "Dina rättigheter" are phrases; "Visma
// e-conomic A/S", "vMar Software AB", "Arkivvalvet i Norrland AB" are names).
func nameLike(s string) bool {
	s = strings.TrimSpace(parenthesised.ReplaceAllString(cleanInline(s), " ")) // "(haftungsbeschränkt)", "(SMSAPI)"
	if legalForm.MatchString(strings.TrimRight(s, ", *¹²³")) {
		return true
	}
	for i, w := range strings.Fields(s) {
		w = strings.Trim(w, "()[],;:\"'“”*")
		if w == "" || particles[strings.ToLower(w)] && i > 0 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !strings.ContainsAny(w, "-.0123456789") && !hasUpper(w) {
			return false
		}
	}
	return true
}

type attrKind int

const (
	attrNone attrKind = iota
	attrField
	attrIgnore
	attrContact
	attrAddress
	attrRegNo
)

// attr classifies line j as an attribute of an entry.
func (d *doc) attr(j int) (attrKind, subproc.Field, string) {
	c := &d.attrs[j]
	if !c.done {
		c.kind, c.f, c.val = d.findAttr(j)
		c.done = true
	}
	return c.kind, c.f, c.val
}

func (d *doc) findAttr(j int) (attrKind, subproc.Field, string) {
	t := d.lines[j].text
	if m := regNoLabel.FindStringSubmatch(t); m != nil {
		return attrRegNo, subproc.FieldRegNo, m[2]
	}
	if m := labelLine.FindStringSubmatch(t); m != nil && !isURL(t) {
		switch k, f := d.v.label(m[1]); k {
		case labelField:
			return attrField, f, strings.TrimSpace(m[2])
		case labelIgnore:
			return attrIgnore, "", ""
		case labelContact:
			return attrContact, "", ""
		}
		return attrNone, "", ""
	}
	if phoneLine.MatchString(t) && strings.Count(t, " ") < 5 || isContactLine(t, d.v) {
		return attrIgnore, "", ""
	}
	if isAddressLine(d.lines, j) || d.countryAddress(t) || d.streetToCountry(j) {
		return attrAddress, subproc.FieldAddress, t
	}
	return attrNone, "", ""
}

// isAddressLine: a postcode line, or a short street line followed by a postcode line.
func isAddressLine(ls []line, j int) bool {
	t := ls[j].text
	if utf8.RuneCountInString(t) > 70 || strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "St.") {
		return false
	}
	if wordCount(t) <= 8 && postcode.MatchString(t) {
		return true
	}
	if weakAddress(ls, j) {
		return true
	}
	if wordCount(t) <= 7 && streetLine.MatchString(t) {
		for k := j + 1; k < len(ls) && k <= j+2; k++ {
			if ls[k].blank {
				continue
			}
			if utf8.RuneCountInString(ls[k].text) <= 70 && postcode.MatchString(ls[k].text) {
				return true
			}
			if wordCount(ls[k].text) <= 7 && streetLine.MatchString(ls[k].text) {
				continue
			}
			break
		}
	}
	return false
}

// looksLikeName: a short line starting with a letter or digit, not a sentence.
func looksLikeName(s string) bool {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 80 || len(strings.Fields(s)) > 9 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !(unicode.IsLower(r) && hasUpper(s)) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(",;:!?", last) {
		return false
	}
	if last == '.' && !legalForm.MatchString(s) && !strings.HasSuffix(s, "Co.") {
		return false
	}
	if numbered.MatchString(s) || annexHead.MatchString(s) {
		return false
	}
	return true
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// entries finds every entry block in the document.
//
// Edge cases: one blank line may separate the name from its first attribute; a
// label line without a known label ends the attributes; lines after the
// attributes up to the next entry, heading or table are the description
// (paragraphs joined with a space); a list introduced by a data-category
// sentence becomes data_categories, nested items as "Parent: a, b; Other: c";
// a sentence ending in ":" followed only by a link, and bare links, are dropped;
// phone, e-mail and web lines are no fields; an entry with a contact-person
// label (title, phone number) is a contact block and yields nothing. A
// plain-text name line standing alone over a paragraph opens an entry only
// when it ends with a legal form and the nearest heading-like line before or
// after it is such a name too; labelled lines after any entry's description
// are its fields; a section word inside an entry starts a new run, so a
// title taken for a name does not pull the list out of its section.
func (d *doc) entries() []group {
	var groups []group
	var cur *group
	ls := d.lines
	for i := 0; i < len(ls); i++ {
		name, body, ok := d.entryStart(i)
		if !ok {
			// Any text between entries that no entry claimed ends the run.
			if cur != nil && !ls[i].blank {
				groups = append(groups, *cur)
				cur = nil
			}
			continue
		}
		e, end := d.readEntry(i, name, body)
		if cur == nil {
			cur = &group{layout: e.rec.Prov.Layout, from: i}
		}
		if e.rec.Name != "" {
			cur.recs = append(cur.recs, e.rec)
		} else {
			cur.rejected++
		}
		cur.to = end
		i = end
		if d.markedWithin(body, end) {
			// A section word inside the entry ("The following are our
			// sub-processors:" under a title that looked like a name) opens a
			// new run: the entries after it are judged by it, not by what
			// stands above this one.
			groups = append(groups, *cur)
			cur = nil
		}
	}
	if cur != nil {
		groups = append(groups, *cur)
	}
	return groups
}

// markedWithin reports whether a line from..to carries a section word.
func (d *doc) markedWithin(from, to int) bool {
	for k := from; k <= to && k < len(d.marks); k++ {
		if d.marks[k] != 0 {
			return true
		}
	}
	return false
}

func (d *doc) readEntry(i int, name string, body int) (entry, int) {
	ls := d.lines
	headLevel := 0
	if _, level, ok := d.heading(i); ok {
		headLevel = level
	}
	rec := subproc.RawRecord{Name: name}
	parts := map[subproc.Field][]string{}
	var addr []string
	if c := d.starts[i]; c.addr != "" || c.regNo != "" {
		if c.addr != "" {
			addr = append(addr, c.addr)
		}
		if c.regNo != "" {
			parts[subproc.FieldRegNo] = append(parts[subproc.FieldRegNo], c.regNo)
		}
	}
	contact := false
	layout := "kv-block"
	j := body
	lastField := subproc.Field("")
	// Attributes.
	for ; j < len(ls); j++ {
		l := ls[j]
		if l.blank {
			// A blank line inside the attributes is allowed when an attribute follows.
			if j+1 < len(ls) {
				if k, _, _ := d.attr(j + 1); k != attrNone && k != attrAddress || k == attrAddress && len(addr) > 0 {
					if _, _, isStart := d.entryStart(j + 1); !isStart {
						lastField = ""
						continue
					}
				}
			}
			break
		}
		if d.isFootnote(j) {
			break
		}
		if _, _, isStart := d.entryStart(j); isStart && j > body {
			j--
			break
		}
		k, f, val := d.attr(j)
		switch k {
		case attrField:
			parts[f] = append(parts[f], val)
			lastField = f
		case attrRegNo:
			parts[subproc.FieldRegNo] = append(parts[subproc.FieldRegNo], val)
			lastField = ""
		case attrIgnore:
			lastField = ""
		case attrContact:
			contact = true
			lastField = ""
		case attrAddress:
			addr = append(addr, val)
			layout = "address-block"
			lastField = ""
		default:
			if lastField != "" && !isURL(l.text) {
				// A wrapped value, or the ": value" line of a definition-list pair "Label:" / ": value".
				n := len(parts[lastField]) - 1
				parts[lastField][n] = strings.TrimSpace(parts[lastField][n] + " " + strings.TrimPrefix(l.text, ": "))
				continue
			}
			if len(addr) > 0 && len(parts) == 0 && d.v.isCountry(l.text) {
				addr = append(addr, l.text)
				continue
			}
			goto description
		}
	}
description:
	// j is the first line after the attributes (a blank line, or the first description line).
	if j >= len(ls) {
		j = len(ls)
	}
	end := max(j-1, body)
	if headLevel > 0 || d.starts[i].plain {
		layout = "heading-block"
	}
	// Description: paragraphs until the next entry, heading, table or footnote.
	// A key-value block that gave its purpose by label has no description.
	var desc []string
	var cats []string
	if layout == "kv-block" && headLevel == 0 && len(parts[subproc.FieldPurpose]) > 0 {
		j = len(ls)
	}
	for k := j; k < len(ls); k++ {
		l := ls[k]
		if l.blank {
			continue
		}
		if _, _, isStart := d.entryStart(k); isStart {
			break
		}
		if kd, f, val := d.attr(k); kd == attrField {
			parts[f] = append(parts[f], val)
			end = k
			continue
		}
		if h, level, ok := d.heading(k); ok && (headLevel == 0 || level > 0 && level <= headLevel || level == 0 && !looksLikeSentence(h)) {
			break
		}
		if isTabRow(l) || strings.HasPrefix(l.text, "|") || d.isFootnote(k) || l.toc {
			break
		}
		if isURL(l.text) {
			end = k
			continue
		}
		if strings.HasSuffix(l.text, ":") && d.linksOnlyAfter(k) {
			end = k
			continue
		}
		if strings.HasSuffix(l.text, ":") && d.v.isIntro(l.text) && d.listAfter(k) {
			items, last := d.readList(k + 1)
			cats = append(cats, formatCategories(items))
			end, k = last, last
			continue
		}
		if strings.HasSuffix(l.text, ":") && d.v.isIntro(l.text) {
			// A list whose bullets were lost (PDF renderings): short lines, one item each.
			if items, last := d.bareItems(k + 1); len(items) > 0 {
				cats = append(cats, formatCategories(items))
				end, k = last, last
				continue
			}
		}
		desc = append(desc, l.text)
		end = k
	}
	if len(desc) > 0 {
		parts[subproc.FieldPurpose] = append(parts[subproc.FieldPurpose], strings.Join(desc, " "))
	}
	if len(cats) > 0 && len(parts[subproc.FieldDataCategories]) == 0 {
		parts[subproc.FieldDataCategories] = []string{strings.Join(cats, "; ")}
	}
	if len(addr) > 0 {
		parts[subproc.FieldAddress] = append([]string{strings.Join(addr, ", ")}, parts[subproc.FieldAddress]...)
	}
	setFields(&rec, parts)
	rec.Prov = subproc.Provenance{Page: ls[i].page, LineStart: ls[i].n, LineEnd: ls[end].n, Layout: layout}
	if contact || len(parts) == 0 {
		rec.Name = ""
	}
	return entry{rec: rec, from: i, to: end}, end
}

func looksLikeSentence(s string) bool { return len(strings.Fields(s)) > 8 }

// linksOnlyAfter: the lines after k up to the next blank line are links.
func (d *doc) linksOnlyAfter(k int) bool {
	n := 0
	for j := k + 1; j < len(d.lines); j++ {
		if d.lines[j].blank {
			if n > 0 {
				return true
			}
			continue
		}
		if !isURL(d.lines[j].text) {
			return n > 0
		}
		n++
	}
	return n > 0
}

func (d *doc) listAfter(k int) bool {
	for j := k + 1; j < len(d.lines); j++ {
		if d.lines[j].blank {
			continue
		}
		return d.lines[j].item
	}
	return false
}

// listNode is a list item with its nested items.
type listNode struct {
	text     string
	line     int // index
	children []listNode
}

// readList reads the list starting at or after line k (blank lines between
// items allowed); nesting follows indentation. It returns the items and the
// index of the last line read.
func (d *doc) readList(k int) ([]listNode, int) {
	ls := d.lines
	var items []listNode
	baseIndent := -1
	last := k
	for j := k; j < len(ls); j++ {
		l := ls[j]
		if l.blank {
			continue
		}
		if !l.item {
			// An indented line continues the item above.
			if len(items) > 0 && strings.HasPrefix(l.raw, "  ") {
				it := &items[len(items)-1]
				if n := len(it.children); n > 0 {
					it.children[n-1].text += " " + l.text
				} else {
					it.text += " " + l.text
				}
				last = j
				continue
			}
			break
		}
		indent := utf8.RuneCountInString(strings.ReplaceAll(l.indent, "\t", "    "))
		if baseIndent < 0 {
			baseIndent = indent
		}
		node := listNode{text: strings.TrimSpace(l.itemText), line: j}
		if indent > baseIndent && len(items) > 0 {
			items[len(items)-1].children = append(items[len(items)-1].children, node)
		} else {
			items = append(items, node)
		}
		last = j
	}
	return items, last
}

// formatCategories writes list items as "a, b, c", with nested items as
// "Parent: a, b; Other: c".
func formatCategories(items []listNode) string {
	nested := false
	for _, it := range items {
		if len(it.children) > 0 {
			nested = true
		}
	}
	var out []string
	for _, it := range items {
		t := strings.TrimRight(cleanInline(it.text), ",;.")
		if !nested {
			out = append(out, t)
			continue
		}
		var cs []string
		for _, c := range it.children {
			cs = append(cs, strings.TrimRight(cleanInline(c.text), ",;."))
		}
		if len(cs) > 0 {
			t = strings.TrimSuffix(t, ":") + ": " + strings.Join(cs, ", ")
		}
		out = append(out, t)
	}
	if nested {
		return strings.Join(out, "; ")
	}
	return strings.Join(out, ", ")
}

var contactValue = regexp.MustCompile(`^[+(\d][\d\s().\-/]{6,}$|@|^(https?://|www\.)`)

// isContactLine: "Tlf. +45 12 34 56 78", "E-mail info@x.dk", "www.x.dk", a bare e-mail address.
func isContactLine(t string, v *vocab) bool {
	if strings.Contains(t, "@") && !strings.Contains(t, " ") || isURL(t) {
		return true
	}
	if n := wordCount(t); n < 2 || n > 8 {
		return false
	}
	if !v.ignores.in(fold(firstField(t))) {
		return false
	}
	return contactValue.MatchString(strings.Join(strings.Fields(t)[1:], " "))
}

// weakAddress: a short line without a number ("South County Business Park")
// inside an address, i.e. followed within two lines by a postcode line, every
// line in between short, and no legal form (that would be the name above).
func weakAddress(ls []line, j int) bool {
	t := ls[j].text
	if wordCount(t) > 5 || strings.ContainsAny(t, ":@") || emphasised(t) {
		return false
	}
	for k := j + 1; k < len(ls) && k <= j+2; k++ {
		u := ls[k].text
		if ls[k].blank || wordCount(u) > 7 {
			return false
		}
		if utf8.RuneCountInString(u) <= 70 && postcode.MatchString(u) {
			// The postcode line and the lines from j to it carry no legal form.
			for m := j; m <= k; m++ {
				if hasLegalForm(ls[m].text) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// emphasised reports whether the whole line is bold ("**Kestrel Cloud Ltd**",
// "__Acme AB__", "<strong>Acme AB</strong>"): a name set off as a title, never
// part of an address.
func emphasised(t string) bool {
	for _, p := range [][2]string{{"**", "**"}, {"__", "__"}, {"<strong>", "</strong>"}, {"<b>", "</b>"}} {
		if len(t) > len(p[0])+len(p[1]) && strings.HasPrefix(t, p[0]) && strings.HasSuffix(t, p[1]) {
			return true
		}
	}
	return false
}

// bareItems reads list items written without bullets after line k-1: short
// lines without closing punctuation, up to the next heading-level entry,
// structural heading, table or longer paragraph. A PDF whose bullets were
// drawn as shapes arrives this way. It returns no items when there are fewer
// than two.
func (d *doc) bareItems(k int) ([]listNode, int) {
	var items []listNode
	last := k - 1
	for j := k; j < len(d.lines); j++ {
		l := d.lines[j]
		if l.blank {
			continue
		}
		if _, _, isStart := d.entryStart(j); isStart {
			break
		}
		if _, level, ok := d.heading(j); ok && level > 0 {
			break
		}
		n := len(strings.Fields(l.text))
		if n > 6 || isTabRow(l) || strings.HasSuffix(l.text, ".") || strings.HasSuffix(l.text, ":") {
			break
		}
		items = append(items, listNode{text: l.text, line: j})
		last = j
	}
	if len(items) < 2 {
		return nil, k - 1
	}
	return items, last
}

// numberedBlock: list item i is directly followed (no blank line) by a line
// with a known field label, so it names a block of labelled lines.
func numberedBlock(ls []line, i int) bool {
	if i+1 >= len(ls) || ls[i+1].blank {
		return false
	}
	return labelLine.MatchString(ls[i+1].text) && !ls[i+1].item
}

// streetToCountry: line j belongs to an address written without a postcode
// pattern, from a street line down to a country line, every line short and
// none blank ("98 Harcourt Street" / "Dublin 4" / "Ireland"; "124 Baggot
// Street Lower" / "Cork" / "Ireland"). The country line itself is read as part
// of the address by readEntry.
func (d *doc) streetToCountry(j int) bool {
	const span = 3 // lines from the street line to the country line
	short := func(k int) bool {
		t := d.lines[k].text
		return !d.lines[k].blank && wordCount(t) <= 7 && utf8.RuneCountInString(t) <= 60 &&
			!strings.ContainsAny(t, ":@") && !strings.HasSuffix(t, ".") && !hasLegalForm(t)
	}
	if !short(j) || d.v.isCountry(d.lines[j].text) {
		return false
	}
	street := -1
	for k := j; k >= 0 && k > j-span && short(k); k-- {
		if streetLine.MatchString(d.lines[k].text) {
			street = k
			break
		}
	}
	if street < 0 {
		return false
	}
	for k := j + 1; k < len(d.lines) && k <= street+span && short(k); k++ {
		if d.v.isCountry(d.lines[k].text) {
			return true
		}
	}
	return false
}

// countryAddress: a one-line address that ends with a country and has a
// number in it ("Gordon House, Barrow Street, Dublin 4, Irlandia").
func (d *doc) countryAddress(t string) bool {
	parts := strings.Split(t, ",")
	if len(parts) < 2 || len(t) > 160 || !hasDigit(t) || strings.HasSuffix(t, ".") {
		return false
	}
	return d.v.isCountry(strings.TrimSpace(parts[len(parts)-1]))
}
