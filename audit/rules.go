package audit

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The rules and the word lists they use, embedded in the binary. Each file
// says in its header where its entries came from.
//
//go:embed data/*.txt
var dataFS embed.FS

// Severity ranks findings: Info < Low < Medium < High.
type Severity int

// The severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
)

var severityNames = []string{"info", "low", "medium", "high"}

func (s Severity) String() string {
	if s < Info || s > High {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "info", "low", "medium" or "high", case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	if i := slices.Index(severityNames, strings.ToLower(strings.TrimSpace(s))); i >= 0 {
		return Severity(i), nil
	}
	return 0, fmt.Errorf("unknown severity %q (want %s)", s, strings.Join(severityNames, ", "))
}

// Rule is one check of an audit, as the rules file describes it.
type Rule struct {
	ID          string   `json:"id"`
	Severity    Severity `json:"severity"`
	Explanation string   `json:"explanation"` // one line
	Source      string   `json:"source"`      // the law, judgment or decision it rests on
	Date        string   `json:"date"`        // the source's date, YYYY-MM-DD
}

// Set is the rules of an audit with the word lists their checks use.
type Set struct {
	Rules []Rule // in file order

	eea      map[string]bool   // ISO codes of the EU/EEA states
	adequacy map[string]string // ISO code -> the adequacy decision
	notice   noticeFinder
}

// Rule returns the rule with id, nil when there is none.
func (s *Set) Rule(id string) *Rule {
	for i := range s.Rules {
		if s.Rules[i].ID == id {
			return &s.Rules[i]
		}
	}
	return nil
}

// Default returns the rules embedded in the binary, parsed once and shared:
// callers must not modify them. It panics if they do not parse, which a test
// rules out.
var Default = sync.OnceValue(func() *Set {
	s, err := Load(dataFS)
	if err != nil {
		panic(err)
	}
	return s
})

// Load reads a Set from data/rules.txt, data/places.txt and data/notice.txt in fsys.
func Load(fsys fs.FS) (*Set, error) {
	read := func(name string) (sections, error) {
		b, err := fs.ReadFile(fsys, "data/"+name)
		if err != nil {
			return nil, fmt.Errorf("read audit rules: %w", err)
		}
		return parseSections(name, string(b))
	}
	s := &Set{eea: map[string]bool{}, adequacy: map[string]string{}}

	rs, err := read("rules.txt")
	if err != nil {
		return nil, err
	}
	for _, sec := range rs {
		r, err := sec.rule()
		if err != nil {
			return nil, err
		}
		if s.Rule(r.ID) != nil {
			return nil, fmt.Errorf("%s: rule %s defined twice", sec.where, r.ID)
		}
		s.Rules = append(s.Rules, r)
	}

	ps, err := read("places.txt")
	if err != nil {
		return nil, err
	}
	for _, code := range ps.get("eea").lines {
		s.eea[strings.ToUpper(code)] = true
	}
	for _, kv := range ps.get("adequacy").pairs() {
		s.adequacy[strings.ToUpper(kv[0])] = kv[1]
	}

	ns, err := read("notice.txt")
	if err != nil {
		return nil, err
	}
	if s.notice, err = newNoticeFinder(ns); err != nil {
		return nil, err
	}
	return s, nil
}

// section is one "[name]" block of a data file: its lines, without comments
// and blank lines.
type section struct {
	name  string
	where string // file:line of the header, for errors
	lines []string
}

type sections []section

func (ss sections) get(name string) section {
	for _, s := range ss {
		if s.name == name {
			return s
		}
	}
	return section{name: name}
}

// pairs splits the lines "key = value" of s.
func (s section) pairs() [][2]string {
	var out [][2]string
	for _, l := range s.lines {
		k, v, _ := strings.Cut(l, "=")
		out = append(out, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return out
}

// parseSections reads "[name]" headers and their lines; "#" starts a comment line.
func parseSections(file, text string) (sections, error) {
	var out sections
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			out = append(out, section{name: strings.TrimSpace(line[1 : len(line)-1]),
				where: fmt.Sprintf("audit/data/%s:%d", file, i+1)})
		case len(out) == 0:
			return nil, fmt.Errorf("audit/data/%s:%d: %q before any [section]", file, i+1, line)
		default:
			out[len(out)-1].lines = append(out[len(out)-1].lines, line)
		}
	}
	return out, nil
}

// rule reads a rule block of rules.txt.
func (s section) rule() (Rule, error) {
	r := Rule{ID: s.name}
	seen := map[string]bool{}
	for _, kv := range s.pairs() {
		k, v := kv[0], kv[1]
		if v == "" {
			return Rule{}, fmt.Errorf("%s: rule %s: %q needs \"key = value\"", s.where, s.name, k)
		}
		seen[k] = true
		switch k {
		case "severity":
			sev, err := ParseSeverity(v)
			if err != nil {
				return Rule{}, fmt.Errorf("%s: rule %s: %w", s.where, s.name, err)
			}
			r.Severity = sev
		case "explanation":
			r.Explanation = v
		case "source":
			r.Source = v
		case "date":
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return Rule{}, fmt.Errorf("%s: rule %s: date %q: want YYYY-MM-DD", s.where, s.name, v)
			}
			r.Date = v
		default:
			return Rule{}, fmt.Errorf("%s: rule %s: unknown field %q", s.where, s.name, k)
		}
	}
	for _, k := range []string{"severity", "explanation", "source", "date"} {
		if !seen[k] {
			return Rule{}, fmt.Errorf("%s: rule %s has no %s", s.where, s.name, k)
		}
	}
	return r, nil
}

