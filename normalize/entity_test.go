package normalize

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/subproc/subproc"
)

var entityKeyTests = []struct {
	in, want string
}{
	// English, US and UK forms; punctuation inside words goes.
	{"Amazon Web Services, Inc.", "amazon web services"},
	{"AMAZON WEB SERVICES INC", "amazon web services"},
	{"Amazon Web Services Incorporated", "amazon web services"},
	{"Amazon Web Services EMEA SARL", "amazon web services emea"},
	{"Google LLC", "google"},
	{"Google, L.L.C.", "google"},
	{"Google Cloud EMEA Limited", "google cloud emea"},
	{"Microsoft Ireland Operations Ltd.", "microsoft ireland operations"},
	{"Atlassian Pty Ltd", "atlassian"},
	{"Twilio Ireland Limited (DAC)", "twilio ireland"},
	{"AT&T Inc.", "att"},
	{"AT&T Mobility", "att mobility"},
	{"Coca-Cola Company", "coca cola"},
	{"The Rocket Science Group LLC", "the rocket science group"},
	// Nordic forms.
	{"Spar Nord Bank A/S", "spar nord bank"},
	{"Visma e-conomic A/S", "visma e conomic"},
	{"Bare Name ApS", "bare name"},
	{"Capturi AS", "capturi"},
	{"Equinor ASA", "equinor"},
	{"Klarna Bank AB (publ)", "klarna bank"},
	{"Fortnox Aktiebolag", "fortnox"},
	{"Ørsted A/S", "orsted"},
	{"Visma Solutions Oy", "visma solutions"},
	{"Nokia Oyj", "nokia"},
	{"Advania Ísland ehf.", "advania island"},
	// German, Dutch, French, Spanish, Italian, Polish, Portuguese.
	{"Hetzner Online GmbH", "hetzner online"},
	{"Beispiel UG (haftungsbeschränkt)", "beispiel"},
	{"Müller Logistik GmbH & Co. KG", "muller logistik"},
	{"SAP SE", "sap"},
	{"Deutsche Telekom AG", "deutsche telekom"},
	{"Straße Software GmbH", "strasse software"},
	{"Booking.com B.V.", "bookingcom"},
	{"Adyen N.V.", "adyen"},
	{"OVH SAS", "ovh"},
	{"Exemple S.à r.l.", "exemple"},
	{"L'Oréal S.A.", "loreal"},
	{"Ejemplo Servicios S.L.U.", "ejemplo servicios"},
	{"Telefónica, S.A.", "telefonica"},
	{"Esempio S.p.A.", "esempio"},
	{"Esempio S.r.l.", "esempio"},
	{"Przykład Sp. z o.o.", "przyklad"},
	{"Przykład spółka z ograniczoną odpowiedzialnością", "przyklad"},
	{"Exemplo, Lda.", "exemplo"},
	// Brackets and commas cut the name in parts; forms go from the end of each.
	{"Stripe, Inc. (US)", "stripe us"},
	{"Salesforce.com, Inc. (Heroku)", "salesforcecom heroku"},
	// Markup, spaces and case do not matter.
	{"  <b>Hetzner</b>   Online  gmbh ", "hetzner online"},
	// A name that is nothing but forms keeps its first word.
	{"AS", "as"},
	{"Ltd.", "ltd"},
	{"GmbH & Co. KG", "gmbh"},
	{"Sp. z o.o.", "sp z oo"},
	// No letters or digits: no key.
	{"", ""},
	{" – ", ""},
	{"***", ""},
}

