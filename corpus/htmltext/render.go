package htmltext

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// renderer writes the text form of one parsed page.
type renderer struct {
	skip map[*html.Node]bool // elements left out with their subtrees
	out  writer
	in   inline // the paragraph being collected
}

// renderTree renders a parsed page: its main content without chrome, or,
// when that leaves no text, with the chrome.
func renderTree(root *html.Node) (string, error) {
	text, err := renderPage(root, true)
	if err == nil && text == "" {
		text, err = renderPage(root, false)
	}
	return text, err
}

func renderPage(root *html.Node, dropChrome bool) (string, error) {
	r := &renderer{skip: skipped(root, dropChrome)}
	for _, n := range r.roots(root) {
		r.node(n, 0)
		r.flush()
	}
	if r.out.err != nil {
		return "", r.out.err
	}
	return r.out.b.String(), nil
}

// walk renders the children of n.
func (r *renderer) walk(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil && r.out.err == nil; c = c.NextSibling {
		r.node(c, depth+1)
	}
}

// node renders n: text goes to the paragraph being collected, block elements
// end it and write their own blocks.
func (r *renderer) node(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		r.in.text(n.Data)
		if r.in.b.Len() > MaxOutput {
			r.out.fail()
		}
		return
	case html.ElementNode:
	default:
		return // comments, doctype
	}
	if r.skip[n] {
		return
	}
	if depth > MaxDepth {
		r.in.space = true
		r.in.text(r.flat(n, nil))
		r.in.space = true
		return
	}
	if level := headingLevel(n); level > 0 {
		r.flush()
		if t := r.flat(n, nil); t != "" {
			r.out.block([]string{strings.Repeat("#", level) + " " + t})
		}
		return
	}
	switch n.DataAtom {
	case atom.Sup:
		if m, ok := r.footnoteMark(n); ok {
			r.in.text(m)
			return
		}
		r.walk(n, depth)
	case atom.Br:
		r.in.brk()
	case atom.Hr:
		r.flush()
	case atom.Ul, atom.Ol, atom.Menu:
		r.flush()
		if r.holdsBlocks(n) { // a list of cards: laid out, not listed
			r.walk(n, depth)
			r.flush()
			return
		}
		r.out.block(r.list(n, 0, depth))
	case atom.Dl:
		r.flush()
		r.out.block(r.defList(n))
	case atom.Table:
		r.flush()
		r.table(n, depth)
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		r.flush()
		r.out.block(r.pre(n))
	default:
		if isBlock(n) {
			r.flush()
			r.walk(n, depth)
			r.flush()
			return
		}
		r.walk(n, depth)
	}
}

// flush writes the paragraph collected so far as a block, one line per <br>.
func (r *renderer) flush() {
	r.out.block(r.in.lines())
	r.in.reset()
}

// list renders a ul or ol as item lines, nested lists indented by level.
func (r *renderer) list(n *html.Node, level, depth int) []string {
	ordered := n.DataAtom == atom.Ol
	num, step := 1, 1
	if _, ok := attr(n, "reversed"); ok && ordered {
		step = -1
		num = 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Li && !r.skip[c] {
				num++
			}
		}
	}
	if v, ok := attr(n, "start"); ok {
		if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			num = i
		}
	}
	indent := strings.Repeat("  ", min(level, 20))
	var lines []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || r.skip[c] {
			continue
		}
		if isList(c) { // a list directly inside a list: nested under the previous item
			lines = append(lines, r.list(c, level+1, depth+1)...)
			continue
		}
		if v, ok := attr(c, "value"); ok && c.DataAtom == atom.Li {
			if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				num = i
			}
		}
		text, sub := r.item(c, level, depth+1)
		if text != "" {
			marker := "- "
			if ordered {
				marker = strconv.Itoa(num) + ". "
			}
			lines = append(lines, indent+marker+text)
		}
		lines = append(lines, sub...)
		if c.DataAtom == atom.Li {
			num += step
		}
	}
	return lines
}

