package normalize

import "testing"

// regNoTests use real registration and VAT numbers: those of the seed and
// golden documents' companies, and numbers published by the companies
// themselves as collected in python-stdnum's test lists; each check digit was
// verified with this package's tests, and every invalid variant changes one
// digit or letter of a valid number.
var regNoTests = []struct {
	in, clean, country string
	valid              *bool
}{
	// Swedish org.nr (Luhn).
	{"556233-4804", "556233-4804", "SE", boolPtr(true)},
	{"556633-6169", "556633-6169", "SE", boolPtr(true)},
	{"556015-3354", "556015-3354", "SE", boolPtr(true)},
	{"556233-4805", "556233-4805", "SE", boolPtr(false)},
	{"556633-6179", "556633-6179", "SE", boolPtr(false)},
	{"Org.nr: 556633-6169", "556633-6169", "SE", boolPtr(true)},
	{"Org. nr. 556015-3354", "556015-3354", "SE", boolPtr(true)},
	{"5562334804", "5562334804", "SE", boolPtr(true)},
	{"SE556233480401", "SE556233480401", "SE", boolPtr(true)},
	{"SE 5562334804 01", "SE 5562334804 01", "SE", boolPtr(true)},
	{"SE 556043606401", "SE 556043606401", "SE", boolPtr(true)},
	{"SE 556043606501", "SE 556043606501", "SE", boolPtr(false)},
	// Danish CVR (mod 11).
	{"41183527", "41183527", "DK", boolPtr(true)},
	{"41183528", "41183528", "DK", boolPtr(false)},
	{"CVR 41183527", "41183527", "DK", boolPtr(true)},
	{"CVR-nr. 41 18 35 27", "41 18 35 27", "DK", boolPtr(true)},
	{"DK41183527", "DK41183527", "DK", boolPtr(true)},
	{"DK-41183528", "DK-41183528", "DK", boolPtr(false)},
	{"04812345", "04812345", "", nil}, // a leading 0 is no CVR
	// Norwegian org.nr (mod 11).
	{"923609016", "923609016", "NO", boolPtr(true)},
	{"923 609 016", "923 609 016", "NO", boolPtr(true)},
	{"923609016 MVA", "923609016 MVA", "NO", boolPtr(true)},
	{"NO 923 609 016 MVA", "NO 923 609 016 MVA", "NO", boolPtr(true)},
	{"923609017", "923609017", "NO", boolPtr(false)},
	{"Org.nr. 923 609 016", "923 609 016", "NO", boolPtr(true)},
	// Finnish Y-tunnus (mod 11, weights 7,9,10,5,8,4,2).
	{"2077474-0", "2077474-0", "FI", boolPtr(true)},
	{"2077474-1", "2077474-1", "FI", boolPtr(false)},
	{"Y-tunnus 2122839-7", "2122839-7", "FI", boolPtr(true)},
	{"Y-tunnus: 2122839-8", "2122839-8", "FI", boolPtr(false)},
	{"FI20774740", "FI20774740", "FI", boolPtr(true)},
	{"FI20774741", "FI20774741", "FI", boolPtr(false)},
	// VAT numbers.
	{"LU26888617", "LU26888617", "LU", boolPtr(true)},
	{"LU26888618", "LU26888618", "LU", boolPtr(false)},
	{"IE6388047V", "IE6388047V", "IE", boolPtr(true)},
	{"IE6388047W", "IE6388047W", "IE", boolPtr(false)},
	{"IE8256796U", "IE8256796U", "IE", boolPtr(true)},
	{"IE8256797U", "IE8256797U", "IE", boolPtr(false)},
	{"IE 6433435IH", "IE 6433435IH", "IE", boolPtr(true)}, // 2013 form, two letters
	{"IE8D79739I", "IE8D79739I", "IE", boolPtr(true)},     // old form, letter second
	{"IE8D79729I", "IE8D79729I", "IE", boolPtr(false)},
	{"DE136695976", "DE136695976", "DE", boolPtr(true)},
	{"DE136695977", "DE136695977", "DE", boolPtr(false)},
	{"USt-IdNr.: DE 129304291", "DE 129304291", "DE", boolPtr(true)},
	{"DE 129314291", "DE 129314291", "DE", boolPtr(false)},
	{"BE0403170701", "BE0403170701", "BE", boolPtr(true)},
	{"BE0428759497", "BE0428759497", "BE", boolPtr(true)},
	{"BE0428759496", "BE0428759496", "BE", boolPtr(false)},
	{"NL004495445B01", "NL004495445B01", "NL", boolPtr(true)},
	{"NL4495445B01", "NL4495445B01", "NL", boolPtr(true)}, // leading zeros left out
	{"NL004495446B01", "NL004495446B01", "NL", boolPtr(false)},
	{"NL002455799B11", "NL002455799B11", "NL", boolPtr(true)}, // mod-97 form
	{"NL002455799B12", "NL002455799B12", "NL", boolPtr(false)},
	{"FR40303265045", "FR40303265045", "FR", boolPtr(true)},
	{"FR41303265045", "FR41303265045", "FR", boolPtr(false)},
	{"FR 19 552 008 443", "FR 19 552 008 443", "FR", boolPtr(true)},
	{"FR K 7399859412", "FR K 7399859412", "FR", boolPtr(true)}, // letter key
	{"FR L 7399859412", "FR L 7399859412", "FR", boolPtr(false)},
	{"IT00743110157", "IT00743110157", "IT", boolPtr(true)},
	{"IT00743110158", "IT00743110158", "IT", boolPtr(false)},
	{"ATU13585627", "ATU13585627", "AT", boolPtr(true)},
	{"ATU13585626", "ATU13585626", "AT", boolPtr(false)},
	{"ATU 142 43 102", "ATU 142 43 102", "AT", boolPtr(true)},
	{"ATU 143 43 102", "ATU 143 43 102", "AT", boolPtr(false)},
	{"ES A08370314", "ES A08370314", "ES", boolPtr(true)},  // CIF, check digit
	{"ESA08370315", "ESA08370315", "ES", boolPtr(false)},   //
	{"ES 54362315K", "ES 54362315K", "ES", boolPtr(true)},  // DNI
	{"ES 54362415K", "ES 54362415K", "ES", boolPtr(false)}, //
	{"ES X5277343Q", "ES X5277343Q", "ES", boolPtr(true)},  // NIE
	{"PL 5261025421", "PL 5261025421", "PL", boolPtr(true)},
	{"PL 5261025422", "PL 5261025422", "PL", boolPtr(false)},
	{"PT 501 964 843", "PT 501 964 843", "PT", boolPtr(true)},
	{"PT 501 964 844", "PT 501 964 844", "PT", boolPtr(false)},
	{"EL 094012834", "EL 094012834", "GR", boolPtr(true)},
	{"EL 094013834", "EL 094013834", "GR", boolPtr(false)},
	{"EE 100 931 558", "EE 100 931 558", "EE", boolPtr(true)},
	{"EE 100 941 558", "EE 100 941 558", "EE", boolPtr(false)},
	{"CHE-100.155.212", "CHE-100.155.212", "CH", boolPtr(true)},
	{"CHE-100.155.213", "CHE-100.155.213", "CH", boolPtr(false)},
	{"VAT: GB 980 7806 84", "GB 980 7806 84", "GB", boolPtr(true)},
	{"GB 980 7806 85", "GB 980 7806 85", "GB", boolPtr(false)},
	{"BG 175074752", "BG 175074752", "BG", nil}, // named, not checked
	// Register labels: the label goes, its register tells the country and the test.
	{"KvK 30204462", "30204462", "NL", nil}, // no check digit
	{"KvK-nummer: 30204462", "30204462", "NL", nil},
	{"30204462 (KvK)", "30204462", "NL", nil},
	{"KvK 3020446", "3020446", "NL", boolPtr(false)}, // seven digits
	{"SIREN 552 008 443", "552 008 443", "FR", boolPtr(true)},
	{"SIREN 552 008 444", "552 008 444", "FR", boolPtr(false)},
	{"RCS Lille Métropole 424 761 419", "424 761 419", "FR", boolPtr(true)},
	{"433 115 904 RCS Paris", "433 115 904", "FR", boolPtr(true)},
	{"433 115 905 R.C.S. Paris", "433 115 905", "FR", boolPtr(false)},
	{"SIRET 732 829 320 00074", "732 829 320 00074", "FR", boolPtr(true)},
	{"SIRET 732 829 320 00079", "732 829 320 00079", "FR", boolPtr(false)},
	{"732 829 320 00074", "732 829 320 00074", "FR", boolPtr(true)},  // SIRET grouping
	{"356 000 000 09075", "356 000 000 09075", "FR", boolPtr(true)},  // La Poste: digit sum
	{"356 000 000 09076", "356 000 000 09076", "FR", boolPtr(false)}, //
	{"P.IVA 01573850516", "01573850516", "IT", boolPtr(true)},
	{"P.IVA 01573850517", "01573850517", "IT", boolPtr(false)},
	{"Partita IVA: 07945211006", "07945211006", "IT", boolPtr(true)},
	{"C.F. e P.IVA 10542790968", "10542790968", "IT", boolPtr(true)},
	{"NIP: 8992520556", "8992520556", "PL", boolPtr(true)},
	{"NIP 899-252-05-57", "899-252-05-57", "PL", boolPtr(false)},
	{"REGON 192598184", "192598184", "PL", boolPtr(true)},
	{"REGON 192598183", "192598183", "PL", boolPtr(false)},
	{"KRS: 0000347935", "0000347935", "PL", nil},
	{"CIF: B85294916", "B85294916", "ES", boolPtr(true)},
	{"CIF: B85294917", "B85294917", "ES", boolPtr(false)},
	{"A82018474", "A82018474", "ES", boolPtr(true)},
	{"NIF 501 964 843", "501 964 843", "PT", boolPtr(true)},
	{"CRO 538158", "538158", "IE", nil},
	{"CRO No. 538158", "538158", "IE", nil},
	{"Registered in Ireland No. 256796", "256796", "IE", nil},
	{"Registered in England and Wales No. 00445790", "00445790", "GB", nil},
	{"Companies House 00445790", "00445790", "GB", nil},
	{"Ondernemingsnummer 0403.170.701", "0403.170.701", "BE", boolPtr(true)},
	{"0403.170.701", "0403.170.701", "BE", boolPtr(true)},
	{"Numéro d'entreprise 403.170.701", "403.170.701", "BE", boolPtr(true)},
	{"0403.170.702", "0403.170.702", "BE", boolPtr(false)},
	{"kt. 450401-3150", "450401-3150", "IS", boolPtr(true)},
	{"kt. 450401-3160", "450401-3160", "IS", boolPtr(false)},
	// Register numbers by shape; these registers have no check digit.
	{"HRB 6089", "HRB 6089", "DE", nil},
	{"Reg.nr. HRB 6089", "HRB 6089", "DE", nil},
	{"Amtsgericht München, HRB 12345", "Amtsgericht München, HRB 12345", "DE", nil},
	{"B186284", "B186284", "LU", nil},
	{"Company number: B186284", "B186284", "LU", nil},
	{"RCS Luxembourg B186284", "B186284", "LU", nil},
	{"R.C.S. Luxembourg B 186.284", "B 186.284", "LU", nil},
	{"SC123456", "SC123456", "GB", nil},
	{"FN 123456a", "FN 123456a", "AT", nil},
	// Unknown forms.
	{"538158", "538158", "", nil},
	{"499992", "499992", "", nil},
	{"  n/a ", "", "", nil},
	{"–", "", "", nil},
	{"Org.nr: –", "", "", nil},
	{"KvK: –", "", "", nil},
	{"", "", "", nil},
}

