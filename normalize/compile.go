package normalize

import (
	"sort"
	"sync"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// Keys this package reads beyond rules.RequiredKeys. Each is a plain list unless
// its name starts with "map.".
const (
	// Words that put a following world word next to the EU ("även utanför EU/EES").
	keyLocationAlso = "location.also"
	// Words and signs that may join two places in a list ("EU og USA", "Holland/Irland").
	keyLocationJoin = "location.join"
	// Words that, shortly before a storage phrase, deny it ("ingen data lagres i").
	keyNegation = "negation"
	// Words that, between a storage phrase and a place, show it speaks of a rule
	// ("behandles i overensstemmelse med EU-retten").
	keyStorageStop = "storage.stop"
	// Nouns that, right after a place, say data is kept there ("EU data residency").
	keyStorageAfter = "storage.after"
	// Phrases after which a transfer destination follows ("overføres til").
	keyTransfer = "transfer"
	// Legal phrases that count in a legal-basis cell but not in running text ("consent").
	keyLegalLabelOnly = "legal.label-only"
	// Map: city as written = ISO code.
	keyCity = "map.city"
	// Map: cloud region identifier = ISO code.
	keyRegion = "map.region"
	// Words alone in a trailing parenthesis that are part of a name ("publ").
	keyNameKeep = "name.keep"
	// Words opening a parenthesis that gives a former name ("formerly").
	keyAliasFormer = "alias.former"
	// Words opening a parenthesis that gives another name ("d/b/a", "hereinafter").
	keyAliasAKA = "alias.aka"
)

// compiled is the matching machinery built from one rule set and the words of
// every other language, which documents mix in ("Standard Contractual Clauses"
// in a Norwegian list, "Irland" in an English address); where two languages
// map a phrase differently, the set's own language wins. It is built once per
// *rules.Set and shared.
//
// The dictionaries of every language together are large (some 9,000 phrases),
// so sets share one copy of them: a set gets dictionaries of its own only if
// one of its phrases means something else in the shared copy, which the rules
// tests rule out for places and legal phrases. Negations and rule words are
// always the set's own (see build).
type compiled struct {
	loc       *dict // countries, cities, regions, EU and world words, also words
	storage   *dict
	after     *dict // storage.after
	transfer  *dict
	stop      *dict // storage.stop
	legal     *dict // every legal phrase, for cells
	legalText *dict // legal phrases that count in running text
	negation  *dict
	join      *dict
	notProc   *dict
	former    *dict
	aka       *dict
	keep      map[string]bool
	codes     map[string]bool // every ISO code some [country] entry maps to
	home      string          // the country the document's language implies ("sv" -> SE), "" if none
}

// homes maps a language to the country whose postcodes and number formats a
// document in it most likely uses.
var homes = map[string]string{"da": "DK", "nb": "NO", "nn": "NO", "no": "NO", "sv": "SE", "fi": "FI", "is": "IS",
	"de": "DE", "fr": "FR", "nl": "NL", "es": "ES", "it": "IT", "pl": "PL", "pt": "PT"}

var (
	cache      sync.Map // *rules.Set -> *compiled
	sharedOnce sync.Once
	shared     *compiled // the dictionaries of every language, in Languages order
)

// compile returns the matching machinery of rs, building it on first use.
// rs may be nil: then every language counts alike.
func compile(rs *rules.Set) *compiled {
	if c, ok := cache.Load(rs); ok {
		return c.(*compiled)
	}
	c, _ := cache.LoadOrStore(rs, build(rs))
	return c.(*compiled)
}

// sets returns rs followed by the sets of every other language with rules.
// Languages whose rules fail to load are left out: normalisation never fails.
func sets(rs *rules.Set) []*rules.Set {
	var out []*rules.Set
	if rs != nil {
		out = append(out, rs)
	}
	for _, l := range rules.Languages() {
		s, err := rules.For(l)
		if err != nil || s == rs {
			continue
		}
		out = append(out, s)
	}
	return out
}

// build returns the machinery of rs: the shared dictionaries unless rs
// disagrees with them, and the set's own negations, rule words and home.
func build(rs *rules.Set) *compiled {
	sharedOnce.Do(func() { shared = buildDicts(sets(nil)) })
	var c compiled
	if rs == nil || !disagrees(rs, shared) {
		c = *shared
	} else {
		c = *buildDicts(sets(rs))
	}
	c.negation, c.stop = &dict{}, &dict{inflect: true}
	// Negations and rule words are short common words that mean something else
	// in the next language (Finnish "ei" is Norwegian "a", Italian "base" an
	// English noun): they come from the document's language and English only,
	// and a word the document's language uses to join places ("no", Portuguese
	// "in the") is no negation there. Without a language, every language counts.
	own := sets(nil)
	joins := map[string]bool{}
	if rs != nil {
		c.home = homes[rs.Lang]
		own = []*rules.Set{rs}
		if en, err := rules.For("en"); err == nil && en != rs {
			own = append(own, en)
		}
		for _, w := range rs.List(keyLocationJoin) {
			joins[string(foldPhrase(w))] = true
		}
	}
	for _, s := range own {
		for _, phrase := range s.List(keyNegation) {
			if !joins[string(foldPhrase(phrase))] {
				c.negation.add(phrase, entry{})
			}
		}
		for _, phrase := range s.List(keyStorageStop) {
			c.stop.add(phrase, entry{})
		}
	}
	return &c
}

// disagrees reports whether a place or legal phrase of rs maps to another
// value in c, so that rs needs dictionaries where its own phrases win.
func disagrees(rs *rules.Set, c *compiled) bool {
	for _, k := range []struct {
		key rules.Key
		d   *dict
	}{{rules.KeyCountry, c.loc}, {keyRegion, c.loc}, {keyCity, c.loc}, {rules.KeyLegal, c.legal}} {
		for phrase, v := range rs.Map(k.key) {
			if e := k.d.lookup(phrase); e != nil && e.value != v {
				return true
			}
		}
	}
	return false
}

// buildDicts builds the dictionaries of all, earlier sets first.
func buildDicts(all []*rules.Set) *compiled {
	c := &compiled{
		loc: &dict{}, storage: &dict{}, after: &dict{}, transfer: &dict{}, legal: &dict{inflect: true},
		legalText: &dict{inflect: true}, join: &dict{}, notProc: &dict{inflect: true}, former: &dict{}, aka: &dict{},
		keep: map[string]bool{}, codes: map[string]bool{},
	}
	valid := map[string]bool{}
	for _, v := range subproc.LegalBases {
		valid[v] = true
	}
	// Earlier sets win where two languages map one phrase differently; within
	// the location dictionary, countries win over regions, regions over cities.
	addMap := func(d *dict, key rules.Key, k kind, ok func(string) bool) {
		for _, s := range all {
			m := s.Map(key)
			for _, phrase := range sortedKeys(m) {
				if ok(m[phrase]) {
					d.add(phrase, entry{value: m[phrase], kind: k})
				}
			}
		}
	}
	addList := func(d *dict, key rules.Key, k kind) {
		for _, s := range all {
			for _, phrase := range s.List(key) {
				d.add(phrase, entry{kind: k})
			}
		}
	}
	isCode := func(v string) bool { return isISOShape(v) }
	addMap(c.loc, rules.KeyCountry, kindCountry, isCode)
	addMap(c.loc, keyRegion, kindRegion, isCode)
	addMap(c.loc, keyCity, kindCity, isCode)
	addList(c.loc, rules.KeyLocationEU, kindEU)
	addList(c.loc, rules.KeyLocationWorld, kindWorld)
	addList(c.loc, keyLocationAlso, kindAlso)
	labelOnly := map[string]bool{}
	for _, s := range all {
		for _, p := range s.List(keyLegalLabelOnly) {
			labelOnly[string(foldPhrase(p))] = true
		}
	}
	addMap(c.legal, rules.KeyLegal, kindNone, func(v string) bool { return valid[v] })
	for _, s := range all {
		m := s.Map(rules.KeyLegal)
		for _, phrase := range sortedKeys(m) {
			if valid[m[phrase]] && !labelOnly[string(foldPhrase(phrase))] {
				c.legalText.add(phrase, entry{value: m[phrase]})
			}
		}
	}
	addList(c.storage, rules.KeyStorage, kindNone)
	addList(c.after, keyStorageAfter, kindNone)
	addList(c.transfer, keyTransfer, kindNone)
	addList(c.join, keyLocationJoin, kindNone)
	addList(c.notProc, rules.KeyNotProcessor, kindNone)
	addList(c.former, keyAliasFormer, kindNone)
	addList(c.aka, keyAliasAKA, kindNone)
	for _, s := range all {
		for _, v := range s.Map(rules.KeyCountry) {
			if isISOShape(v) {
				c.codes[v] = true
			}
		}
		for _, w := range s.List(keyNameKeep) {
			c.keep[w] = true
		}
	}
	return c
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// isISOShape reports whether v looks like an ISO 3166-1 alpha-2 code.
func isISOShape(v string) bool {
	return len(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z'
}

// NotProcessor reports whether name names an entity that is never a
// sub-processor: a supervisory authority, a court, the controller itself.
func NotProcessor(name string, rs *rules.Set) bool {
	return len(compile(rs).notProc.find(Text(name))) > 0
}
