package normalize

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// Fuzz targets, seeded from the table tests and the seed documents. Each checks
// that the function never panics and that its output stays in its vocabulary;
// Text and SplitAlias must also be idempotent.

var isoCode = regexp.MustCompile(`^[A-Z]{2}$`)

func fuzzLangs() []*rules.Set {
	var out []*rules.Set
	for _, l := range languages {
		out = append(out, rules.MustFor(l))
	}
	return append(out, nil)
}

// pick chooses a rule set (or nil) from a fuzzed byte.
func pick(b byte) *rules.Set {
	sets := fuzzLangs()
	return sets[int(b)%len(sets)]
}

func checkCodes(t *testing.T, what string, codes []string, allowRegions bool) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range codes {
		if seen[c] {
			t.Errorf("%s: %q repeated in %v", what, c, codes)
		}
		seen[c] = true
		if isoCode.MatchString(c) {
			continue
		}
		if allowRegions && (c == subproc.LocationEU || c == subproc.LocationWorld) {
			continue
		}
		t.Errorf("%s: %q is not a valid code (%v)", what, c, codes)
	}
}

func checkLegal(t *testing.T, what string, got []subproc.LegalBasis) {
	t.Helper()
	next := 0
	for _, v := range got {
		i := next
		for i < len(subproc.LegalBases) && subproc.LegalBases[i] != v {
			i++
		}
		if i == len(subproc.LegalBases) {
			t.Errorf("%s: %q out of vocabulary or order in %v", what, v, got)
			return
		}
		next = i + 1
	}
}

func seedStrings(f *testing.F) []string {
	var out []string
	for _, tt := range textTests {
		out = append(out, tt.in)
	}
	for _, tt := range aliasTests {
		out = append(out, tt.in)
	}
	for _, tt := range countriesTests {
		out = append(out, tt.in)
	}
	for _, tt := range addressTests {
		out = append(out, tt.addr, tt.regNo)
	}
	for _, tt := range locationTests {
		out = append(out, tt.label, tt.text)
	}
	for _, tt := range legalTests {
		out = append(out, tt.label, tt.text)
	}
	for _, tt := range regNoTests {
		out = append(out, tt.in)
	}
	for _, d := range loadSeeds(f) {
		for _, r := range d.Rows {
			out = append(out, r.Raw.Name, r.Raw.Purpose, r.Raw.Address, r.Raw.Country, r.Raw.Location, r.Raw.LegalBasis)
		}
	}
	return out
}

func FuzzText(f *testing.F) {
	for _, s := range seedStrings(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if again := Text(got); again != got {
			t.Errorf("Text not idempotent: Text(%q) = %q, Text of that = %q", s, got, again)
		}
		if !utf8.ValidString(got) || got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Errorf("Text(%q) = %q: invalid UTF-8, untrimmed or uncollapsed", s, got)
		}
	})
}

func FuzzSplitAlias(f *testing.F) {
	for _, s := range seedStrings(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, aliases := SplitAlias(s)
		if again, _ := SplitAlias(name); again != name {
			t.Errorf("SplitAlias not stable: %q -> %q -> %q", s, name, again)
		}
		if name != Text(name) {
			t.Errorf("SplitAlias(%q) name %q is not clean text", s, name)
		}
		for _, a := range aliases {
			if a == "" || a != Text(a) {
				t.Errorf("SplitAlias(%q) alias %q is empty or not clean text", s, a)
			}
		}
	})
}

func FuzzCountries(f *testing.F) {
	for _, s := range seedStrings(f) {
		f.Add(s, "", byte(0))
	}
	for _, tt := range addressTests {
		f.Add(tt.addr, tt.regNo, byte(2))
	}
	f.Fuzz(func(t *testing.T, s, regNo string, lang byte) {
		rs := pick(lang)
		checkCodes(t, "Countries", Countries(s, rs), false)
		got := CountryOfAddress(s, regNo, rs)
		checkCodes(t, "CountryOfAddress", got, false)
		if len(got) > 1 {
			t.Errorf("CountryOfAddress(%q, %q) = %v: more than one", s, regNo, got)
		}
	})
}

