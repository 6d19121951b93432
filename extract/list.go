package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/subproc/subproc"
)

// itemSplit separates a list item's name from its description: a dash with
// spaces, or a colon.
var (
	itemDash  = regexp.MustCompile(`^(.{2,200}?)\s+[–—-]\s+(.+)$`)
	itemColon = regexp.MustCompile(`^(.{2,200}?):\s+(.+)$`)
	trailPar  = regexp.MustCompile(`\s*\(([^()]{2,60})\)\s*\.?$`)
	// nameParen is the last parenthesis of a name, footnote markers allowed after it.
	nameParen = regexp.MustCompile(`\s*\(([^()]{2,60})\)\s*[*¹²³⁴⁵⁶⁷⁸⁹†‡]*\s*$`)
	// trailDash is the last part of a description after a spaced dash: "Hosting – Ireland".
	trailDash  = regexp.MustCompile(`\s+[–—-]\s+([^–—]{2,60}?)\s*\.?$`)
	manyDigits = regexp.MustCompile(`\d[\d \-.]{3,}\d`)
	itemDot    = mustGuarded(`^(\S.{1,60}?)\.\s+(\p{Lu}.*)$`, ".")
	// packed is one "Name (details)" of a list packed into a sentence or cell.
	packed = mustGuarded(`(?:^|[,;:]\s+|\s(?:and|og|och|und|et|y|e|en|ja|oraz|i)\s+|\s)([\p{Lu}0-9](?:[^,;:()]|,\s(?:Inc|LLC|Ltd|Limited|Corp|GmbH|AB|AS|A/S|S\.A|SAS|B\.V|N\.V|Oy|S\.L|S\.p\.A|Sp\. z o\.o|Lda|S\.A\.S)\b\.?){1,60}?)\s*\(([^()]{2,100})\)`, "(")
)

// lists reads bullet and numbered lists whose items name sub-processors:
// "Name – purpose", "**Name**: purpose (Country)", "Name (Alias) – purpose", or
// a bare name.
//
// Edge cases: a list counts only when at least half its items start with a
// name; nested items and indented lines continue their item's description; a
// trailing parenthesis that names countries is the country, not the purpose;
// labelled parts inside an item ("Land: Irland") fill their fields. A list
// introduced by a data-category sentence is not a sub-processor list.
func (x *doc) lists() []group {
	var out []group
	ls := x.lines
	for i := 0; i < len(ls); i++ {
		if ls[i].blank || !ls[i].item || x.isFootnote(i) {
			continue
		}
		if _, _, isHead := x.heading(i); isHead && numbered.MatchString(ls[i].text) {
			continue // a numbered section heading, not a list
		}
		items, last := x.readList(i)
		if x.introducedAsData(i) {
			i = last
			continue
		}
		g := group{layout: "list", from: i, to: last}
		conv := x.parenConventionBefore(i)
		named := 0
		for _, it := range items {
			rec, ok := x.listRecord(it, conv)
			if !ok {
				continue
			}
			named++
			g.recs = append(g.recs, rec)
		}
		if named > 0 && named*2 >= len(items) && (named >= 2 || hasDescription(g.recs)) && nameLikeShare(g.recs) {
			out = append(out, g)
		}
		i = last
	}
	return out
}

// introducedAsData: the paragraph just before line i introduces personal-data categories.
func (x *doc) introducedAsData(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if x.lines[j].blank {
			continue
		}
		return x.v.isIntro(x.lines[j].text)
	}
	return false
}

// parenConventionBefore looks for a sentence saying what parentheses mean in
// the few lines above a list (up to the previous heading).
func (x *doc) parenConventionBefore(i int) string {
	seen := 0
	for j := i - 1; j >= 0 && seen < 8; j-- {
		l := x.lines[j]
		if l.blank {
			continue
		}
		seen++
		if c := x.v.parenConvention(l.text); c != "" {
			return c
		}
		if _, level, ok := x.heading(j); ok && level > 0 {
			break
		}
	}
	return ""
}

