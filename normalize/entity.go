package normalize

import (
	"fmt"
	"math"
	"slices"
	"strconv"
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
// rows have, ties to the longest, then to the first in byte order.
//
// Entities holds the entities of all the rows; a Grouper finds the same ones
// without holding the rows, in two passes over them.
func Entities(rows []subproc.EntityRow) []subproc.Entity {
	// The Grouper takes rows in id order: here the ids are the indexes, the
	// input order.
	g := NewGrouper()
	for i, r := range rows {
		r.ID = int64(i)
		g.Add(r)
	}
	var members [][]int // row indexes of each entity
	g.Members(func(k int, i int64) {
		if k == len(members) {
			members = append(members, nil)
		}
		members[k] = append(members[k], int(i))
	})
	out := make([]subproc.Entity, len(members))
	for k, is := range members {
		for _, i := range is {
			r := rows[i]
			r.ID = int64(i)
			for _, l := range g.Emit(k, r) {
				l.From, l.To = rows[l.From].ID, rows[l.To].ID
				out[k].Links = append(out[k].Links, l)
			}
			out[k].Members = append(out[k].Members, rows[i].ID)
		}
		slices.Sort(out[k].Members)
	}
	g.Entities(func(k int, name, key string) {
		out[k].Name, out[k].Key = name, key
	})
	return out
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

// Grouper is Entities for more rows than memory holds, in two passes over
// them. Pass 1 calls Add with every row, in increasing id order, then
// Members, which says the entity of every row. Pass 2 calls Emit with every
// row again, entity after entity and in id order within each, which says
// the links Entities makes at the row; then Entities says the name and key
// of every entity. The entities, their members, names, keys and links, and
// their order, are those of Entities.
//
// Every link Entities makes at a row joins it to an earlier row, the first
// with one of its values. Pass 1 keeps the first row of every registration
// number, name key and alias key and joins the rows by their index; pass 2
// finds the same links again from those first rows, entity after entity. A
// Grouper holds 16 bytes per row in pass 1, none in pass 2, and otherwise
// memory in proportion to the distinct names, aliases, registration numbers
// and entities. It groups at most 2^31-1 rows, once, and is not safe for
// concurrent use.
type Grouper struct {
	e    *entityKeyer
	keys map[string]string // EntityKey of the names and aliases met: they repeat across documents

	// The first row of every registration number, name key and alias key.
	regs, names, aliases map[string]firstRow

	// Pass 1.
	ids []int64   // of the rows added
	uf  unionFind // over their indexes

	// Pass 2.
	ended  bool
	entity int              // of the row at hand
	counts map[string]int32 // rows of the entity at hand with a name
	best   []nameCount      // the name of each entity so far

	found []found // links made at the row at hand
	done  []string
	out   []subproc.EntityLink
	buf   []byte
}

// NewGrouper returns a Grouper for one grouping.
func NewGrouper() *Grouper {
	return &Grouper{e: entityRules(), keys: map[string]string{},
		regs: map[string]firstRow{}, names: map[string]firstRow{}, aliases: map[string]firstRow{}}
}

// Add is pass 1: it adds the next row, whose id is above those added.
func (g *Grouper) Add(r subproc.EntityRow) {
	n := len(g.ids)
	switch {
	case g.ended:
		panic("normalize: Grouper.Add after Members")
	case n == math.MaxInt32:
		panic("normalize: Grouper of more than 2^31-1 rows")
	case n > 0 && r.ID <= g.ids[n-1]:
		panic(fmt.Sprintf("normalize: Grouper.Add of row %d after row %d", r.ID, g.ids[n-1]))
	}
	g.ids = append(g.ids, r.ID)
	g.uf.add()
	g.scan(&r, true)
	for _, f := range g.found {
		g.uf.union(n, int(f.to.row))
	}
}

// Members ends pass 1: it calls yield with the entity of every row added,
// in the order added. The entities are numbered from 0 in the order of
// their first row.
func (g *Grouper) Members(yield func(entity int, id int64)) {
	if g.ended {
		panic("normalize: Grouper.Members twice")
	}
	g.ended = true
	size := g.uf.size // size[root] becomes -1-entity once the root has one
	k := int32(0)
	for i, id := range g.ids {
		root := g.uf.find(i)
		if size[root] > 0 {
			size[root] = -1 - k
			k++
		}
		yield(int(-1-size[root]), id)
	}
	g.ids, g.uf = nil, unionFind{}
	g.counts = map[string]int32{}
	g.best = make([]nameCount, k)
}

// Emit is pass 2: it takes again a row of entity and returns the links
// Entities makes at the row, in order. The rows come entity after entity,
// in id order within each. links is valid until the next call.
func (g *Grouper) Emit(entity int, r subproc.EntityRow) (links []subproc.EntityLink) {
	if !g.ended || entity < g.entity || entity >= len(g.best) {
		panic(fmt.Sprintf("normalize: Grouper.Emit of a row of entity %d after entity %d, of %d", entity, g.entity, len(g.best)))
	}
	if entity != g.entity {
		g.entity = entity
		clear(g.counts)
	}
	g.scan(&r, false)
	g.out = g.out[:0]
	for n := range g.found {
		g.out = append(g.out, g.link(&g.found[n], &r))
	}
	g.count(r.Name)
	return g.out
}

// Entities ends pass 2: it calls yield with the name and key of every
// entity, in order.
func (g *Grouper) Entities(yield func(entity int, name, key string)) {
	for k, b := range g.best {
		yield(k, b.name, g.key(b.name))
	}
}

// key is EntityKey, remembered.
func (g *Grouper) key(s string) string {
	k, ok := g.keys[s]
	if !ok {
		k = g.e.key(s)
		g.keys[s] = k
	}
	return k
}

// firstRow is the first row with a registration number, a name key or an
// alias key, with what a link to it says of it.
type firstRow struct {
	row   int32 // index in pass 1
	id    int64
	name  string
	value string // the registration number or the alias as the row writes it
	valid *bool  // how the registration number fared with its check digits
}

// found is a link from the row at hand to an earlier one.
type found struct {
	to    firstRow
	how   linkHow
	key   string // the registration number or the EntityKey matched
	alias string // the row's alias, for aliasIsName and aliasIsAlias
}

// linkHow is what the row at hand shares with the earlier one.
type linkHow uint8

const (
	byRegNo      linkHow = iota // its registration number
	byName                      // the key of its name is that of the other's
	nameIsAlias                 // the key of its name is that of an alias of the other
	aliasIsName                 // the key of an alias of it is that of the other's name
	aliasIsAlias                // the key of an alias of it is that of an alias of the other
)

// scan finds the links that Entities makes at row r into g.found: to the
// first rows with its values, one per pair of rows, the strongest first.
// With record (pass 1, r the last row added), r becomes the first row of
// the values that no earlier row has; in pass 2 the first rows are all
// known, and those not before r (by id) link nothing.
func (g *Grouper) scan(r *subproc.EntityRow, record bool) {
	g.found = g.found[:0]
	add := func(f found) {
		if f.to.id >= r.ID || slices.ContainsFunc(g.found, func(o found) bool { return o.to.id == f.to.id }) {
			return
		}
		g.found = append(g.found, f)
	}
	i := int32(len(g.ids) - 1)
	if rk := regKey(r.RegNo); rk != "" {
		if f, ok := g.regs[rk]; ok {
			add(found{to: f, how: byRegNo, key: rk})
		} else if record {
			g.regs[rk] = firstRow{row: i, id: r.ID, name: r.Name, value: r.RegNo, valid: r.RegNoValid}
		}
	}
	nk := g.key(r.Name)
	if g.e.linkable(nk, false) {
		if f, ok := g.names[nk]; ok {
			add(found{to: f, how: byName, key: nk})
		} else if record {
			g.names[nk] = firstRow{row: i, id: r.ID, name: r.Name}
		}
		if f, ok := g.aliases[nk]; ok {
			add(found{to: f, how: nameIsAlias, key: nk})
		}
	}
	g.done = append(g.done[:0], nk)
	for _, alias := range r.Aliases {
		ak := g.key(alias)
		if slices.Contains(g.done, ak) || !g.e.linkable(ak, true) {
			continue
		}
		g.done = append(g.done, ak)
		if f, ok := g.names[ak]; ok {
			add(found{to: f, how: aliasIsName, key: ak, alias: alias})
		}
		if f, ok := g.aliases[ak]; ok {
			add(found{to: f, how: aliasIsAlias, key: ak, alias: alias})
		} else if record {
			g.aliases[ak] = firstRow{row: i, id: r.ID, name: r.Name, value: alias}
		}
	}
}

// link is the link f from row r, with its evidence.
func (g *Grouper) link(f *found, r *subproc.EntityRow) subproc.EntityLink {
	switch f.how {
	case byRegNo:
		return subproc.EntityLink{From: f.to.id, To: r.ID, Kind: subproc.LinkRegNo,
			Evidence: g.sprintf("registration number %s: %q (%s) of %q = %q (%s) of %q", f.key,
				f.to.value, checked(f.to.valid), f.to.name, r.RegNo, checked(r.RegNoValid), r.Name)}
	case byName:
		return subproc.EntityLink{From: f.to.id, To: r.ID, Kind: subproc.LinkName,
			Evidence: g.sprintf("name %q = name %q (key %q)", f.to.name, r.Name, f.key)}
	case nameIsAlias:
		return subproc.EntityLink{From: f.to.id, To: r.ID, Kind: subproc.LinkAlias,
			Evidence: g.sprintf("alias %q of %q = name %q (key %q)", f.to.value, f.to.name, r.Name, f.key)}
	case aliasIsName:
		return subproc.EntityLink{From: r.ID, To: f.to.id, Kind: subproc.LinkAlias,
			Evidence: g.sprintf("alias %q of %q = name %q (key %q)", f.alias, r.Name, f.to.name, f.key)}
	}
	return subproc.EntityLink{From: f.to.id, To: r.ID, Kind: subproc.LinkAlias,
		Evidence: g.sprintf("alias %q of %q = alias %q of %q (key %q)", f.to.value, f.to.name, f.alias, r.Name, f.key)}
}

// sprintf is fmt.Sprintf for formats of the verbs %s and %q of strings only,
// without fmt's reflection: it runs for every link.
func (g *Grouper) sprintf(format string, args ...string) string {
	b := g.buf[:0]
	for {
		i := strings.IndexByte(format, '%')
		if i < 0 || i+1 == len(format) || len(args) == 0 {
			b = append(b, format...)
			break
		}
		b = append(b, format[:i]...)
		if format[i+1] == 'q' {
			b = strconv.AppendQuote(b, args[0])
		} else {
			b = append(b, args[0]...)
		}
		format, args = format[i+2:], args[1:]
	}
	g.buf = b
	return string(b)
}

type nameCount struct {
	name string
	n    int32
}

// count counts a row of the entity at hand named name. The name of an
// entity is the name most of its rows have, ties to the longest (in
// characters), then to the first in byte order: counts only grow, so the
// best so far is the best of all once every row is counted.
func (g *Grouper) count(name string) {
	n := g.counts[name] + 1
	g.counts[name] = n
	b := &g.best[g.entity]
	switch lb, ln := utf8.RuneCountInString(b.name), utf8.RuneCountInString(name); {
	case b.n == 0, n > b.n, n == b.n && ln > lb, n == b.n && ln == lb && name < b.name:
		*b = nameCount{name, n}
	}
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

// unionFind is a disjoint-set forest over 0..n-1, grown by add, with union
// by size and path halving.
type unionFind struct {
	parent, size []int32
}

// add adds n, a set of its own.
func (u *unionFind) add() {
	u.parent = append(u.parent, int32(len(u.parent)))
	u.size = append(u.size, 1)
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
