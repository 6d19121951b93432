package normalize

import (
	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// LegalBases returns the transfer mechanisms that label (an explicit
// legal-basis cell) and text (purpose and notes) name, as values of
// subproc.LegalBases in that order. Phrases of every language count
// ("Standard Contractual Clauses" in a Norwegian list), HTML is ignored
// ("<u>BCR</u>"), and an inflected form of a long phrase matches too
// ("standardkontraktbestemmelserne").
//
// Phrases listed under legal.label-only ("consent", "adequacy") count in label
// but not in text, where they mostly mean something else ("the adequacy of
// security measures", "users who gave their consent"); "explicit consent" and
// "adequacy decision" count in both.
func LegalBases(label, text string, rs *rules.Set) []subproc.LegalBasis {
	return compile(rs).legalBases(Text(label), &matchText{s: Text(text)})
}

// legalBases is LegalBases of a clean label and text.
func (c *compiled) legalBases(label string, text *matchText) []subproc.LegalBasis {
	found := map[string]bool{}
	for _, m := range c.legal.find(label) {
		found[m.value] = true
	}
	for _, m := range c.legalText.findIn(text) {
		found[m.value] = true
	}
	var out []subproc.LegalBasis
	for _, v := range subproc.LegalBases {
		if found[v] {
			out = append(out, v)
		}
	}
	return out
}