func TestRegNo(t *testing.T) {
	for _, tt := range regNoTests {
		clean, country, valid := RegNo(tt.in)
		if clean != tt.clean || country != tt.country || deref(valid) != deref(tt.valid) {
			t.Errorf("RegNo(%q) = %q, %q, %v; want %q, %q, %v", tt.in, clean, country, deref(valid), tt.clean, tt.country, deref(tt.valid))
		}
	}
}

// TestCheckDigits runs the check-digit functions on their own, so that a
// change to the number reader cannot hide a broken test.
func TestCheckDigits(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) bool
		good  []string
		bad   []string
	}{
		{"luhn (SIREN)", luhn, []string{"552008443", "732829320", "424761419", "433115904", "498019298"}, []string{"552008444", "424761418"}},
		{"siret", siret, []string{"73282932000074", "35600000009075", "35600000000048"}, []string{"73282932000079", "35600000009076"}},
		{"danish", danish, []string{"41183527"}, []string{"41183528"}},
		{"norwegian", norwegian, []string{"923609016", "981929055"}, []string{"923609017"}},
		{"finnish", finnish, []string{"20774740", "21228397", "14756079"}, []string{"20774741"}},
		{"german", german, []string{"136695976", "129304291"}, []string{"136695977"}},
		{"polishNIP", polishNIP, []string{"8992520556", "5261025421"}, []string{"8992520557"}},
		{"regon", regon, []string{"192598184", "123456785", "12345678512347"}, []string{"192598183", "12345678612342", "12345678512348"}},
		{"spanish", spanish, []string{"B85294916", "A82018474", "A08370314", "54362315K", "X5277343Q"}, []string{"B85294917", "54362315Z"}},
		{"austrian", austrian, []string{"U13585627"}, []string{"U13585626"}},
		{"british", british, []string{"980780684"}, []string{"802311781"}},
		{"frenchVAT", frenchVAT, []string{"40303265045", "19552008443", "K7399859412"}, []string{"41303265045", "L7399859412"}},
		{"dutch", dutch, []string{"004495445B01", "002455799B11"}, []string{"004495446B01", "002455799B12"}},
		{"irish", irish, []string{"6388047V", "8256796U", "6433435IH", "8D79739I"}, []string{"6388047W", "8D79729I"}},
		{"belgian", belgian, []string{"0403170701", "0428759497"}, []string{"0403170702"}},
		{"portuguese", portuguese, []string{"501964843"}, []string{"501964844"}},
		{"greek", greek, []string{"094012834"}, []string{"094013834"}},
		{"estonian", estonian, []string{"100931558"}, []string{"100941558"}},
		{"swiss", swiss, []string{"100155212", "113042942"}, []string{"100155213"}},
		{"kennitala", kennitala, []string{"4504013150"}, []string{"4504013160"}},
	}
	for _, tt := range tests {
		for _, n := range tt.good {
			if !tt.check(n) {
				t.Errorf("%s(%q) = false, want true", tt.name, n)
			}
		}
		for _, n := range tt.bad {
			if tt.check(n) {
				t.Errorf("%s(%q) = true, want false", tt.name, n)
			}
		}
	}
}
