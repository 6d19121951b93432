package normalize

import (
	"cmp"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// Locations returns where a row's data is stored or processed: ISO codes,
// subproc.LocationEU and subproc.LocationWorld, in order of appearance.
//
// label is an explicit location cell or label; every place in it counts
// ("EU/EES och utanför EU" -> EU, WORLD), except a region word in a parenthesis
// that only describes the place before it ("Tyskland (Mailguns EU-region)" -> DE).
//
// When label is empty or names no place, text (purpose and notes) is read for
// storage statements, and the first that names a place counts:
//   - a storage phrase and the list of places right after it, within a few words
//     of the same sentence ("Data lagres i EU og sikkerhetskopieres i Nederland"
//     -> EU; "lagras på servrar i Falkenstein, Tyskland" -> DE);
//   - a transfer phrase and a country after it ("Överföringen till USA" -> US;
//     "Overførsel til tredjeland" names no country and does not count);
//   - a place right before a storage noun ("EU data residency" -> EU, "AWS
//     London region" -> GB), or the places after the noun when the place before
//     is only a region word ("Mailguns EU-region i Tyskland" -> DE).
//
// A region word narrows to the country, city or cloud region in a parenthesis
// right after it ("EU (Amsterdam)" -> NL, "dataregion EU-WEST (Irland)" -> IE) or
// in a storage noun that follows it ("hosted in Zoho's EU data centres in the
// Netherlands and Ireland" -> NL, IE). A world word after an also-word means the
// EU and beyond ("Även utanför EU/EES" -> EU, WORLD). A statement shortly after a
// negation ("ingen data lagres i", "nicht in den USA gespeichert"), or whose
// lead words speak of a rule ("behandles i overensstemmelse med EU-retten"),
// does not count. Languages that put the participle last ("in Deutschland
// gespeichert", "in Nederland opgeslagen") list it as a storage noun.
func Locations(label, text string, rs *rules.Set) []string {
	return compile(rs).locations(Text(label), &matchText{s: Text(text)})
}

// locations is Locations of a clean label and text.
func (c *compiled) locations(label string, text *matchText) []string {
	if out, _ := c.places(label, false); len(out) > 0 {
		return out
	}
	return c.storedIn(text)
}

// statement is a storage phrase, a transfer phrase or a storage noun in a text.
type statement struct {
	start, end int
	kind       int
}

const (
	stmtStorage = iota
	stmtTransfer
	stmtNoun
)

// statements returns the storage statements of t in order.
func (c *compiled) statements(t *matchText) []statement {
	var out []statement
	for k, d := range []*dict{stmtStorage: c.storage, stmtTransfer: c.transfer, stmtNoun: c.after} {
		for _, m := range d.findIn(t) {
			out = append(out, statement{m.start, m.end, k})
		}
	}
	slices.SortStableFunc(out, func(a, b statement) int { return cmp.Compare(a.start, b.start) })
	return out
}

// storedIn returns the places of the first storage statement of text that has any.
func (c *compiled) storedIn(text *matchText) []string {
	t := text.s
	stmts := c.statements(text)
	var tokens []place // the places of all of t, read when a storage noun needs them
	for i, s := range stmts {
		if c.negated(t[:s.start]) {
			continue
		}
		if s.kind == stmtNoun {
			// "nicht in den USA gespeichert": the negation stands before the place.
			if tokens == nil {
				tokens = c.placeTokensIn(text, false)
			}
			if b, ok := placeBefore(t, s, tokens); ok && c.negated(t[:b.start]) {
				continue
			}
		}
		var out []string
		last := -1 // start of the last place of out
		switch s.kind {
		case stmtStorage:
			var end int
			out, end = c.places(window(t[s.end:]), true)
			last = s.end + end
		case stmtTransfer:
			out, _ = c.places(window(t[s.end:]), true)
			out = specific(out)
		case stmtNoun:
			if tokens == nil {
				tokens = c.placeTokensIn(text, false)
			}
			out = c.nounPlaces(t, s, tokens)
		}
		if len(out) == 0 {
			continue
		}
		if len(specific(out)) == 0 {
			// "hosted in Zoho's EU data centres in the Netherlands": a storage noun
			// right after the region word says which countries.
			for _, n := range stmts[i+1:] {
				if n.kind != stmtNoun || n.start-last > 40 {
					continue
				}
				if tokens == nil {
					tokens = c.placeTokensIn(text, false)
				}
				if b, ok := placeBefore(t, n, tokens); ok && b.start == last {
					if narrowed := specific(c.nounPlaces(t, n, tokens)); len(narrowed) > 0 {
						return narrowed
					}
				}
			}
		}
		return out
	}
	return nil
}

// nounPlaces reads a storage noun: the place right before it, or, when that is
// only a region word or missing, the places after it.
func (c *compiled) nounPlaces(t string, n statement, tokens []place) []string {
	after, _ := c.places(window(t[n.end:]), true)
	b, ok := placeBefore(t, n, tokens)
	switch {
	case !ok:
		return after
	case isPlace(b.kind):
		return []string{b.code}
	case b.kind == kindEU || b.kind == kindWorld:
		if len(specific(after)) > 0 {
			return specific(after)
		}
		return []string{b.code}
	}
	return nil
}

// placeBefore returns the place right before a storage noun: "EU data
// residency", "EU-region", "eu-west-1 (Ireland) region".
func placeBefore(t string, n statement, tokens []place) (place, bool) {
	i := sort.Search(len(tokens), func(i int) bool { return tokens[i].end > n.start }) - 1
	if i < 0 {
		return place{}, false
	}
	p := tokens[i]
	if strings.Trim(t[p.end:n.start], " -)") != "" || p.kind == kindAlso {
		return place{}, false
	}
	return p, true
}

// specific keeps the codes that name a country.
func specific(codes []string) []string {
	var out []string
	for _, c := range codes {
		if c != subproc.LocationEU && c != subproc.LocationWorld {
			out = append(out, c)
		}
	}
	return out
}

// window cuts the text after a storage phrase to the stretch a list of places
// can occupy.
func window(s string) string { return head(s, 400) }

// head returns at most the first n bytes of s, cut at a rune boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// tail returns at most the last n bytes of s, cut at a rune boundary.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// lastSentenceEnd returns the end of the last sentence end in s, a full stop,
// semicolon, "!" or "?" before whitespace or at the end (`[.;!?](?:\s|$)`), or -1.
func lastSentenceEnd(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '.', ';', '!', '?':
			if i+1 == len(s) {
				return i + 1
			}
			switch s[i+1] {
			case '\t', '\n', '\f', '\r', ' ':
				return i + 2
			}
		}
	}
	return -1
}

