package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	mdLink      = regexp.MustCompile(`\[([^\[\]]*)\]\([^()]*\)`)
	mdStrong    = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmphasis  = regexp.MustCompile(`(^|\s)\*(\S(?:[^*]*?\S)?)\*($|[\s,.;:])`)
	autolink    = regexp.MustCompile(`<(?:https?://|mailto:|www\.)[^<>\s]*>`)
	supFootnote = regexp.MustCompile(`(?i)<sup>[^<]{0,8}</sup>`)
	footnoteRef = regexp.MustCompile(`\[(?:\d{1,3}|[a-z])\]|\^\d{1,3}`)
	bullet      = regexp.MustCompile(`^(?:[•·▪◦‣●○■□➢►–—-]|\*)\s+`)
	quoted      = regexp.MustCompile(`[` + quotes + `]([^` + quotes + `]+)[` + quotes + `]`)
)

// quotes are the quotation marks around a name in a parenthesis.
const quotes = `"“”„«»`

// footnoteMark reports whether r marks a footnote after a name ("Google LLC*").
func footnoteMark(r rune) bool {
	switch r {
	case '*', '†', '‡', '⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹':
		return true
	}
	return false
}

const (
	aliasMaxRunes = 40
	aliasMaxWords = 5
)

// SplitAlias splits a name as a document writes it into the name and the short
// names it gives in parentheses: "Amazon Web Services EMEA SARL (AWS)" ->
// "Amazon Web Services EMEA SARL", [AWS]. Markup goes first: HTML, markdown
// emphasis and links ("**Name**", "[Name](url)"), footnote markers ("*", "†",
// "¹", "[1]") and list bullets.
//
// Trailing parentheses are read from the end:
//   - a short name is an alias ("Azure (Microsoft)" -> "Azure", [Microsoft]);
//   - a former or other name ("(formerly X)", "(d/b/a X)", "(hereinafter
//     "X")") is an alias too, without its opening words;
//   - a place ("(Ireland)", "(EU)"), a word that belongs to the name ("(publ)"),
//     and anything with a comma or semicolon or longer than a short name stay in
//     the name;
//   - an empty or numeric parenthesis ("()", "(1)") is dropped.
//
// The returned name is stable: SplitAlias of it returns it unchanged.
func SplitAlias(name string) (string, []string) {
	c := compile(nil)
	var aliases []string
	s := name
	for {
		t, found := c.splitOnce(s)
		aliases = append(aliases, found...)
		if t == s {
			break
		}
		s = t
	}
	if len(aliases) == 0 {
		return s, nil
	}
	var out []string
	seen := map[string]bool{strings.ToLower(s): true}
	for i := len(aliases) - 1; i >= 0; i-- { // read from the end: restore document order
		a := aliases[i]
		if k := strings.ToLower(a); a != "" && !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return s, out
}

// splitOnce does one round of cleaning and takes the trailing parentheses off s.
func (c *compiled) splitOnce(s string) (string, []string) {
	s = replaceAll(supFootnote, "<", s, "")
	s = Text(s)
	s = replaceAll(autolink, "<", s, "")
	s = replaceAll(mdLink, "[", s, "$1")
	s = replaceAll(mdStrong, "*_", s, "$2")
	s = replaceAll(mdEmphasis, "*", s, "$1$2$3")
	s = bullet.ReplaceAllString(s, "")
	s = replaceAll(footnoteRef, "[^", s, "")
	s = strings.Map(func(r rune) rune {
		if footnoteMark(r) {
			return -1
		}
		return r
	}, s)
	s = trimName(s)
	var aliases []string
	for {
		open := trailingParen(s)
		if open < 0 {
			break
		}
		outside := trimRightName(s[:open])
		inner := strings.TrimSpace(s[open+1 : len(s)-1])
		if outside == "" {
			break // "(AWS)" alone is the name
		}
		alias, keep := c.parenthesis(inner)
		if keep {
			break
		}
		if alias != "" {
			aliases = append(aliases, alias)
		}
		s = outside
	}
	return s, aliases
}

// replaceAll is re.ReplaceAllString(s, repl) for a pattern that only matches
// text with one of the characters in need: other text is returned as it is.
func replaceAll(re *regexp.Regexp, need, s, repl string) string {
	if !strings.ContainsAny(s, need) {
		return s
	}
	return re.ReplaceAllString(s, repl)
}

// trimName collapses spaces and trims the punctuation a cut leaves at the ends
// of a name.
func trimName(s string) string {
	return trimRightName(strings.TrimLeft(collapseSpaces(s), ",;:/ "))
}

// trimRightName trims what a cut leaves at the end of a name.
func trimRightName(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ':' || r == '/' || r == '-' || r == '–' || unicode.IsSpace(r)
	})
}

// trailingParen returns the index of the "(" that the ")" ending s closes, or -1.
func trailingParen(s string) int {
	if !strings.HasSuffix(s, ")") {
		return -1
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// parenthesis decides what a trailing parenthesis holds: an alias, or
// something that stays in the name (keep), or nothing worth keeping.
func (c *compiled) parenthesis(inner string) (alias string, keep bool) {
	if inner == "" || strings.Trim(inner, "0123456789 ") == "" {
		return "", false
	}
	lower := strings.ToLower(inner)
	if c.keep[lower] {
		return "", true
	}
	if strings.ContainsAny(inner, quotes) {
		if m := quoted.FindStringSubmatch(inner); m != nil && utf8.RuneCountInString(m[1]) <= aliasMaxRunes {
			return trimName(m[1]), false // (hereinafter "AWS")
		}
	}
	for _, d := range []*dict{c.former, c.aka} {
		if ms := d.find(inner); len(ms) > 0 && ms[0].start == 0 {
			rest := trimName(strings.Trim(inner[ms[0].end:], " :\"'“”"))
			if rest != "" && short(rest) {
				return rest, false
			}
			return "", true
		}
	}
	if strings.ContainsAny(inner, ",;") || !short(inner) || c.isPlace(inner) {
		return "", true
	}
	return trimName(strings.Trim(inner, "\"'“”«»")), false
}

func short(s string) bool {
	return utf8.RuneCountInString(s) <= aliasMaxRunes && wordCount(s) <= aliasMaxWords
}

// isPlace reports whether s is nothing but places: "Ireland", "EU", "US".
func (c *compiled) isPlace(s string) bool {
	ps := c.placeTokens(s, false)
	if len(ps) == 0 {
		return false
	}
	rest := s
	for i := len(ps) - 1; i >= 0; i-- {
		rest = rest[:ps[i].start] + " " + rest[ps[i].end:]
	}
	return c.joins(rest)
}
