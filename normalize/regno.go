package normalize

import (
	"regexp"
	"strings"
	"unicode"
)

// RegNo reads a company registration or VAT number. clean is the number as
// written, trimmed and without its labels ("Org.nr: 556633-6169" ->
// "556633-6169", "KvK 30204462" -> "30204462", "552 100 554 RCS Paris" ->
// "552 100 554"); nothing else is changed, a wrong check digit included. Letters
// that belong to the number stay ("HRB 6089", "B186284", "SC123456"). Text
// without a digit is no number ("–", "n/a"): clean is "".
//
// country is the ISO code the number's form or its label points to, "" when
// they point nowhere; valid is the result of that country's check-digit test
// (false also for a number whose shape the country's register does not allow),
// nil when no test applies. A label that names a register ("KvK", "NIP",
// "SIREN", "CRO", "P.IVA") tells the country and the test; the clean number
// alone may not (a bare "30204462" has the shape of a Danish CVR), so
// RegNo(clean) gives the same clean but may read it differently.
//
// Recognised:
//   - VAT numbers with their country prefix, checked for AT, BE, CH, DE, DK, EE,
//     ES, FI, FR (numeric and letter keys), GB, GR (EL), IE, IT, LU, NL (mod 11
//     and the mod-97 sole-trader form), NO, PL, PT and SE; other prefixes named;
//   - after a register label: a Dutch KvK (8 digits), an Irish CRO (up to 6
//     digits), a UK Companies House number ("Companies House", "Registered in
//     England and Wales"), French SIREN (9 digits, Luhn) and SIRET (14 digits,
//     Luhn; La Poste's digit sum), a French or Luxembourg RCS, an Italian
//     partita IVA (11 digits, Luhn), Polish NIP (weights), REGON (weights) and
//     KRS, a Belgian enterprise number (mod 97), an Icelandic kennitala (mod 11);
//   - by shape alone: a German "HRB 12345" / "HRA 123" (with its court, kept), an
//     Austrian "FN 123456a", a UK Companies House number with its letters
//     ("SC123456"), a Luxembourg RCS "B186284", a Spanish CIF/NIF/NIE (letters
//     and check character), a Belgian "0403.170.701", a French SIRET written
//     "NNN NNN NNN NNNNN", a Swedish org.nr NNNNNN-NNNN (Luhn), a Finnish
//     Y-tunnus NNNNNNN-N (mod 11, weights 7,9,10,5,8,4,2), a Norwegian org.nr of
//     nine digits (mod 11, "NNN NNN NNN", optional "MVA"), a Danish CVR of eight
//     digits (mod 11, "NN NN NN NN"; a leading 0 is no CVR), and ten bare digits
//     shaped like a Swedish org.nr.
func RegNo(s string) (clean string, country string, valid *bool) {
	r := parseRegNo(s)
	return r.clean, r.country, r.valid
}

type regInfo struct {
	clean    string
	country  string
	valid    *bool
	prefixed bool // the country comes from letters written with the number or a register label
	byLabel  bool // a stripped label named the register: RegNo(clean) may read the number differently
}

// prefixedCountry is the country the number names with its letters.
func (r regInfo) prefixedCountry() string {
	if r.prefixed {
		return r.country
	}
	return ""
}

// strongCountry is the country the number names with its letters or proves with
// a passing check digit; a bare number that fails its check points nowhere.
func (r regInfo) strongCountry() string {
	if r.prefixed || r.valid != nil && *r.valid {
		return r.country
	}
	return ""
}

// regLabel is a leading label that names no register: anything up to a colon
// before the first digit, or a word known to label numbers.
var regLabel = regexp.MustCompile(`(?i)^(?:[^0-9:]{0,40}:|(?:cvr|org|orgnr|org\.nr|organisation|organization|organisasjon|organisationsnummer|organisasjonsnummer|organisationsnr|company|registration|registered|reg|registreringsnummer|registernummer|handelsregisternummer|nr|no|n°|nº|numéro|número|numero|numer|vat|moms|momsnr|mva|se|y-tunnus|alv|business id|crn|ust-idnr|ust-id|ust\.-idnr|umsatzsteuer-identifikationsnummer|uid|btw|btw-nummer|tva|n° tva|iva|vsk)\b(?:[\s.#-]*(?:nr|no|n°|nº|number|nummer|numéro|número|id|reg|registration|number)?\.?)*)\s*`)

// register is a label that names a company register, and so the country and
// the test of the number after it.
type register struct {
	label *regexp.Regexp
	read  func(num string) (country string, valid *bool)
}

