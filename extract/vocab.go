package extract

import (
	"sort"
	"strings"
	"sync"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// vocab is the word knowledge one extraction uses: the rule set of the
// document's language first, then the words of every other language (documents
// mix languages: English column headers in a Danish DPA).
type vocab struct {
	primary  *rules.Set
	exact    map[string]subproc.Field // folded synonym -> field (primary language first)
	maxWords int                      // words in the longest synonym
	headers  []synonym                // longest first; primary language before others at equal length
	markers  []string                 // section words, folded
	stops    []string
	contacts []string
	ignores  []string
	intros   []string
	notProc  []string
	negation map[string]bool
	places   []string // folded EU/EEA and outside-EU words
	paren    []string
	stored   []string
	foot     footnotePatterns
	all      []string        // words of sentences about the whole list
	facts    []string        // storage and legal-basis phrases: what a list-wide sentence may state
	country  map[string]bool // folded country names of every language
}

type synonym struct {
	words   string // folded
	field   subproc.Field
	primary bool
}

var (
	vocabMu    sync.Mutex
	vocabCache = map[string]*vocab{}
)

// vocabFor builds (once per language) the vocabulary with lang's rules first.
func vocabFor(lang string) (*vocab, error) {
	vocabMu.Lock()
	defer vocabMu.Unlock()
	if v, ok := vocabCache[lang]; ok {
		return v, nil
	}
	primary, err := rules.For(lang)
	if err != nil {
		return nil, err
	}
	v := &vocab{primary: primary, country: map[string]bool{}, negation: map[string]bool{}}
	sets := []*rules.Set{primary}
	for _, s := range rules.All() {
		if s.Lang != lang {
			sets = append(sets, s)
		}
	}
	seen := map[string]bool{}
	for _, s := range sets {
		isPrimary := s == primary
		for _, f := range rules.HeaderFields {
			for _, w := range s.Headers(f) {
				fw := fold(w)
				if fw == "" || seen[fw] {
					continue
				}
				seen[fw] = true
				v.headers = append(v.headers, synonym{words: fw, field: f, primary: isPrimary})
			}
		}
		for _, w := range s.List(rules.KeySection) {
			stem := strings.HasSuffix(w, "*")
			if f := fold(w); f != "" {
				if stem {
					f += "*"
				}
				v.markers = append(v.markers, f)
			}
		}
		v.stops = appendFolded(v.stops, s.List(rules.KeyStop))
		v.contacts = appendFolded(v.contacts, s.List(rules.KeyContact))
		v.ignores = appendFolded(v.ignores, s.List(rules.KeyIgnore))
		v.intros = appendFolded(v.intros, s.List(rules.KeyDataIntro))
		v.notProc = appendFolded(v.notProc, s.List(rules.KeyNotProcessor))
		for _, w := range s.List(rules.KeyNegation) {
			v.negation[fold(w)] = true
		}
		v.all = appendFolded(v.all, s.List(rules.KeyAll))
		v.facts = appendFolded(v.facts, s.List(rules.KeyStorage))
		for phrase := range s.Map(rules.KeyLegal) {
			if f := fold(phrase); f != "" {
				v.facts = append(v.facts, f)
			}
		}
		v.paren = appendFolded(v.paren, s.List(rules.KeyParen))
		v.stored = appendFolded(v.stored, s.List(rules.KeyStored))
		v.places = appendFolded(v.places, s.List(rules.KeyLocationEU))
		v.places = appendFolded(v.places, s.List(rules.KeyLocationWorld))
		for name := range s.Map(rules.KeyCountry) {
			v.country[fold(name)] = true
		}
	}
	v.foot = newFootnotePatterns(primary.List(rules.KeyFootnote))
	v.exact = map[string]subproc.Field{}
	for _, h := range v.headers {
		if _, dup := v.exact[h.words]; !dup {
			v.exact[h.words] = h.field
		}
		v.maxWords = max(v.maxWords, len(strings.Fields(h.words)))
	}
	sort.SliceStable(v.headers, func(i, j int) bool {
		a, b := v.headers[i], v.headers[j]
		if len(a.words) != len(b.words) {
			return len(a.words) > len(b.words)
		}
		return a.primary && !b.primary
	})
	vocabCache[lang] = v
	return v, nil
}

func appendFolded(dst, src []string) []string {
	for _, w := range src {
		if f := fold(w); f != "" {
			dst = append(dst, f)
		}
	}
	return dst
}

// field maps a column header or a block label to a field. Exact matches win,
// then the longest synonym found on word boundaries. ok is false for text that
// names no field (or is too long to be a header).
func (v *vocab) field(header string) (subproc.Field, bool) {
	h := fold(cleanInline(header))
	if h == "" || len(strings.Fields(h)) > 9 {
		return "", false
	}
	if f, ok := v.exact[h]; ok {
		return f, true
	}
	// The longest synonym found as whole words; at equal length the first found.
	words := strings.Fields(h)
	for n := min(v.maxWords, len(words)); n >= 1; n-- {
		for i := 0; i+n <= len(words); i++ {
			if f, ok := v.exact[strings.Join(words[i:i+n], " ")]; ok {
				return f, true
			}
		}
	}
	return "", false
}

// label classifies the label of a "Label: value" line.
type labelKind int

const (
	labelNone    labelKind = iota
	labelField             // a field of the row
	labelIgnore            // belongs to the block, no field (phone, web, updated)
	labelContact           // a contact-person block: not a sub-processor
)

func (v *vocab) label(l string) (labelKind, subproc.Field) {
	h := fold(cleanInline(l))
	if h == "" || len(strings.Fields(h)) > 6 {
		return labelNone, ""
	}
	if f, ok := v.labelField(h); ok {
		return labelField, f
	}
	if labelIs(h, v.contacts) {
		return labelContact, ""
	}
	if labelIs(h, v.ignores) {
		return labelIgnore, ""
	}
	return labelNone, ""
}

// labelIs reports whether folded label h is one of words, possibly with two
// more words after it or one before it ("sidst opdateret", "e-mail privat").
func labelIs(h string, words []string) bool {
	n := len(strings.Fields(h))
	for _, w := range words {
		k := len(strings.Fields(w))
		if h == w || strings.HasPrefix(h, w+" ") && n-k <= 2 || strings.HasSuffix(h, " "+w) && n-k <= 1 {
			return true
		}
	}
	return false
}

func anyEqualOrWords(h string, list []string) bool {
	for _, w := range list {
		if h == w || containsWords(h, w) {
			return true
		}
	}
	return false
}

// hasMarker reports whether text announces a sub-processor list (a section
// word, negated or not).
func (v *vocab) hasMarker(text string) bool {
	found, _ := v.marker(text)
	return found
}

// marker reports whether text holds a section word, and whether every such
// word in it is denied by a negation within the two words before it
// ("er ikke underdatabehandlere", "not a third-party sub-processor").
func (v *vocab) marker(text string) (found, negated bool) {
	f := fold(text)
	if f == "" {
		return false, false
	}
	any := false
	for _, m := range v.markers {
		if strings.Contains(f, strings.TrimSuffix(m, "*")) {
			any = true
			break
		}
	}
	if !any {
		return false, false
	}
	words := strings.Fields(f)
	negated = true
	for i, w := range words {
		hit := false
		for _, m := range v.markers {
			if stem, ok := strings.CutSuffix(m, "*"); ok {
				hit = strings.HasPrefix(w, stem)
			} else if strings.HasPrefix(m, w) {
				k := len(strings.Fields(m))
				hit = i+k <= len(words) && strings.Join(words[i:i+k], " ") == m
			}
			if hit {
				break
			}
		}
		if !hit {
			continue
		}
		found = true
		denied := false
		for k := max(0, i-3); k < i; k++ {
			if v.negation[words[k]] {
				denied = true
			}
		}
		if !denied {
			negated = false
		}
	}
	return found, found && negated
}

// isStop reports whether a heading starts matter that is no sub-processor list.
func (v *vocab) isStop(head string) bool {
	f := fold(head)
	if v.hasMarker(head) {
		return false
	}
	for _, s := range v.stops {
		if containsStem(f, s) {
			return true
		}
	}
	return false
}

// isIntro reports whether a sentence introduces a list of personal-data categories.
func (v *vocab) isIntro(text string) bool {
	f := fold(text)
	for _, s := range v.intros {
		if containsWords(f, s) {
			return true
		}
	}
	return false
}

// isCountry reports whether text is a country name in any language.
func (v *vocab) isCountry(text string) bool {
	f := fold(text)
	if f == "" {
		return false
	}
	if v.country[f] {
		return true
	}
	for _, part := range splitCountries(text) {
		if !v.country[fold(part)] {
			return false
		}
	}
	return true
}

func splitCountries(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' || r == ';' || r == '&' })
	var out []string
	for _, p := range parts {
		for _, q := range strings.Split(p, " og ") {
			for _, r := range strings.Split(q, " and ") {
				if r = strings.TrimSpace(r); r != "" {
					out = append(out, r)
				}
			}
		}
	}
	if len(out) < 1 {
		return nil
	}
	return out
}

// isNotProcessor reports whether a name is an authority or other non-processor.
func (v *vocab) isNotProcessor(name string) bool {
	f := fold(name)
	for _, w := range v.notProc {
		if containsWords(f, w) {
			return true
		}
	}
	return false
}

// labelField maps a folded block label to a field. Labels are matched more
// strictly than column headers: the label is a synonym, a synonym followed by
// at most three words ("Personoplysninger der behandles"), or one word and a
// synonym ("Fysisk lagringsplats"). "Amazon Web Services" is no label.
func (v *vocab) labelField(h string) (subproc.Field, bool) {
	if f, ok := v.exact[h]; ok {
		return f, true
	}
	words := strings.Fields(h)
	n := len(words)
	// A synonym followed by at most three words: longest prefix first.
	for k := min(n-1, v.maxWords); k >= 1 && n-k <= 3; k-- {
		if f, ok := v.exact[strings.Join(words[:k], " ")]; ok {
			return f, true
		}
	}
	// One word and a synonym.
	if n >= 2 {
		if f, ok := v.exact[strings.Join(words[1:], " ")]; ok {
			return f, true
		}
	}
	return "", false
}

// isLocationHeading reports whether a heading names a place: an EU/EEA or
// outside-EU phrase, or a country name, possibly with a few other words.
func (v *vocab) isLocationHeading(h string) bool {
	f := fold(h)
	for _, p := range v.places {
		if len(p) > 1 && containsWords(f, p) {
			return true
		}
	}
	return v.namesCountry(f)
}

// parenConvention reads a sentence that says what a trailing parenthesis in
// list items means: "parenLocation" when it speaks of where data is stored,
// "parenCountry" otherwise (the supplier's country), "" when text says nothing.
func (v *vocab) parenConvention(text string) string {
	f := fold(text)
	if !anyWordStem(f, v.paren) {
		return ""
	}
	if anyWordStem(f, v.stored) {
		return parenLocation
	}
	return parenCountry
}

const (
	parenLocation = "location"
	parenCountry  = "country"
)

func anyWordStem(f string, list []string) bool {
	for _, w := range list {
		if containsWords(f, w) {
			return true
		}
	}
	return false
}

// isListWide reports whether a sentence speaks of the whole list: it holds a
// word meaning "all" ("alle", "samtliga", "all").
func (v *vocab) isListWide(sentence string) bool {
	f := fold(sentence)
	if !anyWordStem(f, v.all) {
		return false
	}
	// It must state a fact a row can take: a place, storage or a transfer mechanism.
	return anyWordStem(f, v.facts) || anyWordStem(f, v.places) || v.namesCountry(f)
}

// namesCountry reports whether folded text holds a country name of any language.
func (v *vocab) namesCountry(f string) bool {
	words := strings.Fields(f)
	for i := range words {
		for j := i + 1; j <= len(words) && j <= i+4; j++ {
			if v.country[strings.Join(words[i:j], " ")] {
				return true
			}
		}
	}
	return false
}
