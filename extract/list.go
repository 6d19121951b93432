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
	itemDash  = regexp.MustCompile(`^(.{2,90}?)\s+[–—-]\s+(.+)$`)
	itemColon = regexp.MustCompile(`^(.{2,90}?):\s+(.+)$`)
	trailPar  = regexp.MustCompile(`\s*\(([^()]{2,60})\)\s*\.?$`)
	// nameParen is the last parenthesis of a name, footnote markers allowed after it.
	nameParen  = regexp.MustCompile(`\s*\(([^()]{2,60})\)\s*[*¹²³⁴⁵⁶⁷⁸⁹†‡]*\s*$`)
	manyDigits = regexp.MustCompile(`\d[\d \-.]{3,}\d`)
	itemDot    = mustGuarded(`^(\S.{1,60}?)\.\s+(\p{Lu}.*)$`, ".")
	// packed is one "Name (details)" of a list packed into a sentence or cell.
	packed = mustGuarded(`(?:^|[,;:]\s+|\s(?:and|og|och|und|et|y|e|en|ja|oraz|i)\s+|\s)([\p{Lu}0-9](?:[^,;:()]|,\s(?:Inc|LLC|Ltd|Limited|Corp|GmbH|AB|AS|A/S|S\.A|SAS|B\.V|N\.V|Oy|S\.L|S\.p\.A|Sp\. z o\.o)\b\.?){1,60}?)\s*\(([^()]{2,100})\)`, "(")
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
	if x.v.hasMarker(name) || x.v.isStop(name) {
		return subproc.RawRecord{}, false
	}
	if k, _ := x.v.label(name); k != labelNone {
		return subproc.RawRecord{}, false
	}
	rec := subproc.RawRecord{Name: name}
	parts := map[subproc.Field][]string{}
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

// splitItem cuts a list item into its name and the rest: "Name – rest",
// "Name: rest", "Name. Rest", or a bare name.
func splitItem(t string) (name, rest string, ok bool) {
	head := t[:min(len(t), 110)]
	if strings.Contains(head, " – ") || strings.Contains(head, " — ") || strings.Contains(head, " - ") {
		if m := itemDash.FindStringSubmatch(t); m != nil && looksLikeName(cleanInline(m[1])) {
			return m[1], m[2], true
		}
	}
	if strings.Contains(head, ": ") {
		if m := itemColon.FindStringSubmatch(t); m != nil && looksLikeName(cleanInline(m[1])) {
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

// inlineLists reads lists packed into one sentence or paragraph:
// "Amazon Web Services EMEA SARL (LU; hosting), Twilio Ireland Limited (IE;
// SMS) and Zendesk Inc. (US; support)".
//
// Edge cases: at least two "Name (details)" items in the line; each name must
// read as a name; the details split at ";" into countries (when they name
// countries) and the role, which becomes the purpose.
func (x *doc) inlineLists() []group {
	var out []group
	for i, l := range x.lines {
		if l.blank || l.toc || isTabRow(l) || strings.Count(l.text, "(") < 2 {
			continue
		}
		recs := x.v.packedItems(l.text, subproc.Provenance{Page: l.page, LineStart: l.n, LineEnd: l.n, Layout: "inline-list"})
		if len(recs) >= 2 {
			out = append(out, group{layout: "inline-list", recs: recs, from: i, to: i})
		}
	}
	return out
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
	for i := len(words) - 1; i >= 0; i-- {
		w := strings.Trim(words[i], "\"'“”*")
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
// split at ";" into countries and the role (the purpose). A parenthesis with a
// registration number identifies a company and is not an item.
func (v *vocab) packedItems(text string, prov subproc.Provenance) []subproc.RawRecord {
	var recs []subproc.RawRecord
	for _, m := range packed.FindAllStringSubmatch(text, -1) {
		name := properTail(strings.TrimSpace(cleanInline(m[1])))
		if !looksLikeName(name) || !nameLike(name) || v.hasMarker(name) || manyDigits.MatchString(m[2]) {
			continue
		}
		rec := subproc.RawRecord{Name: name, Prov: prov}
		var role []string
		for _, part := range strings.Split(m[2], ";") {
			part = strings.TrimSpace(part)
			switch {
			case part == "":
			case v.isCountry(part) || isCountryCode(part):
				rec.Country = strings.TrimSpace(strings.Join([]string{rec.Country, part}, " "))
			default:
				role = append(role, part)
			}
		}
		rec.Purpose = strings.Join(role, "; ")
		recs = append(recs, rec)
	}
	return recs
}
