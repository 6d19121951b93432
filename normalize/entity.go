package normalize

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// keyLegalForm lists the legal forms that end company names ("a/s", "gmbh",
// "sp. z o.o."), in rules/common/legalforms.txt.
const keyLegalForm = "legal-form"

// minRegDigits is how many digits a registration number needs to link rows:
// fewer ("HRB 123", "B 12") are too often the same number in another register.
const minRegDigits = 5

// EntityKey is the key that says two names name the same company: name
// folded (lower case, accents and the letters ø, æ, ß, ł, ... spelt in
// ASCII), its punctuation removed, and the legal forms that end it stripped.
// "Amazon Web Services, Inc." and "AMAZON WEB SERVICES INC" are both "amazon
// web services"; "Spar Nord Bank A/S" is "spar nord bank", "Example Sp. z
// o.o." is "example", "AT&T Inc." is "att" and "AT&T Mobility" "att mobility".
//
// The legal forms are those of every language: [legal-form] of
// rules/common/legalforms.txt and the [name.keep] words of every language
// ("publ", "haftungsbeschränkt"). They are stripped from the end of the name
// and from the end of each part between brackets or commas ("Stripe, Inc.
// (US)" is "stripe us", "Example AB (publ)" is "example"), never from its
// start. Punctuation inside a word goes ("S.à r.l." is "sa rl", "L'Oréal"
// "loreal"); anywhere else it separates words ("Coca-Cola" is "coca cola").
// A name that is nothing but legal forms keeps its first word ("AS" is "as").
//
// The key is "" only for a name without letters or digits. EntityKey is pure,
// never panics, and EntityKey(EntityKey(s)) == EntityKey(s).
func EntityKey(name string) string {
	return entityRules().key(name)
}

// SameEntity reports whether the names a and b have the same EntityKey and so
// are linked as one entity by name. A key that is empty or a role word
// ("Supplier", "Leverandør": a name-column header of some language) links
// nothing.
func SameEntity(a, b string) bool {
	er := entityRules()
	ka := er.key(a)
	return er.linkable(ka, false) && ka == er.key(b)
}

// Entities groups rows, the rows of many documents, into entities: one per
// company as far as the rows show it. The policy is conservative, and every
// link states its evidence:
//
//   - reg_no: two rows with the same registration number, compared on its
//     letters and digits ("556737-0431" = "5567370431"), whether its check
//     digits passed or not; a number with fewer than five digits, or of one
//     repeated digit ("00000000"), links nothing;
//   - name: two rows whose names have the same EntityKey ("Google LLC" =
//     "Google, LLC");
//   - alias: an alias of one row is, by EntityKey, the name or an alias of
//     another ("Amazon Web Services EMEA SARL (AWS)", "Amazon Web Services Inc
//     (AWS)" and a row named "AWS" are one entity).
//
// Nothing else links rows: not a shared first word or brand ("Google LLC" and
// "Google Cloud EMEA Limited" stay two entities unless an alias or a number
// connects them), not a similar spelling, not an address or a country. Keys
// that are role words (see SameEntity) never link, nor aliases of one
// character. Links are transitive: the entities are the connected groups of
// rows. A number that differs does not keep apart rows that a name or an
// alias links.
//
// Each row is linked to the first row (in input order) that shares a value
// with it, one link per pair of rows, of the strongest kind found (reg_no,
// then name, then alias): the links are at most a few per row, and an entity
// of one row has none. Entities come in the order of their first row;
// members are sorted by id. The name of an entity is the name most of its
// rows have, ties to the longest, then to the first in byte order. Entities
// takes time and memory in proportion to the rows and their aliases.
func Entities(rows []subproc.EntityRow) []subproc.Entity {
	return entityRules().entities(rows)
}

// entityKeyer holds the legal forms and role words of every language.
type entityKeyer struct {
	forms  map[string]bool // legal forms as tokens joined by " "
	ends   map[string]bool // the last tokens of the forms
	maxLen int             // tokens in the longest form
	roles  map[string]bool // keys of the name-column headers of every language
}

var (
	entityOnce  sync.Once
	entityState *entityKeyer
)

func entityRules() *entityKeyer {
	entityOnce.Do(func() {
		e := &entityKeyer{forms: map[string]bool{}, ends: map[string]bool{}, roles: map[string]bool{}}
		all := sets(nil)
		for _, s := range all {
			for _, k := range []rules.Key{keyLegalForm, keyNameKeep} {
				for _, w := range s.List(k) {
					var ts []string
					for _, seg := range tokens(foldName(w)) {
						ts = append(ts, seg...)
					}
					if len(ts) > 0 {
						e.forms[strings.Join(ts, " ")] = true
						e.ends[ts[len(ts)-1]] = true
						e.maxLen = max(e.maxLen, len(ts))
					}
				}
			}
		}
		for _, s := range all {
			for _, w := range s.Headers(subproc.FieldName) {
				if k := e.key(w); k != "" {
					e.roles[k] = true
				}
			}
		}
		entityState = e
	})
	return entityState
}

