package normalize

import (
	"regexp"
	"strings"

	"github.com/subproc/subproc/rules"
)

// Countries returns the ISO codes of the countries named in s, a country cell or
// label, in order of appearance and without repeats: names in the document's
// language or any other ("Holland/ Irland" -> NL, IE; "Vereinigte Staaten",
// "VS", "EE. UU." -> US), upper-case ISO codes ("DE"), and a vehicle code after
// a town ("Berlin, D" -> DE). A cell that names no country but a city or cloud
// region gives that city's or region's country ("EU (Amsterdam)" -> NL).
func Countries(s string, rs *rules.Set) []string {
	c := compile(rs)
	t := Text(s)
	var countries, others []string
	for _, p := range c.placeTokens(t, false) {
		switch p.kind {
		case kindCountry:
			countries = append(countries, p.code)
		case kindCity, kindRegion:
			others = append(others, p.code)
		}
	}
	if code := vehicleCode(t); code != "" {
		countries = append(countries, code)
	}
	if len(countries) == 0 {
		return dedupe(others)
	}
	return dedupe(countries)
}

// vehicleCodes are the international vehicle registration codes that
// addresses write after a town instead of a country ("Berlin, D"; "Lyon, F").
var vehicleCodes = map[string]string{
	"A": "AT", "B": "BE", "BG": "BG", "CH": "CH", "CY": "CY", "CZ": "CZ", "D": "DE", "DK": "DK",
	"E": "ES", "EST": "EE", "F": "FR", "FIN": "FI", "FL": "LI", "GB": "GB", "GR": "GR", "H": "HU",
	"HR": "HR", "I": "IT", "IRL": "IE", "IS": "IS", "L": "LU", "LT": "LT", "LV": "LV", "M": "MT",
	"N": "NO", "NL": "NL", "P": "PT", "PL": "PL", "RO": "RO", "S": "SE", "SK": "SK", "SLO": "SI",
	"USA": "US",
}

// vehicleCode returns the country of a vehicle code that ends a text of at
// least two comma-separated parts ("Berlin, D"), "" if there is none.
func vehicleCode(t string) string {
	i := strings.LastIndexAny(t, ",;")
	if i < 0 || strings.TrimSpace(t[:i]) == "" {
		return ""
	}
	return vehicleCodes[strings.TrimSpace(t[i+1:])]
}

// Postcode shapes that name their country on their own.
var (
	// "L-1855", "D-80331", "DK-8230", "S-164 93", "PL-00-950": a country prefix on the postcode.
	prefixedPostcode = regexp.MustCompile(`\b([A-Z]{1,3})-\s?(\d{3} ?\d{2}|\d{4,5}|\d{2}-\d{3})\b`)
	// "CA 94103", "NY 10001-1234": a US state and ZIP code.
	usZIP = regexp.MustCompile(`\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|PR|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?\b`)
	// "D04 C2Y6": an Irish Eircode (routing key, then four characters with a letter).
	eircode = regexp.MustCompile(`\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}\b`)
	// "Dublin 2", "Dublin 6W": a Dublin postal district.
	dublinDistrict = regexp.MustCompile(`(?i)\bdublin\s+(?:\d{1,2}|6w)\b`)
	// "EC1A 1BB", "SW1A 2AA": a UK postcode.
	ukPostcode = regexp.MustCompile(`\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b`)
	// "K1A 0B1": a Canadian postal code.
	caPostcode = regexp.MustCompile(`\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b`)
	// "1012 AB Amsterdam": a Dutch postcode at the start of an address line.
	nlPostcode = regexp.MustCompile(`^\d{4}\s?[A-Z]{2}(?:\s|$)`)
	// "164 93 Kista": a Swedish postcode at the start of an address line.
	sePostcode = regexp.MustCompile(`^\d{3}\s\d{2}(?:\s|$)`)
	// "8230 Åbyhøj", "0150 Oslo": a four-digit postcode at the start of an address line.
	fourDigitPostcode = regexp.MustCompile(`^\d{4}\s+\p{L}`)
	// "00-950 Warszawa": a Polish postcode at the start of an address line.
	plPostcode = regexp.MustCompile(`^\d{2}-\d{3}\s+\p{L}`)
	// "1050-121 Lisboa": a Portuguese postcode at the start of an address line.
	ptPostcode = regexp.MustCompile(`^\d{4}-\d{3}\s+\p{L}`)
	// "80331 München", "75008 Paris", "28001 Madrid", "20121 Milano", "00100 Helsinki":
	// a five-digit postcode at the start of an address line.
	fiveDigitPostcode = regexp.MustCompile(`^\d{5}\s+\p{L}`)
	// "101 Reykjavík": an Icelandic postcode at the start of an address line.
	threeDigitPostcode = regexp.MustCompile(`^\d{3}\s+\p{L}`)
)

// fiveDigitHomes are the countries whose postcodes are five digits before the town.
var fiveDigitHomes = map[string]bool{"DE": true, "FR": true, "ES": true, "IT": true, "FI": true}

