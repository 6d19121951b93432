package gen

import (
	"strings"
)

func renderMarkdown(r *rng, d composed) []byte {
	width := 0
	if r.chance(0.2) {
		width = r.between(72, 80)
	}
	hardBreak := pick(r, []string{"  ", "\\", ""})
	var b strings.Builder
	line := func(s string) { b.WriteString(s); b.WriteByte('\n') }
	for i, blk := range d.blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch x := blk.(type) {
		case heading:
			line(strings.Repeat("#", x.level) + " " + x.text)
		case para:
			t := x.text
			if x.small {
				t = "*" + t + "*"
			}
			for _, l := range wrap(t, width) {
				line(l)
			}
		case lines:
			for j, l := range x.lines {
				if j == 0 && x.boldFirst {
					l = "**" + l + "**"
				}
				if j < len(x.lines)-1 {
					l += hardBreak
				}
				line(l)
			}
		case list:
			m := "-"
			if x.marker == "*" {
				m = "*"
			}
			for j, it := range x.items {
				if x.ordered {
					m = orderedMarker("1.", j)
				}
				line(m + " " + it)
			}
		case kvBlock:
			if x.title != "" {
				t := x.title
				if x.bold || x.listed {
					t = "**" + t + "**"
				}
				line(t)
				if x.listed {
					line("")
				}
			}
			for j, p := range x.pairs {
				key := p[0]
				if x.bold {
					key = "**" + key + "**"
				}
				s := key + " " + p[1]
				switch {
				case x.listed:
					s = "- " + s
				case j < len(x.pairs)-1:
					s += hardBreak
				}
				line(s)
			}
		case defList:
			sep := pick(r, []string{": ", ":   "})
			for j, it := range x.items {
				if j > 0 {
					line("")
				}
				line(it.term)
				for _, d := range it.desc {
					line(sep + d)
				}
			}
		case table:
			writeMarkdownTable(&b, x, r)
		}
	}
	return []byte(b.String())
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func writeMarkdownTable(b *strings.Builder, t table, r *rng) {
	row := func(cells []string) {
		parts := make([]string, len(cells))
		for i, c := range cells {
			parts[i] = mdCell(c)
		}
		if t.style.noOuter {
			b.WriteString(strings.Join(parts, " | ") + "\n")
			return
		}
		b.WriteString("| " + strings.Join(parts, " | ") + " |\n")
	}
	row(t.header)
	sep := make([]string, len(t.header))
	dash := pick(r, []string{"---", "----", ":---", "-----"})
	for i := range sep {
		sep[i] = dash
	}
	if t.style.noOuter {
		b.WriteString(strings.Join(sep, " | ") + "\n")
	} else {
		b.WriteString("|" + strings.Join(sep, "|") + "|\n")
	}
	for _, cells := range t.rows {
		cs := append([]string(nil), cells...)
		if t.style.boldFirst && cs[0] != "" {
			cs[0] = "**" + cs[0] + "**"
		}
		row(cs)
	}
}