// key is EntityKey.
func (e *entityKeyer) key(name string) string {
	var all, out []string
	for _, seg := range tokens(foldName(Text(name))) {
		all = append(all, seg...)
		out = append(out, e.strip(seg, 0)...)
	}
	if len(out) == 0 {
		out = all
	}
	return strings.Join(e.strip(out, 1), " ")
}

// strip takes the legal forms off the end of ts, longest first, keeping at
// least keep tokens.
func (e *entityKeyer) strip(ts []string, keep int) []string {
	for len(ts) > keep && e.ends[ts[len(ts)-1]] {
		n := 0
		for l := min(e.maxLen, len(ts)-keep); l > 0; l-- {
			if e.forms[strings.Join(ts[len(ts)-l:], " ")] {
				n = l
				break
			}
		}
		if n == 0 {
			break
		}
		ts = ts[:len(ts)-n]
	}
	return ts
}

// linkable reports whether key may link rows: not empty, not a role word,
// and for an alias more than one character.
func (e *entityKeyer) linkable(key string, alias bool) bool {
	if key == "" || e.roles[key] {
		return false
	}
	return !alias || utf8.RuneCountInString(key) > 1
}

// foldName lowercases s, removes its accents and spells the letters that
// have no decomposition in ASCII ("Ørsted" -> "orsted", "Straße" -> "strasse").
func foldName(s string) []rune {
	s = norm.NFD.String(strings.ToLower(s))
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r = unicode.ToLower(r); r {
		case 'ø':
			out = append(out, 'o')
		case 'æ':
			out = append(out, 'a', 'e')
		case 'œ':
			out = append(out, 'o', 'e')
		case 'ß':
			out = append(out, 's', 's')
		case 'ł':
			out = append(out, 'l')
		case 'đ', 'ð':
			out = append(out, 'd')
		case 'þ':
			out = append(out, 't', 'h')
		case 'ı':
			out = append(out, 'i')
		case 'ħ':
			out = append(out, 'h')
		default:
			out = append(out, r)
		}
	}
	return out
}

// tokens splits folded text into words, in parts cut by brackets, commas,
// semicolons, colons and bars. A connector (. ' & / + ·) between two word
// characters is dropped ("s.a" -> "sa", "at&t" -> "att"); any other
// character that is no letter, digit or mark ends a word.
func tokens(rs []rune) [][]string {
	var (
		segs [][]string
		seg  []string
		word []rune
	)
	endWord := func() {
		if len(word) > 0 {
			seg = append(seg, string(word))
			word = word[:0]
		}
	}
	endSeg := func() {
		endWord()
		if len(seg) > 0 {
			segs = append(segs, seg)
			seg = nil
		}
	}
	for i, r := range rs {
		switch {
		case isKeyRune(r):
			word = append(word, r)
		case isConnector(r) && len(word) > 0 && i+1 < len(rs) && isKeyRune(rs[i+1]):
			// inside a word: dropped
		case strings.ContainsRune("()[]{},;:|", r):
			endSeg()
		default:
			endWord()
		}
	}
	endSeg()
	return segs
}

func isKeyRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isConnector(r rune) bool {
	switch r {
	case '.', '\'', '&', '/', '+', '·', '\u2019', '\u2018', '`', '\u00b4', '\u02bc':
		return true
	}
	return false
}

// regKey is the letters and digits of a registration number, upper case, or
// "" when it is too short or one repeated digit to link rows.
func regKey(s string) string {
	var b strings.Builder
	digits, same := 0, true
	var first rune
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= '0' && r <= '9':
			if digits == 0 {
				first = r
			} else if r != first {
				same = false
			}
			digits++
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		}
	}
	if digits < minRegDigits || same {
		return ""
	}
	return b.String()
}

// aliasRef is the first row that gave an alias.
type aliasRef struct {
	row   int
	alias string
}