// postcodePrefixes are the country letters written before postcodes.
var postcodePrefixes = map[string]string{
	"A": "AT", "AT": "AT", "B": "BE", "BE": "BE", "BG": "BG", "CH": "CH", "CY": "CY", "CZ": "CZ",
	"D": "DE", "DE": "DE", "DK": "DK", "E": "ES", "ES": "ES", "EE": "EE", "F": "FR", "FR": "FR",
	"FI": "FI", "FIN": "FI", "SF": "FI", "GR": "GR", "H": "HU", "HU": "HU", "HR": "HR", "I": "IT",
	"IT": "IT", "IS": "IS", "L": "LU", "LU": "LU", "LT": "LT", "LV": "LV", "FL": "LI", "N": "NO",
	"NO": "NO", "NL": "NL", "P": "PT", "PT": "PT", "PL": "PL", "RO": "RO", "S": "SE", "SE": "SE",
	"SI": "SI", "SK": "SK",
}

// CountryOfAddress returns the country of a postal address, as one ISO code, or
// nil when the address does not tell. In order:
//   - a country name in the last line ("..., Republic of Ireland");
//   - a vehicle code as the last line ("Berlin, D", "Lyon, F");
//   - a postcode whose shape names the country: a country prefix ("L-1855",
//     "PL-00-950"), a US state and ZIP ("CA 94103"), an Irish Eircode or Dublin
//     district, a UK, Canadian, Dutch ("1012 AB"), Polish ("00-950") or
//     Portuguese ("1050-121") postcode;
//   - an ISO code as the last line ("..., DK"): after the postcodes, so that a
//     US state ("CA 94103") is no country;
//   - a postcode whose shape fits the country the registration number or the
//     document's language points to: Swedish "NNN NN" with a Swedish org.nr or a
//     Swedish document, a four-digit Danish or Norwegian postcode, a five-digit
//     German, French, Spanish, Italian or Finnish one, a three-digit Icelandic
//     one likewise;
//   - a country named anywhere, then a city;
//   - the country of regNo's VAT prefix ("LU26888617"); a bare number that passes
//     a country's check helps read a postcode but names no country on its own.
func CountryOfAddress(addr, regNo string, rs *rules.Set) []string {
	c := compile(rs)
	a := Text(addr)
	reg := parseRegNo(regNo)
	if a == "" {
		return codeList(reg.prefixedCountry())
	}
	lines := splitAddress(a)
	var names, codes []string
	for _, p := range c.placeTokens(lines[len(lines)-1], false) {
		switch {
		case p.kind != kindCountry:
		case p.iso:
			codes = append(codes, p.code)
		default:
			names = append(names, p.code)
		}
	}
	if len(names) > 0 {
		return names[len(names)-1:]
	}
	if code := vehicleCode(a); code != "" {
		return []string{code}
	}
	if code := c.postcodeCountry(a, lines, reg); code != "" {
		return []string{code}
	}
	if len(codes) > 0 {
		return codes[len(codes)-1:]
	}
	names = nil
	var cities []string
	for _, p := range c.placeTokens(a, false) {
		switch {
		case p.kind == kindCountry && !p.iso:
			names = append(names, p.code)
		case p.kind == kindCity:
			cities = append(cities, p.code)
		}
	}
	if len(names) > 0 {
		return names[len(names)-1:]
	}
	if len(cities) > 0 {
		return cities[len(cities)-1:]
	}
	return codeList(reg.prefixedCountry())
}

func codeList(code string) []string {
	if code == "" {
		return nil
	}
	return []string{code}
}

// splitAddress cuts an address into its lines; lines joined with ", " come
// apart again.
func splitAddress(a string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		out = []string{a}
	}
	return out
}

// postcodeCountry reads the country off the postcodes of an address.
func (c *compiled) postcodeCountry(a string, lines []string, reg regInfo) string {
	for _, m := range prefixedPostcode.FindAllStringSubmatch(a, -1) {
		if code, ok := postcodePrefixes[m[1]]; ok {
			return code
		}
	}
	switch {
	case usZIP.MatchString(a):
		return "US"
	case eircodeIn(a) || dublinDistrict.MatchString(a):
		return "IE"
	case ukPostcode.MatchString(a):
		return "GB"
	case caPostcode.MatchString(a):
		return "CA"
	}
	home := reg.strongCountry()
	if home == "" {
		home = c.home
	}
	for i, l := range lines {
		// The first line of a longer address is the street: "1019 Market St".
		if i == 0 && len(lines) > 1 {
			continue
		}
		switch {
		case nlPostcode.MatchString(l):
			return "NL"
		case plPostcode.MatchString(l):
			return "PL"
		case ptPostcode.MatchString(l):
			return "PT"
		case sePostcode.MatchString(l) && home == "SE":
			return "SE"
		case fourDigitPostcode.MatchString(l) && (home == "NO" || home == "DK" && l[0] != '0'):
			return home
		case fiveDigitPostcode.MatchString(l) && fiveDigitHomes[home]:
			return home
		case threeDigitPostcode.MatchString(l) && home == "IS":
			return home
		}
	}
	return ""
}

// eircodeIn reports whether a holds an Eircode; its last four characters hold a
// letter, which keeps house numbers and phone numbers out.
func eircodeIn(a string) bool {
	for _, m := range eircode.FindAllString(a, -1) {
		if strings.IndexFunc(m[len(m)-4:], func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0 {
			return true
		}
	}
	return false
}
