package normalize

import (
	"reflect"
	"testing"

	"github.com/subproc/subproc/rules"
)

var countriesTests = []struct {
	lang, in string
	want     []string
}{
	{"nb", "Holland/ Irland", []string{"NL", "IE"}},
	{"nb", "USA", []string{"US"}},
	{"nb", "Danmark", []string{"DK"}},
	{"nb", "Irland", []string{"IE"}},
	{"nb", "Tyskland", []string{"DE"}},
	{"nb", "Storbritannia", []string{"GB"}},
	{"da", "England", []string{"GB"}},
	{"en", "Republic of Ireland", []string{"IE"}},
	{"en", "United States of America", []string{"US"}},
	{"en", "U.S.A.", []string{"US"}},
	{"en", "the U.S.", []string{"US"}},
	{"en", "Northern Ireland", []string{"GB"}},
	{"en", "Papua New Guinea", []string{"PG"}},
	{"en", "Guinea-Bissau", []string{"GW"}},
	{"sv", "Sverige, Norge och Finland", []string{"SE", "NO", "FI"}},
	{"sv", "Irland; Irland", []string{"IE"}},
	{"da", "Nederlandene", []string{"NL"}},
	{"nn", "Austerrike", []string{"AT"}},
	{"sv", "Deutschland", []string{"DE"}},
	{"en", "DE", []string{"DE"}},
	{"en", "IE / NL", []string{"IE", "NL"}},
	{"en", "<p>Ireland</p>", []string{"IE"}},
	{"en", "EU", nil},
	{"en", "Amsterdam", []string{"NL"}},
	{"en", "Dublin, Ireland", []string{"IE"}},
	{"en", "New Jersey", []string{"US"}},
	{"en", "", nil},
	{"en", "n/a", nil},
	{"en", "EU (Amsterdam)", []string{"NL"}},
	// German, French, Dutch, Spanish, Italian, Polish, Finnish, Portuguese, Icelandic.
	{"de", "Vereinigte Staaten", []string{"US"}},
	{"de", "Deutschland, Österreich und die Schweiz", []string{"DE", "AT", "CH"}},
	{"de", "Großbritannien", []string{"GB"}},
	{"de", "USA / Kanada", []string{"US", "CA"}},
	{"de", "Berlin, D", []string{"DE"}},
	{"de", "Kleinstadt, D", []string{"DE"}},
	{"en", "D", nil}, // a letter alone is no vehicle code
	{"fr", "États-Unis", []string{"US"}},
	{"fr", "Etats-Unis d'Amérique", []string{"US"}},
	{"fr", "Royaume-Uni", []string{"GB"}},
	{"fr", "Suisse", []string{"CH"}},
	{"fr", "Pays-Bas, Irlande", []string{"NL", "IE"}},
	{"fr", "Petiteville, F", []string{"FR"}},
	{"nl", "VS", []string{"US"}},
	{"nl", "Verenigde Staten", []string{"US"}},
	{"nl", "VK", []string{"GB"}},
	{"nl", "Holland", []string{"NL"}},
	{"nl", "Duitsland en België", []string{"DE", "BE"}},
	{"es", "EE. UU.", []string{"US"}},
	{"es", "EE.UU.", []string{"US"}},
	{"es", "Estados Unidos", []string{"US"}},
	{"es", "Reino Unido", []string{"GB"}},
	{"es", "Alemania y Francia", []string{"DE", "FR"}},
	{"es", "Países Bajos", []string{"NL"}},
	{"it", "Stati Uniti", []string{"US"}},
	{"it", "Svizzera", []string{"CH"}},
	{"it", "Regno Unito", []string{"GB"}},
	{"it", "Germania, Irlanda", []string{"DE", "IE"}},
	{"it", "Monaco di Baviera", []string{"DE"}},
	{"it", "Principato di Monaco", []string{"MC"}},
	{"pl", "Stany Zjednoczone", []string{"US"}},
	{"pl", "Niemcy", []string{"DE"}},
	{"pl", "Wielka Brytania", []string{"GB"}},
	{"pl", "Irlandia i Holandia", []string{"IE", "NL"}},
	{"fi", "Yhdysvallat", []string{"US"}},
	{"fi", "Saksa", []string{"DE"}},
	{"fi", "Iso-Britannia", []string{"GB"}},
	{"fi", "Ruotsi ja Suomi", []string{"SE", "FI"}},
	{"fi", "Alankomaat", []string{"NL"}},
	{"pt", "Estados Unidos", []string{"US"}},
	{"pt", "EUA", []string{"US"}},
	{"pt", "Brasil", []string{"BR"}},
	{"pt", "Alemanha", []string{"DE"}},
	{"is", "Bandaríkin", []string{"US"}},
	{"is", "Þýskaland", []string{"DE"}},
	{"is", "Írland", []string{"IE"}},
	{"en", "Schweiz", []string{"CH"}},
	{"sv", "Yhdysvallat", []string{"US"}}, // another language's name counts too
}

