package audit

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/normalize"
	"github.com/subproc/subproc/store"
)

// Change is what happened to a source's sub-processor list between two
// consecutive versions: the rows added, removed and changed. A change with
// none of these only changed wording or layout: its rows are equal after
// normalisation.
type Change struct {
	Path      string
	Publisher string // the newer version's publisher, else the older's
	From, To  VersionRef
	Skipped   []int // failed versions between From and To, not compared

	Added   []subproc.Record // rows of To that match no row of From
	Removed []subproc.Record // rows of From that match no row of To
	Changed []RowChange      // matched rows whose values differ
	Same    int              // matched rows with equal values
}

// Reworded reports whether the change only changed wording or layout.
func (c *Change) Reworded() bool {
	return len(c.Added) == 0 && len(c.Removed) == 0 && len(c.Changed) == 0
}

// VersionRef names one stored version of a source.
type VersionRef struct {
	Version    int
	DocumentID int64
	Date       time.Time // store.Snapshot.Date
	Status     subproc.Status
}

// RowChange is a row of both versions whose values differ.
type RowChange struct {
	Old, New subproc.Record
	Match    MatchKind // how the two rows were matched
	Fields   []FieldChange
}

// MatchKind says how a row of one version was matched to a row of the next.
type MatchKind string

// Match kinds, tried in this order.
const (
	MatchName  MatchKind = "name"   // the same NameKey
	MatchAlias MatchKind = "alias"  // a name or alias of one is an alias of the other
	MatchRegNo MatchKind = "reg_no" // the same registration number
)

// FieldChange is one field of a row with its old and new values. Scalar
// fields have at most one value; "" and empty lists are no value.
type FieldChange struct {
	Field    subproc.Field
	Old, New []string
}

// Changes returns the changes between consecutive versions of h, oldest
// first. Failed versions have no rows to compare: they are skipped and named
// in the next change's Skipped. A source with fewer than two versions that
// were read (status ok or no_list) has none.
func Changes(h store.History) []Change {
	var out []Change
	var prev *store.Snapshot
	var skipped []int
	for i := range h.Versions {
		v := &h.Versions[i]
		if v.Status != subproc.StatusOK && v.Status != subproc.StatusNoList {
			skipped = append(skipped, v.Version)
			continue
		}
		if prev != nil {
			c := Diff(prev.Records, v.Records)
			c.Path, c.From, c.To, c.Skipped = h.Path, ref(prev), ref(v), skipped
			c.Publisher = v.Publisher
			if c.Publisher == "" {
				c.Publisher = prev.Publisher
			}
			out = append(out, c)
		}
		prev, skipped = v, nil
	}
	return out
}

func ref(s *store.Snapshot) VersionRef {
	return VersionRef{Version: s.Version, DocumentID: s.DocumentID, Date: s.Date(), Status: s.Status}
}

// Diff matches the rows of two versions of a list and compares the matched
// ones. Rows are matched by NameKey first; rows with the same key in one
// version (the same entity listed twice) are matched in document order.
// Rows left over are matched when a name or alias of one is an alias of the
// other, then by registration number; the rest were added or removed.
func Diff(old, new []subproc.Record) Change {
	var c Change
	oldFree, newFree := make([]bool, len(old)), make([]bool, len(new))
	for i := range oldFree {
		oldFree[i] = true
	}
	for i := range newFree {
		newFree[i] = true
	}
	type pair struct {
		o, n int
		kind MatchKind
	}
	var pairs []pair
	// keys[i] is the NameKey of the row's name, then those of its aliases.
	oldKeys, newKeys := make([][]string, len(old)), make([][]string, len(new))
	for i := range old {
		oldKeys[i] = aliasKeys(&old[i])
	}
	for i := range new {
		newKeys[i] = aliasKeys(&new[i])
	}
	match := func(kind MatchKind, same func(o, n int) bool) {
		for i := range old {
			if !oldFree[i] {
				continue
			}
			for j := range new {
				if newFree[j] && same(i, j) {
					oldFree[i], newFree[j] = false, false
					pairs = append(pairs, pair{i, j, kind})
					break
				}
			}
		}
	}
	// In document order, the k-th row with a key in old meets the k-th in new.
	match(MatchName, func(o, n int) bool {
		return oldKeys[o][0] != "" && oldKeys[o][0] == newKeys[n][0]
	})
	match(MatchAlias, func(o, n int) bool {
		for _, a := range oldKeys[o][1:] {
			if slices.Contains(newKeys[n], a) {
				return true
			}
		}
		for _, a := range newKeys[n][1:] {
			if slices.Contains(oldKeys[o], a) {
				return true
			}
		}
		return false
	})
	match(MatchRegNo, func(o, n int) bool {
		a := alnum(old[o].RegNo)
		return a != "" && a == alnum(new[n].RegNo)
	})

	slices.SortFunc(pairs, func(a, b pair) int { return a.n - b.n })
	for _, p := range pairs {
		fields := compare(&old[p.o], &new[p.n])
		if len(fields) == 0 {
			c.Same++
			continue
		}
		c.Changed = append(c.Changed, RowChange{Old: old[p.o], New: new[p.n], Match: p.kind, Fields: fields})
	}
	for i, free := range newFree {
		if free {
			c.Added = append(c.Added, new[i])
		}
	}
	for i, free := range oldFree {
		if free {
			c.Removed = append(c.Removed, old[i])
		}
	}
	return c
}