func (x *doc) listRecord(it listNode, conv string) (subproc.RawRecord, bool) {
	name, rest, ok := splitItem(it.text)
	if !ok {
		return subproc.RawRecord{}, false
	}
	name = cleanInline(name)
	// A stop word inside a company's name ("Nordic Signatures AB") stops nothing.
	if x.v.hasMarker(name) || x.v.isStop(name) && !legalForm.MatchString(strings.TrimRight(bareName(name), " *")) {
		return subproc.RawRecord{}, false
	}
	if k, _ := x.v.label(name); k != labelNone {
		return subproc.RawRecord{}, false
	}
	parts := map[subproc.Field][]string{}
	// "Name Ltd, 25 Harcourt Street, Dublin 2, Ireland – purpose": the address
	// written after the name is the address (and gives the country).
	if n, a := splitNameAddress(name); a != "" && looksLikeName(n) {
		name = n
		parts[subproc.FieldAddress] = append(parts[subproc.FieldAddress], a)
	}
	// "Name Ltd, Ireland – purpose": a last comma part that names a country.
	if k := strings.LastIndex(name, ", "); k > 0 && parts[subproc.FieldAddress] == nil {
		if c := strings.TrimSpace(name[k+2:]); x.v.isCountry(c) && looksLikeName(name[:k]) {
			parts[x.countryField(conv)] = append(parts[x.countryField(conv)], c)
			name = strings.TrimSpace(name[:k])
		}
	}
	rec := subproc.RawRecord{Name: name}
	// "**Name** (Luxemburg): purpose": a parenthesis after the name that names
	// countries is the country (or the location, when the list says so).
	if m := nameParen.FindStringSubmatchIndex(name); m != nil {
		inner := name[m[2]:m[3]]
		if x.v.isCountry(inner) {
			field := subproc.FieldCountry
			if conv == parenLocation {
				field = subproc.FieldLocation
			}
			parts[field] = append(parts[field], inner)
			// Keep footnote markers written after the parenthesis: "(United States)†".
			marks := strings.TrimSpace(strings.TrimLeft(name[m[0]:m[1]], " "))
			marks = marks[strings.LastIndex(marks, ")")+1:]
			rec.Name = strings.TrimSpace(name[:m[0]] + strings.TrimSpace(marks))
		}
	}
	// Labelled parts: "purpose. Land: Irland" or "; Location: EU".
	var desc []string
	for _, seg := range splitLabelled(rest) {
		if m := labelLine.FindStringSubmatch(seg); m != nil {
			if k, f := x.v.label(m[1]); k == labelField && f != subproc.FieldName {
				parts[f] = append(parts[f], strings.TrimSpace(m[2]))
				continue
			}
		}
		desc = append(desc, seg)
	}
	purpose := strings.Join(desc, " ")
	if m := trailPar.FindStringSubmatch(purpose); m != nil {
		switch {
		case conv == parenLocation:
			parts[subproc.FieldLocation] = append(parts[subproc.FieldLocation], m[1])
			purpose = strings.TrimSpace(purpose[:len(purpose)-len(m[0])])
		case x.v.isCountry(m[1]):
			parts[subproc.FieldCountry] = append(parts[subproc.FieldCountry], m[1])
			purpose = strings.TrimSpace(purpose[:len(purpose)-len(m[0])])
		}
	}
	// "Name – purpose – Ireland": a last dash part that names a country.
	if m := trailDash.FindStringSubmatchIndex(purpose); m != nil && x.v.isCountry(purpose[m[2]:m[3]]) {
		f := x.countryField(conv)
		parts[f] = append(parts[f], purpose[m[2]:m[3]])
		purpose = strings.TrimSpace(purpose[:m[0]])
	}
	for _, c := range it.children {
		purpose = strings.TrimSpace(purpose + " " + c.text)
	}
	if purpose != "" {
		parts[subproc.FieldPurpose] = append(parts[subproc.FieldPurpose], purpose)
	}
	setFields(&rec, parts)
	ln := x.lines[it.line]
	rec.Prov = subproc.Provenance{Page: ln.page, LineStart: ln.n, LineEnd: ln.n, Layout: "list"}
	if n := len(it.children); n > 0 {
		rec.Prov.LineEnd = x.lines[it.children[n-1].line].n
	}
	return rec, true
}

// bareName is a list item's name without what may follow it: an address, a
// country after a comma, a parenthesis.
func bareName(s string) string {
	if n, a := splitNameAddress(s); a != "" {
		s = n
	}
	if k := strings.Index(s, ", "); k > 0 {
		s = s[:k]
	}
	if k := strings.Index(s, " ("); k > 0 {
		s = s[:k]
	}
	return strings.TrimSpace(s)
}

