package gen

import "github.com/subproc/subproc"

// A document is composed as a list of blocks, then rendered in one format.
// Blocks say what the text is (a heading, a table, a key-value block), the
// renderers decide how each format writes it.

type block interface{ isBlock() }

// heading is a section heading; level 1 is the document title.
type heading struct {
	level int
	text  string
}

// para is a paragraph; small for notes such as "Last updated".
type para struct {
	text  string
	small bool
}

// table is a table with a header row; cells may hold several paragraphs
// separated by "\n".
type table struct {
	header []string
	rows   [][]string
	style  tableStyle
}

// tableStyle is how a table is drawn where formats allow a choice.
type tableStyle struct {
	aligned   bool // text: columns padded with spaces (and wrapped) instead of tab-separated
	wrapWidth int  // text, aligned: widest cell line before a cell wraps
	rule      bool // text, aligned: a line of dashes under the header
	borders   bool // PDF: ruled cells
	repeatHd  bool // PDF: the header row again at the top of a continued table
	boldFirst bool // Markdown: the first column in bold
	noOuter   bool // Markdown: no leading and trailing pipes
}

// list is a bulleted or numbered list; items may hold "\n" for lines of one item.
type list struct {
	ordered bool
	marker  string // text and PDF: "-", "•", "*", "–"; ordered: "1.", "1)", "(1)"
	items   []string
}

// kvBlock is one sub-processor as "Label: value" lines, with an optional
// title line (the name) above them.
type kvBlock struct {
	title  string
	pairs  [][2]string
	bold   bool // Markdown, HTML, PDF: labels in bold
	listed bool // Markdown and HTML: the pairs as list items
	align  bool // text: values aligned in a column
	wrap   int  // text: wrap values at this width, continuation lines without a label (0: no wrap)
}

// lines is a block of hard lines, e.g. an address; the first may be bold.
type lines struct {
	lines     []string
	boldFirst bool
	address   bool // HTML: an <address> element
}

// defList is a definition list: terms and their descriptions (paragraphs).
type defList struct {
	items  []defItem
	colon  bool // Markdown: "Term\n: description" (else a term line and an indented description)
	indent string
}

type defItem struct {
	term string
	desc []string
}

func (heading) isBlock() {}
func (para) isBlock()    {}
func (table) isBlock()   {}
func (list) isBlock()    {}
func (kvBlock) isBlock() {}
func (lines) isBlock()   {}
func (defList) isBlock() {}

// composed is a document before rendering.
type composed struct {
	kind      string // "list", "dpa" or "policy"
	variant   string // the list layout's variant
	title     string
	publisher string // the publisher's legal name
	site      string // the publisher's short name for the web chrome
	domain    string
	blocks    []block
	rows      []subproc.Record // the gold rows
}
