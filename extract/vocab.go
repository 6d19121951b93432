package extract

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// vocab is the word knowledge one extraction uses: the rule set of the
// document's language first, then the words of every other language (documents
// mix languages: English column headers in a Danish DPA).
type vocab struct {
	primary       *rules.Set
	exact         map[string]subproc.Field // folded synonym -> field (primary language first)
	maxWords      int                      // words in the longest synonym
	headers       []synonym                // longest first; primary language before others at equal length
	markers       sectionWords
	stops         []string
	contacts      phrases
	ignores       phrases
	intros        phrases
	notProc       phrases
	negation      map[string]bool
	places        phrases // folded EU/EEA and outside-EU words
	headingPlaces phrases // the places of more than one letter
	paren         phrases
	stored        phrases
	foot          footnotePatterns
	all           phrases         // words of sentences about the whole list
	facts         phrases         // storage and legal-basis phrases: what a list-wide sentence may state
	country       map[string]bool // folded country names of every language
}

// sectionWords are the section words (rules.KeySection), folded; a word
// written with a trailing "*" is a stem that matches any word it starts.
type sectionWords struct {
	keys    foldKeys      // a text holds a section word only if it may fold to one with a needle
	needles needles       // a folded text holds a section word only if it contains one of these
	stems   [256][]string // by first byte
	words   phrases       // the section words that are no stems
}