func FuzzLocations(f *testing.F) {
	for _, tt := range locationTests {
		f.Add(tt.label, tt.text, byte(1))
	}
	for _, s := range seedStrings(f) {
		f.Add("", s, byte(3))
	}
	f.Fuzz(func(t *testing.T, label, text string, lang byte) {
		checkCodes(t, "Locations", Locations(label, text, pick(lang)), true)
	})
}

func FuzzLegalBases(f *testing.F) {
	for _, tt := range legalTests {
		f.Add(tt.label, tt.text, byte(0))
	}
	for _, s := range seedStrings(f) {
		f.Add("", s, byte(4))
	}
	f.Fuzz(func(t *testing.T, label, text string, lang byte) {
		checkLegal(t, "LegalBases", LegalBases(label, text, pick(lang)))
	})
}

func FuzzRegNo(f *testing.F) {
	for _, tt := range regNoTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean, country, valid := RegNo(s)
		if country != "" && !isoCode.MatchString(country) {
			t.Errorf("RegNo(%q) country %q", s, country)
		}
		if valid != nil && country == "" {
			t.Errorf("RegNo(%q) checked a number of no country", s)
		}
		if clean != strings.TrimSpace(clean) || clean != Text(clean) {
			t.Errorf("RegNo(%q) clean %q is not trimmed text", s, clean)
		}
		// A register label ("KvK") tells what the bare number may not: then only
		// the clean text must be stable.
		again, c2, v2 := RegNo(clean)
		if again != clean || !parseRegNo(s).byLabel && (c2 != country || deref(v2) != deref(valid)) {
			t.Errorf("RegNo not idempotent: RegNo(%q) = %q, %q, %v; RegNo of that = %q, %q, %v",
				s, clean, country, deref(valid), again, c2, deref(v2))
		}
	})
}

func FuzzRecord(f *testing.F) {
	for _, d := range loadSeeds(f) {
		for _, r := range d.Rows {
			f.Add(r.Raw.Name, r.Raw.RegNo, r.Raw.Address, r.Raw.Country, r.Raw.Purpose, r.Raw.LegalBasis, r.Raw.Location, r.Raw.DataCategories, strings.Join(r.Raw.Notes, "\n"), byte(len(d.Language)))
		}
	}
	// Rows in the other languages, put together from the table tests.
	for i, tt := range locationTests {
		a := addressTests[i%len(addressTests)]
		c := countriesTests[i%len(countriesTests)]
		l := legalTests[i%len(legalTests)]
		r := regNoTests[i%len(regNoTests)]
		f.Add(aliasTests[i%len(aliasTests)].in, r.in, a.addr, c.in, tt.text, l.label, tt.label, "", l.text, byte(i))
	}
	f.Fuzz(func(t *testing.T, name, regNo, address, country, purpose, legal, location, data, notes string, lang byte) {
		raw := subproc.RawRecord{Name: name, RegNo: regNo, Address: address, Country: country, Purpose: purpose,
			LegalBasis: legal, Location: location, DataCategories: data}
		if notes != "" {
			raw.Notes = strings.Split(notes, "\n")
		}
		r := Record(raw, pick(lang))
		checkCodes(t, "Record.Country", r.Country, false)
		checkCodes(t, "Record.Location", r.Location, true)
		checkLegal(t, "Record.LegalBasis", r.LegalBasis)
		for _, s := range []string{r.Name, r.Address, r.Purpose, r.DataCategories, r.RegNo} {
			if s != Text(s) {
				t.Errorf("Record field %q is not clean text", s)
			}
		}
		if _, err := r.MarshalJSON(); err != nil {
			t.Errorf("MarshalJSON: %v", err)
		}
	})
}
