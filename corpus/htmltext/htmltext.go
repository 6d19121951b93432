// Package htmltext renders an HTML page as subproc's text form (see package
// corpus/layout): headings, paragraphs, lists, definition lists and tables as
// lines, with the page's navigation, scripts and other chrome left out, so that
// the extractor reads a web page the way it reads a text document.
//
// What is rendered:
//   - the page's <main> (or role=main) when it has one, else its <article>
//     elements, else the whole <body>; a main or article set holding less than
//     a third of the page's text is taken as mis-marked and the body is used;
//   - never: <head>, script, style, noscript, template, svg, math, iframe,
//     object, embed, canvas, audio, video, form controls and their labels
//     (but a button that opens an accordion panel or sits in a heading),
//     closed <dialog>s; nor hidden elements (the hidden attribute,
//     aria-hidden="true", an inline display:none or visibility:hidden style),
//     except the panels of accordions and tabs (role=tabpanel, or named by
//     another element's aria-controls, or hidden="until-found"): a collapsed
//     panel of a sub-processor page holds content;
//   - not as chrome: nav, aside, role=navigation, banner, contentinfo,
//     search, complementary, dialog and alertdialog, cookie and consent
//     banners (told by their id or class), and <header> and <footer> that
//     belong to the page rather than to an article or section. If leaving
//     the chrome out leaves no text at all, the chrome is rendered after all.
//
// The text form it writes:
//   - headings h1-h6 (and role=heading with aria-level) as "# " .. "###### " lines;
//   - a paragraph (p, div, address, blockquote, ...) as one line with its
//     whitespace collapsed; a <br> in it starts a new line of the same block,
//     so address blocks keep their lines; a blank line between blocks;
//   - list items as "- item" or "1. item" (ol start and li value honoured),
//     nested lists indented two spaces per level; a <br> or <p> inside an item
//     becomes a space; a list whose items hold a heading or a table (a list
//     of cards) is laid out instead: its items' content as blocks;
//   - definition lists as a "Term" line followed by one ": definition" line
//     per <dd>;
//   - <pre> blocks line by line as written (tabs kept);
//   - links, emphasis and other inline markup as their plain text; a <sup>
//     of one or two digits, a footnote marker, in superscript digits
//     ("Stripe¹"); an image only through its alt text, and only when it is
//     all a table cell holds.
//
// Tables (see table.go for the details):
//   - one line per row, cells separated by a tab, a cell's own tabs, line
//     breaks, paragraphs and list items joined by spaces;
//   - rowspan and colspan are expanded into a rectangular grid: a cell
//     spanning several rows has its text repeated in every row it spans, so
//     each row is complete on its own; a cell spanning several columns has its
//     text in the first of them and empty cells in the others;
//   - header rows (<thead>, or leading rows of <th> cells) come first, merged
//     into one line when there are several (each column takes the text of the
//     lowest header row that has one); row headers (<th> in a body row) stay
//     the row's first cell; <tfoot> rows come last;
//   - rows and columns that are empty throughout are dropped;
//   - a table nested in a cell of a data table is flattened into the cell's
//     text (its cells joined by spaces);
//   - a layout table (role=presentation or none; or, without header cells or
//     a caption, a single column or a single row, or a cell holding another
//     table or a heading) is not a table: its cells are rendered one after
//     another as blocks;
//   - a <caption> is a paragraph before the table.
//
// Limits: the HTML parser refuses pages nested deeper than 512 open elements;
// those are rendered flat (text and table rows from the tag stream, without
// the structure above). Elements nested deeper than MaxDepth are rendered as
// the plain text of their subtree. A page larger than MaxInput or with more
// than MaxTags tags, a table grid of more than MaxCells cells, and a rendering
// longer than MaxOutput fail with an *Error wrapping ErrTooLarge.
package htmltext

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// Limits on what Render accepts and produces.
const (
	MaxInput  = 64 << 20 // bytes of HTML
	MaxTags   = 2 << 20  // tags in the page (each becomes a node in memory)
	MaxDepth  = 200      // element nesting rendered with structure
	MaxCells  = 4 << 20  // cells of one table grid, spans expanded
	MaxOutput = 16 << 20 // bytes of rendered text
)

// ErrTooLarge is wrapped by the *Error Render returns for a page beyond its limits.
var ErrTooLarge = errors.New("page too large")

// Error is a page Render cannot turn into text: what went wrong and what the
// user can do about it. Err unwraps, so errors.Is(err, ErrTooLarge) works.
type Error struct {
	Err  error
	Hint string // what the user can do, "" when there is nothing to suggest
}

func (e *Error) Error() string { return "html: " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// tooLarge is the error for a page past one of the limits.
func tooLarge(format string, args ...any) error {
	return &Error{Err: fmt.Errorf("%w: "+format, append([]any{ErrTooLarge}, args...)...),
		Hint: "split the page or save the part with the sub-processor list as text"}
}

// Render decodes raw (an HTML page) and renders it as subproc's text form.
// contentType is the HTTP Content-Type header the page came with, "" when
// there is none; its charset parameter is one of the hints the encoding is
// decided from (see decode in charset.go). It returns the text, with "\n"
// line ends and a final newline unless empty, and the name of the encoding
// the page was read in ("utf-8", "windows-1252", "utf-16le", ...). Errors
// are *Error.
func Render(raw []byte, contentType string) (text, encoding string, err error) {
	if len(raw) > MaxInput {
		return "", "", tooLarge("%d bytes, more than the %d MiB an HTML page may have", len(raw), MaxInput>>20)
	}
	src, enc := decode(raw, contentType)
	if n := countTags(src); n > MaxTags {
		return "", "", tooLarge("more than %d tags", MaxTags)
	}
	root, perr := html.Parse(strings.NewReader(src))
	if perr != nil {
		// Only nesting beyond the parser's limit fails a parse from a string.
		text, err = renderFlat(src)
		return text, enc, err
	}
	text, err = renderTree(root)
	return text, enc, err
}

// countTags counts '<' followed by a letter: an upper bound on the elements
// the parser creates, found without parsing.
func countTags(s string) int {
	n := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '<' {
			if c := s[i+1] | 0x20; c >= 'a' && c <= 'z' {
				n++
			}
		}
	}
	return n
}