// registers are the register labels RegNo knows, read at the start of a
// number; trailingRegister finds the few that are also written after it.
var registers = []register{
	{regexp.MustCompile(`(?i)^(?:kvk|k\.v\.k\.|kamer van koophandel|handelsregister kvk)(?:[\s-]*(?:nummer|nr\.?|no\.?))?\b`), fixed("NL", `^\d{8}$`)},
	{regexp.MustCompile(`(?i)^(?:(?:cro|companies registration office)(?:\s*(?:number|no\.?|nr\.?))?\b|registered in (?:the republic of )?ireland(?:,?\s*(?:under|with))?(?:\s*(?:company\s*)?(?:number|no\.?|nr\.?))?)`), fixed("IE", `^\d{1,6}$`)},
	{regexp.MustCompile(`(?i)^(?:companies house|registered in (?:england(?:\s*(?:and|&)\s*wales)?|scotland|wales|northern ireland))(?:,?\s*(?:under|with))?(?:\s*(?:company\s*)?(?:registration\s*)?(?:number|no\.?|nr\.?))?`), fixed("GB", `^(?:[A-Z]{2}\d{6}|\d{1,8})$`)},
	{regexp.MustCompile(`(?i)^siren\b(?:\s*(?:n°|no\.?|nr\.?))?`), digitsCheck("FR", 9, luhn)},
	{regexp.MustCompile(`(?i)^siret\b(?:\s*(?:n°|no\.?|nr\.?))?`), digitsCheck("FR", 14, siret)},
	{regexp.MustCompile(`(?i)^(?:r\.?\s?c\.?\s?s\.?|registre du commerce et des sociétés)\s+(?:de\s+|d')?(?:luxembourg|lux\.?)\b`), fixed("LU", `^[A-K]\s?\d{1,3}(?:[ .]?\d{3})?$`)},
	{regexp.MustCompile(`(?i)^(?:r\.?\s?c\.?\s?s\.?|registre du commerce et des sociétés)(?:\s+(?:de\s+|d')?\p{L}[\p{L}'-]*){0,3}`), frRCS},
	{regexp.MustCompile(`(?i)^(?:p\.?\s?iva|partita iva|c\.?\s?f\.?\s*(?:e|/|-)\s*p\.?\s?iva|codice fiscale e partita iva|codice fiscale)\b\.?`), digitsCheck("IT", 11, luhn)},
	{regexp.MustCompile(`(?i)^nip\b`), digitsCheck("PL", 10, polishNIP)},
	{regexp.MustCompile(`(?i)^regon\b`), polishREGON},
	{regexp.MustCompile(`(?i)^krs\b`), digitsCheck("PL", 10, nil)},
	{regexp.MustCompile(`(?i)^(?:ondernemingsnummer|numéro d'entreprise|n° d'entreprise|bce|kbo|rpr|rpm)\b`), belgianLabel},
	{regexp.MustCompile(`(?i)^(?:kennitala|kt\.?)(?:\s|$)`), digitsCheck("IS", 10, kennitala)},
	{regexp.MustCompile(`(?i)^(?:c\.?i\.?f\.?|n\.?i\.?[fe]\.?|nipc|n\.?º? de contribuinte|contribuinte)(?:\s|:|$)`), iberianLabel},
}

// Trailing register names: "552 100 554 RCS Paris", "30204462 (KvK)".
var trailingRegister = regexp.MustCompile(`(?i)(?:^|[\s(,–-])\s*\(?\s*(?:r\.?\s?c\.?\s?s\.?(?:\s+(?:de\s+|d')?\p{L}[\p{L}'-]*){0,3}|kvk|cro|siren|siret|krs)\s*\)?$`)

// vatPrefix is a country prefix on a VAT number (Greece writes EL).
var vatPrefix = regexp.MustCompile(`^(AT|BE|BG|CHE|CH|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|NO|PL|PT|RO|SE|SI|SK|XI)\s?-?\s?([0-9A-Z][0-9A-Z .\-/]*)$`)