// noticeFinder finds the notice period a document states.
type noticeFinder struct {
	patterns []*regexp.Regexp // each with groups m (the phrase), n and unit
	context  []string         // lowercase stems, one must be on the line
	units    map[string]int   // unit word -> days
	numbers  map[string]int   // number word -> value
}

func newNoticeFinder(ss sections) (noticeFinder, error) {
	f := noticeFinder{units: map[string]int{}, numbers: map[string]int{}}
	for _, m := range []struct {
		sec string
		dst map[string]int
	}{{"unit", f.units}, {"number", f.numbers}} {
		for _, kv := range ss.get(m.sec).pairs() {
			n, err := strconv.Atoi(kv[1])
			if err != nil || n <= 0 {
				return f, fmt.Errorf("audit/data/notice.txt: [%s] %s: want a positive number, not %q", m.sec, kv[0], kv[1])
			}
			m.dst[strings.ToLower(kv[0])] = n
		}
	}
	f.context = ss.get("context").lines
	alt := func(m map[string]int) string {
		words := make([]string, 0, len(m))
		for w := range m {
			words = append(words, regexp.QuoteMeta(w))
		}
		// Longest first, so that "dagars" is not matched as "dag".
		slices.SortFunc(words, func(a, b string) int { return len(b) - len(a) })
		return strings.Join(words, "|")
	}
	n := `\(?(?P<n>\d{1,3}|` + alt(f.numbers) + `)\)?`
	unit := `(?P<unit>` + alt(f.units) + `)`
	for _, p := range ss.get("pattern").lines {
		expr := strings.NewReplacer("{n}", n, "{unit}", unit).Replace(p)
		re, err := regexp.Compile(`(?i)(?:^|[^\p{L}\p{N}])(?P<m>` + expr + `)`)
		if err != nil {
			return f, fmt.Errorf("audit/data/notice.txt: pattern %q: %w", p, err)
		}
		f.patterns = append(f.patterns, re)
	}
	if len(f.patterns) == 0 || len(f.context) == 0 || len(f.units) == 0 {
		return f, fmt.Errorf("audit/data/notice.txt: needs [pattern], [context] and [unit] entries")
	}
	return f, nil
}