func newSectionWords(markers []string) sectionWords {
	var sw sectionWords
	var plain, trimmed []string
	for _, m := range markers {
		if stem, ok := strings.CutSuffix(m, "*"); ok {
			sw.stems[stem[0]] = append(sw.stems[stem[0]], stem)
			trimmed = append(trimmed, stem)
		} else {
			plain = append(plain, m)
			trimmed = append(trimmed, m)
		}
	}
	sw.words = newPhrases(plain)
	// A text that contains a longer word contains every word inside it: only
	// the words that contain no other one need to be looked for.
	var minimal []string
	for i, t := range trimmed {
		isMinimal := true
		for j, u := range trimmed {
			if j != i && strings.Contains(t, u) && (len(u) < len(t) || j < i) {
				isMinimal = false
				break
			}
		}
		if isMinimal {
			minimal = append(minimal, t)
		}
	}
	sw.needles = newNeedles(minimal)
	sw.keys = newFoldKeys(minimal)
	return sw
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
	var markers, contacts, ignores, intros, notProc, places, paren, stored, all, facts []string
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
				markers = append(markers, f)
			}
		}
		v.stops = appendFolded(v.stops, s.List(rules.KeyStop))
		contacts = appendFolded(contacts, s.List(rules.KeyContact))
		ignores = appendFolded(ignores, s.List(rules.KeyIgnore))
		intros = appendFolded(intros, s.List(rules.KeyDataIntro))
		notProc = appendFolded(notProc, s.List(rules.KeyNotProcessor))
		for _, w := range s.List(rules.KeyNegation) {
			// A two-letter negation of another language is often a plain word of
			// this one (Finnish "ei" is the Nynorsk article "ei"): only the
			// document's own language's short negations count.
			if f := fold(w); isPrimary || utf8.RuneCountInString(f) > 2 {
				v.negation[f] = true
			}
		}
		all = appendFolded(all, s.List(rules.KeyAll))
		facts = appendFolded(facts, s.List(rules.KeyStorage))
		for phrase := range s.Map(rules.KeyLegal) {
			if f := fold(phrase); f != "" {
				facts = append(facts, f)
			}
		}
		paren = appendFolded(paren, s.List(rules.KeyParen))
		stored = appendFolded(stored, s.List(rules.KeyStored))
		places = appendFolded(places, s.List(rules.KeyLocationEU))
		places = appendFolded(places, s.List(rules.KeyLocationWorld))
		for name := range s.Map(rules.KeyCountry) {
			v.country[fold(name)] = true
		}
	}
	v.markers = newSectionWords(markers)
	v.contacts, v.ignores, v.intros, v.notProc = newPhrases(contacts), newPhrases(ignores), newPhrases(intros), newPhrases(notProc)
	v.paren, v.stored, v.all, v.facts = newPhrases(paren), newPhrases(stored), newPhrases(all), newPhrases(facts)
	v.places = newPhrases(places)
	var headingPlaces []string
	for _, p := range places {
		if len(p) > 1 {
			headingPlaces = append(headingPlaces, p)
		}
	}
	v.headingPlaces = newPhrases(headingPlaces)
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
	if h == "" || wordsIn(h) > 9 {
		return "", false
	}
	if f, ok := v.exact[h]; ok {
		return f, true
	}
	// The longest synonym found as whole words; at equal length the first found.
	var buf [16]int
	b := wordBounds(h, buf[:0])
	words := len(b) - 1
	for n := min(v.maxWords, words); n >= 1; n-- {
		for i := 0; i+n <= words; i++ {
			if f, ok := v.exact[h[b[i]:b[i+n]-1]]; ok {
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
	if h == "" || wordsIn(h) > 6 {
		return labelNone, ""
	}
	if f, ok := v.labelField(h); ok {
		return labelField, f
	}
	if v.contacts.label(h) {
		return labelContact, ""
	}
	if v.ignores.label(h) {
		return labelIgnore, ""
	}
	return labelNone, ""
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
	if !v.markers.keys.maybe(text) {
		return false, false // most lines: no need to fold them
	}
	return v.markerFolded(fold(text))
}

// markerFolded is marker of folded text.
func (v *vocab) markerFolded(f string) (found, negated bool) {
	if f == "" || !v.markers.maybeIn(f) {
		return false, false
	}
	negated = true
	var before [3]string // the last words before the current one, most recent last
	nBefore := 0
	for i := 0; i < len(f); {
		end := wordEnd(f, i)
		w := f[i:end]
		if v.markers.at(f, i, w) {
			found = true
			denied := false
			for _, b := range before[len(before)-nBefore:] {
				if v.negation[b] {
					denied = true
				}
			}
			if !denied {
				negated = false
			}
		}
		copy(before[:], before[1:])
		before[len(before)-1] = w
		nBefore = min(nBefore+1, len(before))
		i = end + 1
	}
	return found, found && negated
}

// maybeIn reports whether folded f contains a section word anywhere, on word
// boundaries or not.
func (sw *sectionWords) maybeIn(f string) bool {
	return sw.needles.in(f)
}

// at reports whether a section word starts at the word w of folded f that
// starts at i: w starts with a stem, or a section word is the words from i.
func (sw *sectionWords) at(f string, i int, w string) bool {
	for _, stem := range sw.stems[w[0]] {
		if strings.HasPrefix(w, stem) {
			return true
		}
	}
	return sw.words.at(f, i)
}

// isStop reports whether a heading starts matter that is no sub-processor list.
func (v *vocab) isStop(head string) bool {
	f := fold(head)
	if found, _ := v.markerFolded(f); found {
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
	return v.intros.in(fold(text))
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
	return v.notProc.in(fold(name))
}

// labelField maps a folded block label to a field. Labels are matched more
// strictly than column headers: the label is a synonym, a synonym followed by
// at most three words ("Personoplysninger der behandles"), or one word and a
// synonym ("Fysisk lagringsplats"). "Amazon Web Services" is no label.
func (v *vocab) labelField(h string) (subproc.Field, bool) {
	if f, ok := v.exact[h]; ok {
		return f, true
	}
	var buf [16]int
	b := wordBounds(h, buf[:0])
	n := len(b) - 1
	// A synonym followed by at most three words: longest prefix first.
	for k := min(n-1, v.maxWords); k >= 1 && n-k <= 3; k-- {
		if f, ok := v.exact[h[:b[k]-1]]; ok {
			return f, true
		}
	}
	// One word and a synonym.
	if n >= 2 {
		if f, ok := v.exact[h[b[1]:]]; ok {
			return f, true
		}
	}
	return "", false
}

// isLocationHeading reports whether a heading names a place: an EU/EEA or
// outside-EU phrase, or a country name, possibly with a few other words.
func (v *vocab) isLocationHeading(h string) bool {
	f := fold(h)
	return v.headingPlaces.in(f) || v.namesCountry(f)
}

// parenConvention reads a sentence that says what a trailing parenthesis in
// list items means: "parenLocation" when it speaks of where data is stored,
// "parenCountry" otherwise (the supplier's country), "" when text says nothing.
func (v *vocab) parenConvention(text string) string {
	f := fold(text)
	if !v.paren.in(f) {
		return ""
	}
	if v.stored.in(f) {
		return parenLocation
	}
	return parenCountry
}

const (
	parenLocation = "location"
	parenCountry  = "country"
)

// isListWide reports whether a sentence speaks of the whole list: it holds a
// word meaning "all" ("alle", "samtliga", "all").
func (v *vocab) isListWide(sentence string) bool {
	f := fold(sentence)
	if !v.all.in(f) {
		return false
	}
	// It must state a fact a row can take: a place, storage or a transfer mechanism.
	return v.facts.in(f) || v.places.in(f) || v.namesCountry(f)
}

// namesCountry reports whether folded text holds a country name of any language.
func (v *vocab) namesCountry(f string) bool {
	for i := 0; i < len(f); i = wordEnd(f, i) + 1 {
		end := wordEnd(f, i)
		for k := 1; ; k++ {
			if v.country[f[i:end]] {
				return true
			}
			if k == 4 || end == len(f) {
				break
			}
			end = wordEnd(f, end+1)
		}
	}
	return false
}