// continuesItem: line i is an indented continuation of the list item above
// it (no blank line between), part of that item's text.
func (x *doc) continuesItem(i int) bool {
	ls := x.lines
	if ls[i].item || !strings.HasPrefix(ls[i].raw, " ") && !strings.HasPrefix(ls[i].raw, "\t") {
		return false
	}
	for j := i - 1; j >= 0; j-- {
		switch l := ls[j]; {
		case l.blank:
			return false
		case l.item:
			return true
		case !strings.HasPrefix(l.raw, " ") && !strings.HasPrefix(l.raw, "\t"):
			return false
		}
	}
	return false
}

// countryField is where a country written beside a name goes: the country,
// or the location when the text above the list says so.
func (x *doc) countryField(conv string) subproc.Field {
	if conv == parenLocation {
		return subproc.FieldLocation
	}
	return subproc.FieldCountry
}

// splitItem cuts a list item into its name and the rest: "Name – rest",
// "Name: rest", "Name. Rest", or a bare name.
func splitItem(t string) (name, rest string, ok bool) {
	head := t[:min(len(t), 220)]
	if strings.Contains(head, " – ") || strings.Contains(head, " — ") || strings.Contains(head, " - ") {
		if m := itemDash.FindStringSubmatch(t); m != nil && itemName(m[1]) {
			return m[1], m[2], true
		}
	}
	if strings.Contains(head, ": ") {
		if m := itemColon.FindStringSubmatch(t); m != nil && itemName(m[1]) {
			return m[1], m[2], true
		}
	}
	if m := itemDot.FindStringSubmatch(t); m != nil && looksLikeName(cleanInline(m[1])) && nameLike(m[1]) {
		return m[1], m[2], true // "Stripe. Payment processing."
	}
	if c := cleanInline(t); looksLikeName(c) && wordCount(c) <= 6 {
		return t, "", true
	}
	return "", "", false
}

// itemName: the head of an item is a name, or a name followed by its postal
// address ("Kestrel Cloud Ltd, 25 Harcourt Street, Dublin 2, Ireland").
func itemName(s string) bool {
	s = cleanInline(s)
	if looksLikeName(s) {
		return true
	}
	n, a := splitNameAddress(s)
	return a != "" && looksLikeName(n)
}

// splitLabelled cuts "text. Label: value; Label: value" before each label.
var labelStart = regexp.MustCompile(`(?:^|[.;]\s+|\s[|–]\s+)([\p{Lu}][\p{L} ]{1,30}:\s)`)

func splitLabelled(s string) []string {
	idx := labelStart.FindAllStringSubmatchIndex(s, -1)
	if len(idx) == 0 {
		return []string{strings.TrimSpace(s)}
	}
	var out []string
	prev := 0
	for _, m := range idx {
		cut := m[2]
		if cut > prev {
			out = append(out, strings.TrimRight(strings.TrimSpace(s[prev:cut]), ";|–"))
		}
		prev = cut
	}
	out = append(out, strings.TrimSpace(s[prev:]))
	var clean []string
	for _, o := range out {
		if o = strings.TrimSpace(o); o != "" {
			clean = append(clean, o)
		}
	}
	return clean
}

// defLists reads definition lists: a term line followed by ": definition"
// (Markdown extra) or by indented lines (reStructuredText).
//
// Edge cases: the term must look like a name; several definition lines are
// joined; labelled definition lines ("Land: Irland") fill their fields; at
// least two terms make a list.
func (x *doc) defLists() []group {
	var out []group
	ls := x.lines
	var g *group
	flush := func() {
		if g != nil && (len(g.recs) >= 2 || len(g.recs) == 1 && legalForm.MatchString(g.recs[0].Name)) {
			out = append(out, *g)
		}
		g = nil
	}
	for i := 0; i+1 < len(ls); i++ {
		l := ls[i]
		if l.blank {
			continue
		}
		if !isDefTerm(ls, i) {
			if g != nil && !strings.HasPrefix(l.raw, " ") && !strings.HasPrefix(l.text, ":") {
				flush()
			}
			continue
		}
		name, classifier, _ := strings.Cut(cleanInline(l.text), " : ")
		if k, _ := x.v.label(name); k != labelNone || !looksLikeName(name) || x.v.hasMarker(name) || !nameLike(name) {
			flush()
			continue
		}
		if g == nil {
			g = &group{layout: "definition-list", from: i}
		}
		rec := subproc.RawRecord{Name: name}
		parts := map[subproc.Field][]string{}
		var desc []string
		j := i + 1
		for ; j < len(ls); j++ {
			d := ls[j]
			if d.blank {
				if j+1 < len(ls) && isDefBody(ls[j+1]) {
					continue
				}
				break
			}
			if !isDefBody(d) {
				break
			}
			t := strings.TrimSpace(strings.TrimPrefix(d.text, ":"))
			if m := labelLine.FindStringSubmatch(t); m != nil {
				if k, f := x.v.label(m[1]); k == labelField {
					parts[f] = append(parts[f], strings.TrimSpace(m[2]))
					continue
				}
			}
			desc = append(desc, t)
		}
		if len(desc) > 0 {
			parts[subproc.FieldPurpose] = append(parts[subproc.FieldPurpose], strings.Join(desc, " "))
		}
		if classifier != "" && x.v.isCountry(classifier) {
			parts[subproc.FieldCountry] = append(parts[subproc.FieldCountry], classifier)
		}
		setFields(&rec, parts)
		rec.Prov = subproc.Provenance{Page: l.page, LineStart: l.n, LineEnd: ls[j-1].n, Layout: "definition-list"}
		g.recs = append(g.recs, rec)
		g.to = j - 1
		i = j - 1
	}
	flush()
	return out
}