// aliasKeys returns the NameKey of r's name, then those of its aliases; ""
// keys are left out of the aliases.
func aliasKeys(r *subproc.Record) []string {
	keys := []string{NameKey(r.Name)}
	for _, a := range r.Aliases {
		if k := NameKey(a); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// compare returns the fields in which two matched rows differ, in schema
// order. Text is compared without case, accents, punctuation and spacing
// ("SARL" is "S.à r.l."); lists as sets.
func compare(o, n *subproc.Record) []FieldChange {
	var out []FieldChange
	text := func(f subproc.Field, a, b string) {
		if compact(a) != compact(b) {
			out = append(out, FieldChange{Field: f, Old: one(a), New: one(b)})
		}
	}
	list := func(f subproc.Field, a, b []string, key func(string) string) {
		if !sameSet(a, b, key) {
			out = append(out, FieldChange{Field: f, Old: a, New: b})
		}
	}
	text(subproc.FieldName, o.Name, n.Name)
	list(subproc.FieldAliases, o.Aliases, n.Aliases, fold)
	if alnum(o.RegNo) != alnum(n.RegNo) {
		out = append(out, FieldChange{Field: subproc.FieldRegNo, Old: one(o.RegNo), New: one(n.RegNo)})
	}
	text(subproc.FieldAddress, o.Address, n.Address)
	list(subproc.FieldCountry, o.Country, n.Country, strings.ToUpper)
	text(subproc.FieldPurpose, o.Purpose, n.Purpose)
	list(subproc.FieldLegalBasis, o.LegalBasis, n.LegalBasis, strings.ToLower)
	list(subproc.FieldLocation, o.Location, n.Location, strings.ToUpper)
	text(subproc.FieldDataCategories, o.DataCategories, n.DataCategories)
	return out
}

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func sameSet(a, b []string, key func(string) string) bool {
	set := func(s []string) []string {
		out := make([]string, 0, len(s))
		for _, v := range s {
			out = append(out, key(v))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(set(a), set(b))
}

// NameKey is the key rows are matched by across versions:
// normalize.EntityKey, the name folded (case, accents and punctuation
// dropped) with its legal forms stripped, so that "Example A/S", "EXAMPLE
// a.s." and "Example" are one key.
func NameKey(name string) string { return normalize.EntityKey(name) }

// fold lowercases s, drops accents (æ, ø and ß are spelt out) and turns
// every run of other characters than letters and digits into one space.
func fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		var rep string
		switch r {
		case 'æ':
			rep = "ae"
		case 'ø':
			rep = "o"
		case 'ß':
			rep = "ss"
		case 'ł':
			rep = "l"
		case 'đ', 'ð':
			rep = "d"
		case 'þ':
			rep = "th"
		}
		switch {
		case rep != "":
			b.WriteString(rep)
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// compact is fold without the spaces: the letters and digits of s.
func compact(s string) string { return strings.ReplaceAll(fold(s), " ", "") }

// alnum keeps the letters and digits of s, uppercased: a registration number's identity.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, s)
}
