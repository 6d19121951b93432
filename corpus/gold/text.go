package gold

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/subproc/subproc"
)

// This file ports score.py's comparison functions: toks, name_key, sim,
// tok_f1, empty, same and match. Each Go function names its Python original.
//
// Python's string methods are reproduced, not approximated:
//   - str.lower and str.upper use full case mappings (SpecialCasing.txt):
//     "ß".upper() is "SS", "İ".lower() is "i" + U+0307. golang.org/x/text/cases
//     with the root locale does the same; strings.ToLower and strings.ToUpper
//     do not. A capital sigma ending a word lowers to "ς" by CPython's own
//     test (finalSigma), which differs from x/text's in corner cases.
//   - re's \w on str patterns is str.isalnum() plus "_": letters (L*) and
//     numbers (Nd, Nl, No). Combining marks are not word characters, so
//     "İstanbul" lowers to "i̇stanbul" and splits into "i" and "stanbul".

// legal holds score.py's LEGAL words: legal forms and filler that name_key drops.
var legal = setOf("ab", "as", "asa", "aps", "ltd", "limited", "inc", "llc", "gmbh", "ag", "sarl", "s", "a", "l", "r",
	"bv", "nv", "oy", "oyj", "sa", "sas", "srl", "spa", "plc", "co", "corp", "corporation", "company",
	"aktiebolag", "aktieselskab", "holding", "group", "kg", "se", "sl", "unlimited", "the", "b", "v")

// textFields are score.py's TEXT fields, compared by token overlap.
var textFields = map[subproc.Field]bool{
	subproc.FieldAddress: true, subproc.FieldPurpose: true, subproc.FieldDataCategories: true,
}

// Thresholds of score.py.
const (
	matchMin = 0.5 // least name similarity for two rows to match
	textMin  = 0.8 // least token F1 for two free-text values to be the same
)

type set map[string]struct{}

func setOf(xs ...string) set {
	s := make(set, len(xs))
	for _, x := range xs {
		s[x] = struct{}{}
	}
	return s
}

// lower is Python's str.lower: full lowercase mapping, and a capital sigma
// lowers to final "ς" by Python's reading of the Final_Sigma rule (see finalSigma).
func lower(s string) string {
	lc := cases.Lower(language.Und, cases.HandleFinalSigma(false))
	if !strings.ContainsRune(s, 'Σ') {
		return lc.String(s)
	}
	rs := []rune(s)
	var b strings.Builder
	start := 0
	for i, r := range rs {
		if r != 'Σ' {
			continue
		}
		b.WriteString(lc.String(string(rs[start:i])))
		if finalSigma(rs, i) {
			b.WriteRune('ς')
		} else {
			b.WriteRune('σ')
		}
		start = i + 1
	}
	b.WriteString(lc.String(string(rs[start:])))
	return b.String()
}

// finalSigma is CPython's handle_capital_sigma: rs[i] ends a word when,
// skipping case-ignorable runes, a cased rune comes before it and none after.
// A rune both cased and case-ignorable (U+02C0, U+0345) is skipped before
// it is looked at, so "ˀΣ" lowers to "ˀσ"; golang.org/x/text/cases, which
// follows Unicode's wording, gives "ˀς".
func finalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && caseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !cased(rs[j]) {
		return false
	}
	for j = i + 1; j < len(rs) && caseIgnorable(rs[j]); j++ {
	}
	return j == len(rs) || !cased(rs[j])
}