func TestEntityKey(t *testing.T) {
	for _, tt := range entityKeyTests {
		got := EntityKey(tt.in)
		if got != tt.want {
			t.Errorf("EntityKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := EntityKey(got); again != got {
			t.Errorf("EntityKey not idempotent: %q -> %q -> %q", tt.in, got, again)
		}
	}
}

func TestSameEntity(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Amazon Web Services, Inc.", "Amazon Web Services Inc", true},
		{"Google Ireland Limited", "Google Ireland Ltd.", true},
		{"Klarna Bank AB (publ)", "KLARNA BANK AB", true},
		{"Spar Nord Bank A/S", "Spar Nord Bank", true},
		// A shared first word, or brand, is not the same entity.
		{"Google LLC", "Google Cloud EMEA Limited", false},
		{"AT&T Inc.", "AT&T Mobility", false},
		{"Amazon Web Services EMEA SARL", "Amazon Web Services Inc", false},
		// Role words and names without a key link nothing.
		{"Supplier", "Supplier Ltd", false},
		{"Leverandør", "leverandør", false},
		{"–", "–", false},
	}
	for _, tt := range tests {
		if got := SameEntity(tt.a, tt.b); got != tt.want {
			t.Errorf("SameEntity(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestRegKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"556737-0431", "5567370431"},
		{"5567370431", "5567370431"},
		{"LU 268 886 17", "LU26888617"},
		{"HRB 6089", ""}, // four digits: too often the same in another court
		{"B186284", "B186284"},
		{"00000000", ""},
		{"n/a", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := regKey(tt.in); got != tt.want {
			t.Errorf("regKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func boolp(b bool) *bool { return &b }

func TestEntities(t *testing.T) {
	rows := []subproc.EntityRow{
		{ID: 1, Name: "Amazon Web Services EMEA SARL", Aliases: []string{"AWS"}, RegNo: "LU26888617", RegNoValid: boolp(true)},
		{ID: 2, Name: "Google LLC"},
		{ID: 3, Name: "Amazon Web Services Inc", Aliases: []string{"AWS"}},
		{ID: 4, Name: "Google Cloud EMEA Limited", Aliases: []string{"Google Cloud"}},
		{ID: 5, Name: "AWS"},
		{ID: 6, Name: "Klarna Bank AB (publ)", RegNo: "556737-0431", RegNoValid: boolp(true)},
		{ID: 7, Name: "Klarna", RegNo: "5567370431"},
		{ID: 8, Name: "Google, LLC"},
		{ID: 9, Name: "Amazon Web Services EMEA SARL", Aliases: []string{"Supplier"}},
		{ID: 10, Name: "Zendesk Inc", Aliases: []string{"Supplier"}},
	}
	got := Entities(rows)
	type entity struct {
		name, key string
		members   []int64
		kinds     []subproc.LinkKind
	}
	want := []entity{
		{"Amazon Web Services EMEA SARL", "amazon web services emea", []int64{1, 3, 5, 9},
			[]subproc.LinkKind{subproc.LinkAlias, subproc.LinkAlias, subproc.LinkName}},
		{"Google, LLC", "google", []int64{2, 8}, []subproc.LinkKind{subproc.LinkName}},
		{"Google Cloud EMEA Limited", "google cloud emea", []int64{4}, nil},
		{"Klarna Bank AB (publ)", "klarna bank", []int64{6, 7}, []subproc.LinkKind{subproc.LinkRegNo}},
		{"Zendesk Inc", "zendesk", []int64{10}, nil},
	}
	var have []entity
	for _, e := range got {
		var kinds []subproc.LinkKind
		for _, l := range e.Links {
			kinds = append(kinds, l.Kind)
		}
		have = append(have, entity{e.Name, e.Key, e.Members, kinds})
	}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("Entities:\n got %+v\nwant %+v", have, want)
	}
	for _, e := range got {
		for _, l := range e.Links {
			if l.From == l.To || l.Evidence == "" {
				t.Errorf("%s: link %+v links a row to itself or has no evidence", e.Name, l)
			}
			t.Logf("%s: %d -> %d %s: %s", e.Name, l.From, l.To, l.Kind, l.Evidence)
		}
	}
	aws := got[0].Links
	if want := `alias "AWS" of "Amazon Web Services EMEA SARL" = alias "AWS" of "Amazon Web Services Inc" (key "aws")`; aws[0].Evidence != want || aws[0].From != 1 || aws[0].To != 3 {
		t.Errorf("first AWS link = %+v, want 1 -> 3 with evidence %s", aws[0], want)
	}
	if want := `registration number 5567370431: "556737-0431" (valid) of "Klarna Bank AB (publ)" = "5567370431" (no check) of "Klarna"`; got[3].Links[0].Evidence != want {
		t.Errorf("reg no evidence = %s, want %s", got[3].Links[0].Evidence, want)
	}
}

func TestEntitiesCanonicalName(t *testing.T) {
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"Google LLC", "Google, LLC", "Google LLC"}, "Google LLC"},        // most frequent
		{[]string{"Hetzner Online", "Hetzner Online GmbH"}, "Hetzner Online GmbH"}, // tie: longest
		{[]string{"Stripe, Inc", "Stripe Inc."}, "Stripe Inc."},                    // tie and as long: byte order
		{[]string{"Visma AS", "Visma A/S", "Visma A/S", "Visma AS"}, "Visma A/S"},  // tie: longest
		{[]string{"Adyen", "Adyen N.V.", "Adyen", "Adyen N.V.", "Adyen"}, "Adyen"}, // most frequent beats longest
	}
	for _, tt := range tests {
		var rows []subproc.EntityRow
		for i, n := range tt.names {
			rows = append(rows, subproc.EntityRow{ID: int64(i + 1), Name: n})
		}
		got := Entities(rows)
		if len(got) != 1 || got[0].Name != tt.want {
			t.Errorf("Entities(%q): %+v, want one entity named %q", tt.names, got, tt.want)
		}
	}
}

func TestEntitiesEmpty(t *testing.T) {
	if got := Entities(nil); len(got) != 0 {
		t.Errorf("Entities(nil) = %v, want none", got)
	}
}

func FuzzEntityKey(f *testing.F) {
	for _, tt := range entityKeyTests {
		f.Add(tt.in)
	}
	for _, s := range seedStrings(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := EntityKey(s)
		if again := EntityKey(got); again != got {
			t.Errorf("EntityKey not idempotent: %q -> %q -> %q", s, got, again)
		}
		if strings.Contains(got, "  ") || got != strings.TrimSpace(got) {
			t.Errorf("EntityKey(%q) = %q: untrimmed or uncollapsed", s, got)
		}
		for _, r := range got {
			if r != ' ' && !isKeyRune(r) || unicode.ToLower(r) != r {
				t.Errorf("EntityKey(%q) = %q: has %q", s, got, r)
				break
			}
		}
	})
}

func FuzzEntities(f *testing.F) {
	f.Add("Amazon Web Services EMEA SARL (AWS)", "LU26888617", "Amazon Web Services Inc (AWS)", "", "AWS")
	f.Add("Klarna Bank AB (publ)", "556737-0431", "Klarna", "5567370431", "Supplier")
	f.Fuzz(func(t *testing.T, a, regA, b, regB, c string) {
		var rows []subproc.EntityRow
		for i, in := range []struct{ name, reg string }{{a, regA}, {b, regB}, {c, ""}} {
			name, aliases := SplitAlias(in.name)
			rows = append(rows, subproc.EntityRow{ID: int64(i + 1), Name: name, Aliases: aliases, RegNo: in.reg})
		}
		members := 0
		for _, e := range Entities(rows) {
			members += len(e.Members)
			for _, l := range e.Links {
				if l.From == l.To || l.Evidence == "" {
					t.Errorf("link %+v", l)
				}
			}
		}
		if members != len(rows) {
			t.Errorf("%d members, want every row once (%d)", members, len(rows))
		}
	})
}

// BenchmarkEntities resolves 100,000 rows: some 8,000 companies named in
// about 12 documents each, with aliases and registration numbers.
func BenchmarkEntities(b *testing.B) {
	rows := make([]subproc.EntityRow, 100000)
	for i := range rows {
		n := i % 7919
		rows[i] = subproc.EntityRow{ID: int64(i + 1), Name: fmt.Sprintf("Company %d Ltd", n),
			Aliases: []string{fmt.Sprintf("C%d", n%3000)}, RegNo: fmt.Sprintf("%08d", 10000000+n)}
	}
	for b.Loop() {
		if got := Entities(rows); len(got) == 0 {
			b.Fatal("no entities")
		}
	}
}
