package gen

import (
	"fmt"
	"strings"
)

// document puts the list (nil for a document without one) into a page of
// one of three kinds: a stand-alone sub-processor page, a data processing
// agreement with the list in an annex, or a privacy policy with a section
// on sub-processors.
func (c *composer) document(listBlocks []block) composed {
	r, l := c.r, c.l
	kind := []string{"list", "dpa", "policy"}[r.weighted([]int{35, 40, 25})]
	if listBlocks == nil && kind == "list" {
		kind = pick(r, []string{"dpa", "policy"})
	}
	d := composed{kind: kind, variant: c.variant, publisher: c.pubName, site: c.pub.stem, domain: c.domain, rows: c.gold}
	f := func(s string) string { return c.fill(s) }
	var b []block
	add := func(x ...block) { b = append(b, x...) }
	numbered := r.chance(0.6)
	paragraph := r.chance(0.25) && l.code == "de"
	sec := 0
	head := func(text string) heading {
		sec++
		switch {
		case paragraph:
			return heading{level: 2, text: fmt.Sprintf("§ %d %s", sec, text)}
		case numbered:
			return heading{level: 2, text: fmt.Sprintf("%d. %s", sec, text)}
		}
		return heading{level: 2, text: text}
	}
	plain := func(text string) heading { return heading{level: 2, text: text} }
	listHead := pick(r, l.listHeads)
	intro := func() {
		if r.chance(0.75) {
			add(para{text: f(pick(r, l.listIntros))})
		}
	}
	updated := para{text: fmt.Sprintf(pick(r, l.updated), c.date()), small: true}
	updTop := r.chance(0.5)
	addressLine := c.pub.street + ", " + c.pub.city

	switch kind {
	case "list":
		d.title = f(pick(r, l.listTitles))
		add(heading{level: 1, text: d.title})
		if updTop {
			add(updated)
		}
		for _, p := range pickN(r, l.pageIntros, r.between(1, len(l.pageIntros))) {
			add(para{text: f(p)})
		}
		// Some pages explain how sub-processors are chosen and bound, before or after the list.
		extra := pickOrdered(r, l.clauses[2:], r.between(1, 3))
		before := r.chance(0.5)
		if before {
			c.sections(add, extra, plain)
		}
		if r.chance(0.6) || before && len(extra) > 0 {
			add(heading{level: 2, text: listHead})
		}
		intro()
		add(listBlocks...)
		if !before {
			c.sections(add, extra, plain)
		}
		add(heading{level: 2, text: pick(r, l.contactHds)})
		add(para{text: f(pick(r, l.changes))})
		add(para{text: c.contact()})
		if !updTop {
			add(updated)
		}
	case "dpa":
		d.title = f(pick(r, l.dpaTitles))
		add(heading{level: 1, text: d.title})
		add(para{text: fmt.Sprintf(pick(r, l.parties), c.pubName, c.pub.regNo, addressLine)})
		c.sections(add, pickOrdered(r, l.clauses, r.between(5, len(l.clauses))), head)
		if listBlocks == nil {
			add(head(listHead))
			add(para{text: f(pick(r, l.noLists))})
		}
		add(head(pick(r, l.contactHds)))
		add(para{text: c.contact()})
		if listBlocks != nil {
			add(heading{level: 2, text: fmt.Sprintf(l.annex, r.between(1, 3)) + " – " + listHead})
			intro()
			add(listBlocks...)
			if r.chance(0.5) {
				add(para{text: f(pick(r, l.changes))})
			}
		}
		if !updTop {
			add(updated)
		}
	case "policy":
		d.title = f(pick(r, l.policyTitles))
		add(heading{level: 1, text: d.title})
		if updTop {
			add(updated)
		}
		secs := pickOrdered(r, l.policy, r.between(4, len(l.policy)))
		// A policy often adds the security and breach clauses of its DPA.
		secs = append(secs, pickOrdered(r, []section{l.clauses[3], l.clauses[5]}, r.between(1, 2))...)
		at := r.between(1, len(secs))
		for i, s := range secs {
			if i == at {
				c.listSection(add, head(listHead), listBlocks, intro)
			}
			c.sections(add, []section{s}, head)
		}
		if at == len(secs) {
			c.listSection(add, head(listHead), listBlocks, intro)
		}
		add(head(pick(r, l.contactHds)))
		add(para{text: c.contact()})
		if !updTop {
			add(updated)
		}
	}
	d.blocks = b
	return d
}

// sections adds secs, each under a heading that head words.
func (c *composer) sections(add func(...block), secs []section, head func(string) heading) {
	for _, s := range secs {
		add(head(s.head))
		for _, p := range s.paras {
			add(para{text: c.fill(p)})
		}
	}
}

// listSection adds the sub-processor section of a privacy policy.
func (c *composer) listSection(add func(...block), h heading, listBlocks []block, intro func()) {
	add(h)
	if listBlocks == nil {
		add(para{text: c.fill(pick(c.r, c.l.noLists))})
		return
	}
	intro()
	add(listBlocks...)
	if c.r.chance(0.5) {
		add(para{text: c.fill(pick(c.r, c.l.changes))})
	}
}

// fill fills a template's verbs: %[1]s the publisher, %[2]s the product.
func (c *composer) fill(s string) string {
	if !strings.Contains(s, "%[") {
		return s
	}
	return fmt.Sprintf(s, c.pubName, c.product)
}

// contact fills a contact sentence: %[1]s e-mail, %[2]s phone, %[3]s publisher.
func (c *composer) contact() string {
	return fmt.Sprintf(pick(c.r, c.l.contacts), c.email, c.phone, c.pubName)
}

// pickN picks n distinct elements of xs in random order.
func pickN[T any](r *rng, xs []T, n int) []T {
	out := make([]T, 0, n)
	for _, i := range r.Perm(len(xs))[:n] {
		out = append(out, xs[i])
	}
	return out
}

// pickOrdered picks n distinct elements of xs, keeping their order.
func pickOrdered[T any](r *rng, xs []T, n int) []T {
	keep := r.Perm(len(xs))[:n]
	in := make([]bool, len(xs))
	for _, i := range keep {
		in[i] = true
	}
	var out []T
	for i, x := range xs {
		if in[i] {
			out = append(out, x)
		}
	}
	return out
}