// cased is Unicode's Cased property: Lowercase, Uppercase or titlecase letter.
func cased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// caseIgnorable is Unicode's Case_Ignorable property: marks, format
// characters, modifiers, and the Word_Break classes MidLetter, MidNumLet and
// Single_Quote (listed here: Go's unicode package has no Word_Break tables).
func caseIgnorable(r rune) bool {
	switch r {
	case ':', '\u00B7', '\u0387', '\u055F', '\u05F4', '\u2027', '\uFE13', '\uFE55', '\uFF1A', // MidLetter
		'.', '\u2018', '\u2019', '\u2024', '\uFE52', '\uFF07', '\uFF0E', // MidNumLet
		'\'': // Single_Quote
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// upper is Python's str.upper: full uppercase mapping.
func upper(s string) string { return cases.Upper(language.Und).String(s) }

// isWord reports whether Python's re matches r with \w in a str pattern.
func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// toks is score.py's toks: the \w+ runs of the NFKC-normalised, lowercased text.
func toks(s string) []string {
	s = lower(norm.NFKC.String(s))
	var out []string
	start := -1
	for i, r := range s {
		switch w := isWord(r); {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// nameKey is score.py's name_key: the tokens of a name without legal forms,
// or all its tokens when nothing else is left.
func nameKey(s string) []string {
	all := toks(s)
	var t []string
	for _, x := range all {
		if _, ok := legal[x]; !ok {
			t = append(t, x)
		}
	}
	if len(t) == 0 {
		return all
	}
	return t
}

// sim is score.py's sim on two names.
func sim(a, b string) float64 { return keySim(setOf(nameKey(a)...), setOf(nameKey(b)...)) }

// keySim is sim on name keys already made sets: Jaccard similarity, 0 when either is empty.
func keySim(a, b set) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for x := range a {
		if _, ok := b[x]; ok {
			common++
		}
	}
	if common == len(a) && common == len(b) {
		return 1
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

// tokF1 is score.py's tok_f1: F1 of the token multisets of a and b.
func tokF1(a, b string) float64 {
	ta, tb := toks(a), toks(b)
	if len(ta) == 0 && len(tb) == 0 {
		return 1
	}
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	count := make(map[string]int, len(ta))
	for _, x := range ta {
		count[x]++
	}
	common := 0
	for _, x := range tb {
		if count[x] > 0 {
			count[x]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p, r := float64(common)/float64(len(ta)), float64(common)/float64(len(tb))
	return 2 * p * r / (p + r)
}

// value is one field of a record: a string for reg_no and the TEXT fields, a list otherwise.
type value struct {
	s    string
	list []string
}

func (v value) empty() bool { return v.s == "" && len(v.list) == 0 } // score.py's empty

func fieldOf(r *subproc.Record, f subproc.Field) value {
	switch f {
	case subproc.FieldName:
		return value{s: r.Name}
	case subproc.FieldAliases:
		return value{list: r.Aliases}
	case subproc.FieldRegNo:
		return value{s: r.RegNo}
	case subproc.FieldAddress:
		return value{s: r.Address}
	case subproc.FieldCountry:
		return value{list: r.Country}
	case subproc.FieldPurpose:
		return value{s: r.Purpose}
	case subproc.FieldLegalBasis:
		return value{list: r.LegalBasis}
	case subproc.FieldLocation:
		return value{list: r.Location}
	case subproc.FieldDataCategories:
		return value{s: r.DataCategories}
	}
	return value{}
}

// regNoKey is the letters and digits score.py compares registration numbers by:
// the ASCII A-Z and 0-9 left of the uppercased text.
func regNoKey(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return -1
	}, upper(s))
}

// same is score.py's same: whether a predicted field value counts as the gold one.
func same(f subproc.Field, g, p value) bool {
	if g.empty() || p.empty() {
		return g.empty() == p.empty()
	}
	switch {
	case f == subproc.FieldRegNo:
		return regNoKey(g.s) == regNoKey(p.s)
	case textFields[f]:
		return tokF1(g.s, p.s) >= textMin
	case f == subproc.FieldAliases:
		return sameSet(g.list, p.list, lower)
	}
	return sameSet(g.list, p.list, upper)
}

// sameSet reports whether a and b are the same sets once fold is applied to each element.
func sameSet(a, b []string, fold func(string) string) bool {
	fa, fb := make(set, len(a)), make(set, len(b))
	for _, x := range a {
		fa[fold(x)] = struct{}{}
	}
	for _, x := range b {
		fb[fold(x)] = struct{}{}
	}
	if len(fa) != len(fb) {
		return false
	}
	for x := range fa {
		if _, ok := fb[x]; !ok {
			return false
		}
	}
	return true
}

// match is score.py's match: a greedy one-to-one pairing of gold rows with
// predicted rows. A pair's score is the best sim of the predicted name with
// the gold name or one of the gold aliases; pairs scoring at least matchMin
// are taken best first, then nearest in row order, then by gold and predicted
// index. It returns (gold index, predicted index) pairs in the order taken.
func match(grows, prows []subproc.Record) [][2]int {
	type pair struct {
		s       float64
		d, i, j int
	}
	gkeys := make([][]set, len(grows))
	for i, g := range grows {
		gkeys[i] = append(gkeys[i], setOf(nameKey(g.Name)...))
		for _, a := range g.Aliases {
			gkeys[i] = append(gkeys[i], setOf(nameKey(a)...))
		}
	}
	pkeys := make([]set, len(prows))
	for j, p := range prows {
		pkeys[j] = setOf(nameKey(p.Name)...)
	}
	var pairs []pair
	for i := range grows {
		for j := range prows {
			s := keySim(gkeys[i][0], pkeys[j])
			for _, k := range gkeys[i][1:] {
				s = max(s, keySim(k, pkeys[j]))
			}
			if s >= matchMin {
				pairs = append(pairs, pair{s, abs(i - j), i, j})
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool {
		x, y := pairs[a], pairs[b]
		switch {
		case x.s != y.s:
			return x.s > y.s
		case x.d != y.d:
			return x.d < y.d
		case x.i != y.i:
			return x.i < y.i
		}
		return x.j < y.j
	})
	usedG, usedP := make(map[int]bool), make(map[int]bool)
	var out [][2]int
	for _, p := range pairs {
		if !usedG[p.i] && !usedP[p.j] {
			usedG[p.i], usedP[p.j] = true, true
			out = append(out, [2]int{p.i, p.j})
		}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
