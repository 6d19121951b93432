package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// footnotePatterns are the regular expressions built from the footnote
// markers of the rules (key "footnote"): def matches a footnote line and
// captures its marker and text; name matches a marker right after a name,
// before an optional parenthesis ("Google LLC* (G Suite)"); end matches one
// marker at the end of a string.
type footnotePatterns struct {
	def       *regexp.Regexp
	name, end guardedPattern // only text with a marker's first character can match
}

// markerAlternation turns the marker list into a regexp alternation, longest
// first, "n" (entries are lowercased) standing for a one- or two-digit number.
func markerAlternation(markers []string) string {
	sorted := append([]string(nil), markers...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	var alts []string
	for _, m := range sorted {
		alts = append(alts, strings.ReplaceAll(regexp.QuoteMeta(m), "n", `\d{1,2}`))
	}
	if len(alts) == 0 {
		alts = []string{`\*`}
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

func newFootnotePatterns(markers []string) footnotePatterns {
	alt := markerAlternation(markers)
	first := markerFirsts(markers)
	return footnotePatterns{
		def:  regexp.MustCompile(`^(` + alt + `)\s*(\S.*)$`),
		name: mustGuarded(`\S\s?(`+alt+`)\s*(\([^)]*\))?\s*$`, first),
		end:  mustGuarded(`(`+alt+`)\s*$`, first),
	}
}

// markerFirsts returns the characters that markers start with ("n" stands
// for a digit).
func markerFirsts(markers []string) string {
	if len(markers) == 0 {
		return "*"
	}
	var b strings.Builder
	for _, m := range markers {
		r, _ := utf8.DecodeRuneInString(m)
		if r == 'n' {
			b.WriteString("0123456789")
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// findFootnoteMarkers collects the markers that follow names on short lines or
// in table cells: only those markers make a line starting with them a footnote
// (a "* text" line is otherwise a Markdown bullet).
func (x *doc) findFootnoteMarkers() map[string]bool {
	out := map[string]bool{}
	for _, l := range x.lines {
		if l.blank || len(l.text) > 200 {
			continue
		}
		for c := range strings.SplitSeq(l.text, "\t") {
			c = strings.TrimSpace(strings.Trim(strings.TrimSpace(c), "|"))
			if wordCount(c) > 8 || strings.HasPrefix(c, "*") {
				continue
			}
			if x.v.foot.name.MatchString(c) {
				for _, m := range x.v.trailingMarkers(c) {
					out[m] = true
				}
			}
		}
	}
	return out
}

// isFootnote reports whether line i defines a footnote whose marker is used after a name.
func (x *doc) isFootnote(i int) bool {
	_, _, ok := x.footnote(i)
	return ok
}

func (x *doc) footnote(i int) (marker, text string, ok bool) {
	m := x.v.foot.def.FindStringSubmatch(x.lines[i].text)
	if m == nil || !x.markers[m[1]] {
		return "", "", false
	}
	return m[1], m[2], true
}

// trailingMarkers reads every footnote marker at the end of a name
// ("Zendesk, Inc. [1] [3]", "Freshworks Inc.*¹"), before an optional parenthesis.
func (v *vocab) trailingMarkers(name string) []string {
	name = strings.TrimSpace(name)
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		name = strings.TrimSpace(name[:i])
	}
	var out []string
	for {
		m := v.foot.end.FindStringSubmatch(name)
		if m == nil || len(m[1]) == len(name) {
			return out
		}
		out = append(out, m[1])
		name = strings.TrimSpace(name[:len(name)-len(m[0])])
	}
}

// attachFootnotes gives each record whose name carries markers the text of
// the footnotes with those markers, looked up from the group's start to a
// little after its end.
func (x *doc) attachFootnotes(g *group) {
	used := map[string]bool{}
	for _, r := range g.recs {
		for _, m := range x.v.trailingMarkers(r.Name) {
			used[m] = true
		}
	}
	if len(used) == 0 {
		return
	}
	notes := map[string]string{}
	for i := g.from; i < len(x.lines) && i <= g.to+40; i++ {
		m := x.v.foot.def.FindStringSubmatch(x.lines[i].text)
		if m == nil || !used[m[1]] {
			continue
		}
		if _, dup := notes[m[1]]; !dup {
			notes[m[1]] = m[2]
		}
	}
	for k := range g.recs {
		r := &g.recs[k]
		ms := x.v.trailingMarkers(r.Name)
		for i := len(ms) - 1; i >= 0; i-- {
			if t, ok := notes[ms[i]]; ok {
				r.Notes = append(r.Notes, t)
			}
		}
	}
}
