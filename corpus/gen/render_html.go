package gen

import (
	"fmt"
	"html"
	"strings"
)

// renderHTML writes a web page: the content in <main>, with the chrome a
// real site has around it (skip link, header with navigation, a cookie
// banner, a footer) and the inline styles a CMS leaves behind.
func renderHTML(r *rng, l *lang, d composed) []byte {
	esc := html.EscapeString
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", l.code)
	w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	w("<title>%s | %s</title>\n", esc(d.title), esc(d.site))
	w("<link rel=\"stylesheet\" href=\"/assets/site.css\">\n")
	w("<style>\nbody{font-family:Helvetica,Arial,sans-serif;color:#222;margin:0}\n.cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#1d2b36;color:#fff;padding:1em}\n")
	w("main{max-width:52rem;margin:2rem auto;padding:0 1rem}\ntable{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}\n</style>\n")
	w("<script>window.dataLayer=window.dataLayer||[];</script>\n</head>\n<body>\n")
	w("<a class=\"skip-link\" href=\"#content\">%s</a>\n", esc(l.site.skip))
	w("<header class=\"site-header\">\n<a class=\"logo\" href=\"/\">%s</a>\n<nav aria-label=\"main\">\n<ul>\n", esc(d.site))
	for i, n := range l.site.nav {
		w("<li><a href=\"/%d\">%s</a></li>\n", i, esc(n))
	}
	w("</ul>\n</nav>\n</header>\n")
	bannerTop := r.chance(0.5)
	banner := func() {
		w("<div id=\"cookie-banner\" class=\"cookie-banner\" role=\"dialog\" aria-live=\"polite\">\n<p>%s</p>\n", esc(l.site.cookie))
		w("<button type=\"button\" class=\"btn accept\">%s</button> <button type=\"button\" class=\"btn\">%s</button>\n</div>\n", esc(l.site.accept), esc(l.site.decline))
	}
	if bannerTop {
		banner()
	}
	w("<main id=\"content\">\n<article>\n")
	styled := r.chance(0.5) // a CMS that leaves inline styles on paragraphs
	for _, blk := range d.blocks {
		writeHTMLBlock(&b, r, blk, styled)
	}
	w("</article>\n</main>\n")
	w("<footer class=\"site-footer\">\n<p>© %d %s · %s</p>\n", 2024+r.IntN(2), esc(d.publisher), esc(l.site.rights))
	w("<p><a href=\"/privacy\">%s</a> · <a href=\"/terms\">%s</a> · <a href=\"mailto:info@%s\">info@%s</a></p>\n</footer>\n", esc(l.site.privacy), esc(l.site.terms), d.domain, d.domain)
	if !bannerTop {
		banner()
	}
	w("</body>\n</html>\n")
	return []byte(b.String())
}

func writeHTMLBlock(b *strings.Builder, r *rng, blk block, styled bool) {
	esc := html.EscapeString
	w := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	pstyle := ""
	if styled {
		pstyle = ` style="margin:0 0 1em 0;line-height:1.5"`
	}
	switch x := blk.(type) {
	case heading:
		w("<h%d>%s</h%d>\n", x.level, esc(x.text), x.level)
	case para:
		if x.small {
			w("<p class=\"updated\"><small>%s</small></p>\n", esc(x.text))
		} else {
			w("<p%s>%s</p>\n", pstyle, esc(x.text))
		}
	case lines:
		tag := "p"
		if x.address {
			tag = "address"
		}
		w("<%s>", tag)
		for i, l := range x.lines {
			if i > 0 {
				w("<br>\n")
			}
			if i == 0 && x.boldFirst {
				w("<strong>%s</strong>", esc(l))
			} else {
				w("%s", esc(l))
			}
		}
		w("</%s>\n", tag)
	case list:
		tag := "ul"
		if x.ordered {
			tag = "ol"
		}
		w("<%s>\n", tag)
		for _, it := range x.items {
			w("<li>%s</li>\n", esc(it))
		}
		w("</%s>\n", tag)
	case kvBlock:
		if x.listed {
			if x.title != "" {
				w("<p><strong>%s</strong></p>\n", esc(x.title))
			}
			w("<ul>\n")
			for _, p := range x.pairs {
				w("<li><strong>%s</strong> %s</li>\n", esc(p[0]), esc(p[1]))
			}
			w("</ul>\n")
			return
		}
		w("<p%s>", pstyle)
		first := true
		if x.title != "" {
			w("<strong>%s</strong>", esc(x.title))
			first = false
		}
		for _, p := range x.pairs {
			if !first {
				w("<br>\n")
			}
			first = false
			if x.bold {
				w("<b>%s</b> %s", esc(p[0]), esc(p[1]))
			} else {
				w("%s %s", esc(p[0]), esc(p[1]))
			}
		}
		w("</p>\n")
	case defList:
		w("<dl>\n")
		for _, it := range x.items {
			w("<dt>%s</dt>\n", esc(it.term))
			for _, d := range it.desc {
				w("<dd>%s</dd>\n", esc(d))
			}
		}
		w("</dl>\n")
	case table:
		w("<table class=\"wp-block-table\">\n<thead>\n<tr>")
		for _, h := range x.header {
			w("<th>%s</th>", esc(h))
		}
		w("</tr>\n</thead>\n<tbody>\n")
		strong := r.chance(0.3)
		for _, row := range x.rows {
			w("<tr>")
			for j, c := range row {
				if j == 0 && strong && c != "" {
					w("<td><strong>%s</strong></td>", esc(c))
				} else {
					w("<td>%s</td>", esc(c))
				}
			}
			w("</tr>\n")
		}
		w("</tbody>\n</table>\n")
	}
}