func isDefTerm(ls []line, i int) bool {
	l := ls[i]
	if strings.HasPrefix(l.raw, " ") || strings.HasPrefix(l.raw, "\t") || l.item || strings.HasSuffix(l.text, ":") {
		return false
	}
	if i+1 < len(ls) && !ls[i+1].blank && isDefBody(ls[i+1]) {
		return true
	}
	// Markdown allows one blank line between a term and its ": definition".
	return i+2 < len(ls) && ls[i+1].blank && strings.HasPrefix(ls[i+2].text, ": ")
}

func isDefBody(l line) bool {
	return strings.HasPrefix(l.text, ": ") || (strings.HasPrefix(l.raw, "  ") || strings.HasPrefix(l.raw, "\t")) && !l.blank && !l.item
}

func hasDescription(recs []subproc.RawRecord) bool {
	for _, r := range recs {
		if r.Purpose != "" {
			return true
		}
	}
	return false
}

// nameLikeShare: at least half the items are names, not phrases ("Security review").
func nameLikeShare(recs []subproc.RawRecord) bool {
	n := 0
	for _, r := range recs {
		if nameLike(r.Name) {
			n++
		}
	}
	return n*2 > len(recs)
}

// inlineLists reads lists packed into one sentence or paragraph, or written
// as sentences in consecutive paragraphs:
// "Amazon Web Services EMEA SARL (LU; hosting), Twilio Ireland Limited (IE;
// SMS) and Zendesk Inc. (US; support)".
//
// Edge cases: at least two "Name (details)" items in the paragraph or run of
// paragraphs (a paragraph wrapped over lines is one text); each name must
// read as a name; the details split at ";" into countries (when they name
// countries) and the role, which becomes the purpose.
func (x *doc) inlineLists() []group {
	var out []group
	var cur *group
	flush := func() {
		if cur != nil && len(cur.recs) >= 2 {
			out = append(out, *cur)
		}
		cur = nil
	}
	ls := x.lines
	for i := 0; i < len(ls); i++ {
		if !x.proseLine(i) {
			continue
		}
		// A paragraph wrapped over several lines is read as one text.
		j, text := i, ls[i].text
		for j+1 < len(ls) && x.proseLine(j+1) && !ls[j].item && !ls[j+1].item {
			j++
			text += " " + ls[j].text
		}
		var recs []subproc.RawRecord
		if strings.Contains(text, "(") {
			recs = x.v.packedItems(text, subproc.Provenance{Page: ls[i].page, LineStart: ls[i].n, LineEnd: ls[j].n, Layout: "inline-list"})
		}
		switch {
		case len(recs) == 0:
		case cur != nil && x.onlyBlank(cur.to+1, i):
			// Consecutive paragraphs of sentences naming one or two each.
			cur.recs = append(cur.recs, recs...)
			cur.to = j
		default:
			flush()
			cur = &group{layout: "inline-list", recs: recs, from: i, to: j}
		}
		if len(recs) == 0 {
			flush()
		}
		i = j
	}
	flush()
	return out
}

// onlyBlank: lines from up to (not including) to are blank.
func (x *doc) onlyBlank(from, to int) bool {
	for k := from; k < to; k++ {
		if !x.lines[k].blank {
			return false
		}
	}
	return true
}

// proseLine: line i may belong to a paragraph of running text.
func (x *doc) proseLine(i int) bool {
	l := x.lines[i]
	if l.blank || l.toc || isTabRow(l) || strings.HasPrefix(l.text, "|") {
		return false
	}
	_, _, isHead := x.heading(i)
	return !isHead
}