var (
	seOrgNr  = regexp.MustCompile(`^(?:\d{2})?\d{6}-\d{4}$`)
	fiBizID  = regexp.MustCompile(`^\d{7}-\d$`)
	noOrgNr  = regexp.MustCompile(`^(?:\d{9}|\d{3} \d{3} \d{3})(?i:\s?mva)?$`)
	dkCVR    = regexp.MustCompile(`^(?:\d{8}|\d{2} \d{2} \d{2} \d{2})$`)
	bareTen  = regexp.MustCompile(`^\d{10}$`)
	nonDigit = regexp.MustCompile(`\D`)

	// "HRB 12345", "HRB 12345 B", "Amtsgericht München, HRB 12345": a German commercial register number.
	deHR = regexp.MustCompile(`\bHR[AB]\s?\d{1,6}(?:\s?[A-Z]{1,2})?\b`)
	// "FN 123456a", "FN 123456 a": an Austrian Firmenbuch number.
	atFN = regexp.MustCompile(`^FN\s?\d{1,6}\s?[a-z]$`)
	// "SC123456", "OC301234": a UK Companies House number with its letters.
	ukCRN = regexp.MustCompile(`^(?:SC|NI|OC|SO|NC|FC|LP|SL|NF|SF|R0)\d{6}$`)
	// "B186284", "B 186.007": a Luxembourg RCS number of a commercial company.
	luRCS = regexp.MustCompile(`^B\s?\d{1,3}(?:[ .]?\d{3})?$`)
	// "B-85294916", "A82018474", "54362315K", "X-5253868-R": a Spanish CIF, DNI or NIE.
	esNIF = regexp.MustCompile(`^(?:[A-HJNPQRSUVW]-?\d{7}-?[0-9A-J]|\d{8}-?[A-Z]|[XYZKLM]-?\d{7}-?[A-Z])$`)
	// "0403.170.701": a Belgian enterprise number written with its dots.
	beEnterprise = regexp.MustCompile(`^[01]\d{3}\.\d{3}\.\d{3}$`)
	// "732 829 320 00074": a French SIRET in its grouping.
	frSIRET = regexp.MustCompile(`^\d{3} \d{3} \d{3} \d{5}$`)
)

func parseRegNo(s string) regInfo {
	core, reg := stripRegLabels(Text(s))
	if strings.IndexFunc(core, unicode.IsDigit) < 0 {
		return regInfo{} // "–", "n/a", "ingen": no number
	}
	r := regInfo{clean: core}
	if m := vatPrefix.FindStringSubmatch(core); m != nil && (isDigit(m[2][0]) || letterFirst[m[1]]) {
		r.prefixed = true
		r.country = m[1]
		switch m[1] {
		case "EL":
			r.country = "GR"
		case "CHE":
			r.country = "CH"
		case "XI":
			r.country = "GB"
		}
		body := strings.Map(func(c rune) rune {
			if c == ' ' || c == '.' || c == '-' || c == '/' {
				return -1
			}
			return c
		}, m[2])
		if check, ok := vatChecks[r.country]; ok {
			r.valid = boolPtr(check(body))
		}
		return r
	}
	if reg != nil {
		r.country, r.valid = reg.read(core)
		r.prefixed, r.byLabel = true, true
		return r
	}
	digits := nonDigit.ReplaceAllString(core, "")
	switch {
	case deHR.MatchString(core):
		r.country, r.prefixed = "DE", true
	case atFN.MatchString(core):
		r.country, r.prefixed = "AT", true
	case ukCRN.MatchString(core):
		r.country, r.prefixed = "GB", true
	case luRCS.MatchString(core):
		r.country = "LU"
	case esNIF.MatchString(core):
		r.country, r.valid = "ES", boolPtr(spanish(strings.ReplaceAll(core, "-", "")))
	case beEnterprise.MatchString(core):
		r.country, r.valid = "BE", boolPtr(belgian(digits))
	case frSIRET.MatchString(core):
		r.country, r.valid = "FR", boolPtr(siret(digits))
	case seOrgNr.MatchString(core):
		r.country, r.valid = "SE", boolPtr(luhn(digits[len(digits)-10:]))
	case fiBizID.MatchString(core):
		r.country, r.valid = "FI", boolPtr(finnish(digits))
	case noOrgNr.MatchString(core):
		r.country, r.valid = "NO", boolPtr(norwegian(digits))
	case dkCVR.MatchString(core) && digits[0] != '0':
		r.country, r.valid = "DK", boolPtr(danish(digits))
	case bareTen.MatchString(core) && digits[2] >= '2' && digits[0] != '0':
		r.country, r.valid = "SE", boolPtr(luhn(digits))
	}
	return r
}

