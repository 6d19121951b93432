package gen

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// render writes a composed document in format.
func render(r *rng, l *lang, d composed, format string) ([]byte, error) {
	switch format {
	case FormatText:
		return renderText(r, d), nil
	case FormatMarkdown:
		return renderMarkdown(r, d), nil
	case FormatHTML:
		return renderHTML(r, l, d), nil
	case FormatPDF:
		return renderPDF(r, l, d)
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// wrap cuts s into lines of at most width runes at spaces (a longer word
// gets a line of its own). width <= 0 keeps one line.
func wrap(s string, width int) []string {
	if width <= 0 {
		return []string{s}
	}
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
	}
	if line != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}

func pad(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// orderedMarker is the marker of item i (0-based) in a numbered list of style m.
func orderedMarker(m string, i int) string {
	switch m {
	case "1)":
		return fmt.Sprintf("%d)", i+1)
	case "(1)":
		return fmt.Sprintf("(%d)", i+1)
	}
	return fmt.Sprintf("%d.", i+1)
}

// textStyle are the choices of one plain-text document.
type textStyle struct {
	width     int  // paragraph wrap width, 0: one line per paragraph
	underline bool // title underlined with "="
	upper     bool // title in capitals
	subRule   bool // level-3 headings underlined with "-"
}

func renderText(r *rng, d composed) []byte {
	st := textStyle{upper: r.chance(0.3), underline: r.chance(0.3), subRule: r.chance(0.3)}
	if r.chance(0.4) {
		st.width = r.between(70, 80)
	}
	var b strings.Builder
	for i, blk := range d.blocks {
		if i > 0 {
			b.WriteString("\n")
			if _, ok := blk.(kvBlock); ok && r.chance(0.2) {
				b.WriteString("\n")
			}
		}
		writeTextBlock(&b, blk, st)
	}
	return []byte(b.String())
}

func writeTextBlock(b *strings.Builder, blk block, st textStyle) {
	line := func(s string) { b.WriteString(s); b.WriteByte('\n') }
	switch x := blk.(type) {
	case heading:
		t := x.text
		if x.level == 1 && st.upper {
			t = strings.ToUpper(t)
		}
		line(t)
		switch {
		case x.level == 1 && st.underline:
			line(strings.Repeat("=", utf8.RuneCountInString(t)))
		case x.level == 3 && st.subRule:
			line(strings.Repeat("-", utf8.RuneCountInString(t)))
		}
	case para:
		for _, l := range wrap(x.text, st.width) {
			line(l)
		}
	case lines:
		for _, l := range x.lines {
			line(l)
		}
	case list:
		for i, it := range x.items {
			m := x.marker
			if x.ordered {
				m = orderedMarker(x.marker, i)
			}
			indent := strings.Repeat(" ", utf8.RuneCountInString(m)+1)
			for j, l := range wrap(it, st.width-len(indent)) {
				if j == 0 {
					line(m + " " + l)
				} else {
					line(indent + l)
				}
			}
		}
	case kvBlock:
		if x.title != "" {
			line(x.title)
		}
		w := 0
		for _, p := range x.pairs {
			w = max(w, utf8.RuneCountInString(p[0]))
		}
		for _, p := range x.pairs {
			key := p[0]
			if x.align {
				key = pad(key, w)
			}
			first := key + " " + p[1]
			ls := wrap(first, x.wrap)
			for j, l := range ls {
				if j > 0 && x.align {
					l = strings.Repeat(" ", w+1) + l
				}
				line(l)
			}
		}
	case defList:
		for i, it := range x.items {
			if i > 0 {
				line("")
			}
			line(it.term)
			for _, d := range it.desc {
				for _, l := range wrap(d, st.width-4) {
					line(x.indent + l)
				}
			}
		}
	case table:
		writeTextTable(b, x)
	}
}

func writeTextTable(b *strings.Builder, t table) {
	if !t.style.aligned {
		b.WriteString(strings.Join(t.header, "\t") + "\n")
		for _, row := range t.rows {
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
		return
	}
	all := append([][]string{t.header}, t.rows...)
	n := len(t.header)
	width := make([]int, n)
	cells := make([][][]string, len(all)) // row, column, lines
	for i, row := range all {
		cells[i] = make([][]string, n)
		for j := 0; j < n; j++ {
			ls := wrap(row[j], t.style.wrapWidth)
			cells[i][j] = ls
			for _, l := range ls {
				width[j] = max(width[j], utf8.RuneCountInString(l))
			}
		}
	}
	for i, row := range cells {
		h := 0
		for _, ls := range row {
			h = max(h, len(ls))
		}
		for k := 0; k < h; k++ {
			var parts []string
			for j, ls := range row {
				s := ""
				if k < len(ls) {
					s = ls[k]
				}
				if j < n-1 {
					s = pad(s, width[j])
				}
				parts = append(parts, s)
			}
			b.WriteString(strings.TrimRight(strings.Join(parts, "   "), " ") + "\n")
		}
		if i == 0 && t.style.rule {
			var parts []string
			for j := range width {
				parts = append(parts, strings.Repeat("-", width[j]))
			}
			b.WriteString(strings.Join(parts, "   ") + "\n")
		}
	}
}