// item returns the text of a list item and the lines of the lists nested in it.
func (r *renderer) item(li *html.Node, level, depth int) (string, []string) {
	var sub []string
	text := r.flat(li, func(x *html.Node) bool {
		if !isList(x) {
			return false
		}
		if depth < MaxDepth {
			sub = append(sub, r.list(x, level+1, depth+1)...)
			return true
		}
		return false // too deep: its text joins the item's
	})
	return text, sub
}

// defList renders a dl as "Term" lines each followed by ": definition" lines.
func (r *renderer) defList(n *html.Node) []string {
	var lines []string
	var visit func(p *html.Node, wrapped bool)
	visit = func(p *html.Node, wrapped bool) {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || r.skip[c] {
				continue
			}
			switch {
			case c.DataAtom == atom.Dt:
				if t := r.flat(c, nil); t != "" {
					lines = append(lines, t)
				}
			case c.DataAtom == atom.Dd:
				if t := r.flat(c, nil); t != "" {
					lines = append(lines, ": "+t)
				}
			case c.DataAtom == atom.Div && !wrapped: // <div> groups a term and its definitions
				visit(c, true)
			default:
				if t := r.flat(c, nil); t != "" {
					lines = append(lines, t)
				}
			}
		}
	}
	visit(n, false)
	return lines
}

// pre renders preformatted text line by line as written, tabs kept; runs
// of blank lines become one.
func (r *renderer) pre(n *html.Node) []string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 && b.Len() <= MaxOutput {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case x.Type == html.TextNode:
			b.WriteString(x.Data)
		case x.Type != html.ElementNode || x != n && r.skip[x]:
		case x.DataAtom == atom.Br:
			b.WriteByte('\n')
		default:
			if x != n && isBlock(x) {
				b.WriteByte('\n')
			}
			for c := x.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, c)
			}
		}
	}
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		l = strings.TrimRightFunc(cleanPre(l), unicode.IsSpace)
		if l == "" && (len(lines) == 0 || lines[len(lines)-1] == "") {
			continue // leading blank lines, and runs of them
		}
		lines = append(lines, l)
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// cleanPre keeps tabs and drops what the text form has no use for; a line
// break of any kind has been split on by then, so CR and FF become spaces.
func cleanPre(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r == '\r' || r == '\f' || r == '\v' || r == '\u2028' || r == '\u2029':
			return ' '
		case dropped(r):
			return -1
		}
		return r
	}, s)
}

// flat returns the text of n's subtree on one line: block boundaries, <br>
// and table cells become spaces, whitespace is collapsed. An element for
// which stop returns true is left out (the caller has rendered it). It walks
// without recursion, so depth does not matter.
func (r *renderer) flat(n *html.Node, stop func(*html.Node) bool) string {
	type step struct {
		n   *html.Node
		end bool // the end of a block element
	}
	var in inline
	stack := []step{}
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		stack = append(stack, step{n: c})
	}
	for len(stack) > 0 && in.b.Len() <= MaxOutput {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x := s.n
		switch {
		case s.end:
			in.space = true
		case x.Type == html.TextNode:
			in.text(x.Data)
		case x.Type != html.ElementNode || r.skip[x] || stop != nil && stop(x):
		case x.DataAtom == atom.Br:
			in.space = true
		default:
			if x.DataAtom == atom.Sup {
				if m, ok := r.footnoteMark(x); ok {
					in.text(m)
					continue
				}
			}
			if isBlock(x) {
				in.space = true
				stack = append(stack, step{n: x, end: true})
			}
			for c := x.LastChild; c != nil; c = c.PrevSibling {
				stack = append(stack, step{n: c})
			}
		}
	}
	return strings.TrimFunc(in.b.String(), unicode.IsSpace)
}

