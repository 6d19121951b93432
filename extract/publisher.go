package extract

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// roleQuote: the line naming the party that is the processor ('er "databehandleren"', '("the Processor")').
	roleQuote = regexp.MustCompile(`(?i)(databehandleren|databehandlaren|personuppgiftsbiträdet|leverantören|the processor|auftragsverarbeiter|le sous-traitant|verwerker)["”»)]`)
	// roleSentence: "Ekonomiverket Digital AB är personuppgiftsbiträde", "Acme ApS er databehandler".
	roleSentence = regexp.MustCompile(`(?:^|[.:]\s+)((?:[\p{Lu}][\p{L}&.\-]*\s){0,5}(?:A/S|ApS|AS|ASA|AB|Oy|GmbH|Ltd|Limited|Inc\.?|LLC|B\.V\.|SARL|SAS|SE))\s+(?:är|er|is|acts as|agit en tant que|ist)\s+(?:(?:vores|vår|our|the|a|en|et|ett)\s+)?(?:personuppgiftsbiträde|databehandler|databehandlar|processor|data processor|sous-traitant|auftragsverarbeiter)`)
	// roleWords: a roleSentence holds one of them as written.
	roleWords = []string{"personuppgiftsbiträde", "databehandl", "processor", "sous-traitant", "auftragsverarbeiter"}
	// orgForms: a roleSentence or an orgWithNo holds one of these legal forms as written.
	orgForms  = []string{"A/S", "ApS", "AS", "AB", "Oy", "GmbH", "Ltd", "Limited", "Inc", "LLC", "B.V.", "SARL", "SE"}
	orgWithNo = mustGuarded(`([\p{Lu}][\p{L}&.\- ]{1,60}?\s(?:A/S|ApS|AS|ASA|AB|Oy|GmbH|Ltd|Limited|Inc|LLC|B\.V\.|SARL|SAS))\s*\(\s*(?i:org\.?\s?nr\.?\s*|cvr\s*|reg\.?\s?(?:nr|no)\.?\s*|company (?:no|number)\.?\s*)?[0-9][0-9 \-]{5,}\)`, digits, orgForms...)
)

// publisher guesses who published the document: the party named as processor
// in a DPA preamble, else the first company written with its registration
// number, else the leading word of the title when the text repeats it.
func (x *doc) publisher() string {
	ls := x.lines
	limit := min(len(ls), 120)
	for i := 0; i < limit; i++ {
		if len(ls[i].text) > 60 || !strings.ContainsAny(ls[i].text, `"”»)`) || !roleQuote.MatchString(ls[i].text) {
			continue
		}
		// The party block sits just above: take its first line with a legal form or a capital.
		for j := i - 1; j >= 0 && j >= i-8; j-- {
			if ls[j].blank {
				continue
			}
			start := j
			for start > 0 && !ls[start-1].blank {
				start--
			}
			if t := ls[start].text; looksLikeName(t) {
				return t
			}
			break
		}
	}
	for i := 0; i < limit; i++ {
		if !containsAny(ls[i].text, roleWords) || !containsAny(ls[i].text, orgForms) {
			continue // cheap test before the expensive pattern
		}
		if m := roleSentence.FindStringSubmatch(ls[i].text); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	for i := 0; i < limit; i++ {
		if !strings.Contains(ls[i].text, "(") {
			continue
		}
		if m := orgWithNo.FindStringSubmatch(ls[i].text); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	// The title's leading word, when the document repeats it (genitive -s dropped).
	for i := 0; i < limit; i++ {
		if ls[i].blank || strings.Contains(ls[i].raw, "\t") {
			continue
		}
		w := strings.Fields(cleanInline(strings.TrimLeft(ls[i].text, "# ")))
		if len(w) == 0 {
			break
		}
		first := strings.Trim(w[0], ":,.")
		r := []rune(first)
		if len(r) < 3 || !unicode.IsUpper(r[0]) {
			break
		}
		text := strings.Join(linesText(ls[i+1:]), "\n")
		for _, cand := range []string{first, strings.TrimSuffix(strings.TrimSuffix(first, "s"), "'")} {
			if cand != "" && strings.Count(text, cand) >= 2 {
				return cand
			}
		}
		break
	}
	return ""
}

func linesText(ls []line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.text
	}
	return out
}

// ownEntities returns the folded names of the publisher and of the companies
// its preamble registers together with it ("Bluerange Technologies AB
// (556533-2201) med tillhörande bolag Bluerange Sweden AB (556809-9492)"):
// companies sharing the publisher's first word and written with a
// registration number before any sub-processor list. They are never rows.
func (x *doc) ownEntities(publisher string) map[string]bool {
	out := map[string]bool{}
	if publisher == "" {
		return out
	}
	out[fold(publisher)] = true
	first := strings.Fields(fold(publisher))[0]
	if len(first) >= 4 {
		out[first+" *"] = true // every company named "<first word> ..." belongs to the publisher's group
	}
	for i := 0; i < len(x.lines) && i < 150; i++ {
		if !strings.Contains(x.lines[i].text, "(") {
			continue
		}
		for _, m := range orgWithNo.FindAllStringSubmatch(x.lines[i].text, -1) {
			if f := fold(m[1]); strings.HasPrefix(f, first+" ") {
				out[f] = true
			}
		}
		// Name lines directly followed by a registration-number line.
		if i+1 < len(x.lines) && regNoLabel.MatchString(x.lines[i+1].text) {
			if f := fold(x.lines[i].text); strings.HasPrefix(f, first+" ") {
				out[f] = true
			}
		}
	}
	return out
}

// isOwn reports whether a row's name is the publisher or one of its group companies.
func isOwn(own map[string]bool, name string) bool {
	f := fold(name)
	if own[f] {
		return true
	}
	for k := range own {
		if p, ok := strings.CutSuffix(k, " *"); ok && (f == p || strings.HasPrefix(f, p+" ")) {
			return true
		}
	}
	return false
}
