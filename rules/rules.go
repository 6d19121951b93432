// Package rules holds subproc's per-language knowledge as data: header
// synonyms, section markers, stop sections, legal-basis phrases, country names
// and location words, one folder per language, embedded in the binary.
package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/subproc/subproc"
)

//go:embed */*.txt
var files embed.FS

// Common is the folder of language-neutral rules merged into every Set.
const Common = "common"

// Key names a list of entries in a rules file, written "[key]" above the entries.
//
// Plain lists hold one lowercase phrase a line. Map lists hold "phrase = VALUE"
// lines (country names to ISO codes, legal-basis phrases to vocabulary values).
type Key = string

// The keys a language must define (the common folder may leave them empty).
const (
	// Header and label synonyms, one key per field: "header.name", "header.purpose", ...
	KeyHeaderPrefix = "header."
	// Words announcing a sub-processor list: a heading, intro sentence or column header with one of
	// them opens a list ("underdatabehandlere", "sub-processors").
	KeySection = "section"
	// Headings that end a list and start other matter ("bilag c", "annex iii").
	KeyStop = "stop"
	// Labels of contact-person and signature blocks, never sub-processor fields ("stilling", "title").
	KeyContact = "contact"
	// Labels that belong to an address block but are no field (phone, e-mail, web, updated).
	KeyIgnore = "ignore"
	// Sentences introducing a list of personal-data categories ("følgende oplysninger").
	KeyDataIntro = "data-intro"
	// Phrases that say where data is stored or processed; a location follows them ("lagres i").
	KeyStorage = "storage"
	// Words meaning the EU/EEA, and words meaning outside it or worldwide.
	KeyLocationEU    = "location.eu"
	KeyLocationWorld = "location.world"
	// Map: legal-basis phrase = vocabulary value ("standardkontraktbestemmelser = SCC").
	KeyLegal = "legal"
	// Map: country name as written = ISO 3166-1 alpha-2 ("irland = IE").
	KeyCountry = "country"
	// Words that mark an entity as not a sub-processor: supervisory authorities and the like.
	KeyNotProcessor = "not-processor"
	// Negations: "ikke underdatabehandlere", "not a sub-processor" deny a section word.
	KeyNegation = "negation"
	// Words for a parenthesis, and verbs of storing: a sentence "the place in
	// parentheses is where data is stored" makes trailing "(...)" a location.
	KeyParen  = "paren"
	KeyStored = "stored"
	// Footnote markers (language-neutral, in the common folder): "*", "¹", "[N]" with N a number.
	KeyFootnote = "footnote"
	// Words of a sentence about the whole list ("all", "samtliga"): its facts apply to every row.
	KeyAll = "all"
)

// HeaderFields are the fields that have header synonyms.
var HeaderFields = []subproc.Field{subproc.FieldName, subproc.FieldRegNo, subproc.FieldAddress,
	subproc.FieldCountry, subproc.FieldPurpose, subproc.FieldLegalBasis, subproc.FieldLocation,
	subproc.FieldDataCategories}

// RequiredKeys lists every key each language folder must define.
func RequiredKeys() []Key {
	keys := []Key{KeySection, KeyStop, KeyContact, KeyIgnore, KeyDataIntro, KeyStorage,
		KeyLocationEU, KeyLocationWorld, KeyLegal, KeyCountry, KeyNotProcessor, KeyNegation, KeyParen, KeyStored, KeyAll}
	for _, f := range HeaderFields {
		keys = append(keys, KeyHeaderPrefix+string(f))
	}
	return keys
}

// Set is the rule set of one language, with the common rules merged in.
type Set struct {
	Lang    string                    // ISO 639-1 code
	Lists   map[Key][]string          // plain lists, lowercase, in file order
	Maps    map[Key]map[string]string // map lists: lowercase phrase -> value
	Sources map[Key]string            // file that defined each key (for error messages)
}

// List returns the plain list under key.
func (s *Set) List(key Key) []string { return s.Lists[key] }

// Map returns the map list under key.
func (s *Set) Map(key Key) map[string]string { return s.Maps[key] }

// Headers returns the header synonyms of field.
func (s *Set) Headers(f subproc.Field) []string { return s.Lists[KeyHeaderPrefix+string(f)] }

// Languages returns the codes of every language with rules, sorted.
func Languages() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != Common {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*Set{}
)

// For returns the rule set of lang (merged with the common rules). Sets are
// loaded once and shared; callers must not modify them.
func For(lang string) (*Set, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if s, ok := cache[lang]; ok {
		return s, nil
	}
	if lang == "" || lang == Common {
		return nil, fmt.Errorf("rules: no language given")
	}
	if _, err := fs.Stat(files, lang); err != nil {
		return nil, fmt.Errorf("rules: no rules for language %q (have %s)", lang, strings.Join(Languages(), ", "))
	}
	s := &Set{Lang: lang, Lists: map[Key][]string{}, Maps: map[Key]map[string]string{}, Sources: map[Key]string{}}
	for _, dir := range []string{Common, lang} {
		if err := s.loadDir(dir); err != nil {
			return nil, err
		}
	}
	cache[lang] = s
	return s, nil
}

// MustFor is For for languages known to exist; it panics otherwise.
func MustFor(lang string) *Set {
	s, err := For(lang)
	if err != nil {
		panic(err)
	}
	return s
}

// All returns the sets of every language, in Languages order.
func All() []*Set {
	var out []*Set
	for _, l := range Languages() {
		out = append(out, MustFor(l))
	}
	return out
}

func (s *Set) loadDir(dir string) error {
	names, err := fs.Glob(files, dir+"/*.txt")
	if err != nil {
		return err
	}
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		if err := s.parse(name, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// parse reads one rules file:
//
//	# comment
//	[key]
//	entry
//	phrase = VALUE
//	\[entry that starts with a bracket]
//
// Entries are lowercased (map values are kept as written); a leading backslash
// is dropped and makes the rest of the line an entry even if it looks like a
// key or a comment. A key whose name is "country" or "legal", or that starts
// with "map.", is a map list.
func (s *Set) parse(name, text string) error {
	key := ""
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue // a "#" entry is written "\#"
		}
		escaped := strings.HasPrefix(line, "\\")
		line = strings.TrimPrefix(line, "\\")
		if !escaped && strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			key = strings.TrimSpace(line[1 : len(line)-1])
			s.Sources[key] = path.Join("rules", name)
			if isMap(key) {
				if s.Maps[key] == nil {
					s.Maps[key] = map[string]string{}
				}
			} else if _, ok := s.Lists[key]; !ok {
				s.Lists[key] = []string{}
			}
			continue
		}
		if key == "" {
			return fmt.Errorf("rules/%s:%d: entry %q before any [key]", name, i+1, line)
		}
		if isMap(key) {
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				return fmt.Errorf("rules/%s:%d: map entry %q needs \"phrase = VALUE\"", name, i+1, line)
			}
			k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
			if k == "" || v == "" {
				return fmt.Errorf("rules/%s:%d: empty phrase or value in %q", name, i+1, line)
			}
			s.Maps[key][k] = v
			continue
		}
		s.Lists[key] = append(s.Lists[key], strings.ToLower(line))
	}
	return nil
}

func isMap(key Key) bool {
	return key == KeyCountry || key == KeyLegal || strings.HasPrefix(key, "map.")
}
