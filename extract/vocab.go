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
	headers  []synonym // longest first; primary language before others at equal length
	markers  []string  // section words, folded
	stops    []string
	contacts []string
	ignores  []string
	intros   []string
	notProc  []string
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
	v := &vocab{primary: primary, country: map[string]bool{}}
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
		v.markers = appendFolded(v.markers, s.List(rules.KeySection))
		v.stops = appendFolded(v.stops, s.List(rules.KeyStop))
		v.contacts = appendFolded(v.contacts, s.List(rules.KeyContact))
		v.ignores = appendFolded(v.ignores, s.List(rules.KeyIgnore))
		v.intros = appendFolded(v.intros, s.List(rules.KeyDataIntro))
		v.notProc = appendFolded(v.notProc, s.List(rules.KeyNotProcessor))
		for name := range s.Map(rules.KeyCountry) {
			v.country[fold(name)] = true
		}
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
	for _, s := range v.headers {
		if s.words == h {
			return s.field, true
		}
	}
	for _, s := range v.headers {
		if containsWords(h, s.words) {
			return s.field, true
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
	if f, ok := v.field(l); ok {
		return labelField, f
	}
	if anyEqualOrWords(h, v.contacts) {
		return labelContact, ""
	}
	if anyEqualOrWords(h, v.ignores) {
		return labelIgnore, ""
	}
	return labelNone, ""
}

func anyEqualOrWords(h string, list []string) bool {
	for _, w := range list {
		if h == w || containsWords(h, w) {
			return true
		}
	}
	return false
}

// hasMarker reports whether text announces a sub-processor list.
func (v *vocab) hasMarker(text string) bool {
	f := fold(text)
	for _, m := range v.markers {
		if containsStem(f, m) {
			return true
		}
	}
	return false
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
