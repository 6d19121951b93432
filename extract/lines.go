package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one line of a document with what the layout detectors need to know about it.
type line struct {
	n     int    // 1-based line number in Document.Text
	page  int    // 1-based page (form feeds start pages), 0 when the document has none
	raw   string // the line as written, form feeds removed
	text  string // trimmed, inline markup kept
	blank bool
	toc   bool // a table-of-contents entry ("Bilag B Underdatabehandlere.....  11")

	// What the detectors ask of a line again and again, read once.
	item     bool   // a list item (listItem matches raw)
	indent   string // a list item's indentation
	itemText string // a list item's text after its bullet or number
	tabRow   bool   // isTabRow
}

// splitLines cuts text into lines and marks blank and table-of-contents lines.
func splitLines(text string) []line {
	raws := strings.Split(text, "\n")
	paged := strings.Contains(text, "\f")
	page := 0
	if paged {
		page = 1
	}
	out := make([]line, 0, len(raws))
	for i, r := range raws {
		if paged {
			page += strings.Count(r, "\f")
		}
		r = strings.ReplaceAll(r, "\f", "")
		r = strings.TrimRight(r, " \r")
		t := strings.TrimSpace(strings.ReplaceAll(r, "\u00a0", " "))
		if strings.HasSuffix(t, "\\") && !strings.HasSuffix(t, "\\\\") {
			t = strings.TrimSpace(t[:len(t)-1]) // a Markdown hard line break
		}
		l := line{n: i + 1, page: page, raw: r, text: t, blank: t == ""}
		l.toc = !l.blank && isTOC(r)
		l.item, l.indent, l.itemText = listItem(r)
		l.tabRow = tabRow(l)
		out = append(out, l)
	}
	return out
}

var (
	tocDots   = regexp.MustCompile(`(\.{3,}|…{2,}|(\. ){3,})\s*\d{1,4}\s*$`)
	tocTab    = regexp.MustCompile(`^[^\t]{2,100}\t+\s*\d{1,4}\s*$`)
	pageLabel = regexp.MustCompile(`(?i)^(?:(side|sida|page|seite|page)\s+\d+(\s+(af|av|of|von|de|sur|/)\s+\d+)?$|\d+\s*/\s*\d+$|-\s*\d+\s*-$)`)
)

// isTOC reports whether a line is a table-of-contents entry: a title followed by
// dot leaders or a tab and a page number.
func isTOC(s string) bool {
	t := strings.TrimRight(s, " \t")
	if t == "" || t[len(t)-1] < '0' || t[len(t)-1] > '9' || len(t) > 200 {
		return false // a TOC entry ends with its page number
	}
	dots := strings.Contains(t, "...") || strings.Contains(t, "……") || strings.Contains(t, ". . . ")
	return dots && tocDots.MatchString(t) || strings.Contains(t, "\t") && tocTab.MatchString(t)
}

// isPageLabel reports whether a line is a running page number ("Side 2 af 3", "Page 4").
func isPageLabel(s string) bool { return pageLabel.MatchString(strings.TrimSpace(s)) }

var (
	mdHeading = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	// itemStart is the start of a list item: indentation, a bullet or a
	// number, and spaces; the item's text is the rest of the line.
	itemStart = regexp.MustCompile(`^(\s*)([-*+•·▪◦‣–]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+`)
	numbered  = regexp.MustCompile(`^(\d{1,2}(\.\d{1,2})*\.?|[A-Z]\.\d{1,2}\.?|[IVX]{1,4}\.)\s+\S`)
	annexHead = regexp.MustCompile(`(?i)^(bilag|bilaga|vedlegg|vedlegg|annex|appendix|schedule|anhang|anlage|annexe|liite)\s+([0-9]+|[A-Z]|[IVX]+)\b`)
)

// listItem reads a list item: ok, its indentation and its text after the
// bullet or number. raw holds no newline, so it matches
// "^(\s*)(bullet|number)\s+(.*)$" whenever it starts with an item.
func listItem(raw string) (ok bool, indent, text string) {
	m := itemStart.FindStringSubmatchIndex(raw)
	if m == nil {
		return false, "", ""
	}
	return true, raw[m[2]:m[3]], raw[m[1]:]
}

