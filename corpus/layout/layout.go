// Package layout rebuilds reading order, paragraphs and tables from
// positioned text (PDF pages) and writes them in subproc's text form, the
// form every reader produces so that one extractor serves text, HTML and PDF.
//
// The text form:
//   - one line of text per paragraph (wrapped lines joined, hyphenation undone),
//     a blank line between blocks; the lines of one block cut by hard line
//     breaks (an address, "Label: value" lines) on consecutive lines;
//   - headings as Markdown "# " lines when they can be told apart (size, weight);
//   - list items as "- item" or "1. item", the items of one list on
//     consecutive lines, a nested item indented by two spaces per level;
//   - definition lists as "Term" then ": definition" on the next line, as
//     the HTML reader writes a <dl>; a term that is a label ("Purpose:")
//     and its definition as one "Purpose: definition" line;
//   - tables as one line per row with cells separated by a tab, a cell's
//     wrapped lines joined with a space, a blank line before and after;
//   - a form feed "\f" at the start of the first line of every page after the first.
//
// Render works in steps; each step's edge-case policy is in the doc comment
// of the function named, and each has a golden case in testdata/golden.
//
//  1. Words and lines (pieces, pieceLines, bullets, words, frags): runs are
//     cut at spaces, grouped into lines by baseline (Options.LineTol), small
//     raised or lowered runs next to bigger text join its line, list bullets
//     drawn as shapes become "•", runs closer than Options.WordGap ems make
//     one word, and a line is cut into fragments at gaps of
//     Options.ColumnGap ems or more (a list marker stays with its text).
//  2. Ruled tables (gridTables): cell borders, stroked or filled thin
//     rectangles, form grids; a merged cell's text goes to its top-left slot.
//  3. Running headers, footers and page numbers (dropMargins), in the top and
//     bottom Options.MarginBand of each page only: lines that recur on half
//     the pages and are set apart from the body (smaller, or a gap away),
//     and page labels; body text that starts two pages alike stays.
//  4. Columns (flows): a two-column prose page is read column by column in
//     bands cut by full-width lines; tables are never cut into columns.
//  5. Borderless tables (borderless, segment): columns from the x-extent of
//     fragments across lines, rows from vertical blocks per column; a cell
//     that wraps is one cell, never extra rows; a vertically centred cell
//     stays in its row; a row whose first cell is empty continues the row
//     above and is written with an empty first cell, as the extractor reads it.
//     A header-less table is written like any other: the extractor names its
//     columns. Ragged rows get empty cells: every row of a table has as many
//     cells as the table has columns.
//  6. Tables cut by a page break (renderer.page, continued, dropHeader): the
//     lines at the top of the next page that fit the columns of the table that
//     ended the previous page continue it; a ruled table there continues it
//     when its column borders match. The repeated header row is dropped here
//     (the extractor would drop it too); the rest of a row cut by the break is
//     a continuation line with an empty first cell, starting with the form
//     feed, so every line keeps the page it is drawn on. A table ending a page
//     and followed by footnotes is not stitched.
//  7. Paragraphs, lists, definition lists and hyphenation (paragraphs,
//     definitions, nesting, joiner.join); a paragraph cut by a page break is
//     joined (renderer.joinPages).
//  8. Headings (markHeadings), unless Options.NoHeadings.
//
// Result.Boxes holds, for each line of the text, the union of the boxes of
// the words drawn for it on its page (a box estimated from each word's
// baseline, size and width); blank lines have the zero Box. A table row's box
// covers all its cells; a paragraph joined across a page break keeps the box
// of its first page.
//
// Known limits: a row with text in its first cell only (a group caption)
// is written as a tab row with one non-empty cell, which the extractor does
// not take as a table row; borderless tables need gaps of about one em
// between columns; rotated text is read as if it were horizontal.
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

// Shape is the box of a small figure drawn on the page: a filled dot or
// square, a stroked circle. List bullets that a producer draws as paths
// instead of glyphs (Chromium does) are shapes; Render reads a shape just
// left of the text of a line as the bullet "•" (see bullets).
type Shape struct {
	X0, Y0, X1, Y1 float64
}

// Page is the positioned content of one page.
type Page struct {
	Number        int // 1-based
	Width, Height float64
	Runs          []Run
	Rules         []Segment
	Shapes        []Shape // small figures, candidates for list bullets
}

// Box is a rectangle on a page in PDF points (origin bottom-left).
type Box = subproc.Box

// Result is a rendered document.
type Result struct {
	Text  string // the text form
	Boxes []Box  // one per line of Text (index = line number - 1); zero Box for blank and synthetic lines
}
