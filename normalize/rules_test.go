package normalize

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// unMembers are the ISO codes of the 193 UN member states; every language's
// countries.txt must name each of them.
var unMembers = strings.Fields(`
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH
CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI
FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP
KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM
NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST
SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV
UG UA AE GB US UY UZ VU VE VN YE ZM ZW`)

// otherCodes are the codes of observer states and territories the lists may use.
var otherCodes = strings.Fields(`VA PS TW HK MO GL FO AX PR GI JE GG IM BM KY VG CW AW NC PF RE SJ`)

var languages = []string{"da", "nb", "nn", "sv", "en", "de", "fr", "nl", "es", "it", "pl", "fi", "pt", "is"}

// readMap reads the "phrase = VALUE" entries under [key] of one rules file.
func readMap(tb testing.TB, path, key string) map[string]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			in = line == "["+key+"]"
			continue
		}
		if k, v, ok := strings.Cut(line, " = "); in && ok && !strings.HasPrefix(line, "#") {
			out[strings.ToLower(k)] = v
		}
	}
	return out
}

func TestUNMembersNamedInEveryLanguage(t *testing.T) {
	if len(unMembers) != 193 {
		t.Fatalf("unMembers holds %d codes, want 193", len(unMembers))
	}
	for _, l := range languages {
		named := map[string]bool{}
		for _, code := range readMap(t, filepath.Join("..", "rules", l, "countries.txt"), rules.KeyCountry) {
			named[code] = true
		}
		for _, code := range unMembers {
			if !named[code] {
				t.Errorf("rules/%s/countries.txt names no country with code %s", l, code)
			}
		}
	}
}

func TestCountryCodesKnown(t *testing.T) {
	known := map[string]bool{}
	for _, c := range append(append([]string{}, unMembers...), otherCodes...) {
		known[c] = true
	}
	for _, l := range append([]string{rules.Common}, languages...) {
		for _, key := range []string{rules.KeyCountry, keyCity} {
			path := filepath.Join("..", "rules", l, "countries.txt")
			for phrase, code := range readMap(t, path, key) {
				if !known[code] {
					t.Errorf("%s [%s]: %q = %q is no known ISO code", path, key, phrase, code)
				}
			}
		}
	}
	for phrase, code := range readMap(t, filepath.Join("..", "rules", rules.Common, "normalize.txt"), keyRegion) {
		if !known[code] {
			t.Errorf("rules/common/normalize.txt [%s]: %q = %q is no known ISO code", keyRegion, phrase, code)
		}
	}
}

// TestNoPlaceNamesTwoCountries checks that no name means one country in one
// language and another in the next: the languages' names are matched together.
func TestNoPlaceNamesTwoCountries(t *testing.T) {
	seen := map[string]string{}
	where := map[string]string{}
	for _, s := range rules.All() {
		for _, key := range []string{rules.KeyCountry, keyCity, keyRegion} {
			for phrase, code := range s.Map(key) {
				if prev, ok := seen[phrase]; ok && prev != code {
					t.Errorf("%q is %s in %s but %s in %s [%s]", phrase, prev, where[phrase], code, s.Lang, key)
				}
				seen[phrase], where[phrase] = code, s.Lang
			}
		}
	}
}

func TestNormalizeKeysDefined(t *testing.T) {
	keys := []string{rules.KeyLegal, rules.KeyStorage, rules.KeyLocationEU, rules.KeyLocationWorld,
		rules.KeyNotProcessor, rules.KeyCountry, keyLocationAlso, keyLocationJoin, keyNegation,
		keyCity, keyAliasFormer, keyAliasAKA, keyStorageStop, keyLegalLabelOnly, keyStorageAfter, keyTransfer}
	for _, l := range languages {
		s := rules.MustFor(l)
		for _, k := range keys {
			if src := s.Sources[k]; !strings.HasPrefix(src, "rules/"+l+"/") {
				t.Errorf("%s: [%s] not defined in rules/%s/ (from %q)", l, k, l, src)
			}
			if len(s.List(k)) == 0 && len(s.Map(k)) == 0 {
				t.Errorf("%s: [%s] is empty", l, k)
			}
		}
	}
}