// heading returns the text of a heading line and its level (1 = top), or ok=false.
// Markdown "#" headings and reStructuredText underlined titles are headings by
// syntax; in plain text a short line without closing punctuation that stands
// alone (blank or nothing before and after) is a heading of level 0 (unknown).
func heading(ls []line, i int) (text string, level int, ok bool) {
	l := ls[i]
	if l.blank || l.toc {
		return "", 0, false
	}
	if strings.HasPrefix(l.text, "#") {
		if m := mdHeading.FindStringSubmatch(l.text); m != nil {
			return cleanInline(m[2]), len(m[1]), true
		}
	}
	if i+1 < len(ls) && rstUnder.MatchString(ls[i+1].text) && utf8.RuneCountInString(ls[i+1].text) >= utf8.RuneCountInString(l.text)-1 &&
		!rstUnder.MatchString(l.text) && !strings.Contains(l.raw, "\t") {
		return cleanInline(l.text), rstLevel(ls[i+1].text[0]), true
	}
	// A plain-text heading stands alone.
	before := i == 0 || ls[i-1].blank
	after := i+1 >= len(ls) || ls[i+1].blank
	if !before || !after {
		return "", 0, false
	}
	if rstUnder.MatchString(l.text) || strings.Contains(l.raw, "\t") || l.item && !numbered.MatchString(l.text) {
		return "", 0, false
	}
	if labelValue.MatchString(l.text) && !annexHead.MatchString(l.text) {
		return "", 0, false // "Senest ændret: 4. september 2024" is a label line
	}
	t := cleanInline(l.text)
	if !looksLikeTitle(t) {
		return "", 0, false
	}
	return t, 0, true
}

func rstLevel(c byte) int {
	switch c {
	case '=', '#', '*':
		return 1
	case '-':
		return 2
	case '~', '^':
		return 3
	}
	return 4
}

// looksLikeTitle: short, starts with a capital or a number, no sentence punctuation at the end.
func looksLikeTitle(t string) bool {
	n := utf8.RuneCountInString(t)
	if n == 0 || n > 90 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:!?", last) && !numbered.MatchString(t) {
		return false
	}
	if strings.HasSuffix(t, ".") && numbered.MatchString(t) && len(strings.Fields(t)) > 12 {
		return false
	}
	return len(strings.Fields(t)) <= 12
}

// labelValue is a "Label: value" line with a short label.
var labelValue = mustGuarded(`^[\p{L}][\p{L}\p{N} ./'’-]{0,30}:\s+\S`, ":")

var (
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\((?:[^)]*)\)`)
	mdAngle    = regexp.MustCompile(`<(https?://[^>]+)>`)
	mdEmphasis = regexp.MustCompile(`(\*\*|__)(.+?)(\*\*|__)`)
	mdItalic   = regexp.MustCompile(`(^|[\s(])[*_]([^*_\s][^*_]*?)[*_]($|[\s).,:;])`)
	mdCode     = regexp.MustCompile("`([^`]+)`")
	rstRole    = regexp.MustCompile("`([^`<]+?)\\s*(?:<[^>]+>)?`_{1,2}")
)

// cleanInline removes inline markup (Markdown emphasis, links and code, RST link
// roles) and keeps the words. HTML tags are left for the normaliser.
func cleanInline(s string) string {
	if !strings.ContainsAny(s, "*_[`<") {
		return strings.TrimSpace(s)
	}
	s = rstRole.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAngle.ReplaceAllString(s, "$1")
	s = mdEmphasis.ReplaceAllString(s, "$2")
	s = mdItalic.ReplaceAllString(s, "$1$2$3")
	s = mdCode.ReplaceAllString(s, "$1")
	return strings.TrimSpace(s)
}

// containsStem reports whether a word of folded s starts with the folded stem (for
// compounds and inflections: "underdatabehandler" in "underdatabehandlerne").
func containsStem(s, stem string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], stem)
		if j < 0 {
			return false
		}
		j += i
		if j == 0 || s[j-1] == ' ' {
			return true
		}
		i = j + 1
		if i >= len(s) {
			return false
		}
	}
}

// rstUnder matches a reStructuredText title underline: one punctuation
// character repeated at least three times.
var rstUnder = underline{}

type underline struct{}

func (underline) MatchString(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 3 || !strings.ContainsRune("=-~^\"'`#*+:.", rune(s[0])) {
		return false
	}
	return strings.Count(s, s[:1]) == len(s)
}

var urlOnly = regexp.MustCompile(`^<?(https?://|www\.)\S+>?$`)

func isURL(s string) bool { return urlOnly.MatchString(strings.TrimSpace(s)) }
