package htmltext

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// flatSkip are the elements whose content renderFlat leaves out.
var flatSkip = map[atom.Atom]bool{
	atom.Head: true, atom.Title: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Nav: true,
}

// renderFlat renders a page the parser refused (nested deeper than it
// allows) from its tag stream: block elements end paragraphs, <br> ends a
// line, table rows become tab-separated lines, script, style, navigation and
// the like are left out. There is no tree, so no spans, chrome or hidden
// elements are recognised.
func renderFlat(src string) (string, error) {
	var (
		w      writer
		in     inline
		row    []string // cells of the table row being read
		table  []string // lines of the table being read
		inCell bool
		skip   atom.Atom // element whose content is being left out
		skipN  int       // its nesting
	)
	endCell := func() {
		if inCell {
			row = append(row, strings.Join(in.lines(), " "))
			in.reset()
			inCell = false
		}
	}
	endRow := func() {
		endCell()
		if strings.TrimSpace(strings.Join(row, "")) != "" {
			table = append(table, strings.Join(row, "\t"))
		}
		row = row[:0]
	}
	endTable := func() {
		endRow()
		w.block(table)
		table = nil
	}
	z := html.NewTokenizer(strings.NewReader(src))
	for w.err == nil {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		a := tok.DataAtom
		if skip != 0 {
			switch {
			case tt == html.StartTagToken && a == skip:
				skipN++
			case tt == html.EndTagToken && a == skip:
				if skipN--; skipN == 0 {
					skip = 0
				}
			}
			continue
		}
		switch tt {
		case html.TextToken:
			in.text(tok.Data)
			if in.b.Len() > MaxOutput {
				w.fail()
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case flatSkip[a] && tt == html.StartTagToken:
				skip, skipN = a, 1
			case a == atom.Br:
				if inCell {
					in.space = true
				} else {
					in.brk()
				}
			case a == atom.Tr:
				endRow()
			case a == atom.Td || a == atom.Th:
				endCell()
				if len(table) == 0 && len(row) == 0 && in.b.Len() > 0 {
					w.block(in.lines())
					in.reset()
				}
				inCell = true
			case a == atom.Table:
				endTable()
				w.block(in.lines())
				in.reset()
			case isBlock(&html.Node{DataAtom: a, Data: tok.Data}):
				if inCell {
					in.space = true
				} else {
					w.block(in.lines())
					in.reset()
				}
			}
		case html.EndTagToken:
			switch {
			case a == atom.Td || a == atom.Th:
				endCell()
			case a == atom.Tr:
				endRow()
			case a == atom.Table:
				endTable()
			case isBlock(&html.Node{DataAtom: a, Data: tok.Data}):
				if inCell {
					in.space = true
				} else {
					w.block(in.lines())
					in.reset()
				}
			}
		}
	}
	endTable()
	w.block(in.lines())
	if w.err != nil {
		return "", w.err
	}
	return w.b.String(), nil
}
