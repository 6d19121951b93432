package normalize

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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
		got := Entities(rows)
		if want := onePassEntities(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("Entities(%+v)\n got %+v\nwant %+v (one pass)", rows, got, want)
		}
		members := 0
		for _, e := range got {
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

// TestGrouperSameAsOnePass checks that Entities, two passes of a Grouper,
// gives what the one pass over rows held in memory gave before it
// (onePassEntities): random rows drawn from few names, aliases and numbers,
// so that they link in every way, in long chains and across entities.
func TestGrouperSameAsOnePass(t *testing.T) {
	names := []string{"Amazon Web Services EMEA SARL", "Amazon Web Services Inc", "AWS", "Google LLC",
		"Google, LLC", "Google Cloud EMEA Limited", "Klarna Bank AB (publ)", "Klarna", "Supplier",
		"Zendesk Inc", "Ørsted A/S", "Orsted", "X", "Hetzner Online GmbH", "Hetzner Online"}
	aliases := []string{"AWS", "Google Cloud", "Supplier", "Klarna", "X", "Hetzner", "Orsted", "GCP"}
	regs := []string{"", "", "LU26888617", "556737-0431", "5567370431", "00000000", "HRB 6089", "DE812871812"}
	rng := rand.New(rand.NewPCG(1, 2))
	for run := range 300 {
		rows := make([]subproc.EntityRow, rng.IntN(60))
		for i := range rows {
			r := subproc.EntityRow{ID: int64(10 + 3*i), Name: names[rng.IntN(len(names))], RegNo: regs[rng.IntN(len(regs))]}
			for range rng.IntN(4) {
				r.Aliases = append(r.Aliases, aliases[rng.IntN(len(aliases))])
			}
			if r.RegNo != "" && rng.IntN(2) == 0 {
				r.RegNoValid = boolp(rng.IntN(2) == 0)
			}
			rows[i] = r
		}
		got, want := Entities(rows), onePassEntities(rows)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: Entities(%+v)\n got %+v\nwant %+v", run, rows, got, want)
		}
	}
}

// onePassEntities is Entities as it was before Grouper: one pass over the
// rows in memory.
func onePassEntities(rows []subproc.EntityRow) []subproc.Entity {
	e := entityRules()
	parent := make([]int, len(rows))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	type link struct {
		from, to int
		kind     subproc.LinkKind
		evidence string
	}
	var links []link
	seen := map[[2]int]bool{}
	add := func(from, to int, kind subproc.LinkKind, evidence func() string) {
		p := [2]int{min(from, to), max(from, to)}
		if from == to || seen[p] {
			return
		}
		seen[p] = true
		links = append(links, link{from, to, kind, evidence()})
		parent[find(from)] = find(to)
	}
	type aliasRef struct {
		row   int
		alias string
	}
	firstReg := map[string]int{}
	firstName := map[string]int{}
	firstAlias := map[string]aliasRef{}
	var done []string
	for i := range rows {
		r := &rows[i]
		if rk := regKey(r.RegNo); rk != "" {
			if j, ok := firstReg[rk]; ok {
				add(j, i, subproc.LinkRegNo, func() string {
					return fmt.Sprintf("registration number %s: %q (%s) of %q = %q (%s) of %q", rk,
						rows[j].RegNo, checked(rows[j].RegNoValid), rows[j].Name, r.RegNo, checked(r.RegNoValid), r.Name)
				})
			} else {
				firstReg[rk] = i
			}
		}
		nk := e.key(r.Name)
		if e.linkable(nk, false) {
			if j, ok := firstName[nk]; ok {
				add(j, i, subproc.LinkName, func() string {
					return fmt.Sprintf("name %q = name %q (key %q)", rows[j].Name, r.Name, nk)
				})
			} else {
				firstName[nk] = i
			}
			if a, ok := firstAlias[nk]; ok {
				add(a.row, i, subproc.LinkAlias, func() string {
					return fmt.Sprintf("alias %q of %q = name %q (key %q)", a.alias, rows[a.row].Name, r.Name, nk)
				})
			}
		}
		done = append(done[:0], nk)
		for _, alias := range r.Aliases {
			ak := e.key(alias)
			if slices.Contains(done, ak) || !e.linkable(ak, true) {
				continue
			}
			done = append(done, ak)
			if j, ok := firstName[ak]; ok {
				add(i, j, subproc.LinkAlias, func() string {
					return fmt.Sprintf("alias %q of %q = name %q (key %q)", alias, r.Name, rows[j].Name, ak)
				})
			}
			if a, ok := firstAlias[ak]; ok {
				add(a.row, i, subproc.LinkAlias, func() string {
					return fmt.Sprintf("alias %q of %q = alias %q of %q (key %q)", a.alias, rows[a.row].Name, alias, r.Name, ak)
				})
			} else {
				firstAlias[ak] = aliasRef{row: i, alias: alias}
			}
		}
	}
	index := map[int]int{}
	var out []subproc.Entity
	var members [][]int
	for i := range rows {
		root := find(i)
		k, ok := index[root]
		if !ok {
			k = len(out)
			index[root] = k
			out = append(out, subproc.Entity{})
			members = append(members, nil)
		}
		members[k] = append(members[k], i)
	}
	for k := range out {
		counts := map[string]int{}
		for _, i := range members[k] {
			counts[rows[i].Name]++
		}
		best, bestN := "", -1
		for name, n := range counts {
			switch lb, ln := utf8.RuneCountInString(best), utf8.RuneCountInString(name); {
			case n > bestN, n == bestN && ln > lb, n == bestN && ln == lb && name < best:
				best, bestN = name, n
			}
		}
		ids := make([]int64, len(members[k]))
		for n, i := range members[k] {
			ids[n] = rows[i].ID
		}
		slices.Sort(ids)
		out[k] = subproc.Entity{Name: best, Key: e.key(best), Members: ids}
	}
	for _, l := range links {
		k := index[find(l.from)]
		out[k].Links = append(out[k].Links, subproc.EntityLink{
			From: rows[l.from].ID, To: rows[l.to].ID, Kind: l.kind, Evidence: l.evidence})
	}
	return out
}