func TestCountries(t *testing.T) {
	for _, tt := range countriesTests {
		if got := Countries(tt.in, rules.MustFor(tt.lang)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Countries(%q, %s) = %v, want %v", tt.in, tt.lang, got, tt.want)
		}
	}
}

var addressTests = []struct {
	lang, addr, regNo string
	want              []string
}{
	{"nb", "38 avenue John F. Kennedy, L-1855 Luxembourg", "LU26888617", []string{"LU"}},
	{"nb", "38 avenue John F. Kennedy, L-1855", "", []string{"LU"}},
	{"nb", "2nd Floor, Stephen Court, 18-21 St. Stephen’s Green, Dublin 2, Republic of Ireland", "538158", []string{"IE"}},
	{"nb", "3rd Floor, 3 Shelbourne building, Ballsbridge, Dublin 4, D04 C2Y6, Ireland", "499992", []string{"IE"}},
	{"en", "3rd Floor, 3 Shelbourne building, Ballsbridge, D04 C2Y6", "", []string{"IE"}},
	{"en", "Stephen Court, Dublin 2", "", []string{"IE"}},
	{"sv", "Kalkylvägen 3, 435 33 Mölnlycke", "556633-6169", []string{"SE"}},
	{"en", "Kalkylvägen 3, 435 33 Mölnlycke", "556633-6169", []string{"SE"}},
	{"sv", "Kalkylvägen 3, 435 33 Mölnlycke", "", []string{"SE"}},
	{"en", "Kalkylvägen 3, 435 33 Mölnlycke", "", nil},
	{"sv", "Box 27, 164 93 Kista", "556233-4804", []string{"SE"}},
	{"sv", "Kjellbergsgatan 3, 554 54 Jönköping", "556015-3354", []string{"SE"}},
	{"sv", "1019 Market St, San Francisco, CA 94103", "", []string{"US"}},
	{"da", "1019 Market St, San Francisco, CA 94103", "", []string{"US"}},
	{"en", "548 Market St, PMB 12345, San Francisco, CA 94104-5401", "", []string{"US"}},
	{"da", "Søren Frichs Vej 44D, 8230 Åbyhøj", "41183527", []string{"DK"}},
	{"en", "Søren Frichs Vej 44D, 8230 Åbyhøj", "CVR 41183527", []string{"DK"}},
	{"da", "Søren Frichs Vej 44D, 8230 Åbyhøj, Danmark", "", []string{"DK"}},
	{"en", "Søren Frichs Vej 44D, 8230 Åbyhøj", "", []string{"DK"}}, // a known town
	{"en", "Søren Frichs Vej 44D, 8230 Byen", "", nil},
	{"da", "Søren Frichs Vej 44D, 8230 Byen", "", []string{"DK"}},
	{"nb", "Karl Johans gate 1, 0150 Oslo", "", []string{"NO"}},
	{"nb", "0150 Oslo", "", []string{"NO"}},
	{"en", "Postboks 1, 0150 Byen", "923609016", []string{"NO"}},
	{"da", "Postboks 1, 0150 Byen", "", nil},
	{"en", "1 Infinite Loop, Cupertino, CA 95014, USA", "", []string{"US"}},
	{"en", "Friedrichstraße 1, D-10117 Berlin", "", []string{"DE"}},
	{"en", "Kaiserstraße 1, 60311 Frankfurt am Main, Deutschland", "", []string{"DE"}},
	{"en", "Herengracht 1, 1015 BR Amsterdam", "", []string{"NL"}},
	{"en", "1 Poultry, London EC2R 8EJ", "", []string{"GB"}},
	{"en", "1 Poultry, EC2R 8EJ", "", []string{"GB"}},
	{"en", "Rue de la Loi 1, 1000 Bruxelles", "", []string{"BE"}},
	{"en", "Somewhere 1, 12345 Town", "DE123456789", []string{"DE"}},
	{"en", "Somewhere 1, Town, DK", "", []string{"DK"}},
	{"en", "", "LU26888617", []string{"LU"}},
	{"sv", "", "556633-6169", nil}, // a bare org.nr names no country
	{"en", "Somewhere 1, Town", "556633-6169", nil},
	{"en", "", "12345678", nil},
	{"en", "", "", nil},
	// Postcodes of the other languages' countries.
	{"de", "Hauptstraße 5, 12345 Kleinstadt", "", []string{"DE"}},
	{"en", "Hauptstraße 5, 12345 Kleinstadt", "", nil},
	{"en", "Hauptstraße 5, 12345 Kleinstadt", "HRB 12345", []string{"DE"}},
	{"de", "Musterweg 1, 80331 München, Deutschland", "", []string{"DE"}},
	{"en", "Hauptstraße 5, Kleinstadt, D", "", []string{"DE"}},
	{"fr", "1 rue de la Gare, 12345 Petiteville", "", []string{"FR"}},
	{"en", "1 rue de la Gare, 12345 Petiteville", "FR 40303265045", []string{"FR"}},
	{"fr", "2 rue Kellermann, 59100 Roubaix", "424 761 419", []string{"FR"}},
	{"es", "Calle Mayor 1, 12345 Pueblo", "", []string{"ES"}},
	{"en", "Calle Mayor 1, 28013 Madrid", "", []string{"ES"}},
	{"it", "Via Roma 1, 12345 Paese", "", []string{"IT"}},
	{"en", "Via Roma 1, 12345 Paese", "P.IVA 01573850516", []string{"IT"}},
	{"fi", "Mannerheimintie 1, 00100 Helsinki", "", []string{"FI"}},
	{"fi", "Kauppakatu 1, 12345 Kylä", "", []string{"FI"}},
	{"en", "ul. Prosta 1, 00-838 Miasto", "", []string{"PL"}},
	{"en", "ul. Prosta 1, PL-00-838 Miasto", "", []string{"PL"}},
	{"en", "Avenida da Liberdade 1, 1250-096 Lugar", "", []string{"PT"}},
	{"en", "Keizersgracht 126, 1015 CW Amsterdam", "", []string{"NL"}},
	{"is", "Borgartún 1, 105 Bær", "", []string{"IS"}},
	{"en", "Somewhere 1, Town", "KvK 30204462", []string{"NL"}}, // a register label names its country
	{"en", "25-28 North Wall Quay, Dublin 1", "", []string{"IE"}},
}

func TestCountryOfAddress(t *testing.T) {
	for _, tt := range addressTests {
		if got := CountryOfAddress(tt.addr, tt.regNo, rules.MustFor(tt.lang)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CountryOfAddress(%q, %q, %s) = %v, want %v", tt.addr, tt.regNo, tt.lang, got, tt.want)
		}
	}
}