// isCountryCode: a two-letter upper-case ISO code ("IE", "US").
func isCountryCode(s string) bool {
	if len(s) != 2 {
		return false
	}
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// properTail keeps the trailing run of capitalised words of s (particles and
// lowercase brand words with capitals inside allowed): "We use Amazon Web
// Services EMEA SARL" -> "Amazon Web Services EMEA SARL".
func properTail(s string) string {
	words := strings.Fields(s)
	start := len(words)
	from := len(words) - 1
	// A legal form with lowercase words ("Sp. z o.o.") belongs to the name.
	if len(words) >= 2 && !hasUpper(words[len(words)-1]) {
		for k := 2; k <= min(4, len(words)); k++ {
			r, _ := utf8.DecodeRuneInString(words[len(words)-k])
			if unicode.IsUpper(r) && legalForm.MatchString(strings.Join(words[len(words)-k:], " ")) {
				start, from = len(words)-k, len(words)-k-1
				break
			}
		}
	}
	for i := from; i >= 0; i-- {
		w := strings.Trim(words[i], "\"'“”*")
		if i < len(words)-1 && sentenceEnd(w) {
			break // "til SMS-varsler. Cedarline Helpdesk Inc.": a sentence ends before the name
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) || hasUpper(w) || w == "&" {
			start = i
			continue
		}
		if particles[strings.ToLower(w)] && i > 0 {
			continue
		}
		break
	}
	// Do not start on a particle.
	for start < len(words) && particles[strings.ToLower(words[start])] {
		start++
	}
	return strings.Join(words[start:], " ")
}

// packedItems reads "Name (details)" items packed into one text; details
// split at ";" (or after a leading country at ",") into countries and the
// role (the purpose). A parenthesis with a registration number identifies a
// company and is not an item. An item whose parenthesis names only countries
// takes its purpose from its sentence (sentencePurpose).
func (v *vocab) packedItems(text string, prov subproc.Provenance) []subproc.RawRecord {
	if !packed.may(text) {
		return nil
	}
	var recs []subproc.RawRecord
	ms := packed.re.FindAllStringSubmatchIndex(text, -1)
	names, starts := make([]string, len(ms)), make([]int, len(ms))
	for k, m := range ms {
		names[k] = properTail(strings.TrimSpace(cleanInline(text[m[2]:m[3]])))
		starts[k] = m[2] + nameStart(text[m[2]:m[3]], names[k])
	}
	for k, m := range ms {
		details, name := text[m[4]:m[5]], names[k]
		if !looksLikeName(name) || !nameLike(name) || v.hasMarker(name) || manyDigits.MatchString(details) {
			continue
		}
		rec := subproc.RawRecord{Name: name, Prov: prov}
		var role []string
		for _, part := range strings.Split(details, ";") {
			part = strings.TrimSpace(part)
			switch {
			case part == "":
			case v.isCountry(part) || isCountryCode(part):
				rec.Country = strings.TrimSpace(strings.Join([]string{rec.Country, part}, " "))
			default:
				// "(Irland, drift af platformen)": a leading country, then the role.
				if c, r, ok := strings.Cut(part, ", "); ok && (v.isCountry(c) || isCountryCode(c)) {
					rec.Country = strings.TrimSpace(strings.Join([]string{rec.Country, c}, " "))
					part = strings.TrimSpace(r)
				}
				role = append(role, part)
			}
		}
		rec.Purpose = strings.Join(role, "; ")
		if rec.Purpose == "" {
			end := len(text)
			if k+1 < len(ms) {
				end = starts[k+1]
			}
			rec.Purpose = v.sentencePurpose(text, starts[k], m[1], end)
		}
		recs = append(recs, rec)
	}
	return recs
}

// nameStart is the offset in raw where its trailing name (properTail) begins.
func nameStart(raw, name string) int {
	first, _, _ := strings.Cut(name, " ")
	if i := strings.LastIndex(raw, first); i >= 0 {
		return i
	}
	return 0
}

// Keys of the optional prose rules (rules/<lang>/prose.txt).
const (
	// Phrases that join a name to its purpose in a sentence: "for", "står for".
	keyProseLead = "prose.lead"
	// Subject pronouns that end a purpose written before the name: "we", "vi".
	keyProseSubject = "prose.subject"
)

var quotedPhrase = regexp.MustCompile(`[„“"«]\s?([^„“”"«»]{2,120}?)\s?[“”"»]`)

// sentencePurpose reads the purpose of one item from the sentence around it,
// the item's name starting at start and its parenthesis ending at parenEnd
// (end: where the next item starts):
//
//	"We use X Ltd (Ireland) for hosting of the platform."   after a lead phrase
//	"X Ltd (Ireland) takes care of the following: hosting." after a colon
//	"X Oy (Suomi), jonka tehtävä on hosting."               after a lead phrase
//	"For hosting we rely on X Ltd (Ireland)."               between a lead and the subject
//	"The service “hosting” is provided by X Ltd (Ireland)." a quoted phrase
//
// Anything else gives no purpose: a sentence that only names the entity says
// nothing of what it does.
func (v *vocab) sentencePurpose(text string, start, parenEnd, end int) string {
	tail := text[parenEnd:max(parenEnd, end)]
	if k := sentenceBreak(tail, false); k >= 0 {
		tail = tail[:k]
	}
	tail = strings.TrimLeft(strings.TrimSpace(tail), ",")
	tail = strings.TrimSpace(tail)
	head := text[:start]
	if k := sentenceBreak(head, true); k >= 0 {
		head = head[k:]
	}
	if k := strings.LastIndexAny(head, ",;:()"); k >= 0 {
		head = head[k+1:]
	}
	head = strings.TrimSpace(head)
	switch {
	case strings.ContainsAny(tail, "()"):
	case strings.Contains(tail, ":"):
		_, after, _ := strings.Cut(tail, ":")
		return purposeText(after)
	default:
		if n := leadLen(tail, v.primary.List(keyProseLead)); n > 0 {
			return purposeText(tail[n:])
		}
	}
	if m := quotedPhrase.FindAllStringSubmatch(head, -1); m != nil {
		return purposeText(m[len(m)-1][1])
	}
	n := leadLen(head, v.primary.List(keyProseLead))
	if n == 0 {
		return ""
	}
	words := strings.Fields(head[n:])
	subjects := v.primary.List(keyProseSubject)
	for p := len(words) - 1; p >= 1; p-- {
		if !slicesContains(subjects, strings.ToLower(words[p])) {
			continue
		}
		if p == len(words)-1 {
			p-- // "Til drift anvender vi": the verb stands before the subject
		}
		return purposeText(strings.Join(words[:p], " "))
	}
	return ""
}

// leadLen is the length of the lead phrase s starts with (whole words), or 0.
func leadLen(s string, leads []string) int {
	lower := strings.ToLower(s)
	best := 0
	for _, l := range leads {
		if len(l) > best && strings.HasPrefix(lower, l) && len(lower) > len(l) && lower[len(l)] == ' ' {
			best = len(l)
		}
	}
	if best == 0 || best >= len(s) {
		return 0
	}
	return best + 1
}

// purposeText trims a purpose read from a sentence; a long or empty one is dropped.
func purposeText(s string) string {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ".!?"))
	s = strings.Trim(s, "„“”\"«» ")
	if s == "" || utf8.RuneCountInString(s) > 160 || !hasLetter(s) {
		return ""
	}
	return s
}