// entities is Entities.
func (e *entityKeyer) entities(rows []subproc.EntityRow) []subproc.Entity {
	uf := newUnionFind(len(rows))
	type link struct {
		from, to int // row indexes
		kind     subproc.LinkKind
		evidence string
	}
	var links []link
	seen := map[[2]int]bool{} // one link per pair of rows: the first found, the strongest
	add := func(from, to int, kind subproc.LinkKind, evidence func() string) {
		p := [2]int{min(from, to), max(from, to)}
		if from == to || seen[p] {
			return
		}
		seen[p] = true
		links = append(links, link{from, to, kind, evidence()})
		uf.union(from, to)
	}
	keys := map[string]string{} // EntityKey of the names and aliases met: they repeat across documents
	key := func(s string) string {
		k, ok := keys[s]
		if !ok {
			k = e.key(s)
			keys[s] = k
		}
		return k
	}

	firstReg := map[string]int{}
	firstName := map[string]int{}
	firstAlias := map[string]aliasRef{}
	var done []string // keys of the row's name and the aliases met
	for i := range rows {
		r := &rows[i]
		if rk := regKey(r.RegNo); rk != "" {
			if j, ok := firstReg[rk]; ok {
				add(j, i, subproc.LinkRegNo, func() string {
					return fmt.Sprintf("registration number %s: %q (%s) of %q = %q (%s) of %q", rk,
						rows[j].RegNo, checked(rows[j].RegNoValid), rows[j].Name, r.RegNo, checked(r.RegNoValid), r.Name)
				})
			} else {
				firstReg[rk] = i
			}
		}
		nk := key(r.Name)
		if e.linkable(nk, false) {
			if j, ok := firstName[nk]; ok {
				add(j, i, subproc.LinkName, func() string {
					return fmt.Sprintf("name %q = name %q (key %q)", rows[j].Name, r.Name, nk)
				})
			} else {
				firstName[nk] = i
			}
			if a, ok := firstAlias[nk]; ok {
				add(a.row, i, subproc.LinkAlias, func() string {
					return fmt.Sprintf("alias %q of %q = name %q (key %q)", a.alias, rows[a.row].Name, r.Name, nk)
				})
			}
		}
		done = append(done[:0], nk)
		for _, alias := range r.Aliases {
			ak := key(alias)
			if slices.Contains(done, ak) || !e.linkable(ak, true) {
				continue
			}
			done = append(done, ak)
			if j, ok := firstName[ak]; ok {
				add(i, j, subproc.LinkAlias, func() string {
					return fmt.Sprintf("alias %q of %q = name %q (key %q)", alias, r.Name, rows[j].Name, ak)
				})
			}
			if a, ok := firstAlias[ak]; ok {
				add(a.row, i, subproc.LinkAlias, func() string {
					return fmt.Sprintf("alias %q of %q = alias %q of %q (key %q)", a.alias, rows[a.row].Name, alias, r.Name, ak)
				})
			} else {
				firstAlias[ak] = aliasRef{row: i, alias: alias}
			}
		}
	}

	// Entities in the order of their first row.
	index := map[int]int{} // root -> entity
	var out []subproc.Entity
	var members [][]int
	for i := range rows {
		root := uf.find(i)
		k, ok := index[root]
		if !ok {
			k = len(out)
			index[root] = k
			out = append(out, subproc.Entity{})
			members = append(members, nil)
		}
		members[k] = append(members[k], i)
	}
	for k := range out {
		name := canonicalName(rows, members[k])
		ids := make([]int64, len(members[k]))
		for n, i := range members[k] {
			ids[n] = rows[i].ID
		}
		sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
		out[k] = subproc.Entity{Name: name, Key: key(name), Members: ids}
	}
	for _, l := range links {
		k := index[uf.find(l.from)]
		out[k].Links = append(out[k].Links, subproc.EntityLink{
			From: rows[l.from].ID, To: rows[l.to].ID, Kind: l.kind, Evidence: l.evidence})
	}
	return out
}

// canonicalName is the name most of the rows have, ties to the longest (in
// characters), then to the first in byte order.
func canonicalName(rows []subproc.EntityRow, members []int) string {
	counts := map[string]int{}
	for _, i := range members {
		counts[rows[i].Name]++
	}
	best, bestN := "", -1
	for name, n := range counts {
		switch lb, ln := utf8.RuneCountInString(best), utf8.RuneCountInString(name); {
		case n > bestN, n == bestN && ln > lb, n == bestN && ln == lb && name < best:
			best, bestN = name, n
		}
	}
	return best
}

// checked says how a registration number fared with its check digits.
func checked(valid *bool) string {
	switch {
	case valid == nil:
		return "no check"
	case *valid:
		return "valid"
	}
	return "check fails"
}

// unionFind is a disjoint-set forest over 0..n-1 with union by size and path
// halving.
type unionFind struct {
	parent, size []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = int32(i), 1
	}
	return u
}

func (u *unionFind) find(i int) int {
	x := int32(i)
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return int(x)
}

func (u *unionFind) union(a, b int) {
	ra, rb := int32(u.find(a)), int32(u.find(b))
	if ra == rb {
		return
	}
	if u.size[ra] < u.size[rb] {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
}