// negated reports whether one of the last three words of before's last
// sentence is a negation.
func (c *compiled) negated(before string) bool {
	before = tail(before, 120) // three words and a sentence end
	if end := lastSentenceEnd(before); end >= 0 {
		before = before[end:]
	}
	return c.hasNegation(lastFields(before, 3))
}

// hasNegation reports whether s holds a negation word; one that prefixes a
// hyphenated word ("non-EU customers") negates nothing.
func (c *compiled) hasNegation(s string) bool {
	for _, m := range c.negation.find(s) {
		if !strings.HasPrefix(s[m.end:], "-") {
			return true
		}
	}
	return false
}

// place is a location word found in a text.
type place struct {
	start, end int
	code       string // ISO code, LocationEU or LocationWorld; "" for an also-word
	kind       kind
	iso        bool // an ISO code as written, not a name
}

// placeTokens returns the location words of s in order: dictionary phrases and
// upper-case ISO codes ("US", "DE") standing alone. In a running text (strict)
// a code counts only where a list could go on after it, so that "IT-systemer"
// or "stored in IT systems" name no country.
func (c *compiled) placeTokens(s string, strict bool) []place {
	return c.placeTokensIn(&matchText{s: s}, strict)
}

// placeTokensIn is placeTokens of a text that other dictionaries read too.
func (c *compiled) placeTokensIn(text *matchText, strict bool) []place {
	s := text.s
	var out []place
	for _, m := range c.loc.findIn(text) {
		p := place{start: m.start, end: m.end, code: m.value, kind: m.kind}
		switch m.kind {
		case kindEU:
			p.code = subproc.LocationEU
		case kindWorld:
			p.code = subproc.LocationWorld
		case kindAlso:
			p.code = ""
		}
		out = append(out, p)
	}
	codes := c.isoTokens(s, strict)
	if len(codes) == 0 {
		return out
	}
	merged := make([]place, 0, len(out)+len(codes))
	i := 0
	for _, p := range codes {
		for i < len(out) && out[i].start < p.start {
			merged = append(merged, out[i])
			i++
		}
		if i < len(out) && out[i].start < p.end || len(merged) > 0 && merged[len(merged)-1].end > p.start {
			continue // inside a phrase
		}
		merged = append(merged, p)
	}
	return append(merged, out[i:]...)
}

// isoTokens finds two upper-case ASCII letters between non-letters that some
// country entry maps to.
func (c *compiled) isoTokens(s string, strict bool) []place {
	var out []place
	for i := 0; i+1 < len(s); i++ {
		if !isUpper(s[i]) || !isUpper(s[i+1]) {
			continue
		}
		if i > 0 && wordBefore(s[:i]) {
			continue
		}
		end := i + 2
		if end < len(s) && wordAfter(s[end:]) {
			i = end
			continue
		}
		code := s[i:end]
		if c.codes[code] && !(end < len(s) && s[end] == '-' && end+1 < len(s) && wordAfter(s[end+1:])) &&
			(!strict || c.listMayFollow(s[end:])) {
			out = append(out, place{start: i, end: end, code: code, kind: kindCountry, iso: true})
		}
		i = end
	}
	return out
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

func wordBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isWord(r)
}

