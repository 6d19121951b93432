package normalize

import "testing"

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
	// VAT numbers.
	{"LU26888617", "LU26888617", "LU", boolPtr(true)},
	{"LU26888618", "LU26888618", "LU", boolPtr(false)},
	{"IE6388047V", "IE6388047V", "IE", boolPtr(true)},
	{"IE6388047W", "IE6388047W", "IE", boolPtr(false)},
	{"DE136695976", "DE136695976", "DE", boolPtr(true)},
	{"DE136695977", "DE136695977", "DE", boolPtr(false)},
	{"FI20774740", "FI20774740", "FI", boolPtr(true)},
	{"FI20774741", "FI20774741", "FI", boolPtr(false)},
	{"BE0403170701", "BE0403170701", "BE", boolPtr(true)},
	{"NL004495445B01", "NL004495445B01", "NL", boolPtr(true)},
	{"FR40303265045", "FR40303265045", "FR", boolPtr(true)},
	{"FR41303265045", "FR41303265045", "FR", boolPtr(false)},
	{"IT00743110157", "IT00743110157", "IT", boolPtr(true)},
	{"ATU12345678", "ATU12345678", "AT", nil},
	{"EL094019245", "EL094019245", "GR", nil},
	{"VAT: GB 123 4567 89", "GB 123 4567 89", "GB", nil},
	// Finnish business ID.
	{"2077474-0", "2077474-0", "FI", boolPtr(true)},
	{"2077474-1", "2077474-1", "FI", boolPtr(false)},
	// Unknown forms.
	{"538158", "538158", "", nil},
	{"499992", "499992", "", nil},
	{"HRB 12345", "HRB 12345", "", nil},
	{"  n/a ", "", "", nil},
	{"–", "", "", nil},
	{"Org.nr: –", "", "", nil},
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