// footnoteMark reads a <sup> that holds a one- or two-digit number as a
// footnote marker and writes it in superscript digits ("Stripe¹"), the way
// text documents write footnote markers; run into the name it would read
// as part of it ("Stripe1").
func (r *renderer) footnoteMark(sup *html.Node) (string, bool) {
	t := r.flat(sup, nil)
	if len(t) == 0 || len(t) > 2 {
		return "", false
	}
	var b strings.Builder
	for _, c := range t {
		if c < '0' || c > '9' {
			return "", false
		}
		b.WriteRune(superscripts[c-'0'])
	}
	return b.String(), true
}

var superscripts = []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")

// headingLevel is 1-6 for h1-h6 and role=heading (aria-level, default 2), else 0.
func headingLevel(n *html.Node) int {
	switch n.DataAtom {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	if role, _ := attr(n, "role"); strings.EqualFold(strings.TrimSpace(role), "heading") {
		l, _ := attr(n, "aria-level")
		if i, err := strconv.Atoi(strings.TrimSpace(l)); err == nil && i >= 1 && i <= 6 {
			return i
		}
		return 2
	}
	return 0
}

func isList(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Menu)
}

// blocks are the elements that start and end a block of text.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true,
	atom.Dialog: true, atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.Frameset: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true,
	atom.Hr: true, atom.Html: true, atom.Legend: true, atom.Li: true, atom.Listing: true,
	atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.Optgroup: true,
	atom.Option: true, atom.P: true, atom.Plaintext: true, atom.Pre: true, atom.Search: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Td: true,
	atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Ul: true,
	atom.Xmp: true,
}

// isBlock reports whether n starts a block. Custom elements (a "-" in the
// name) count as blocks: web components are laid out as boxes far more often
// than inside a line.
func isBlock(n *html.Node) bool {
	if n.DataAtom == 0 {
		return strings.Contains(n.Data, "-")
	}
	return blocks[n.DataAtom]
}

// attr returns the value of n's attribute key (lower case) and whether it has it.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// inline collects the text of a paragraph, collapsing HTML whitespace.
type inline struct {
	b     strings.Builder
	space bool // whitespace since the last character written
}

// text appends s, its runs of whitespace collapsed to one space.
func (in *inline) text(s string) {
	for _, c := range s {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u2028' || c == '\u2029':
			in.space = true
		case dropped(c):
		default:
			if in.space && in.b.Len() > 0 {
				if str := in.b.String(); str[len(str)-1] != '\n' {
					in.b.WriteByte(' ')
				}
			}
			in.space = false
			in.b.WriteRune(c)
		}
	}
}

// brk starts a new line of the paragraph.
func (in *inline) brk() {
	in.b.WriteByte('\n')
	in.space = false
}

// lines returns the paragraph's non-empty lines, trimmed.
func (in *inline) lines() []string {
	if in.b.Len() == 0 {
		return nil
	}
	var out []string
	for _, l := range strings.Split(in.b.String(), "\n") {
		if l = strings.TrimFunc(l, unicode.IsSpace); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (in *inline) reset() {
	in.b.Reset()
	in.space = false
}

// dropped reports whether c is left out of the text: control characters
// (the text form's own are tab, newline and form feed), soft hyphens and
// invisible format characters a browser does not show.
func dropped(c rune) bool {
	switch {
	case c < 0x20, c >= 0x7F && c < 0xA0:
		return true
	case c == '\u00AD', c == '\u200B', c == '\u2060', c == '\uFEFF':
		return true
	}
	return false
}

// writer holds the rendered text: blocks of lines with a blank line between
// them, bounded by MaxOutput.
type writer struct {
	b   strings.Builder
	err error
}

// block writes lines as one block.
func (w *writer) block(lines []string) {
	if w.err != nil || len(lines) == 0 {
		return
	}
	n := 1
	for _, l := range lines {
		n += len(l) + 1
	}
	if w.b.Len()+n > MaxOutput {
		w.fail()
		return
	}
	if w.b.Len() > 0 {
		w.b.WriteByte('\n')
	}
	for _, l := range lines {
		w.b.WriteString(l)
		w.b.WriteByte('\n')
	}
}

func (w *writer) fail() {
	if w.err == nil {
		w.err = tooLarge("the text is longer than %d MiB", MaxOutput>>20)
	}
}