func slicesContains(list []string, w string) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}

// sentenceBreak is the offset just after the first (or, with last, the last)
// sentence end in s: a full stop, "!" or "?" followed by a space or the end,
// after a word that is no abbreviation or legal form ("Inc.", "S.p.A.", "Co.").
// It returns -1 when there is none.
func sentenceBreak(s string, last bool) int {
	found := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' || i+1 < len(s) && s[i+1] != ' ' {
			continue
		}
		w := s[:i+1]
		if k := strings.LastIndexAny(w, " \t"); k >= 0 {
			w = w[k+1:]
		}
		if !sentenceEnd(w) {
			continue
		}
		if !last {
			return i + 1
		}
		found = i + 1
	}
	return found
}

// sentenceEnd: word w ends a sentence; "Inc.", "S.p.A.", "e.g." and short
// capitalised abbreviations ("Co.", "Sp.") do not.
func sentenceEnd(w string) bool {
	w = strings.Trim(w, "\"'“”*»)")
	if w == "" || !strings.ContainsAny(w[len(w)-1:], ".!?") {
		return false
	}
	bare := strings.TrimRight(w, ".!?")
	if bare == "" || strings.Contains(bare, ".") || legalForm.MatchString(w) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(bare)
	if n := utf8.RuneCountInString(bare); n <= 3 && unicode.IsUpper(r) && !isAllUpper(bare) {
		return false // "Co.", "Sp.", "St."
	}
	return true
}

func isAllUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
