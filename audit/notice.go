package audit

import (
	"strconv"
	"strings"

	"github.com/subproc/subproc/store"
)

// Notice is the notice a document promises before a new sub-processor is
// used: "med mindst 30 dages varsel", "at least 30 days in advance".
type Notice = store.Notice

// StoredNotice is what ingest stores of a document's text for the rule
// change-within-notice (store.Entry.Notice): the notice period it states by
// the default rules, a Notice with Days 0 when it states none, nil when there
// is no text (the document failed before its text was read).
func StoredNotice(text string) *Notice {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if n := Default().FindNotice(text); n != nil {
		return n
	}
	return &Notice{}
}

// FindNotice returns the notice period text states, nil when it states none.
// A phrase counts only on a line that speaks of sub-processors or changes;
// when several lines state one, the longest period counts (the first line
// that states it).
func (s *Set) FindNotice(text string) *Notice {
	var best *Notice
	for i, line := range strings.Split(text, "\n") {
		if !s.notice.inContext(line) {
			continue
		}
		for _, re := range s.notice.patterns {
			for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
				days := s.notice.days(re.SubexpNames(), line, m)
				if days > 0 && (best == nil || days > best.Days) {
					p := 2 * re.SubexpIndex("m")
					best = &Notice{Days: days, Line: i + 1, Phrase: line[m[p]:m[p+1]]}
				}
			}
		}
	}
	return best
}

func (f *noticeFinder) inContext(line string) bool {
	l := strings.ToLower(line)
	for _, c := range f.context {
		if strings.Contains(l, c) {
			return true
		}
	}
	return false
}

// days reads the period of match m (submatch indexes) of a pattern with
// groups n and unit.
func (f *noticeFinder) days(names []string, line string, m []int) int {
	n, per := 0, 0
	for i, name := range names {
		if m[2*i] < 0 {
			continue
		}
		v := strings.ToLower(line[m[2*i]:m[2*i+1]])
		switch name {
		case "n":
			if d, err := strconv.Atoi(v); err == nil {
				n = d
			} else {
				n = f.numbers[v]
			}
		case "unit":
			per = f.units[v]
		}
	}
	return n * per
}
