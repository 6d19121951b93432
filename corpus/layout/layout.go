// Package layout rebuilds reading order, paragraphs and tables from
// positioned text (PDF pages) and writes them in subproc's text form, the
// form every reader produces so that one extractor serves text, HTML and PDF.
//
// The text form:
//   - one line of text per paragraph (wrapped lines joined, hyphenation undone),
//     a blank line between blocks;
//   - headings as Markdown "# " lines when they can be told apart (size, weight);
//   - list items as "- item" or "1. item";
//   - tables as one line per row with cells separated by a tab, a cell's
//     wrapped lines joined with a space, a blank line before and after;
//   - a form feed "\f" at the start of the first line of every page after the first.
package layout

import "github.com/subproc/subproc"

// Run is a piece of text drawn at one position with one font: one glyph or a
// string of glyphs. Coordinates are PDF user-space points with the origin at
// the page's bottom-left corner, after the text matrix and the CTM.
type Run struct {
	Text string
	X, Y float64 // start of the baseline
	W    float64 // advance width (end of the run is X+W)
	Size float64 // effective font size (height of the em box on the page)
	Font string  // base font name, e.g. "LiberationSans-Bold"
}

// Segment is a straight line drawn on the page (a table rule or a cell border),
// from a stroked path or an edge of a filled thin rectangle.
type Segment struct {
	X0, Y0, X1, Y1 float64
}

// Page is the positioned content of one page.
type Page struct {
	Number        int // 1-based
	Width, Height float64
	Runs          []Run
	Rules         []Segment
}

// Box is a rectangle on a page in PDF points (origin bottom-left).
type Box = subproc.Box

// Result is a rendered document.
type Result struct {
	Text  string // the text form
	Boxes []Box  // one per line of Text (index = line number - 1); zero Box for blank and synthetic lines
}