func TestLegalValuesInVocabulary(t *testing.T) {
	valid := map[string]bool{}
	for _, v := range subproc.LegalBases {
		valid[v] = true
	}
	for _, s := range rules.All() {
		for phrase, v := range s.Map(rules.KeyLegal) {
			if !valid[v] {
				t.Errorf("%s: legal %q = %q is not in %v", s.Lang, phrase, v, subproc.LegalBases)
			}
		}
	}
}

// TestHeaders checks that each file this package owns says where its words came from.
func TestHeaders(t *testing.T) {
	for _, l := range append([]string{rules.Common}, languages...) {
		for _, name := range []string{"normalize.txt", "countries.txt"} {
			path := filepath.Join("..", "rules", l, name)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), "#") || !strings.Contains(string(b), "written by the subproc authors") {
				t.Errorf("%s: no header comment saying where the words came from", path)
			}
		}
	}
}

func TestNotProcessor(t *testing.T) {
	tests := []struct {
		lang, name string
		want       bool
	}{
		{"da", "Datatilsynet", true},
		{"da", "den kompetente tilsynsmyndighed", true},
		{"sv", "Integritetsskyddsmyndigheten (IMY)", true},
		{"en", "The competent supervisory authority", true},
		{"nb", "Amazon Web Services EMEA SARL", false},
		{"en", "Stripe", false},
		{"de", "Der Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)", true},
		{"de", "Die zuständige Aufsichtsbehörde", true},
		{"de", "Hetzner Online GmbH", false},
		{"fr", "CNIL", true},
		{"fr", "Commission nationale de l'informatique et des libertés", true},
		{"fr", "OVH SAS", false},
		{"nl", "Autoriteit Persoonsgegevens", true},
		{"nl", "Mollie B.V.", false},
		{"es", "Agencia Española de Protección de Datos (AEPD)", true},
		{"es", "Telefónica S.A.", false},
		{"it", "Garante per la protezione dei dati personali", true},
		{"it", "Aruba S.p.A.", false},
		{"pl", "Prezes Urzędu Ochrony Danych Osobowych", true},
		{"pl", "UODO", true},
		{"pl", "OVH sp. z o.o.", false},
		{"fi", "Tietosuojavaltuutetun toimisto", true},
		{"fi", "Visma Solutions Oy", false},
		{"pt", "Comissão Nacional de Proteção de Dados (CNPD)", true},
		{"is", "Persónuvernd", true},
	}
	for _, tt := range tests {
		if got := NotProcessor(tt.name, rules.MustFor(tt.lang)); got != tt.want {
			t.Errorf("NotProcessor(%q, %s) = %v, want %v", tt.name, tt.lang, got, tt.want)
		}
	}
}

// TestNoLegalPhraseTwoValues checks that no legal phrase means one mechanism in
// one language and another in the next.
func TestNoLegalPhraseTwoValues(t *testing.T) {
	seen := map[string]string{}
	where := map[string]string{}
	for _, s := range rules.All() {
		for phrase, v := range s.Map(rules.KeyLegal) {
			f := string(foldPhrase(phrase))
			if prev, ok := seen[f]; ok && prev != v {
				t.Errorf("legal %q is %s in %s but %s in %s", phrase, prev, where[f], v, s.Lang)
			}
			seen[f], where[f] = v, s.Lang
		}
	}
}

// TestSetsShareDictionaries checks that every language uses the one shared copy
// of the dictionaries (see compiled): a set that disagrees with it gets a
// private copy, which costs memory.
func TestSetsShareDictionaries(t *testing.T) {
	base := compile(nil)
	for _, s := range rules.All() {
		if c := compile(s); c.loc != base.loc || c.legal != base.legal {
			t.Errorf("%s: has dictionaries of its own; a place or legal phrase of it means something else elsewhere", s.Lang)
		}
	}
}