func wordAfter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWord(r)
}

// listMayFollow reports whether rest, the text after a place, ends the list or
// goes on with a joining word or sign.
func (c *compiled) listMayFollow(rest string) bool {
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	if rest == "" || strings.ContainsRune(".,;:)/!?&+", rune(rest[0])) {
		return true
	}
	ms := c.join.find(rest)
	return len(ms) > 0 && ms[0].start == 0
}

// joins reports whether gap, the text between two places, only joins them:
// joining words and signs ("og", "and", ",", "/") and parentheses.
func (c *compiled) joins(gap string) bool {
	ms := c.join.find(gap)
	for i, r := range gap {
		for len(ms) > 0 && ms[0].end <= i {
			ms = ms[1:]
		}
		if len(ms) > 0 && ms[0].start <= i {
			continue
		}
		if !unicode.IsSpace(r) && r != '(' && r != ')' {
			return false
		}
	}
	return true
}

// qualifier matches the text between a region word and a parenthesis that may
// narrow it: "-WEST (", " West (", " (".
var qualifier = regexp.MustCompile(`^(?:-[\p{L}\p{N}]+)*(?:\s+([\p{L}\p{N}]+))?\s*\(\s*$`)

// leadMaxWords is how many words may stand between a storage phrase and the
// first place ("lagres i datasentre i Irland").
const leadMaxWords = 5

// places reads the places of s and returns them with the offset in s where the
// last one starts (-1 when none). In a running text (strict, s starts right after
// a storage phrase) the first place must come within a few words and the same
// sentence, and the list ends at the first gap that is not a join.
func (c *compiled) places(s string, strict bool) ([]string, int) {
	if s == "" {
		return nil, -1
	}
	var out []string
	last := -1
	prevEnd := 0
	started := false
	narrowable := false // out's last code is a region word a parenthesis may narrow
	specificLast := false
	also := false // an also-word stands right before
	for _, p := range c.placeTokens(s, strict) {
		gap := s[prevEnd:p.start]
		if !started {
			if strict && !c.leadGap(gap) {
				return nil, -1
			}
		} else if q := qualifier.FindStringSubmatch(gap); q != nil && narrowable && isPlace(p.kind) &&
			(q[1] == "" || !c.joins(q[1])) {
			out[len(out)-1] = p.code
			narrowable, specificLast = false, true
			prevEnd, last = p.end, p.start
			continue
		} else if specificLast && (p.kind == kindEU || p.kind == kindWorld) && opensParen(gap) {
			// "Tyskland (Mailguns EU-region)": the region word only describes the place.
			prevEnd = p.end
			continue
		} else if also && p.kind == kindWorld && strings.TrimSpace(gap) == "" {
			// the also-word belongs to this world word
		} else if strict && !c.joins(gap) {
			break
		}
		started = true
		prevEnd = p.end
		switch p.kind {
		case kindAlso:
			also = true
			continue
		case kindEU:
			if narrowable && len(out) > 0 && strings.Trim(gap, " /-") == "" && strings.ContainsAny(gap, "/-") {
				continue // "EU/EØS", "utanför EU/EES": one region
			}
			out = append(out, p.code)
			narrowable, specificLast = true, false
		case kindWorld:
			if also && strings.TrimSpace(gap) == "" {
				out = append(out, subproc.LocationEU)
			}
			out = append(out, p.code)
			narrowable, specificLast = true, false
		default:
			out = append(out, p.code)
			narrowable, specificLast = false, true
		}
		last = p.start
		also = false
	}
	return dedupe(out), last
}

// opensParen reports whether gap opens a parenthesis that it does not close.
func opensParen(gap string) bool {
	i := strings.LastIndexByte(gap, '(')
	return i >= 0 && !strings.Contains(gap[i:], ")")
}

func isPlace(k kind) bool { return k == kindCountry || k == kindCity || k == kindRegion }

// leadGap reports whether gap may stand between a storage phrase and the first
// place: a few words of the same sentence ("lagres på servere i Falkenstein, "),
// none that denies the statement or turns it into one about a rule ("processed
// in accordance with EU law").
func (c *compiled) leadGap(gap string) bool {
	return !(strings.ContainsAny(gap, ".!?;") && sentenceBreak.MatchString(gap)) && wordCount(gap) <= leadMaxWords &&
		len(c.stop.find(gap)) == 0 && !c.hasNegation(gap)
}

// sentenceBreak is the end of a sentence in a gap: a full stop, "!" or "?"
// before a capital or at the gap's end, or a semicolon. An abbreviation
// before a lower-case word reads on ("behandlas av Stripe, Inc. i USA").
var sentenceBreak = regexp.MustCompile(`[.!?]+\s+\p{Lu}|[.!?]+\s*$|;`)

func dedupe(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
