package normalize

import (
	"strings"
	"testing"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

func BenchmarkRecordSeeds(b *testing.B) {
	docs := loadSeeds(b)
	for b.Loop() {
		for _, d := range docs {
			rs := rules.MustFor(d.Language)
			for _, r := range d.Rows {
				Record(r.Raw, rs)
			}
		}
	}
}

// adversarial inputs: each once made a normaliser quadratic or worse.
var adversarial = map[string]string{
	"nested tags":   strings.Repeat("<", 5000) + strings.Repeat("b>", 5000),
	"nested amp":    "&" + strings.Repeat("amp;", 5000),
	"semi chain":    strings.Repeat("&semi", 3000) + ";",
	"comments":      strings.Repeat("<!--", 3000) + strings.Repeat("-->", 3000),
	"closing":       "<" + strings.Repeat(">", 20000),
	"parens":        "A" + strings.Repeat(" (x)", 3000),
	"deep parens":   strings.Repeat("(", 10000) + "x" + strings.Repeat(")", 10000),
	"storage":       strings.Repeat("lagres i ", 5000),
	"storage nouns": strings.Repeat("EU region ", 5000),
	"transfers":     strings.Repeat("overføres til ", 5000),
	"regions":       strings.Repeat("EU/", 10000),
	"iso codes":     strings.Repeat("DE ", 10000),
	"footnotes":     "A" + strings.Repeat(" (1)*", 3000),
	"links":         strings.Repeat("[a](", 5000) + strings.Repeat(")", 5000),
	"long phrases":  strings.Repeat("standardkontraktbestemmelser", 3000),
	"label colons:": strings.Repeat("Org.nr: ", 3000) + "556633-6169",
}

func BenchmarkRecordAdversarial(b *testing.B) {
	rs := rules.MustFor("nb")
	for name, in := range adversarial {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			raw := subproc.RawRecord{Name: in, RegNo: in, Address: in, Country: in, Purpose: in,
				LegalBasis: in, Location: in, DataCategories: in}
			for b.Loop() {
				Record(raw, rs)
			}
		})
	}
}
