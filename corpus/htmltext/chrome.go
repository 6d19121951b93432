package htmltext

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// junk is never text: code, styles, embedded objects, form controls, closed
// dialogs. Buttons are junk too, but for disclosure buttons (below).
const junk = "head, script, style, noscript, template, svg, math, iframe, object, embed, " +
	"canvas, audio, video, input, select, textarea, label, dialog:not([open])"

// hidden are the elements a browser may hide; isHidden decides.
const hidden = "[hidden], [aria-hidden], [style]"

// chrome is the page around the content: navigation, banners, sidebars.
// <header> and <footer> are chrome only outside sectioning content (below).
const chrome = "nav, aside, [role~=navigation], [role~=banner], [role~=contentinfo], " +
	"[role~=search], [role~=complementary], [role~=dialog], [role~=alertdialog], header, footer, [id], [class]"

var (
	// hiddenStyle matches an inline style that hides its element.
	hiddenStyle = regexp.MustCompile(`(?i)(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\s*(!important\s*)?(;|$)`)
	// cookieBanner matches the id or class of common cookie and consent banners.
	cookieBanner = regexp.MustCompile(`(?i)cookie[-_]?(banner|bar|consent|notice|popup|dialog|law|modal|message|wall|box|warning)|` +
		`consent[-_]?(banner|bar|dialog|popup|modal|manager|box)|cookiebot|onetrust|didomi|usercentrics|cookieyes|` +
		`\bcc[-_](window|banner)\b|\bcky[-_]consent|\bgdpr[-_]?(banner|consent|cookie)`)
)

// skipped returns the elements left out of the rendering with their
// subtrees: junk and hidden elements always, chrome when dropChrome.
func skipped(root *html.Node, dropChrome bool) map[*html.Node]bool {
	doc := goquery.NewDocumentFromNode(root)
	skip := map[*html.Node]bool{}
	for _, n := range doc.Find(junk).Nodes {
		skip[n] = true
	}
	// Buttons are controls, except the ones that disclose a panel, which
	// are its heading (the WAI-ARIA accordion pattern), and any in a heading.
	for _, n := range doc.Find("button").Nodes {
		_, controls := attr(n, "aria-controls")
		_, expanded := attr(n, "aria-expanded")
		if !controls && !expanded && !inHeading(n) {
			skip[n] = true
		}
	}
	panels := map[string]bool{} // ids of elements that a control shows and hides
	for _, n := range doc.Find("[aria-controls]").Nodes {
		ids, _ := attr(n, "aria-controls")
		for _, id := range strings.Fields(ids) {
			panels[id] = true
		}
	}
	for _, n := range doc.Find(hidden).Nodes {
		if !isHidden(n) {
			continue
		}
		// A collapsed accordion or an inactive tab holds content.
		id, _ := attr(n, "id")
		if role, _ := attr(n, "role"); strings.EqualFold(role, "tabpanel") || id != "" && panels[id] {
			continue
		}
		skip[n] = true
	}
	if !dropChrome {
		return skip
	}
	for _, n := range doc.Find(chrome).Nodes {
		switch {
		case n.DataAtom == atom.Header || n.DataAtom == atom.Footer:
			if !inSection(n) {
				skip[n] = true
			}
		case n.DataAtom == atom.Nav || n.DataAtom == atom.Aside:
			skip[n] = true
		default:
			if role, _ := attr(n, "role"); role != "" && isChromeRole(role) {
				skip[n] = true
				continue
			}
			id, _ := attr(n, "id")
			class, _ := attr(n, "class")
			if (id != "" || class != "") && n.DataAtom != atom.Body && n.DataAtom != atom.Html &&
				n.DataAtom != atom.Main && cookieBanner.MatchString(id+" "+class) {
				skip[n] = true
			}
		}
	}
	return skip
}

func inHeading(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if headingLevel(p) > 0 {
			return true
		}
	}
	return false
}

// isHidden reports whether a browser hides n: the hidden attribute (but
// hidden="until-found", which find-in-page reveals), aria-hidden="true", or
// an inline style with display:none or visibility:hidden.
func isHidden(n *html.Node) bool {
	if v, ok := attr(n, "hidden"); ok && !strings.EqualFold(strings.TrimSpace(v), "until-found") {
		return true
	}
	if v, _ := attr(n, "aria-hidden"); strings.EqualFold(strings.TrimSpace(v), "true") {
		return true
	}
	style, _ := attr(n, "style")
	return hiddenStyle.MatchString(style)
}

func isChromeRole(role string) bool {
	for _, r := range strings.Fields(strings.ToLower(role)) {
		switch r {
		case "navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog":
			return true
		}
	}
	return false
}

// inSection reports whether a header or footer belongs to an article,
// section, aside, nav or main rather than to the page (the ARIA rule for
// when they are a banner or contentinfo).
func inSection(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Article, atom.Section, atom.Aside, atom.Nav, atom.Main:
			return true
		}
		if role, _ := attr(p, "role"); strings.EqualFold(role, "main") || strings.EqualFold(role, "article") {
			return true
		}
	}
	return false
}

// roots returns the elements to render, in document order: the page's main
// elements, else its articles, else its body; main or articles holding less
// than a third of the body's text are taken as mis-marked and the body is
// rendered.
func (r *renderer) roots(root *html.Node) []*html.Node {
	doc := goquery.NewDocumentFromNode(root)
	body := root
	if b := doc.Find("body").Nodes; len(b) > 0 {
		body = b[0]
	}
	cands := r.outermost(doc.Find("main, [role=main]").Nodes)
	if len(cands) == 0 {
		cands = r.outermost(doc.Find("article, [role=article]").Nodes)
	}
	if len(cands) == 0 {
		return []*html.Node{body}
	}
	n := 0
	for _, c := range cands {
		n += len(r.flat(c, nil))
	}
	if n*3 < len(r.flat(body, nil)) {
		return []*html.Node{body}
	}
	return cands
}

// outermost keeps the nodes that are rendered (not skipped, not inside a
// skipped element) and not inside another of the nodes.
func (r *renderer) outermost(nodes []*html.Node) []*html.Node {
	in := map[*html.Node]bool{}
	for _, n := range nodes {
		in[n] = true
	}
	var out []*html.Node
next:
	for _, n := range nodes {
		for p := n; p != nil; p = p.Parent {
			if r.skip[p] || p != n && in[p] {
				continue next
			}
		}
		out = append(out, n)
	}
	return out
}
