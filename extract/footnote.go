package extract

import (
	"regexp"
	"strings"
)

// nameMarker is a footnote marker right after a name, before an optional
// parenthesis: "Google LLC* (G Suite)", "Stripe¹", "Twilio [2]".
var nameMarker = regexp.MustCompile(`\S(\*{1,3}|†|‡|[¹²³⁴⁵⁶⁷⁸⁹]+|\s?\[\d{1,2}\])\s*(\([^)]*\))?\s*$`)

// findFootnoteMarkers collects the markers that follow names on short lines or
// in table cells: only those markers make a line starting with them a footnote
// (a "* text" line is otherwise a Markdown bullet).
func (x *doc) findFootnoteMarkers() map[string]bool {
	out := map[string]bool{}
	for _, l := range x.lines {
		if l.blank || len(l.text) > 200 {
			continue
		}
		for _, c := range strings.Split(l.text, "\t") {
			c = strings.TrimSpace(strings.Trim(strings.TrimSpace(c), "|"))
			if len(strings.Fields(c)) > 8 || strings.HasPrefix(c, "*") {
				continue
			}
			if m := nameMarker.FindStringSubmatch(c); m != nil {
				out[strings.TrimSpace(m[1])] = true
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
	m := footnoteDef.FindStringSubmatch(x.lines[i].text)
	if m == nil || !x.markers[m[1]] {
		return "", "", false
	}
	return m[1], m[2], true
}

// trailingMarkers reads every footnote marker at the end of a name
// ("Zendesk, Inc. [1] [3]", "Freshworks Inc.*¹"), before an optional parenthesis.
func trailingMarkers(name string) []string {
	name = strings.TrimSpace(name)
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		name = strings.TrimSpace(name[:i])
	}
	var out []string
	for {
		m := markerAtEnd.FindStringSubmatch(name)
		if m == nil || len(m[1]) == len(name) {
			return out
		}
		out = append(out, m[1])
		name = strings.TrimSpace(name[:len(name)-len(m[0])])
	}
}

var markerAtEnd = regexp.MustCompile(`(\*{1,3}|†|‡|[¹²³⁴⁵⁶⁷⁸⁹]|\[\d{1,2}\])\s*$`)

// attachFootnotes gives each record whose name carries markers the text of
// the footnotes with those markers, looked up from the group's start to a
// little after its end.
func (x *doc) attachFootnotes(g *group) {
	used := map[string]bool{}
	for _, r := range g.recs {
		for _, m := range trailingMarkers(r.Name) {
			used[m] = true
		}
	}
	if len(used) == 0 {
		return
	}
	notes := map[string]string{}
	for i := g.from; i < len(x.lines) && i <= g.to+40; i++ {
		m := footnoteDef.FindStringSubmatch(x.lines[i].text)
		if m == nil || !used[m[1]] {
			continue
		}
		if _, dup := notes[m[1]]; !dup {
			notes[m[1]] = m[2]
		}
	}
	for k := range g.recs {
		r := &g.recs[k]
		ms := trailingMarkers(r.Name)
		for i := len(ms) - 1; i >= 0; i-- {
			if t, ok := notes[ms[i]]; ok {
				r.Notes = append(r.Notes, t)
			}
		}
	}
}
