package gold

import (
	"reflect"
	"testing"

	"github.com/subproc/subproc"
)

// The expectations below are score.py's answers (python3, Unicode 14).

func TestToks(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Amazon Web Services EMEA SARL", []string{"amazon", "web", "services", "emea", "sarl"}},
		{"", nil},
		{"ﬁnance ﬂow", []string{"finance", "flow"}},        // NFKC ligatures
		{"Ærø Øst Åland", []string{"ærø", "øst", "åland"}}, // Nordic letters
		{"Jönköping Energi AB", []string{"jönköping", "energi", "ab"}},
		{"foo-bar_baz", []string{"foo", "bar_baz"}}, // "_" is a word character, "-" is not
		{"Webhosting.dk", []string{"webhosting", "dk"}},
		{"R&D", []string{"r", "d"}},
		{"İstanbul", []string{"i", "stanbul"}},       // lowers to i + U+0307, and marks are not \w
		{"n\u0303o", []string{"ño"}},                 // NFKC composes before matching
		{"ΟΔΟΣ ΑΘΗΝΑΣ.", []string{"οδος", "αθηνας"}}, // final sigma
		{"①② ½", []string{"12", "1", "2"}},
		{"ＡＢＣ１", []string{"abc1"}}, // fullwidth
		{"Ⅻ", []string{"xii"}},
		{"ǅemal", []string{"džemal"}},
		{"Straße", []string{"straße"}},
		{"x\u200by", []string{"x", "y"}}, // zero-width space splits
	} {
		if got := toks(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("toks(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"AB", []string{"ab"}}, // legal forms only: all tokens
		{"The Group Holding AB", []string{"the", "group", "holding", "ab"}},
		{"Spar Nord A/S", []string{"spar", "nord"}},
		{"Microsoft Ireland Operations Ltd.", []string{"microsoft", "ireland", "operations"}},
		{"Loopia Aktiebolag", []string{"loopia"}},
		{"Amazon Web Services, Inc.", []string{"amazon", "web", "services"}},
		{"S.A.R.L.", []string{"s", "a", "r", "l"}},
		{"", nil},
	} {
		if got := nameKey(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("nameKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSim(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"Amazon Web Services EMEA SARL", "AWS", 0}, // aliases match, names do not
		{"AWS", "AWS", 1},
		{"Spar Nord A/S", "SPAR NORD", 1},
		{"AB", "AB", 1},
		{"AB", "Acme AB", 0},
		{"", "", 0},
		{"Google Ireland Ltd", "Google LLC", 0.5},
		{"Jönköping Energi AB", "Jonkoping Energi AB", 1.0 / 3},
		{"Microsoft", "Microsoft Azure", 0.5},
		{"Sales Manago", "SALESmanago", 0},
		{"The Company", "Company Ltd", 1.0 / 3},
	} {
		if got := sim(c.a, c.b); got != c.want {
			t.Errorf("sim(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestTokF1(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"a a b", "a b b", 0.6666666666666666}, // counted, not set, overlap
		{"", "", 1},
		{"", "x", 0},
		{"...", "", 1}, // no tokens on either side
		{"Hosting.", "hosting", 1},
		{"a b c d e", "a b c d", 0.888888888888889},
		{"a b c d e", "a b c", 0.7499999999999999},
		{"Ꭰ", "ꭰ", 1}, // Cherokee lowercases to the capital letters' small forms
	} {
		if got := tokF1(c.a, c.b); got != c.want {
			t.Errorf("tokF1(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestSame(t *testing.T) {
	s := func(v string) value { return value{s: v} }
	l := func(v ...string) value { return value{list: v} }
	for _, c := range []struct {
		f    subproc.Field
		g, p value
		want bool
	}{
		{subproc.FieldRegNo, s("LU26888617"), s("lu 268 886 17"), true},
		{subproc.FieldRegNo, s("556633-6169"), s("5566336169"), true},
		{subproc.FieldRegNo, s("ß"), s("SS"), true}, // Python's upper: ß is SS
		{subproc.FieldRegNo, s("ﬁ 1"), s("FI1"), true},
		{subproc.FieldRegNo, s("-"), s("/"), true}, // both non-empty, both no letters or digits
		{subproc.FieldRegNo, s(""), s("-"), false},
		{subproc.FieldPurpose, s("a b c d e"), s("a b c d"), true},
		{subproc.FieldPurpose, s("a b c d e"), s("a b c"), false}, // truncated below 0.8
		{subproc.FieldPurpose, s("..."), s("!!!"), true},
		{subproc.FieldAddress, s(""), s(""), true},
		{subproc.FieldAliases, l("AWS"), l("aws"), true},
		{subproc.FieldAliases, l("AWS"), l(), false},
		{subproc.FieldAliases, l("İ"), l("i\u0307"), true},
		{subproc.FieldAliases, l("ΟΔΟΣ"), l("οδος"), true},
		{subproc.FieldCountry, l("dk"), l("DK"), true},
		{subproc.FieldCountry, l("DK", "DK"), l("DK"), true}, // sets
		{subproc.FieldCountry, l("DK"), l("DK", "SE"), false},
		{subproc.FieldCountry, l(), value{}, true},
		{subproc.FieldLegalBasis, l("privacy_shield"), l("PRIVACY_SHIELD"), true},
		{subproc.FieldLocation, l("straße"), l("STRASSE"), true},
	} {
		if got := same(c.f, c.g, c.p); got != c.want {
			t.Errorf("same(%s, %+v, %+v) = %v, want %v", c.f, c.g, c.p, got, c.want)
		}
	}
}

func TestMatch(t *testing.T) {
	rows := func(names ...string) []subproc.Record {
		var rs []subproc.Record
		for _, n := range names {
			rs = append(rs, subproc.Record{Name: n})
		}
		return rs
	}
	aliased := func(name string, aliases ...string) subproc.Record {
		return subproc.Record{Name: name, Aliases: aliases}
	}
	for _, c := range []struct {
		name string
		g, p []subproc.Record
		want [][2]int
	}{
		{"alias", []subproc.Record{aliased("Amazon Web Services EMEA SARL", "AWS")}, rows("AWS"), [][2]int{{0, 0}}},
		{"duplicates by position", rows("X AB", "X AB"), rows("X", "x"), [][2]int{{0, 0}, {1, 1}}},
		{"swapped", rows("A", "B"), rows("B", "A"), [][2]int{{0, 1}, {1, 0}}},
		// Greedy: the alias pair (0,0) is taken first and blocks the two others.
		{"greedy", []subproc.Record{aliased("Azure", "Microsoft"), {Name: "Microsoft"}}, rows("Microsoft", "Azure"), [][2]int{{0, 0}}},
		{"first of equals", rows("Google LLC", "Google Ireland Ltd"), rows("Google"), [][2]int{{0, 0}}},
		{"empty names", rows("Foo", ""), rows("", ""), nil},
		{"best score", rows("Acme Hosting Cloud"), rows("Acme Hosting", "Acme Hosting Cloud Europe"), [][2]int{{0, 1}}},
		{"below threshold", rows("Google Cloud EMEA"), rows("Google"), nil},
		{"no predictions", rows("Google"), nil, nil},
	} {
		if got := match(c.g, c.p); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: match = %v, want %v", c.name, got, c.want)
		}
	}
}