// stripRegLabels takes leading labels, trailing register names and trailing
// punctuation off t until none is left ("CVR-nr.: DK 41183527." -> "DK
// 41183527"), and returns the last register a label named.
func stripRegLabels(t string) (string, *register) {
	var named *register
	if strings.IndexFunc(t, unicode.IsDigit) < 0 {
		return t, nil // no number: nothing to strip
	}
	for {
		u := strings.TrimSpace(t)
		if reg, rest, ok := leadingRegister(u); ok {
			named, u = reg, rest
		} else if loc := regLabel.FindStringIndex(u); loc != nil && loc[1] > 0 {
			rest := strings.TrimSpace(u[loc[1]:])
			// Keep "NO 923 609 016": upper-case country letters are part of the number.
			if rest != "" && !vatPrefix.MatchString(u) {
				u = rest
			}
		}
		// Look for a trailing register name in the last bytes only: a label
		// a line long would be no register's name, and the loop runs once per label.
		tl := tail(u, 120)
		if loc := trailingRegister.FindStringIndex(tl); loc != nil && (loc[0] > 0 || len(tl) == len(u)) {
			start := len(u) - len(tl) + loc[0]
			if start > 0 && strings.IndexFunc(u[:start], unicode.IsDigit) >= 0 {
				if reg := registerNamed(strings.Trim(u[start:], " ,–-()")); reg != nil {
					named = reg
				}
				u = u[:start]
			}
		}
		u = strings.TrimSpace(strings.TrimRight(u, " .,;:"))
		if u == t {
			return t, named
		}
		t = u
	}
}

// leadingRegister reads a register's name at the start of u and returns the
// rest; the rest must hold a digit.
func leadingRegister(u string) (*register, string, bool) {
	for i := range registers {
		loc := registers[i].label.FindStringIndex(u)
		if loc == nil || loc[1] == 0 {
			continue
		}
		rest := strings.TrimLeft(u[loc[1]:], " .:#-")
		if strings.IndexFunc(rest, unicode.IsDigit) < 0 {
			continue
		}
		return &registers[i], rest, true
	}
	return nil, "", false
}

// registerNamed returns the register whose label is all of label.
func registerNamed(label string) *register {
	for i := range registers {
		if loc := registers[i].label.FindStringIndex(label); loc != nil && strings.TrimSpace(label[loc[1]:]) == "" {
			return &registers[i]
		}
	}
	return nil
}

// fixed reads a register number that has no check digit: its shape is all
// that can be wrong.
func fixed(country, shape string) func(string) (string, *bool) {
	re := regexp.MustCompile(shape)
	return func(num string) (string, *bool) {
		if !re.MatchString(num) {
			return country, boolPtr(false)
		}
		return country, nil
	}
}

// digitsCheck reads a number of n digits, written with any spaces, dots or
// dashes, and tests it with check (nil: no check digit).
func digitsCheck(country string, n int, check func(string) bool) func(string) (string, *bool) {
	return func(num string) (string, *bool) {
		d, ok := separatedDigits(num)
		if !ok || len(d) != n {
			return country, boolPtr(false)
		}
		if check == nil {
			return country, nil
		}
		return country, boolPtr(check(d))
	}
}

// separatedDigits returns the digits of num if num is digits with spaces, dots,
// dashes or slashes between them.
func separatedDigits(num string) (string, bool) {
	var b strings.Builder
	for _, c := range num {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == ' ' || c == '.' || c == '-' || c == '/':
		default:
			return "", false
		}
	}
	return b.String(), true
}

// frRCS reads the number after a French RCS and its city: the SIREN, with the
// register's section letter before it or not ("B 552 100 554").
func frRCS(num string) (string, *bool) {
	if len(num) > 2 && (num[0] == 'A' || num[0] == 'B') && (num[1] == ' ' || isDigit(num[1])) {
		num = num[1:]
	}
	return digitsCheck("FR", 9, luhn)(strings.TrimSpace(num))
}

// belgianLabel reads an enterprise number of ten digits, or of nine written
// without their leading 0 ("403.170.701").
func belgianLabel(num string) (string, *bool) {
	d, ok := separatedDigits(num)
	if ok && len(d) == 9 {
		d = "0" + d
	}
	return "BE", boolPtr(ok && belgian(d))
}

// polishREGON reads a REGON of 9 or 14 digits.
func polishREGON(num string) (string, *bool) {
	d, ok := separatedDigits(num)
	if !ok || len(d) != 9 && len(d) != 14 {
		return "PL", boolPtr(false)
	}
	return "PL", boolPtr(regon(d))
}

// iberianLabel reads the number after "CIF", "NIF", "NIE" or "NIPC": nine
// digits are a Portuguese NIF, anything else a Spanish one.
func iberianLabel(num string) (string, *bool) {
	if d, ok := separatedDigits(num); ok && len(d) == 9 {
		return "PT", boolPtr(portuguese(d))
	}
	n := strings.NewReplacer("-", "", " ", "", ".", "").Replace(num)
	return "ES", boolPtr(spanish(n))
}

func boolPtr(b bool) *bool { return &b }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// letterFirst are the VAT prefixes whose numbers may start with a letter
// (Austria's "U", Spanish NIFs, French check letters, UK government units);
// after any other prefix a letter means the letters were no prefix ("HRB 12345").
var letterFirst = map[string]bool{"AT": true, "ES": true, "FR": true, "GB": true}
